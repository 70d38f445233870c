using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Exports;

/// <summary>/Unit/Suggestions?handler=Export: the tab's rows with the search, the unit's own only.</summary>
public class LedgerUnitSuggestionExportTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Marker = "台账导出核对";
    private static readonly CaseActor Office = new(StaffScope.Everything, WorkflowActor.Office, null, "东湖区代表工委");

    [Fact]
    public async Task EachTabsExportHasTheTabsRowsAndNoOtherUnitsSuggestion()
    {
        var led = await AssignedAsync($"{Marker}：关于改造老旧小区雨污管网的建议", "U990102-01", "U990102-02");
        var coOnly = await AssignedAsync($"{Marker}：关于整治河道黑臭水体的建议", "U990102-02", "U990102-01");
        var elsewhere = await AssignedAsync($"{Marker}：关于增加学校周边交通疏导的建议", "U990102-04", null);
        using var unit = await LedgerExports.SignedInAsync(portal, "unit@liaison.demo");
        var scope = await portal.QueryAsync(async db => StaffScope.ForUnit(await db.HandlingUnits.Where(u => u.Code == "U990102-01").Select(u => u.Id).SingleAsync()));
        var query = "q=" + Uri.EscapeDataString(Marker);

        foreach (var (tab, part) in new[] { ("", (string?)null), ("&tab=Lead", "主办"), ("&tab=Co", "协办") })
        {
            var list = await unit.GetDocumentAsync($"/Unit/Suggestions?{query}{tab}");
            var href = list.QuerySelector("[data-testid=export]")!.GetAttribute("href")!;
            var lines = await LedgerExports.CsvAsync(unit, href);

            var inboxTab = tab.Length == 0 ? UnitInboxTab.All : Enum.Parse<UnitInboxTab>(tab[5..]);
            var expected = (await portal.WithScopeAsync(s => s.GetRequiredService<SuggestionInbox>().ListAsync(scope, inboxTab, Marker, new PageRequest(1, PageRequest.MaxSize)))).Items;
            Assert.Equal("建议编号,标题,领衔代表,本单位,状态,办理时限,是否超期,办理轮次,重点督办,已退回交办", lines[0]);
            Assert.Equal(
                expected.Select(r => $"{r.Number},{r.Title},{r.DeputyName},{(r.IsLead ? "主办" : "协办")},办理中,{r.DueOn:yyyy-MM-dd}"),
                lines[1..].Select(l => string.Join(",", l.Split(',').Take(6))));
            Assert.Equal(list.QuerySelectorAll("[data-testid=suggestion-inbox] tbody tr").Length, lines.Length - 1);
            Assert.DoesNotContain(lines, l => l.StartsWith(elsewhere.Number + ",", StringComparison.Ordinal));
            Assert.Equal(part is null ? 2 : 1, lines.Length - 1);
            Assert.Contains(lines, l => l.StartsWith((part == "协办" ? coOnly : led).Number + ",", StringComparison.Ordinal));
        }

        var xlsx = await unit.GetDocumentAsync($"/Unit/Suggestions?{query}");
        using var response = await unit.GetAsync(xlsx.QuerySelector("[data-testid=export-xlsx]")!.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        Assert.Equal(3, document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().Count());
    }

    private async Task<(int Id, string Number)> AssignedAsync(string title, string lead, string? co)
    {
        var deputyId = await portal.QueryAsync(db => db.Deputies.Where(d => d.Code == "D0004").Select(d => d.Id).SingleAsync());
        var deputy = new CaseActor(StaffScope.ForDeputy(deputyId), WorkflowActor.Deputy, null, "王建华");
        var filed = await CasesAsync(c => c.SaveAsync(deputy, null, new SuggestionInput(title, title + "：现状问题突出，群众反映强烈，建议有关部门尽快研究解决。", "CJ"), [], submit: true, null));
        Assert.True(filed.Succeeded, string.Join(" ", filed.Errors.Select(e => e.Message)));
        var id = int.Parse(filed.Code!, CultureInfo.InvariantCulture);
        Assert.True((await CasesAsync(c => c.AcceptAsync(Office, id, null, null))).Succeeded);
        var assigned = await CasesAsync(c => c.AssignAsync(Office, id, new AssignInput(lead, co is null ? null : new[] { co }), null));
        Assert.True(assigned.Succeeded, string.Join(" ", assigned.Errors.Select(e => e.Message)));
        return (id, await portal.QueryAsync(db => db.Suggestions.Where(s => s.Id == id).Select(s => s.Number!).SingleAsync()));
    }

    private Task<EditResult> CasesAsync(Func<SuggestionCases, Task<EditResult>> move) =>
        portal.WithScopeAsync(services => move(services.GetRequiredService<SuggestionCases>()));
}
