using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Tests.Infrastructure;
using LiaisonPortal.Web.Cli;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Tests.Security.Accounts;

/// <summary>
/// Forced change of an initial password: accounts opened on the admin pages or by create-user, and accounts whose password
/// an administrator reset, can do nothing but change it (pages redirect, the API answers 403); the demo accounts are not concerned.
/// </summary>
[Trait("Category", "Security")]
public class ForcedPasswordChangeTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Initial = "Initial-Harbor-2026";
    private const string Own = "Own-Choice-Lantern-7";

    [Fact]
    public async Task AnAccountOpenedByAnAdministratorMustChangeItsPasswordBeforeAnythingElse()
    {
        using var admin = await AccountSteps.SignedInAsync(portal.Factory, "admin@liaison.demo", "Demo-Liaison-2026");
        using var created = await admin.SubmitFormAsync("/Admin/Accounts/Create", "#account-form", new Dictionary<string, string>
        {
            ["Input.Email"] = "new-clerk@forced.test",
            ["Input.DisplayName"] = "新来的联络员",
            ["Input.Role"] = Roles.StationStaff,
            ["Input.ScopeCode"] = "990102001-01",
            ["Input.Password"] = Initial,
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var user = (await portal.FindUserAsync("new-clerk@forced.test"))!;
        Assert.True(user.MustChangePassword);
        Assert.Equal(ScopeKind.Station, user.ScopeKind);
        var entry = await portal.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityType == "ApplicationUser" && a.EntityKey == "new-clerk@forced.test"));
        Assert.Equal("Added", entry.Action);
        Assert.DoesNotContain(Initial, entry.Changes, StringComparison.Ordinal);

        using var clerk = portal.Factory.CreateBrowserLikeClient();
        using var signIn = await AccountSteps.PostLoginAsync(clerk, "new-clerk@forced.test", Initial);
        Assert.Equal("/Account/ChangePassword", signIn.Headers.Location!.OriginalString);

        foreach (var page in new[] { "/Station", "/Manage/Stations", "/Manage/Opinions", "/Account/TwoFactor" })
        {
            using var refused = await clerk.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal($"/Account/ChangePassword?ReturnUrl={Uri.EscapeDataString(page)}", refused.Headers.Location!.OriginalString);
        }

        // A form posted anyway is not processed.
        var form = await clerk.GetDocumentAsync("/Account/ChangePassword");
        Assert.NotNull(form.QuerySelector("[data-testid=forced-change]"));
        using var content = new FormUrlEncodedContent(HtmlForms.FieldsOf((AngleSharp.Html.Dom.IHtmlFormElement)form.QuerySelector("#change-password-form")!)
            .Where(f => f.Key == "__RequestVerificationToken").Append(new("Enable.Code", "123456")));
        using var post = await clerk.PostAsync("/Account/TwoFactor?handler=Enable", content);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal("/Account/ChangePassword", post.Headers.Location!.OriginalString);
        // Public pages are not concerned.
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync("/")).StatusCode);

        using var same = await ChangeAsync(clerk, Initial, Initial, "/Station");
        Assert.Contains("不能与原密码相同", AccountSteps.MessageFor(await HtmlForms.ParseAsync(same), "Input.NewPassword"), StringComparison.Ordinal);

        using var changed = await ChangeAsync(clerk, Initial, Own, "/Station");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal("/Station", changed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync("/Station")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync("/Manage/Stations")).StatusCode);
        Assert.False((await portal.FindUserAsync("new-clerk@forced.test"))!.MustChangePassword);
    }

    [Fact]
    public async Task TheApiRefusesAnInitialPasswordsTokenWithAChineseProblem()
    {
        await portal.CreateUserAsync(new NewStaffAccount("api-initial@forced.test", Initial, Roles.StationStaff, StationCode: "990102001-01", MustChangePassword: true));
        using var client = portal.Factory.CreateClient();
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "api-initial@forced.test", password = Initial });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString();

        foreach (var path in new[] { "/api/v1/me", "/api/v1/opinions" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("需要先修改初始密码", problem.GetProperty("title").GetString());
            Assert.Contains("修改密码", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // Once changed on the website, a new token works.
        using var web = await AccountSteps.SignedInAsync(portal.Factory, "api-initial@forced.test", Initial);
        Assert.Equal(HttpStatusCode.Redirect, (await ChangeAsync(web, Initial, Own)).StatusCode);
        using var again = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "api-initial@forced.test", password = Own });
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(me)).StatusCode);
    }

    [Fact]
    public async Task CreateUserMarksTheAccountUnlessToldOtherwise()
    {
        Assert.Equal(0, await CliAsync("create-user", "--email", "cli-forced@forced.test", "--password", Initial, "--role", "Admin"));
        Assert.Equal(0, await CliAsync("create-user", "--email", "cli-free@forced.test", "--password", Initial, "--role", "Admin", "--no-password-change"));

        Assert.True((await portal.FindUserAsync("cli-forced@forced.test"))!.MustChangePassword);
        Assert.False((await portal.FindUserAsync("cli-free@forced.test"))!.MustChangePassword);
        using var forced = portal.Factory.CreateBrowserLikeClient();
        Assert.Equal("/Account/ChangePassword", (await AccountSteps.PostLoginAsync(forced, "cli-forced@forced.test", Initial)).Headers.Location!.OriginalString);
        using var free = portal.Factory.CreateBrowserLikeClient();
        Assert.Equal("/Admin", (await AccountSteps.PostLoginAsync(free, "cli-free@forced.test", Initial)).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AnAdministratorsPasswordResetForcesAChangeAtTheNextSignInAndIsLogged()
    {
        var email = await AccountSteps.NewAccountAsync(portal, "reset");
        using var admin = await AccountSteps.SignedInAsync(portal.Factory, "admin@liaison.demo", "Demo-Liaison-2026");
        var list = await admin.GetDocumentAsync("/Admin/Accounts?q=" + Uri.EscapeDataString(email));
        var details = list.QuerySelector($"tr[data-email='{email}'] a")!.GetAttribute("href")!;

        using var weak = await admin.SubmitFormAsync(details, "#reset-password-form", new Dictionary<string, string> { ["Input.Password"] = "short" });
        Assert.Contains("至少需要 12 个字符", AccountSteps.MessageFor(await HtmlForms.ParseAsync(weak), "Input.Password"), StringComparison.Ordinal);

        using var reset = await admin.SubmitFormAsync(details, "#reset-password-form", new Dictionary<string, string> { ["Input.Password"] = Initial });
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.True((await portal.FindUserAsync(email))!.MustChangePassword);
        Assert.Contains("尚未修改", (await admin.GetDocumentAsync(details)).QuerySelector("[data-testid=must-change]")!.TextContent, StringComparison.Ordinal);
        var entry = await portal.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityType == "ApplicationUser" && a.EntityKey == email));
        var changes = JsonDocument.Parse(entry.Changes).RootElement;
        Assert.Equal("[false,true]", changes.GetProperty("MustChangePassword").GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Equal("（已修改）", changes.GetProperty("PasswordHash")[1].GetString());

        using var user = portal.Factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.OK, (await AccountSteps.PostLoginAsync(user, email)).StatusCode);
        using var signIn = await AccountSteps.PostLoginAsync(user, email, Initial);
        Assert.Equal("/Account/ChangePassword", signIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await ChangeAsync(user, Initial, Own)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/Station")).StatusCode);
    }

    [Fact]
    public async Task TheDemoAccountsAreNotAskedToChangeTheirPassword()
    {
        var demo = await portal.QueryAsync(db => db.Users.AsNoTracking().Where(u => u.Email!.EndsWith("@liaison.demo")).ToListAsync());

        Assert.Equal(5, demo.Count);
        Assert.All(demo, u => Assert.False(u.MustChangePassword, u.Email));
        foreach (var (email, home) in new[] { ("admin@liaison.demo", "/Admin"), ("office@liaison.demo", "/Office"), ("station@liaison.demo", "/Station"), ("unit@liaison.demo", "/Unit"), ("deputy@liaison.demo", "/Deputy") })
        {
            using var client = portal.Factory.CreateBrowserLikeClient();
            Assert.Equal(home, (await AccountSteps.PostLoginAsync(client, email, "Demo-Liaison-2026")).Headers.Location!.OriginalString);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(home)).StatusCode);
        }
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string next, string? returnUrl = null) =>
        client.SubmitFormAsync(
            returnUrl is null ? "/Account/ChangePassword" : $"/Account/ChangePassword?ReturnUrl={Uri.EscapeDataString(returnUrl)}",
            "#change-password-form",
            new Dictionary<string, string> { ["Input.CurrentPassword"] = current, ["Input.NewPassword"] = next, ["Input.ConfirmPassword"] = next });

    private async Task<int> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PortalCommandLine.RunAsync(args, output, error, builder => builder.Configuration["ConnectionStrings:Liaison"] = portal.ConnectionString);
        Assert.True(code == 0, error.ToString());
        return code;
    }
}
