using System.Globalization;
using System.Text.RegularExpressions;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Tests.Browser;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Suggestions;

/// <summary>
/// Issue #7's done-when path, entirely through the pages, each person in a browser context of their own: the deputy
/// files, the office accepts and assigns, the co-unit sends its view, the lead unit contacts the deputy and replies B,
/// the deputy is unsatisfied, the lead unit contacts again and replies A, the deputy is satisfied and it is closed.
/// </summary>
public partial class SuggestionDoneWhenJourneyTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private const string Password = "Demo-Liaison-2026";
    private const string CoUnitEmail = "donewhen-co@unit.test";
    private const string Title = "关于在东湖区主干道增设非机动车道隔离护栏的建议";
    private const string View = "本局同意在湖滨路段先行试点，护栏选型由我局提供环保材料意见。";
    private const string FirstReply = "已将湖滨路等三条主干道的隔离护栏纳入明年道路改造计划，分段实施。";
    private const string Complaint = "答复只是列入计划，没有说明先做哪一段；湖滨路学校门口最危险，请先解决。";
    private const string SecondReply = "湖滨路学校门口 600 米隔离护栏已于本月安装完毕，其余路段按计划推进。";

    private static readonly BrowserNewContextOptions Desktop = new() { ViewportSize = new() { Width = 1280, Height = 900 } };
    private static readonly BrowserNewContextOptions Phone = new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true };

    [BrowserFact]
    public async Task ASuggestionGoesFromFilingThroughTwoRepliesToSatisfiedInTheBrowser()
    {
        await database.CreateUserAsync(new NewStaffAccount(CoUnitEmail, Password, Roles.UnitStaff, UnitCode: "U990102-02", DisplayName: "生态环境局联络员"));
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        string Url(string path) => new Uri(portal.Address, path).ToString();

        // The deputy writes and files it on a phone.
        await using var deputyContext = await browser.NewContextAsync(Phone);
        var deputy = await SignInAsync(deputyContext, portal, "deputy@liaison.demo");
        await deputy.GotoAsync(Url("/Deputy/Suggestions"));
        await Navigation(deputy, () => deputy.ClickAsync("[data-testid=new-suggestion]"));
        await deputy.FillAsync("#Input_Title", Title);
        await deputy.FillAsync("#Input_Content", "东湖区湖滨路、柳岸路等主干道机动车与非机动车混行，早晚高峰学生骑车上学险情不断。建议在主干道增设非机动车道隔离护栏，优先解决学校周边路段。");
        await deputy.SelectOptionAsync("#Input_CategoryCode", "CJ");
        await deputy.CheckAsync("#cosigner-D0005");
        await Navigation(deputy, () => deputy.ClickAsync("[data-testid=submit]"));
        await Status(deputy, "建议已提交，编号");
        var id = int.Parse(DeputyDetails().Match(deputy.Url).Groups[1].Value, CultureInfo.InvariantCulture);
        var number = (await deputy.TextContentAsync("[data-testid=suggestion-number]"))!.Trim();
        Assert.Matches(@"^\d{4}-.+-第\d{4}号$", number);
        Assert.Equal("待审核", await BadgeAsync(deputy));

        // The office finds it, accepts it and assigns it: lead U990102-01, co-unit U990102-02.
        await using var officeContext = await browser.NewContextAsync(Desktop);
        var office = await SignInAsync(officeContext, portal, "office@liaison.demo");
        await office.GotoAsync(Url("/Manage/Suggestions"));
        await office.FillAsync("#q", number);
        await Navigation(office, () => office.ClickAsync("#filter-form button[type=submit]"));
        var officeRow = office.Locator($".suggestion-list tr[data-id='{id}']");
        Assert.Contains("待审核", await officeRow.TextContentAsync(), StringComparison.Ordinal);
        await Navigation(office, () => officeRow.Locator($"a:has-text('{Title}')").ClickAsync());
        Assert.Equal("待审核", await BadgeAsync(office));
        await Submit(office, "#accept-form", "已审核通过立案");
        Assert.Equal("已立案待交办", await BadgeAsync(office));
        await office.SelectOptionAsync("#Assign_LeadUnitCode", "U990102-01");
        await office.CheckAsync("#Assign-co-U990102-02");
        await Chromium.ScreenshotAsync(office, "donewhen-1-office-assign-desktop.png");
        await Submit(office, "#assign-form", "已交办");
        Assert.Equal("办理中", await BadgeAsync(office));
        var units = await office.TextContentAsync("[data-testid=units]");
        Assert.Contains("主办", units, StringComparison.Ordinal);
        Assert.Contains("协办", units, StringComparison.Ordinal);
        Assert.Contains("办理中，尚未答复", units, StringComparison.Ordinal);

        // The co-unit sends its view to the lead unit.
        await using var coContext = await browser.NewContextAsync(Desktop);
        var co = await SignInAsync(coContext, portal, CoUnitEmail);
        await co.GotoAsync(Url("/Unit/Suggestions"));
        await Navigation(co, () => co.ClickAsync($"tr[data-id='{id}'] a:has-text('{Title}')"));
        Assert.Equal("协办单位", (await co.TextContentAsync("[data-testid=my-part]"))!.Trim());
        Assert.Equal(0, await co.Locator("#reply-form").CountAsync());
        await co.FillAsync("#View_View", View);
        await Submit(co, "#view-form", "协办意见已提交给主办单位");
        Assert.Contains("提交给主办单位", await co.TextContentAsync("[data-testid=view-sent]"), StringComparison.Ordinal);

        // The lead unit reads the view, records a contact and replies B with a planned date.
        await using var unitContext = await browser.NewContextAsync(Desktop);
        var unit = await SignInAsync(unitContext, portal, "unit@liaison.demo");
        await unit.GotoAsync(Url("/Unit/Suggestions"));
        await Navigation(unit, () => unit.ClickAsync($"tr[data-id='{id}'] a:has-text('{Title}')"));
        Assert.Equal("主办单位", (await unit.TextContentAsync("[data-testid=my-part]"))!.Trim());
        Assert.Contains(View, await unit.TextContentAsync("[data-testid=co-views]"), StringComparison.Ordinal);
        Assert.True(await unit.IsVisibleAsync("[data-testid=contact-first]"));
        await ContactAsync(unit, ContactStage.Before, ContactMode.SiteVisit, "与代表一起到湖滨路学校门口实地察看，代表希望先解决学校周边。");
        Assert.Equal(0, await unit.Locator("[data-testid=contact-first]").CountAsync());
        var planned = ChinaToday().AddMonths(6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await unit.FillAsync("#Reply_Content", FirstReply);
        await unit.CheckAsync("#grade-B");
        await unit.FillAsync("#Reply_PlannedOn", planned);
        await Chromium.ScreenshotAsync(unit, "donewhen-2-unit-reply-desktop.png");
        await Submit(unit, "#reply-form", "答复已提交");
        Assert.Equal("已答复待评价", await BadgeAsync(unit));
        Assert.Contains(planned, await unit.TextContentAsync("[data-grade='B'] >> xpath=.."), StringComparison.Ordinal);

        // The deputy reads it on the phone and is unsatisfied: it goes back for a second handling.
        await deputy.GotoAsync(Url($"/Deputy/Suggestions/Details/{id}"));
        Assert.Equal("已答复待评价", await BadgeAsync(deputy));
        Assert.Contains("B 类", await deputy.TextContentAsync("[data-testid=reply-grade]"), StringComparison.Ordinal);
        Assert.Contains(FirstReply, await deputy.TextContentAsync("[data-testid=reply]"), StringComparison.Ordinal);
        Assert.Contains("实地察看", await deputy.TextContentAsync("[data-testid=contacts]"), StringComparison.Ordinal);
        await deputy.CheckAsync("#rating-Unsatisfied");
        await deputy.FillAsync("#Evaluate_Comment", Complaint);
        await Chromium.ScreenshotAsync(deputy, "donewhen-3-deputy-unsatisfied-phone.png");
        await Submit(deputy, "#evaluate-form", "已提交评价：不满意。建议已退回承办单位第二次办理。");
        Assert.Equal("办理中", await BadgeAsync(deputy));
        Assert.True(await deputy.IsVisibleAsync(".badge:has-text('二次办理')"));

        // The lead unit sees the second round, contacts the deputy again and replies A.
        await unit.ReloadAsync();
        Assert.Equal("办理中", await BadgeAsync(unit));
        Assert.Contains("第 2 轮办理", await unit.TextContentAsync("[data-mark=round]"), StringComparison.Ordinal);
        Assert.Contains(Complaint, await unit.TextContentAsync("[data-testid=units]"), StringComparison.Ordinal);
        Assert.True(await unit.IsVisibleAsync("[data-testid=contact-first]"));
        await ContactAsync(unit, ContactStage.During, ContactMode.Phone, "电话告知代表学校门口护栏的施工安排，代表表示认可。");
        await unit.FillAsync("#Reply_Content", SecondReply);
        await unit.CheckAsync("#grade-A");
        await Submit(unit, "#reply-form", "答复已提交");
        Assert.Equal("已答复待评价", await BadgeAsync(unit));
        Assert.Equal(1, await unit.Locator("[data-grade='A']").CountAsync());
        await Chromium.ScreenshotAsync(unit, "donewhen-4-unit-second-reply-desktop.png");

        // The deputy is satisfied: closed.
        await deputy.ReloadAsync();
        Assert.Equal("已答复待评价", await BadgeAsync(deputy));
        Assert.Contains("这是第二次办理后的答复", await deputy.TextContentAsync("[data-testid=evaluate-hint]"), StringComparison.Ordinal);
        await deputy.CheckAsync("#rating-Satisfied");
        await Chromium.ScreenshotAsync(deputy, "donewhen-5-deputy-satisfied-phone.png");
        await Submit(deputy, "#evaluate-form", "已提交评价，建议办结。");
        Assert.Equal("已办结", await BadgeAsync(deputy));
        Assert.Equal(0, await deputy.Locator("#evaluate-form").CountAsync());
        var ratings = (await deputy.TextContentAsync("[data-testid=ratings]"))!;
        Assert.Matches(@"第1次评价：\s*不满意", ratings);
        Assert.Matches(@"第2次评价：\s*满意", ratings);
        Assert.Contains(Complaint, ratings, StringComparison.Ordinal);
        var handled = (await deputy.TextContentAsync("[data-testid=units]"))!;
        Assert.Contains("第 1 轮", handled, StringComparison.Ordinal);
        Assert.Contains("第 2 轮", handled, StringComparison.Ordinal);
        Assert.Contains(SecondReply, handled, StringComparison.Ordinal);
        Assert.True(await deputy.IsVisibleAsync(".badge:has-text('二次办理')"));
        await Chromium.ScreenshotAsync(deputy, "donewhen-6-deputy-closed-phone.png");

        // The office's list shows it closed.
        await office.GotoAsync(Url("/Manage/Suggestions?q=" + Uri.EscapeDataString(number)));
        var closedRow = office.Locator($".suggestion-list tr[data-id='{id}']");
        var cells = await closedRow.Locator("td").AllInnerTextsAsync();
        Assert.Equal("已办结", cells[4].Trim());
        Assert.Equal("A", cells[^2].Trim());
        Assert.Equal("满意", cells[^1].Trim());
        Assert.Contains("二次办理", await closedRow.InnerTextAsync(), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(office, "donewhen-7-office-list-desktop.png");

        var stored = await database.QueryAsync(db => db.Suggestions.Where(s => s.Id == id)
            .Select(s => new { s.State, s.Round, s.ClosedAt, Ratings = db.SuggestionEvaluations.Where(e => e.SuggestionId == s.Id).OrderBy(e => e.Round).Select(e => new { e.Round, e.Rating }).ToList() })
            .SingleAsync());
        Assert.Equal(SuggestionState.Closed, stored.State);
        Assert.Equal(2, stored.Round);
        Assert.NotNull(stored.ClosedAt);
        Assert.Equal([(1, Rating.Unsatisfied), (2, Rating.Satisfied)], stored.Ratings.Select(r => (r.Round, r.Rating)));
        var replies = await database.QueryAsync(db => db.SuggestionAssignments.Where(a => a.SuggestionId == id && a.IsLead).OrderBy(a => a.Round).Select(a => a.Grade).ToListAsync());
        Assert.Equal([AnswerResult.BeingSolved, AnswerResult.Solved], replies);
    }

    [GeneratedRegex(@"/Deputy/Suggestions/Details/(\d+)")]
    private static partial Regex DeputyDetails();

    private static DateOnly ChinaToday() => ChinaTime.Today(TimeProvider.System);

    private static async Task<IPage> SignInAsync(IBrowserContext context, KestrelPortal portal, string email)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", Password);
        await page.ClickAsync("#login-form button[type=submit]");
        await Chromium.WaitForUrlAsync(page, url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        return page;
    }

    /// <summary>
    /// Does something that navigates (a link, a form's POST and its redirect) and waits until the next document is there:
    /// the current one is marked first, so an old page (with an old message) never passes for the new one.
    /// </summary>
    private static async Task Navigation(IPage page, Func<Task> action)
    {
        await page.EvaluateAsync("() => document.body.dataset.stale = 'yes'");
        await action();
        await page.WaitForSelectorAsync("body:not([data-stale])", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
    }

    /// <summary>Posts a form and waits for the next page's green message; if the form came back refused, says why.</summary>
    private static async Task Submit(IPage page, string form, string message)
    {
        await Navigation(page, () => page.ClickAsync($"{form} button[type=submit]"));
        try
        {
            await Status(page, message);
        }
        catch (TimeoutException)
        {
            var refused = await page.Locator(".alert-danger, .text-danger").AllTextContentsAsync();
            Assert.Fail($"{form}: no \"{message}\" on {page.Url}; the page says: {string.Join(" | ", refused.Where(t => !string.IsNullOrWhiteSpace(t)))}");
        }
    }

    private static Task Status(IPage page, string message) =>
        page.Locator(".alert-success", new PageLocatorOptions { HasText = message }).WaitForAsync();

    private static async Task<string> BadgeAsync(IPage page) => (await page.TextContentAsync("[data-testid=suggestion-state]"))!.Trim();

    private static async Task ContactAsync(IPage unit, ContactStage stage, ContactMode mode, string note)
    {
        await unit.SelectOptionAsync("#Contact_Stage", stage.ToString());
        await unit.SelectOptionAsync("#Contact_Mode", mode.ToString());
        await unit.FillAsync("#Contact_Note", note);
        await Submit(unit, "#contact-form", "沟通记录已保存");
        Assert.Contains(note, await unit.TextContentAsync("[data-testid=contacts]"), StringComparison.Ordinal);
    }
}
