using System.Globalization;
using LiaisonPortal.Tests.Import;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Browser;

/// <summary>A district office imports its roster from an Excel-made CSV file in chromium; screenshots land in TestResults/artifacts.</summary>
public class ImportJourneyTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [BrowserFact]
    public async Task AnOfficeFixesARejectedRosterThenImportsItAndThePageFollowsTheProgressByItself()
    {
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1366, Height = 768 } });
        await page.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
        await page.FillAsync("#Input_Email", "office@liaison.demo");
        await page.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await page.ClickAsync("#login-submit");
        await Chromium.WaitForUrlAsync(page, "**/Office");

        await Chromium.OpenStaffMenuAsync(page, "directory-menu");
        await page.ClickAsync("nav a[href='/Manage/Import']");
        await Chromium.ScreenshotAsync(page, "import-desktop.png");
        var rows = Enumerable.Range(1, 1200).Select(n => string.Create(CultureInfo.InvariantCulture, $"J{n:0000},代表{n},女,区县,990102001-01；990102001001-01")).ToList();
        rows[7] = "J0008,代表8,女,省部级,990103-01";
        await UploadAsync(page, "东湖区名册.csv", rows);
        await Chromium.WaitForUrlAsync(page, "**/Manage/Import/Preview/**");
        Assert.Equal("1", await page.TextContentAsync("[data-testid=invalid]"));
        var reasons = await page.TextContentAsync("tr[data-row='9']");
        Assert.Contains("代表层级“省部级”无法识别", reasons, StringComparison.Ordinal);
        Assert.Contains("家站点 990103-01 不存在，或不在您的管理范围内", reasons, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#confirm-form").CountAsync());
        await Chromium.ScreenshotAsync(page, "import-preview-rejected-desktop.png");

        rows[7] = "J0008,代表8,女,区县,990102001-01";
        await page.ClickAsync("#import-again");
        await UploadAsync(page, "东湖区名册.csv", rows);
        await Chromium.WaitForUrlAsync(page, "**/Manage/Import/Preview/**");
        Assert.Equal("1200", await page.TextContentAsync("[data-testid=valid]"));
        await Chromium.ScreenshotAsync(page, "import-preview-desktop.png");

        await page.ClickAsync("#import-confirm");
        await Chromium.WaitForUrlAsync(page, "**/Manage/Import/Progress/**");
        // Only the page's refresh tag brings the result: the test never reloads it.
        await page.WaitForSelectorAsync("[data-testid=import-status][data-status=Completed]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Contains("新增 1200 条", await page.TextContentAsync("[data-testid=import-result]"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "import-completed-desktop.png");
    }

    private static async Task UploadAsync(IPage page, string name, IEnumerable<string> rows)
    {
        await page.SelectOptionAsync("#Input_Kind", "Deputies");
        await page.SetInputFilesAsync("#Input_File", new FilePayload
        {
            Name = name,
            MimeType = "text/csv",
            Buffer = ImportCsv.Gb18030(string.Join("\r\n", rows.Prepend("代表编号,姓名,性别,代表层级,编入家站点")) + "\r\n"),
        });
        await page.ClickAsync("#import-upload");
    }
}
