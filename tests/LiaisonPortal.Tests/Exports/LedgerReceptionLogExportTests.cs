using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Exports;

/// <summary>/Manage/ReceptionLogs/Ledger?handler=Export: the ledger's rows for the station and period, streamed through TableExport.</summary>
public class LedgerReceptionLogExportTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Station = "990102001-01";
    private const string OtherStation = "990102002-01";
    private const string OtherDistrict = "990103001-01";

    [Fact]
    public async Task TheLedgerExportHasThePagesRowsForTheStationAndNoOtherStationsOrDistricts()
    {
        foreach (var (station, date) in new[] { (Station, "2025-09-02"), (Station, "2025-09-16"), (OtherStation, "2025-09-09"), (OtherDistrict, "2025-09-10"), (Station, "2025-10-07") })
        {
            var opened = await portal.WithScopeAsync(s => s.GetRequiredService<ReceptionLogs>().OpenAsync(
                new CaseActor(StaffScope.Everything, WorkflowActor.Office, null, "管理员"), new LogOpenInput(station, date, ReceptionMode.AtStation, "二楼接待室")));
            Assert.True(opened.Succeeded, string.Join("; ", opened.Errors.Select(e => e.Message)));
        }

        using var office = await LedgerExports.SignedInAsync(portal, "office@liaison.demo");
        var scope = StaffScope.ForRegion(await portal.QueryAsync(db => db.Regions.Where(r => r.Code == "990102").Select(r => r.Id).SingleAsync()));
        var page = await office.GetDocumentAsync($"/Manage/ReceptionLogs/Ledger?station={Station}&period=2025-09");
        var lines = await LedgerExports.CsvAsync(office, page.QuerySelector("[data-testid=export]")!.GetAttribute("href")!);

        var ledger = (await portal.WithScopeAsync(s => s.GetRequiredService<ReceptionLogs>().LedgerAsync(scope, Station, LedgerPeriod.Parse("2025-09")!)))!;
        Assert.Equal(string.Join(",", ReceptionLogs.LedgerHeaders), lines[0]);
        Assert.Equal(2, ledger.Rows.Count);
        Assert.Equal(ledger.Rows.Select(r => $"{r.Date:yyyy-MM-dd},{r.StationCode},{r.StationName},进站接待,二楼接待室"), lines[1..].Select(l => string.Join(",", l.Split(',').Take(5))));
        Assert.Equal(page.QuerySelectorAll("#ledger tbody tr").Length, lines.Length - 1);

        // Every station of the office's district for the month: the other station's reception too, never the other district's.
        var all = await LedgerExports.CsvAsync(office, "/Manage/ReceptionLogs/Ledger?handler=Export&format=csv&period=2025-09");
        Assert.Equal(3, all.Length - 1);
        Assert.Contains(all, l => l.StartsWith("2025-09-09," + OtherStation, StringComparison.Ordinal));
        Assert.DoesNotContain(all, l => l.Contains(OtherDistrict, StringComparison.Ordinal));

        using var xlsx = await office.GetAsync(page.QuerySelector("[data-testid=export-xlsx]")!.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal($"reception-ledger-{Station}-2025-09.xlsx", xlsx.Content.Headers.ContentDisposition!.FileNameStar ?? xlsx.Content.Headers.ContentDisposition.FileName);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        Assert.Equal(3, document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().Count());

        using var outside = await office.GetAsync($"/Manage/ReceptionLogs/Ledger?handler=Export&format=csv&station={OtherDistrict}&period=2025-09");
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
    }
}
