using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Exports;

/// <summary>
/// /Manage/Supervision?handler=Export: every case of the tab (more than the page's <see cref="Supervision.ListLimit"/>),
/// oldest first, with the deadlines the page shows, the station filter and the scope applied.
/// </summary>
public class LedgerSupervisionExportTests(LedgerSupervisionExportTests.Fixture portal) : IClassFixture<LedgerSupervisionExportTests.Fixture>
{
    private const string Station = "990102001-01";
    private const string OtherStation = "990102002-01";

    [Fact]
    public async Task TheOverdueExportHasEveryCaseOfTheStationBeyondThePagesCapWithThePagesDeadlines()
    {
        using var office = await LedgerExports.SignedInAsync(portal, "office@liaison.demo");
        var scope = StaffScope.ForRegion(await portal.QueryAsync(db => db.Regions.Where(r => r.Code == "990102").Select(r => r.Id).SingleAsync()));
        var filter = new SupervisionFilter(Station);

        var page = await office.GetDocumentAsync($"/Manage/Supervision?list=Overdue&station={Station}");
        var lines = await LedgerExports.CsvAsync(office, page.QuerySelector("[data-testid=export]")!.GetAttribute("href")!);

        var shown = await portal.WithScopeAsync(s => s.GetRequiredService<Supervision>().ListAsync(scope, SupervisionList.Overdue, filter));
        var inStation = await portal.QueryAsync(db => db.Opinions.Where(o => o.Station.Code == Station).Select(o => o.TrackingCode).ToListAsync());
        Assert.True(shown.Total >= Fixture.Cases && Fixture.Cases > Supervision.ListLimit, $"total {shown.Total}");
        Assert.Equal(Supervision.ListLimit, shown.Rows.Count);
        Assert.Equal(Supervision.ListLimit, page.QuerySelectorAll("[data-testid=supervision-list] tbody tr").Length);
        Assert.Equal("查询码,标题,状态,联络站,代表,主办单位,分级,收到时间,当前期限,反馈期限,督办级别,领导督办,办理轮次", lines[0]);
        Assert.Equal(shown.Total, lines.Length - 1);
        var codes = lines[1..].Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Contains(TrackingCodes.Normalize(c), inStation));
        Assert.DoesNotContain(codes, c => c.StartsWith("SUPO", StringComparison.Ordinal));

        // The page's rows (first 200) are the export's first 200, with the same current and feedback deadlines.
        Assert.Equal(
            shown.Rows.Select(r => $"{TrackingCodes.Display(r.Code)}|{Day(r.Deadline)}|{Day(r.FeedbackDueOn)}"),
            lines[1..(Supervision.ListLimit + 1)].Select(l => l.Split(',')).Select(c => $"{c[0]}|{c[8]}|{c[9]}"));
        // Beyond the cap, each forwarding deadline is the received date plus the grade's working days.
        var calendar = portal.Services.GetRequiredService<Core.Calendar.WorkingDayCalendar>();
        var urgentDays = await portal.QueryAsync(db => db.DeadlineRules.Where(r => r.Grade == Grade.Urgent).Select(r => (int?)r.ForwardDays).SingleOrDefaultAsync())
            ?? CaseSettings.DefaultRule(Grade.Urgent).ForwardDays;
        var index = Array.FindIndex(lines, l => l.StartsWith(TrackingCodes.Display(Fixture.Code(Fixture.Cases)) + ",", StringComparison.Ordinal));
        Assert.True(index > Supervision.ListLimit, $"SUPX{Fixture.Cases} at line {index}");
        Assert.Equal(Day(await calendar.AddWorkingDaysAsync(Fixture.ReceivedOn(Fixture.Cases), urgentDays)), lines[index].Split(',')[8]);

        // Without the station filter the office's export has the other station too, but never the other district's cases.
        var all = await LedgerExports.CsvAsync(office, "/Manage/Supervision?handler=Export&format=csv&list=Overdue");
        var counts = await portal.WithScopeAsync(s => s.GetRequiredService<Supervision>().CountsAsync(scope));
        Assert.Equal(counts[SupervisionList.Overdue], all.Length - 1);
        Assert.Contains(all, l => l.StartsWith(TrackingCodes.Display("SUPO000001"), StringComparison.Ordinal));
        Assert.DoesNotContain(all, l => l.StartsWith(TrackingCodes.Display("SUPW000001"), StringComparison.Ordinal));

        using var xlsx = await office.GetAsync(page.QuerySelector("[data-testid=export-xlsx]")!.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        Assert.Equal(shown.Total + 1, document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().Count());
    }

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>
    /// The portal on its own demo database plus <see cref="Cases"/> overdue cases at <see cref="Station"/> (SUPX…, received
    /// an hour apart, Received or Classified, graded by n % 3 (none, important, urgent)), three at another 东湖区 station (SUPO…) and three in 西山区 (SUPW…).
    /// </summary>
    public sealed class Fixture : PortalFixture
    {
        public const int Cases = 260;

        public static string Code(int n) => "SUPX" + n.ToString("D6", CultureInfo.InvariantCulture);

        public static DateOnly ReceivedOn(int n) => DateOnly.FromDateTime(new DateTime(2026, 3, 2, 1, 0, 0, DateTimeKind.Unspecified).AddHours(n));

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await QueryAsync(async db =>
            {
                foreach (var (station, prefix, count) in new[] { (Station, "SUPX", Cases), (OtherStation, "SUPO", 3), ("990103001-01", "SUPW", 3) })
                {
                    var id = await db.Stations.Where(s => s.Code == station).Select(s => s.Id).SingleAsync();
                    // Received n hours after 2026-03-02 01:00 China time, so the China date is ReceivedOn(n).
                    await db.Database.ExecuteSqlAsync($"""
                        INSERT INTO "Opinions" ("TrackingCode", "Title", "Content", "Channel", "State", "Grade", "StationId", "ReceivedAt", "UpdatedAt", "FeedbackDueOn",
                            "FeedbackRound", "HandlingRound", "IsAnonymous", "IsOverdue", "LeaderAttention", "MayContact", "Supervision")
                        SELECT {prefix} || lpad(n::text, 6, '0'), '督办导出 ' || n, '督办导出的意见内容 ' || n,
                               1, CASE WHEN n % 2 = 0 THEN 1 ELSE 3 END, CASE n % 3 WHEN 0 THEN NULL WHEN 1 THEN 2 ELSE 3 END, {id},
                               timestamptz '2026-03-02 01:00+08' + n * interval '1 hour', now(), date '2026-04-30',
                               0, 0, false, true, false, false, 0
                        FROM generate_series(1, {count}) AS n
                        """);
                }

                return 0;
            });
        }
    }
}
