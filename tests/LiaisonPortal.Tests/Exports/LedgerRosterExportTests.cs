using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Exports;

/// <summary>/Manage/Roster?handler=Export: the chosen station's quarter, one line per duty or per empty reception day, as the page shows it.</summary>
public class LedgerRosterExportTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Station = "990102001-01";
    private const string OtherStation = "990102002-01";

    private static readonly Quarter NextQuarter = Quarter.Of(ChinaTime.Today(TimeProvider.System)).Next;

    [Fact]
    public async Task TheRosterExportHasTheQuartersDaysAndDutiesOfTheChosenStationOnly()
    {
        var days = await WeeklyTuesdaysAsync(Station);
        var otherDays = await WeeklyTuesdaysAsync(OtherStation);
        await AssignAsync(Station, days[0], "D0004");
        await AssignAsync(Station, days[0], "D0011");
        await AssignAsync(Station, days[2], "D0001");
        await AssignAsync(OtherStation, otherDays[0], "D0002");

        using var staff = await LedgerExports.SignedInAsync(portal, "station@liaison.demo");
        var page = await staff.GetDocumentAsync($"/Manage/Roster?station={Station}&quarter={NextQuarter}");
        var lines = await LedgerExports.CsvAsync(staff, page.QuerySelector("[data-testid=export]")!.GetAttribute("href")!);

        var stationId = await portal.QueryAsync(db => db.Stations.Where(s => s.Code == Station).Select(s => s.Id).SingleAsync());
        var view = (await portal.WithScopeAsync(s => s.GetRequiredService<DutyRoster>().RosterAsync(StaffScope.ForStation(stationId), Station, NextQuarter)))!;
        var expected = view.Days.SelectMany(d => d.Duties.Count == 0
            ? [$"{Day(d.Date)},{Time(d)},,,,,,,未安排"]
            : d.Duties.Select(x => $"{Day(d.Date)},{Time(d)},{d.Topic},{x.DeputyCode},{x.DeputyName},待确认,,,")).ToList();
        Assert.Equal("接待日,时间,主题,代表编号,值班代表,状态,确认时间,原值班代表,备注", lines[0]);
        Assert.Equal(expected, lines[1..]);
        Assert.Equal(view.Days.Count + 1, lines.Length - 1); // two deputies on the first day, one on the third
        Assert.Equal(page.QuerySelectorAll("[data-testid=roster] tbody li[data-deputy]").Length, lines.Count(l => l.Contains(",D00", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("D0002", StringComparison.Ordinal));

        using var xlsx = await staff.GetAsync(page.QuerySelector("[data-testid=export-xlsx]")!.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        Assert.Equal(lines.Length, document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().Count());

        // Another station's roster is not the station staff's to export.
        using var other = await staff.GetAsync($"/Manage/Roster?handler=Export&format=csv&station={OtherStation}&quarter={NextQuarter}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(RosterDay day) => day.Start is { } s && day.End is { } e
        ? s.ToString("HH:mm", CultureInfo.InvariantCulture) + "–" + e.ToString("HH:mm", CultureInfo.InvariantCulture)
        : string.Empty;

    /// <summary>A weekly Tuesday reception at the station (when it has no rule yet) and its days in the next quarter.</summary>
    private async Task<IReadOnlyList<DateOnly>> WeeklyTuesdaysAsync(string code)
    {
        using var scope = portal.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var station = await db.Stations.SingleAsync(s => s.Code == code);
        if (!await db.ReceptionRules.AnyAsync(r => r.StationId == station.Id))
        {
            db.ReceptionRules.Add(new ReceptionRule(null, station.Id, RecurrenceKind.Weekly, new TimeOnly(9, 0), new TimeOnly(11, 30)) { Weekday = DayOfWeek.Tuesday });
            await db.SaveChangesAsync();
        }

        var days = await scope.ServiceProvider.GetRequiredService<ReceptionCalendar>().DaysAsync(station.Id, NextQuarter.First, NextQuarter.Last);
        Assert.True(days.Count >= 3);
        return days.Select(d => d.Date).Distinct().ToList();
    }

    private async Task AssignAsync(string code, DateOnly day, string deputy)
    {
        var result = await portal.WithScopeAsync(s => s.GetRequiredService<DutyRoster>().AssignAsync(StaffScope.Everything, code, day, deputy));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
    }
}
