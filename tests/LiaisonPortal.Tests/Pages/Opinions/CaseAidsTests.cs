using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Pages.Opinions;

/// <summary>The case page's helpers: the keyword rule's suggestion, likely duplicates a click from merging, reply templates.</summary>
public class CaseAidsTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static readonly CaseActor Office = new(StaffScope.Everything, WorkflowActor.Office, null, "东湖区代表工委");

    [Fact]
    public async Task TheClassifyFormStartsFromTheRulesSuggestionAndListsLikelyDuplicatesToMergeInto()
    {
        await portal.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<ApplicationDbContext>();
            var category = await db.Categories.SingleAsync(c => c.Code == "HB");
            db.ClassificationRules.Add(new ClassificationRule("噪音", category.Id, Grade.Important));
            return await db.SaveChangesAsync();
        });
        var first = await SubmitAsync("广场舞噪音扰民", "每天晚上九点以后广场舞音响噪音很大，影响休息。");
        var second = await SubmitAsync("广场舞噪音太大", "每天晚上九点以后广场舞的音响噪音很大，老人孩子无法休息。");
        using var office = portal.Factory.CreateBrowserLikeClient();
        await office.SignInAsync("office@liaison.demo");

        var page = await office.GetDocumentAsync($"/Manage/Opinions/Details/{second}");

        Assert.Contains("噪音", page.QuerySelector("[data-testid=classify-suggestion]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("HB", page.QuerySelector("#classify-form select[name='Classify.CategoryCode'] option[selected]")!.GetAttribute("value"));
        var merge = page.QuerySelector($"[data-testid=likely-duplicates] a[href='?mergeInto={first}#merge-form']");
        Assert.NotNull(merge);

        var prefilled = await office.GetDocumentAsync($"/Manage/Opinions/Details/{second}?mergeInto={first}");
        Assert.Equal(first, prefilled.QuerySelector("#merge-form input[name='Merge.IntoCode']")!.GetAttribute("value"));
    }

    [Fact]
    public async Task FeedbackCanStartFromATemplateWithTheCasesFactsFilledIn()
    {
        await portal.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<ApplicationDbContext>();
            db.ReplyTemplates.Add(new ReplyTemplate(TemplateKind.Feedback, null, "通用反馈", "您于{收到日期}反映的“{标题}”（查询码 {查询码}）已由{承办单位}办理。"));
            return await db.SaveChangesAsync();
        });
        var code = await SubmitAsync("楼道堆放杂物", "三号楼楼道里长期堆放杂物，存在消防隐患，希望清理。");
        await MoveAsync(c => c.ClassifyAsync(Office, code, "CJ", Grade.Normal, null));
        await MoveAsync(c => c.AssignAsync(Office, code, new AssignInput("U990102-01", null), null));
        var unitId = await portal.QueryAsync(db => db.HandlingUnits.Where(u => u.Code == "U990102-01").Select(u => u.Id).SingleAsync());
        await MoveAsync(c => c.AnswerAsync(new CaseActor(StaffScope.ForUnit(unitId), WorkflowActor.Unit, null, "住建局"), code, new AnswerInput("已清理", AnswerResult.Solved, true), null));
        using var office = portal.Factory.CreateBrowserLikeClient();
        await office.SignInAsync("office@liaison.demo");

        var page = await office.GetDocumentAsync($"/Manage/Opinions/Details/{code}");
        var link = page.QuerySelector("[data-testid=reply-templates] a")!.GetAttribute("href")!;
        var filled = await office.GetDocumentAsync($"/Manage/Opinions/Details/{code}{link[..link.IndexOf('#', StringComparison.Ordinal)]}");

        var message = filled.QuerySelector("#feedback-form textarea[name='Feedback.Message']")!.TextContent.Trim();
        Assert.Contains("“楼道堆放杂物”", message, StringComparison.Ordinal);
        Assert.Contains(Core.Citizens.TrackingCodes.Display(code), message, StringComparison.Ordinal);
        Assert.Contains("东湖区住房和城乡建设局", message, StringComparison.Ordinal);
        Assert.DoesNotContain("{", message, StringComparison.Ordinal);
    }

    private Task<Core.Management.EditResult> MoveAsync(Func<OpinionCases, Task<Core.Management.EditResult>> move) =>
        portal.WithScopeAsync(services => move(services.GetRequiredService<OpinionCases>()));

    private Task<string> SubmitAsync(string title, string content) => portal.WithScopeAsync(async services =>
        (await services.GetRequiredService<OpinionIntake>().SubmitAsync(AddressKind.Station, "990102001-01",
            new OpinionSubmission(title, content, null, null, null, false, false, []))).TrackingCode!);
}

/// <summary>接待登记 through the staff page: the code to hand over, and a mistake re-shown with everything typed.</summary>
public class RegisterPageTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task AStationRegistersAWalkInAndGetsTheCodeToHandOver()
    {
        using var station = portal.Factory.CreateBrowserLikeClient();
        await station.SignInAsync("station@liaison.demo");

        using var response = await station.SubmitFormAsync("/Manage/Opinions/Register", "#register-form", new Dictionary<string, string>
        {
            ["Input.Channel"] = nameof(OpinionChannel.WalkIn),
            ["Input.StationCode"] = "990102001-01",
            ["Input.Title"] = "来访：小区停车难",
            ["Input.Content"] = "居民来站反映小区车位不足，晚上车辆乱停，消防通道被占。",
            ["Input.Name"] = "张先生",
        });

        var page = await HtmlForms.ParseAsync(response);
        var shown = page.QuerySelector("[data-testid=registered]")!.TextContent;
        var saved = await portal.QueryAsync(db => db.Opinions.Include(o => o.Events).SingleAsync(o => o.Title == "来访：小区停车难"));
        Assert.Contains(Core.Citizens.TrackingCodes.Display(saved.TrackingCode), shown, StringComparison.Ordinal);
        Assert.Equal(OpinionChannel.WalkIn, saved.Channel);
        Assert.NotNull(saved.SecretHash);
        Assert.Equal((await portal.FindUserAsync("station@liaison.demo"))!.DisplayName, saved.Events.Single().ActorName);
    }

    [Fact]
    public async Task ADeputyOutsideTheScopeComesBackNextToItsFieldWithTheTextKept()
    {
        using var station = portal.Factory.CreateBrowserLikeClient();
        await station.SignInAsync("station@liaison.demo");
        const string content = "代表走访时群众反映，村口道路坑洼，雨天出行困难。";

        using var response = await station.SubmitFormAsync("/Manage/Opinions/Register", "#register-form", new Dictionary<string, string>
        {
            ["Input.Channel"] = nameof(OpinionChannel.DeputyVisit),
            ["Input.DeputyCode"] = "NOSUCH",
            ["Input.Title"] = "村口道路",
            ["Input.Content"] = content,
        });

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("不在您的管理范围内", page.QuerySelector("[data-valmsg-for='Input.DeputyCode']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(content, page.QuerySelector("#Input_Content")!.TextContent.Trim());
    }
}
