using System.Globalization;
using System.Net;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Activities;

/// <summary>The staff lists' exports that were missing (appointments, regions, the deputy's suggestions): the export's rows are the filtered list's rows.</summary>
public class ListExportTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Station = "990102001-01";

    [Fact]
    public async Task TheAppointmentSlotsExportHasTheStationsSlotsInTheListsOrder()
    {
        await OpenSlotAsync(Station, 3, "09:00");
        await OpenSlotAsync(Station, 4, "14:00");
        await OpenSlotAsync("990102002-01", 5, "10:00");
        using var office = await SignedInAsync("office@liaison.demo");
        var scope = StaffScope.ForRegion(await portal.QueryAsync(db => db.Regions.Where(r => r.Code == "990102").Select(r => r.Id).SingleAsync()));

        var list = await office.GetDocumentAsync($"/Manage/Appointments?station={Station}");
        var href = list.QuerySelector("[data-testid=export]")!.GetAttribute("href")!;
        var lines = await CsvAsync(office, href);

        var expected = (await portal.WithScopeAsync(s => s.GetRequiredService<AppointmentBook>().ListSlotsAsync(scope, new SlotFilter(Station), new PageRequest(1, PageRequest.MaxSize)))).Items;
        Assert.True(expected.Count >= 2);
        Assert.Equal("开始时间,结束时间,家站点编号,家站点,接待代表,名额,已约,待确认,地点,主题,状态", lines[0]);
        Assert.Equal(
            expected.Select(s => $"{ChinaTime.Minutes(s.StartsAt)},{ChinaTime.Minutes(s.EndsAt)},{s.StationCode},{s.StationName},{s.DeputyName ?? "值班代表"},{s.Capacity},{s.Booked},{s.Waiting}"),
            lines[1..].Select(l => string.Join(",", l.Split(',').Take(8))));
        Assert.Equal(list.QuerySelectorAll("table.staff-list tbody tr").Length, lines.Length - 1);
    }

    [Fact]
    public async Task TheRegionsExportHasEveryRegionOfTheScopeInTreeOrder()
    {
        using var office = await SignedInAsync("office@liaison.demo");
        var scope = StaffScope.ForRegion(await portal.QueryAsync(db => db.Regions.Where(r => r.Code == "990102").Select(r => r.Id).SingleAsync()));

        var page = await office.GetDocumentAsync("/Manage/Regions");
        var lines = await CsvAsync(office, page.QuerySelector("[data-testid=export]")!.GetAttribute("href")!);
        using var xlsx = await office.GetAsync(page.QuerySelector("[data-testid=export-xlsx]")!.GetAttribute("href")!);

        var tree = await portal.WithScopeAsync(s => s.GetRequiredService<DirectoryEditor>().RegionTreeAsync(scope));
        Assert.Equal("区划代码,名称,层级,上级区划代码,下级区域,家站点,承办单位", lines[0]);
        Assert.Equal(tree.Select(r => $"{r.Code},{r.Name}"), lines[1..].Select(l => string.Join(",", l.Split(',').Take(2))));
        Assert.StartsWith("990102,东湖区,区县,990100,", lines[1], StringComparison.Ordinal);
        Assert.Equal(page.QuerySelectorAll("[data-testid=region-tree] tbody tr").Length, lines.Length - 1);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        Assert.Equal(tree.Count + 1, document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().Count());
    }

    [Fact]
    public async Task TheDeputysSuggestionsExportHasTheFilteredRows()
    {
        var deputyId = await portal.QueryAsync(db => db.Deputies.Where(d => d.Code == "D0004").Select(d => d.Id).SingleAsync());
        var deputy = new CaseActor(StaffScope.ForDeputy(deputyId), WorkflowActor.Deputy, null, "王建华");
        foreach (var title in new[] { "导出核对：关于增设公交站台遮雨棚的建议", "导出核对：关于延长文化站开放时间的建议", "另一件不在筛选里的建议" })
        {
            var saved = await portal.WithScopeAsync(s => s.GetRequiredService<SuggestionCases>().SaveAsync(deputy, null, new SuggestionInput(title, "先记下要点。", null), [], false, null));
            Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Select(e => e.Message)));
        }

        using var client = await SignedInAsync("deputy@liaison.demo");
        var list = await client.GetDocumentAsync("/Deputy/Suggestions?q=" + Uri.EscapeDataString("导出核对"));
        var lines = await CsvAsync(client, list.QuerySelector("[data-testid=export]")!.GetAttribute("href")!);

        var expected = (await portal.WithScopeAsync(s => s.GetRequiredService<SuggestionDesk>().ListAsync(deputy.Scope, new SuggestionQuery(Text: "导出核对"), new PageRequest(1, PageRequest.MaxSize)))).Items;
        Assert.Equal(2, expected.Count);
        Assert.Equal("建议编号,标题,领衔代表,分类,状态,主办单位,办理时限,办理轮次,答复类别,代表评价", lines[0]);
        Assert.Equal(expected.Select(r => $",{r.Title},王建华,,草稿"), lines[1..].Select(l => string.Join(",", l.Split(',').Take(5))));
        Assert.Equal(list.QuerySelectorAll("[data-testid=suggestion-list] tbody tr").Length, lines.Length - 1);
    }

    private async Task OpenSlotAsync(string station, int daysAhead, string start)
    {
        var day = ChinaTime.Today(TimeProvider.System).AddDays(daysAhead);
        var result = await portal.WithScopeAsync(s => s.GetRequiredService<AppointmentBook>().OpenSlotAsync(StaffScope.Everything, new SlotInput
        {
            StationCode = station,
            Date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            StartTime = start,
            EndTime = start == "14:00" ? "16:00" : "11:30",
            Capacity = "6",
        }));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
    }

    private static Task<string[]> CsvAsync(HttpClient client, string href) => Exports.LedgerExports.CsvAsync(client, href);

    private Task<HttpClient> SignedInAsync(string email) => Exports.LedgerExports.SignedInAsync(portal, email);
}
