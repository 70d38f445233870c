using System.Text.RegularExpressions;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Browser;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Suggestions;

/// <summary>On a phone in chromium: the deputy picks two opinions, turns them into a suggestion, files it and reads its number.</summary>
public partial class DeputySuggestionJourneyTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [BrowserFact]
    public async Task OnAPhoneTheDeputyTurnsTwoOpinionsIntoASuggestionAndFilesIt()
    {
        var first = await OpinionAsync("柳岸社区北门路灯不亮", "13800330001");
        var second = await OpinionAsync("北门一带夜间太黑不安全", "13800330002");
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        string Url(string path) => new Uri(portal.Address, path).ToString();

        var phone = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        await phone.GotoAsync(Url("/Account/Login"));
        await phone.FillAsync("#Input_Email", "deputy@liaison.demo");
        await phone.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await phone.ClickAsync("#login-form button[type=submit]");
        await Chromium.WaitForUrlAsync(phone, url => !url.Contains("/Account/Login", StringComparison.Ordinal));

        await phone.GotoAsync(Url("/Deputy/Opinions"));
        await phone.CheckAsync($"#pick-{first}");
        await phone.CheckAsync($"#pick-{second}");
        await Chromium.ScreenshotAsync(phone, "deputy-suggestion-1-opinions-phone.png");
        await phone.ClickAsync("#suggestion-form [data-testid=to-suggestion]");
        await Chromium.WaitForUrlAsync(phone, "**/Deputy/Suggestions/Edit?**");
        Assert.True(await phone.IsCheckedAsync($"#source-{first}"));
        Assert.True(await phone.IsCheckedAsync($"#source-{second}"));

        await phone.FillAsync("#Input_Title", "关于完善柳岸社区北门路灯照明的建议");
        await phone.FillAsync("#Input_Content", "群众反映柳岸社区北门一带路灯长期不亮，夜间出行不安全。建议城管部门尽快检修，并将该路段纳入路灯日常巡查。");
        await phone.SelectOptionAsync("#Input_CategoryCode", "CJ");
        await phone.CheckAsync("#cosigner-D0005");
        await Chromium.ScreenshotAsync(phone, "deputy-suggestion-2-edit-phone.png");
        await phone.ClickAsync("[data-testid=submit]");
        await Chromium.WaitForUrlAsync(phone, "**/Deputy/Suggestions/Details/**");

        var number = (await phone.TextContentAsync("[data-testid=suggestion-number]"))!.Trim();
        Assert.Matches(@"^\d{4}-.+-第\d{4}号$", number);
        Assert.Contains(number, await phone.TextContentAsync(".alert-success"), StringComparison.Ordinal);
        Assert.Equal("待审核", (await phone.TextContentAsync("[data-testid=suggestion-state]"))!.Trim());
        await Chromium.ScreenshotAsync(phone, "deputy-suggestion-3-filed-phone.png");

        var id = int.Parse(DetailsId().Match(phone.Url).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var sources = await database.QueryAsync(db => db.SuggestionSources.Where(s => s.SuggestionId == id).Select(s => s.Opinion.TrackingCode).OrderBy(c => c).ToListAsync());
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), sources);

        await phone.GotoAsync(Url("/Deputy/Suggestions"));
        Assert.Contains(number, await phone.TextContentAsync($"tr[data-id='{id}']"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(phone, "deputy-suggestion-4-list-phone.png");
        await phone.GotoAsync(Url($"/Deputy/Opinions/Details/{first}"));
        Assert.Contains(number, await phone.TextContentAsync("[data-testid=case-suggestions]"), StringComparison.Ordinal);

        var desktop = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        await desktop.GotoAsync(Url("/Account/Login"));
        await desktop.FillAsync("#Input_Email", "deputy@liaison.demo");
        await desktop.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await desktop.ClickAsync("#login-form button[type=submit]");
        await Chromium.WaitForUrlAsync(desktop, url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        await desktop.GotoAsync(Url("/Deputy/Suggestions"));
        await Chromium.ScreenshotAsync(desktop, "deputy-suggestion-5-list-desktop.png");
        await desktop.GotoAsync(Url($"/Deputy/Suggestions/Details/{id}"));
        await Chromium.ScreenshotAsync(desktop, "deputy-suggestion-6-details-desktop.png");
        await desktop.GotoAsync(Url($"/Deputy/Suggestions/Edit?from={first}"));
        await Chromium.ScreenshotAsync(desktop, "deputy-suggestion-7-edit-desktop.png");

        // Handled and replied: the lead deputy reads the reply and the contact on the phone and rates it.
        await MoveAsync(c => c.AcceptAsync(Office, id, null, null));
        await MoveAsync(c => c.AssignAsync(Office, id, new AssignInput("U990102-01", ["U990102-02"]), null));
        var unit = await UnitActorAsync("U990102-01");
        var today = await database.WithScopeAsync(s => Task.FromResult(ChinaTime.Today(s.GetRequiredService<TimeProvider>())));
        await MoveAsync(c => c.ContactAsync(unit, id, new ContactInput(ContactStage.Before, ContactMode.SiteVisit, today, "与代表一起到北门实地察看路灯线路。")));
        await MoveAsync(c => c.ReplyAsync(unit, id, new ReplyInput("已更换北门一带 12 盏路灯并纳入日常巡查。", AnswerResult.Solved), null));
        await phone.GotoAsync(Url($"/Deputy/Suggestions/Details/{id}"));
        await phone.CheckAsync("#rating-Satisfied");
        await Chromium.ScreenshotAsync(phone, "deputy-suggestion-8-evaluate-phone.png");
        await phone.ClickAsync("#evaluate-form button[type=submit]");
        await phone.WaitForSelectorAsync("[data-testid=ratings]");
        Assert.Equal("已办结", (await phone.TextContentAsync("[data-testid=suggestion-state]"))!.Trim());
    }

    private static readonly CaseActor Office = new(StaffScope.Everything, WorkflowActor.Office, null, "东湖区代表工委");

    [GeneratedRegex(@"/Deputy/Suggestions/Details/(\d+)")]
    private static partial Regex DetailsId();

    private async Task MoveAsync(Func<SuggestionCases, Task<EditResult>> move)
    {
        var result = await database.WithScopeAsync(s => move(s.GetRequiredService<SuggestionCases>()));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
    }

    private async Task<CaseActor> UnitActorAsync(string unitCode)
    {
        var id = await database.QueryAsync(db => db.HandlingUnits.Where(u => u.Code == unitCode).Select(u => u.Id).SingleAsync());
        return new CaseActor(StaffScope.ForUnit(id), WorkflowActor.Unit, null, unitCode);
    }

    private Task<string> OpinionAsync(string title, string phone) => database.WithScopeAsync(async services =>
    {
        var result = await services.GetRequiredService<OpinionIntake>().SubmitAsync(
            AddressKind.Deputy, "D0004", new OpinionSubmission(title, "这是一条写给王建华代表的群众意见，内容足够长。", null, null, phone, true, false, []));
        Assert.True(result.Succeeded);
        return result.TrackingCode!;
    });
}
