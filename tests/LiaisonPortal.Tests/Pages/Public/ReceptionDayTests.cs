using System.Globalization;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Pages.Public;

/// <summary>"下次接待日" on the public station page, the directory's cards and a deputy's page, from the demo rules and the duty roster.</summary>
public class ReceptionDayTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task TheStationPageShowsTheNextReceptionDayAndWhoIsOnDuty()
    {
        var next = await NextDayAsync("990102001-01");
        await RosterAsync("990102001-01", next.Date, "D0004", "D0011");
        using var client = portal.Factory.CreateClient();

        var page = await client.GetDocumentAsync("/stations/990102001-01");

        var section = page.QuerySelector("[data-testid=next-reception]")!;
        Assert.Contains(next.Date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture), section.QuerySelector("[data-testid=next-date]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("09:00–11:30", section.TextContent, StringComparison.Ordinal);
        Assert.Contains("到站接待", section.TextContent, StringComparison.Ordinal);
        Assert.Contains("东湖区湖滨路 88 号", section.TextContent, StringComparison.Ordinal);
        Assert.Contains("每月第三个星期二 09:00–11:30，遇节假日顺延", section.QuerySelector("[data-testid=rule-text]")!.TextContent, StringComparison.Ordinal);
        var duty = section.QuerySelectorAll("[data-testid=on-duty] a").Select(a => (a.TextContent, a.GetAttribute("href"))).ToList();
        Assert.Equal([("王建华", "/deputies/D0004"), ("许静", "/deputies/D0011")], duty);
        Assert.NotEmpty(section.QuerySelectorAll("[data-testid=later-days] li"));
        Assert.Empty(page.QuerySelectorAll("script"));
    }

    [Fact]
    public async Task WithNobodyOnDutyTheStationPageSaysSoAndAMobileSessionShowsItsOwnPlace()
    {
        using var client = portal.Factory.CreateClient();

        var page = await client.GetDocumentAsync("/stations/990102001-03");

        var section = page.QuerySelector("[data-testid=next-reception]")!;
        Assert.Equal("值班代表尚未安排", section.QuerySelector("[data-testid=on-duty]")!.TextContent.Trim());
        var text = section.TextContent;
        Assert.True(text.Contains("湖滨农贸市场东门广场", StringComparison.Ordinal) || text.Contains("每月第三个星期二", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task TheDirectoryCardsShowTheNextReceptionDateAndADeputyPageTheirNextDuty()
    {
        var next = await NextDayAsync("990102001001-01");
        await RosterAsync("990102001001-01", next.Date, "D0027");
        using var client = portal.Factory.CreateClient();

        var list = await client.GetDocumentAsync("/stations?region=990102001");
        var deputy = await client.GetDocumentAsync("/deputies/D0027");

        var card = list.QuerySelectorAll(".station-card").First(c => c.TextContent.Contains("柳岸社区人大代表联络站", StringComparison.Ordinal));
        Assert.Contains(next.Date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture), card.QuerySelector("[data-testid=next-day]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("09:00–11:00", card.QuerySelector("[data-testid=next-day]")!.TextContent, StringComparison.Ordinal);
        var duty = deputy.QuerySelector("[data-testid=next-duty]")!;
        Assert.Contains(next.Date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture), duty.TextContent, StringComparison.Ordinal);
        Assert.Equal("/stations/990102001001-01", duty.QuerySelector("a")!.GetAttribute("href"));
    }

    private Task<ReceptionDay> NextDayAsync(string stationCode) => NextDayAsync(portal, stationCode);

    private Task RosterAsync(string stationCode, DateOnly date, params string[] deputyCodes) => RosterAsync(portal, stationCode, date, deputyCodes);

    /// <summary>The station's first generated day from today (China time), as the calendar (tested on its own) gives it.</summary>
    internal static Task<ReceptionDay> NextDayAsync(DatabaseFixture database, string stationCode) => database.WithScopeAsync(async services =>
    {
        var db = services.GetRequiredService<Core.Data.ApplicationDbContext>();
        var id = await db.Stations.Where(s => s.Code == stationCode).Select(s => s.Id).SingleAsync();
        var days = await services.GetRequiredService<ReceptionCalendar>().UpcomingAsync(id, ChinaTime.Today(TimeProvider.System));
        return days[0];
    });

    /// <summary>Puts deputies on a station's duty for a day, as the roster pages will.</summary>
    internal static Task RosterAsync(DatabaseFixture database, string stationCode, DateOnly date, params string[] deputyCodes) => database.QueryAsync(async db =>
    {
        var station = await db.Stations.Where(s => s.Code == stationCode).Select(s => s.Id).SingleAsync();
        foreach (var deputy in await db.Deputies.Where(d => deputyCodes.Contains(d.Code)).Select(d => d.Id).ToListAsync())
        {
            db.DutyAssignments.Add(new DutyAssignment(station, date, deputy, DateTimeOffset.UtcNow));
        }

        return await db.SaveChangesAsync();
    });
}
