using System.Net;
using System.Net.Http.Json;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Citizens;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Security.Audit;

/// <summary>What the audit log holds: sign-ins and sign-outs, account changes, case moves, reveals, exports and downloads.</summary>
[Trait("Category", "Security")]
public class AuditLogTests(CitizenPortalFixture portal) : IClassFixture<CitizenPortalFixture>
{
    private const string Password = "Demo-Liaison-2026";

    [Fact]
    public async Task EverySignInSuccessOrFailureAndEverySignOutIsLoggedWithTheNameTriedAndNoPassword()
    {
        // TestServer has no client address: this host gives every request one, as Kestrel does.
        await using var app = portal.Factory.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddSingleton<IStartupFilter, ClientAddress>()));
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using (await client.SignInAsync("station@liaison.demo", "Wrong-Password-123")) { }
        using (await client.SignInAsync("nobody-here@liaison.test", "Another-Wrong-456")) { }
        using (var api = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "station@liaison.demo", password = "Api-Wrong-789" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        }

        using (var signedIn = await client.SignInAsync("station@liaison.demo"))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        using (var signedOut = await client.SubmitFormAsync("/Account/Logout", "main form", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        }

        var station = (await portal.FindUserAsync("station@liaison.demo"))!;
        var entries = await portal.QueryAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.Kind == AuditKind.SignIn || a.Kind == AuditKind.SignOut).OrderBy(a => a.Id).ToListAsync());
        var mine = entries.Where(a => a.EntityKey is "station@liaison.demo" or "nobody-here@liaison.test").ToList();
        Assert.Equal(
            ["SignInFailed", "SignInFailed", "SignInFailed", "SignedIn", "SignedOut"],
            mine.Select(a => a.Action).ToArray());
        Assert.Contains("WrongPassword", mine[0].Changes, StringComparison.Ordinal);
        Assert.Equal(station.Id, mine[0].ActorId);
        Assert.Contains("UnknownAccount", mine[1].Changes, StringComparison.Ordinal);
        Assert.Null(mine[1].ActorId);
        Assert.Equal("nobody-here@liaison.test", mine[1].ActorName);
        Assert.Contains("\"api\"", mine[2].Changes, StringComparison.Ordinal);
        Assert.Equal((AuditKind.SignIn, station.Id), (mine[3].Kind, mine[3].ActorId));
        Assert.Equal((AuditKind.SignOut, station.Id), (mine[4].Kind, mine[4].ActorId));
        Assert.All(mine, a => Assert.Equal(ClientAddress.Address, a.Address));
        var all = await portal.QueryAsync(db => db.AuditEntries.AsNoTracking().Select(a => a.Changes + a.EntityKey + a.ActorName).ToListAsync());
        Assert.DoesNotContain(all, text => text.Contains("Wrong-Password-123", StringComparison.Ordinal)
            || text.Contains("Another-Wrong-456", StringComparison.Ordinal) || text.Contains("Api-Wrong-789", StringComparison.Ordinal)
            || text.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpeningAnAccountAndChangingItsRoleScopeAndPasswordAreLogged()
    {
        await portal.CreateUserAsync(new NewStaffAccount("audit-clerk@station.test", "Liaison-Test-2026!", Roles.StationStaff, StationCode: "990102001-01", DisplayName: "审计测试"));
        await portal.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            var db = services.GetRequiredService<ApplicationDbContext>();
            var user = (await users.FindByEmailAsync("audit-clerk@station.test"))!;
            var region = await db.Regions.Where(r => r.Code == "990102").Select(r => r.Id).SingleAsync();
            user.SetScope(StaffScope.ForRegion(region));
            Assert.True((await users.UpdateAsync(user)).Succeeded);
            Assert.True((await users.RemoveFromRoleAsync(user, Roles.StationStaff)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.CongressStaff)).Succeeded);
            Assert.True((await users.ChangePasswordAsync(user, "Liaison-Test-2026!", "Liaison-Changed-2027!")).Succeeded);
            return 0;
        });

        var entries = await portal.QueryAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.Kind == AuditKind.Account && a.EntityKey == "audit-clerk@station.test").OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["Added", "RoleAdded", "Modified", "RoleRemoved", "RoleAdded", "Modified"], entries.Select(a => a.Action).ToArray());
        Assert.Contains("\"StationStaff\"", entries[1].Changes, StringComparison.Ordinal);
        Assert.Contains("ScopeKind", entries[2].Changes, StringComparison.Ordinal);
        Assert.Contains("\"Region\"", entries[2].Changes, StringComparison.Ordinal);
        Assert.Contains("\"CongressStaff\"", entries[4].Changes, StringComparison.Ordinal);
        Assert.Contains("PasswordHash", entries[5].Changes, StringComparison.Ordinal);
        var hash = (await portal.FindUserAsync("audit-clerk@station.test"))!.PasswordHash!;
        Assert.DoesNotContain(entries, a => a.Changes.Contains(hash, StringComparison.Ordinal) || a.Changes.Contains("Liaison-Changed-2027!", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryCaseMoveIsLoggedByWhoeverMadeIt()
    {
        var code = await SubmitAsync("审计：路灯不亮", "13900001111", withPhoto: false);
        await portal.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<ApplicationDbContext>();
            var opinion = await db.Opinions.Include(o => o.Events).SingleAsync(o => o.TrackingCode == code);
            OpinionWorkflow.Apply(opinion, OpinionAction.Classify, WorkflowActor.Office, DateTimeOffset.UtcNow, new MoveNotes(ActorId: "office-id", ActorName: "东湖区代表工委"));
            OpinionWorkflow.Apply(opinion, OpinionAction.Assign, WorkflowActor.Office, DateTimeOffset.UtcNow, new MoveNotes(ActorId: "office-id", ActorName: "东湖区代表工委"));
            return await db.SaveChangesAsync();
        });

        var moves = await portal.QueryAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.Kind == AuditKind.CaseMove && a.EntityKey == code).OrderBy(a => a.Id).ToListAsync());
        var steps = await portal.QueryAsync(db => db.Opinions.Where(o => o.TrackingCode == code).SelectMany(o => o.Events).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal(steps, moves.Select(m => m.Action).ToList());
        Assert.Equal(["Receive", "Classify", "Assign"], moves.Select(m => m.Action).ToArray());
        Assert.Equal((nameof(Opinion), "office-id", "东湖区代表工委"), (moves[2].EntityType, moves[2].ActorId, moves[2].ActorName));
        Assert.Contains("\"from\":\"Classified\"", moves[2].Changes.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\"to\":\"Assigned\"", moves[2].Changes.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowingAPhoneOrACitizensPhotoAndExportingAListAreLogged()
    {
        var code = await SubmitAsync("审计：带照片", "13900002222", withPhoto: true);
        using var office = portal.Factory.CreateBrowserLikeClient();
        await office.SignInAsync("office@liaison.demo");
        var officeId = (await portal.FindUserAsync("office@liaison.demo"))!.Id;

        var details = await office.GetDocumentAsync($"/Manage/Opinions/Details/{code}");
        using (var photo = await office.GetAsync(details.QuerySelector("img.opinion-photo")!.GetAttribute("src")!))
        {
            Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        }

        using (await office.SubmitFormAsync($"/Manage/Opinions/Details/{code}", "form[action*='handler=Reveal']", new Dictionary<string, string>())) { }
        using (var export = await office.GetAsync("/Manage/Opinions?handler=Export&format=csv&q=" + code))
        {
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            Assert.Contains("审计：带照片", await export.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var entries = await portal.QueryAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.ActorId == officeId && (a.Kind == AuditKind.Reveal || a.Kind == AuditKind.Download || a.Kind == AuditKind.Export))
            .OrderBy(a => a.Id).ToListAsync());
        Assert.Contains(entries, a => a.Kind == AuditKind.Download && a.EntityKey == code && a.Action == "PhotoShown");
        Assert.Contains(entries, a => a.Kind == AuditKind.Reveal && a.EntityKey == code && a.Action == "RevealPhone");
        var exported = Assert.Single(entries, a => a.Kind == AuditKind.Export);
        Assert.Equal("/Manage/Opinions", exported.EntityKey);
        Assert.Contains(code, exported.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAppointmentPhoneRevealIsAReveal()
    {
        var day = DateTimeOffset.UtcNow.ToOffset(Core.Calendar.ChinaTime.Offset).AddDays(17).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var slot = await portal.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().OpenSlotAsync(StaffScope.Everything, new SlotInput
        {
            StationCode = "990102001-01", Date = day, StartTime = "09:00", EndTime = "10:00", Capacity = "2",
        }));
        Assert.True(slot.Succeeded, string.Join("; ", slot.Errors));
        var booked = await portal.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().BookAsync(BookingTargetKind.Station, "990102001-01",
            new BookingInput { SlotId = int.Parse(slot.Code!, System.Globalization.CultureInfo.InvariantCulture), Name = "周九", Phone = "13812340000", Topic = "想反映小区路灯不亮" }));
        Assert.True(booked.Succeeded, string.Join("; ", booked.Errors));
        var id = await portal.QueryAsync(db => db.Appointments.Where(a => a.TrackingCode == booked.Code).Select(a => a.Id).SingleAsync());
        using var station = portal.Factory.CreateBrowserLikeClient();
        await station.SignInAsync("station@liaison.demo");

        using var shown = await station.SubmitFormAsync($"/Manage/Appointments/Booking/{id}", "form[action*='handler=ShowPhone']", new Dictionary<string, string>());

        Assert.Equal("13812340000", (await HtmlForms.ParseAsync(shown)).QuerySelector("[data-testid=phone]")!.TextContent);
        var entry = await portal.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityKey == booked.Code && a.Action == "PhoneShown"));
        Assert.Equal(AuditKind.Reveal, entry.Kind);
        Assert.Equal((await portal.FindUserAsync("station@liaison.demo"))!.Id, entry.ActorId);
    }

    private async Task<string> SubmitAsync(string title, string phone, bool withPhoto)
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SubmitMultipartAsync("/s/990102001-01", "form", new Dictionary<string, string>
        {
            ["Input.Title"] = title,
            ["Input.Content"] = "小区门口的路灯已经坏了两个星期，晚上出行很不方便，希望尽快修好。",
            ["Input.Phone"] = phone,
            ["Input.MayContact"] = "true",
        }, withPhoto ? [new FormFile("Photos", "p.png", "image/png", OpinionFormTests.Png)] : null);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await portal.QueryAsync(db => db.Opinions.Where(o => o.Title == title).Select(o => o.TrackingCode).SingleAsync());
    }
}

/// <summary>Gives each TestServer request the client address Kestrel would have.</summary>
internal sealed class ClientAddress : IStartupFilter
{
    public const string Address = "203.0.113.7";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(Address);
            return following(context);
        });
        next(app);
    };
}
