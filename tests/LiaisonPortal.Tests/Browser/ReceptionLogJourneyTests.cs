using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Browser;

/// <summary>
/// A reception day in chromium (issue 6, done-when): station staff open today's log, check in the two deputies on
/// duty, register three walk-in opinions, close the log; the office finds the three in its queue under 接待日登记.
/// </summary>
public class ReceptionLogJourneyTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private const string Station = "990102001-01";

    [BrowserFact]
    public async Task AReceptionDayIsLoggedAndItsOpinionsReachTheOfficeQueue()
    {
        await RosterTodayAsync("D0004", "D0011");
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        string Url(string path) => new Uri(portal.Address, path).ToString();

        var staff = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1366, Height = 900 } });
        await SignInAsync(staff, portal, "station@liaison.demo");
        await staff.GotoAsync(Url("/Station"));
        await staff.ClickAsync("a.card[href='/Manage/ReceptionLogs']");
        await Chromium.WaitForUrlAsync(staff, "**/Manage/ReceptionLogs");
        await Chromium.ScreenshotAsync(staff, "reception-1-list-desktop.png");
        await staff.ClickAsync("#open-form button[type=submit]");
        await Chromium.WaitForUrlAsync(staff, new System.Text.RegularExpressions.Regex("/Manage/ReceptionLogs/[0-9]+$"));
        var logUrl = staff.Url;

        await staff.ClickAsync("[data-checkin=D0004]");
        await MessageAsync(staff, "王建华 已签到");
        await staff.ClickAsync("[data-checkin=D0011]");
        await MessageAsync(staff, "许静 已签到");
        Assert.Equal("2", await staff.TextContentAsync("[data-testid=deputy-count]"));

        (string Content, string? Name, string? Phone)[] walkIns =
        [
            ("湖滨路公交站台没有遮雨棚，下雨天老人候车很不方便。", "周阿姨", "13812340601"),
            ("柳岸小区二期的地下车库经常积水，希望排查排水管。", "陈先生", null),
            ("街道文化站晚上开放时间太短，希望延长到九点。", null, null),
        ];
        var codes = new List<string>();
        foreach (var (content, name, phone) in walkIns)
        {
            await staff.FillAsync("#Opinion_Content", content);
            if (name is not null)
            {
                await staff.FillAsync("#Opinion_Name", name);
            }

            if (phone is not null)
            {
                await staff.FillAsync("#Opinion_Phone", phone);
                await staff.CheckAsync("#Opinion_MayContact");
            }

            await staff.ClickAsync("#opinion-form button[type=submit]");
            // The page stays on the log; the new row in the list says the answer has arrived.
            await staff.Locator("#registered tbody tr").Nth(codes.Count).WaitForAsync();
            codes.Add((await staff.TextContentAsync("[data-testid=saved-code]"))!.Trim());
            Assert.Equal(phone is null, await staff.IsVisibleAsync("[data-testid=saved-secret]"));
        }

        Assert.Equal(3, codes.Distinct().Count());
        Assert.Equal("3", await staff.InputValueAsync("#Counts_PeopleReceived"));
        await Chromium.ScreenshotAsync(staff, "reception-2-day-registered-desktop.png");

        await staff.FillAsync("#Counts_PeopleReceived", "5");
        await staff.FillAsync("#Counts_SolvedOnSpot", "1");
        await staff.FillAsync("#Counts_Summary", "王建华、许静两位代表接待群众 5 人，登记意见 3 件，现场答复文化站开放时间 1 件。");
        await staff.ClickAsync("#counts-form button[type=submit]");
        await MessageAsync(staff, "已保存接待情况");
        await staff.CheckAsync("#Closing_Confirm");
        await Chromium.ScreenshotAsync(staff, "reception-3-before-close-desktop.png");
        await staff.ClickAsync("#close-form button[type=submit]");
        await MessageAsync(staff, "登记表已关闭");
        Assert.Equal("已关闭", await staff.TextContentAsync("[data-testid=log-state]"));
        Assert.Equal(0, await staff.Locator("#opinion-form").CountAsync());
        await Chromium.ScreenshotAsync(staff, "reception-4-closed-desktop.png");
        await staff.GotoAsync(logUrl + "/Print");
        await Chromium.ScreenshotAsync(staff, "reception-5-print-ledger.png");

        var office = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1366, Height = 900 } });
        await SignInAsync(office, portal, "office@liaison.demo");
        await office.GotoAsync(Url("/Manage/Opinions"));
        await office.SelectOptionAsync("#channel", new SelectOptionValue { Label = "接待日登记" });
        await office.ClickAsync("form:has(#channel) button[type=submit]");
        await Chromium.WaitForUrlAsync(office, "**/Manage/Opinions?*channel=Reception*");
        var queue = await office.TextContentAsync("main");
        Assert.All(codes, code => Assert.Contains(code, queue, StringComparison.Ordinal));
        await Chromium.ScreenshotAsync(office, "reception-6-office-queue-desktop.png");

        var logId = int.Parse(logUrl.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        var saved = await database.QueryAsync(db => db.Opinions.AsNoTracking().Where(o => o.ReceptionLogId == logId).Select(o => o.Channel).ToListAsync());
        Assert.Equal([OpinionChannel.Reception, OpinionChannel.Reception, OpinionChannel.Reception], saved);
    }

    private Task<int> RosterTodayAsync(params string[] deputies) => database.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<Core.Data.ApplicationDbContext>();
        var today = Core.Calendar.ChinaTime.Today(TimeProvider.System);
        var station = await db.Stations.Where(x => x.Code == Station).Select(x => x.Id).SingleAsync();
        foreach (var id in await db.Deputies.Where(d => deputies.Contains(d.Code)).Select(d => d.Id).ToListAsync())
        {
            db.DutyAssignments.Add(new DutyAssignment(station, today, id, DateTimeOffset.UtcNow));
        }

        return await db.SaveChangesAsync();
    });

    private static Task MessageAsync(IPage page, string text) =>
        page.Locator(".alert-success", new PageLocatorOptions { HasText = text }).WaitForAsync();

    private static async Task SignInAsync(IPage page, KestrelPortal portal, string email)
    {
        await page.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await page.ClickAsync("#login-form button[type=submit]");
        await Chromium.WaitForUrlAsync(page, url => !url.Contains("/Account/Login", StringComparison.Ordinal));
    }
}
