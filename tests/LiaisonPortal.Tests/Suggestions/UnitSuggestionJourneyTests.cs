using System.Globalization;
using LiaisonPortal.Core.Accounts;
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

/// <summary>The lead unit in chromium, on a phone and a desktop: the inbox, a contact with the deputy, a graded reply.</summary>
public class UnitSuggestionJourneyTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private static readonly CaseActor Office = new(StaffScope.Everything, WorkflowActor.Office, null, "东湖区代表工委");

    [BrowserFact]
    public async Task TheLeadUnitRecordsAContactAndRepliesFromItsInbox()
    {
        var id = await AssignedAsync("关于加快老旧小区加装电梯的建议", key: "李主任");
        var co = await database.QueryAsync(db => db.HandlingUnits.Where(u => u.Code == "U990102-02").Select(u => u.Id).SingleAsync());
        Assert.True((await CasesAsync(c => c.ViewAsync(new CaseActor(StaffScope.ForUnit(co), WorkflowActor.Unit, null, "生态环境局"), id, "同意纳入明年补贴计划，本单位负责环境评估。"))).Succeeded);
        await AssignedAsync("关于增设社区公交微循环线路的建议");
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        string Url(string path) => new Uri(portal.Address, path).ToString();

        var phone = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        await SignInAsync(phone, portal);
        await phone.GotoAsync(Url("/Unit/Suggestions"));
        await Chromium.ScreenshotAsync(phone, "suggestion-unit-inbox-phone.png");
        await phone.GotoAsync(Url($"/Unit/Suggestions/Details/{id}"));
        await Chromium.ScreenshotAsync(phone, "suggestion-unit-details-phone.png");

        var desktop = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        await SignInAsync(desktop, portal);
        await desktop.GotoAsync(Url("/Unit/Suggestions"));
        await Chromium.ScreenshotAsync(desktop, "suggestion-unit-inbox-desktop.png");
        await desktop.ClickAsync($"tr[data-id='{id}'] td a");
        await Chromium.WaitForUrlAsync(desktop, $"**/Unit/Suggestions/Details/{id}");
        await desktop.SelectOptionAsync("#Contact_Stage", nameof(ContactStage.Before));
        await desktop.SelectOptionAsync("#Contact_Mode", nameof(ContactMode.Visit));
        await desktop.FillAsync("#Contact_Note", "到代表所在社区当面听取意见，商定先试点两个小区。");
        await desktop.ClickAsync("#contact-form button[type=submit]");
        await desktop.WaitForSelectorAsync("[data-testid=contacts] li");
        await desktop.FillAsync("#Reply_Content", "已会同街道制定加装电梯计划，明年上半年完成两个试点小区。");
        await desktop.CheckAsync("#grade-B");
        await desktop.ClickAsync("#reply-form button[type=submit]");
        await desktop.WaitForSelectorAsync("[data-valmsg-for='Reply.PlannedOn']:has-text('计划解决的日期')");
        await Chromium.ScreenshotAsync(desktop, "suggestion-unit-details-error-desktop.png");
        Assert.Equal("已会同街道制定加装电梯计划，明年上半年完成两个试点小区。", await desktop.InputValueAsync("#Reply_Content"));
        await desktop.FillAsync("#Reply_PlannedOn", DateTime.UtcNow.AddMonths(6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await desktop.ClickAsync("#reply-form button[type=submit]");
        await desktop.WaitForSelectorAsync("[data-grade='B']");
        await Chromium.ScreenshotAsync(desktop, "suggestion-unit-details-replied-desktop.png");
        Assert.Equal(SuggestionState.Replied, await database.QueryAsync(db => db.Suggestions.Where(s => s.Id == id).Select(s => s.State).SingleAsync()));
    }

    private static async Task SignInAsync(IPage page, KestrelPortal portal)
    {
        await page.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
        await page.FillAsync("#Input_Email", "unit@liaison.demo");
        await page.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await page.ClickAsync("#login-form button[type=submit]");
        await Chromium.WaitForUrlAsync(page, url => !url.Contains("/Account/Login", StringComparison.Ordinal));
    }

    private async Task<int> AssignedAsync(string title, string? key = null)
    {
        var deputyId = await database.QueryAsync(db => db.Deputies.Where(d => d.Code == "D0004").Select(d => d.Id).SingleAsync());
        var deputy = new CaseActor(StaffScope.ForDeputy(deputyId), WorkflowActor.Deputy, null, "王建华");
        var filed = await CasesAsync(c => c.SaveAsync(deputy, null, new SuggestionInput(title, title + "：老旧小区居民多为老年人，上下楼困难，建议简化审批、加大补贴。", "CJ", ["D0005"]), [], submit: true, null));
        Assert.True(filed.Succeeded, string.Join(" ", filed.Errors.Select(e => e.Message)));
        var id = int.Parse(filed.Code!, CultureInfo.InvariantCulture);
        Assert.True((await CasesAsync(c => c.AcceptAsync(Office, id, null, null))).Succeeded);
        if (key is not null)
        {
            Assert.True((await CasesAsync(c => c.SuperviseAsync(Office, id, true, key, null))).Succeeded);
        }

        Assert.True((await CasesAsync(c => c.AssignAsync(Office, id, new AssignInput("U990102-01", ["U990102-02"]), null))).Succeeded);
        return id;
    }

    private Task<EditResult> CasesAsync(Func<SuggestionCases, Task<EditResult>> move) =>
        database.WithScopeAsync(services => move(services.GetRequiredService<SuggestionCases>()));
}
