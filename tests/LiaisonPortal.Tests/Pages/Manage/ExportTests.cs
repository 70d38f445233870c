using System.Net;
using System.Text;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Import;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Pages.Manage;

public class ExportTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task TheStationLedgerHasTheListsScopeAndFiltersInTheImportsColumns()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("office@liaison.demo");
        var list = await client.GetDocumentAsync("/Manage/Stations?kind=LiaisonStation");

        using var response = await client.GetAsync(list.QuerySelector("[data-testid=export]")!.GetAttribute("href"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("统一编号,名称,类型,所属区域编码,", lines[0], StringComparison.Ordinal);
        Assert.Equal(13, lines.Length);
        Assert.All(lines.Skip(1), line => Assert.Contains(",代表联络站,990102", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnExportedDeputyLedgerReadsBackIntoTheImportAsExistingRowsOnly()
    {
        var (preview, exported) = await portal.WithScopeAsync(async provider =>
        {
            var editor = provider.GetRequiredService<DirectoryEditor>();
            var importer = provider.GetRequiredService<DirectoryImporter>();
            var file = await editor.ExportDeputiesAsync(StaffScope.Everything, new StaffDeputyFilter());
            var upload = await importer.UploadAsync(StaffScope.Everything, "exporter", ImportKind.Deputies, "deputies.csv", file);
            return (await importer.PreviewAsync(StaffScope.Everything, "exporter", upload.BatchId!.Value), file);
        });

        Assert.NotNull(preview);
        Assert.Empty(preview.FileErrors);
        Assert.Equal(37, preview.Rows.Count);
        Assert.All(preview.Rows, row => Assert.Equal(RowStatus.Duplicate, row.Status));
        Assert.Contains("990102001-01；990102001001-01", Encoding.UTF8.GetString(exported), StringComparison.Ordinal);
    }

    [Fact]
    public void TextASpreadsheetWouldRunAsAFormulaIsDefused()
    {
        var file = ImportLayout.HandlingUnits.Export([["U1", "=HYPERLINK(\"http://x\")", "政府部门", "990102", null, "@SUM(A1)", "+86 510 8000 0000"]]);

        var text = Encoding.UTF8.GetString(file);

        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", text, StringComparison.Ordinal);
        Assert.Contains(",'@SUM(A1),", text, StringComparison.Ordinal);
        Assert.Contains(",+86 510 8000 0000", text, StringComparison.Ordinal);
    }
}
