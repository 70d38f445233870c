using System.Net;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Pages.Manage;

/// <summary>
/// The roster through its pages: station staff assign and accept a proposal, the deputy confirms on their own page, and
/// another station's roster is not found. The demo home gets a weekly Tuesday reception so every quarter has days.
/// </summary>
public class RosterPageTests(PortalFixture portal) : IClassFixture<PortalFixture>, IAsyncLifetime
{
    private const string StationCode = "990102001-01";

    private static readonly Quarter NextQuarter = Quarter.Of(ChinaTime.Today(TimeProvider.System)).Next;

    public async Task InitializeAsync()
    {
        using var scope = portal.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var station = await db.Stations.SingleAsync(s => s.Code == StationCode);
        if (!await db.ReceptionRules.AnyAsync(r => r.StationId == station.Id))
        {
            db.ReceptionRules.Add(new ReceptionRule(null, station.Id, RecurrenceKind.Weekly, new TimeOnly(9, 0), new TimeOnly(11, 30)) { Weekday = DayOfWeek.Tuesday });
            await db.SaveChangesAsync();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task StationStaffAssignADeputyToAReceptionDayThroughTheRosterPage()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("station@liaison.demo");
        var url = $"/Manage/Roster?station={StationCode}&quarter={NextQuarter}";
        var page = await client.GetDocumentAsync(url);
        var date = page.QuerySelector("[data-testid=roster] tr[data-date]")!.GetAttribute("data-date")!;

        using var response = await client.SubmitFormAsync(url, $"tr[data-date='{date}'] form.assign-form", new Dictionary<string, string> { ["deputy"] = "D0011" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await client.GetDocumentAsync(url);
        Assert.NotNull(after.QuerySelector($"tr[data-date='{date}'] li[data-deputy=D0011]"));
        Assert.Contains(after.QuerySelectorAll("#staff-nav a"), a => a.GetAttribute("href") == "/Manage/Roster");
        Assert.True(await CountAsync(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), "D0011") == 1);
    }

    [Fact]
    public async Task StationStaffAcceptTheRotationProposalAndEveryReceptionDayGetsTwoDeputies()
    {
        var quarter = NextQuarter.Next;
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("station@liaison.demo");
        var url = $"/Manage/Roster/Propose?station={StationCode}&quarter={quarter}";
        var page = await client.GetDocumentAsync(url);
        var days = page.QuerySelectorAll("input[name=day]").Length;
        Assert.True(days >= 12);
        Assert.Equal(days * 2, page.QuerySelectorAll("input[name=duty][checked]").Length);

        using var response = await client.SubmitFormAsync(url, "#proposal-form", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var scope = portal.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        Assert.Equal(days * 2, await db.DutyAssignments.CountAsync(d => d.Station.Code == StationCode && d.Date >= quarter.First && d.Date <= quarter.Last));
        var sheet = await client.GetDocumentAsync($"/Manage/Roster/Print?station={StationCode}&quarter={quarter}");
        Assert.Equal(days, sheet.QuerySelectorAll("[data-testid=roster-sheet] tbody tr").Length);
    }

    [Fact]
    public async Task TheDeputyConfirmsTheirDutyOnTheirOwnPage()
    {
        DateOnly day;
        using (var scope = portal.Factory.Services.CreateScope())
        {
            var services = scope.ServiceProvider;
            var stationId = await services.GetRequiredService<ApplicationDbContext>().Stations.Where(s => s.Code == StationCode).Select(s => s.Id).SingleAsync();
            day = (await services.GetRequiredService<ReceptionCalendar>().DaysAsync(stationId, NextQuarter.First, NextQuarter.Last))[^1].Date;
            Assert.True((await services.GetRequiredService<DutyRoster>().AssignAsync(StaffScope.ForStation(stationId), StationCode, day, "D0004")).Succeeded);
        }

        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("deputy@liaison.demo");
        var page = await client.GetDocumentAsync("/Deputy/Duties");
        var row = page.QuerySelectorAll("[data-testid=duties] tr[data-duty]").Single(r => r.TextContent.Contains(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var id = row.GetAttribute("data-duty");

        using var response = await client.SubmitFormAsync("/Deputy/Duties", $"tr[data-duty='{id}'] form.confirm-form", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var check = portal.Factory.Services.CreateScope();
        var duty = await check.ServiceProvider.GetRequiredService<ApplicationDbContext>().DutyAssignments.AsNoTracking().SingleAsync(d => d.Id == int.Parse(id!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DutyStatus.Confirmed, duty.Status);
        Assert.NotNull(duty.ConfirmedAt);
        var home = await client.GetDocumentAsync("/Deputy");
        Assert.Contains(home.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/Deputy/Duties");
    }

    [Fact]
    public async Task AnotherStationsRosterIsNotFoundAndDeputiesCannotOpenTheStaffPages()
    {
        using var station = portal.Factory.CreateBrowserLikeClient();
        await station.SignInAsync("station@liaison.demo");
        foreach (var url in new[] { "/Manage/Roster?station=990102002-01", "/Manage/Roster/Propose?station=990102002-01", "/Manage/Roster/Print?station=990102002-01" })
        {
            using var response = await station.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var deputy = portal.Factory.CreateBrowserLikeClient();
        await deputy.SignInAsync("deputy@liaison.demo");
        using var denied = await deputy.GetAsync("/Manage/Roster");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/Account/AccessDenied", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOfficeSeesDeputiesWithoutAReceptionThisYearPerStation()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("office@liaison.demo");

        var page = await client.GetDocumentAsync("/Manage/Roster/Minimum?year=2031");

        Assert.Contains(page.QuerySelectorAll("[data-testid=minimum-list] li"), li => li.GetAttribute("data-deputy") == "D0004");
    }

    private async Task<int> CountAsync(DateOnly date, string deputyCode)
    {
        using var scope = portal.Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().DutyAssignments
            .CountAsync(d => d.Date == date && d.Deputy.Code == deputyCode && d.Station.Code == StationCode);
    }
}
