using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LiaisonPortal.Tests.Browser;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Exports;

/// <summary>The export buttons in a browser: the office downloads its opinions as a workbook from the phone-sized workbench; pictures of the buttons.</summary>
public class ExportBrowserTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [BrowserFact]
    public async Task TheOfficeDownloadsItsOpinionsAsAWorkbook()
    {
        await database.QueryAsync(async db =>
        {
            var station = await db.Stations.Where(s => s.Region.Code.StartsWith("990102")).OrderBy(s => s.Code).Select(s => s.Id).FirstAsync();
            return await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "Opinions" ("TrackingCode", "Title", "Content", "Channel", "State", "StationId", "ReceivedAt", "UpdatedAt", "FeedbackDueOn",
                    "FeedbackRound", "HandlingRound", "IsAnonymous", "IsOverdue", "LeaderAttention", "MayContact", "Supervision")
                SELECT 'BRW' || lpad(n::text, 6, '0'), '小区路灯不亮 ' || n, '晚上出行不便。', 1, 1, {station},
                       now() - n * interval '1 hour', now(), current_date + 15, 0, 0, false, false, false, false, 0
                FROM generate_series(1, 40) AS n
                """);
        });
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, AcceptDownloads = true });
        var phone = await context.NewPageAsync();
        await phone.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
        await phone.FillAsync("#Input_Email", "office@liaison.demo");
        await phone.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await phone.ClickAsync("#login-submit");
        await phone.WaitForSelectorAsync("[data-testid=scope-name]");

        await phone.GotoAsync(new Uri(portal.Address, "/Manage/Opinions").ToString());
        await Chromium.ScreenshotAsync(phone, "export-opinions-phone.png");
        var rowsShown = await phone.Locator("table.case-queue tbody tr").CountAsync();
        var download = await phone.RunAndWaitForDownloadAsync(() => phone.ClickAsync("[data-testid=export-xlsx]"));
        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        var path = await download.PathAsync();
        using (var document = SpreadsheetDocument.Open(path, false))
        {
            var rows = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().Count();
            Assert.Equal(41, rows); // every opinion, not the 30 on the page
            Assert.Equal(30, rowsShown);
        }

        var desktop = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        await desktop.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
        await desktop.FillAsync("#Input_Email", "office@liaison.demo");
        await desktop.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await desktop.ClickAsync("#login-submit");
        await desktop.WaitForSelectorAsync("[data-testid=scope-name]");
        await desktop.GotoAsync(new Uri(portal.Address, "/Manage/Opinions").ToString());
        await Chromium.ScreenshotAsync(desktop, "export-opinions-desktop.png");
        await desktop.GotoAsync(new Uri(portal.Address, "/Manage/Stations").ToString());
        await Chromium.ScreenshotAsync(desktop, "export-stations-desktop.png");
    }
}
