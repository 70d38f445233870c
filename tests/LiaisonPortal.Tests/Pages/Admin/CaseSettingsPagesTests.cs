using System.Net;
using LiaisonPortal.Tests.Infrastructure;

namespace LiaisonPortal.Tests.Pages.Admin;

/// <summary>办理时限, 答复模板 and 分类规则 through their real forms.</summary>
public class CaseSettingsPagesTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData("/Admin/Deadlines")]
    [InlineData("/Admin/Templates")]
    [InlineData("/Admin/Templates/Edit")]
    [InlineData("/Admin/ClassificationRules")]
    public async Task OnlyAdministratorsMayOpenTheSettingsPagesOthersAreSentToAccessDenied(string url)
    {
        using var office = portal.Factory.CreateBrowserLikeClient();
        await office.SignInAsync("office@liaison.demo");
        using var response = await office.GetAsync(url);
        // The house answer to a role the area's policy refuses: the access-denied page (403 for a browser that follows).
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var admin = portal.Factory.CreateBrowserLikeClient();
        await admin.SignInAsync("admin@liaison.demo");
        using var allowed = await admin.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task ADeadlineOutOfRangeComesBackWithTheMessageNextToItsField()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin@liaison.demo");

        using var refused = await client.SubmitFormAsync("/Admin/Deadlines", "#rule-Urgent", new Dictionary<string, string> { ["answerDays"] = "500" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await HtmlForms.ParseAsync(refused);
        var field = page.QuerySelector("#Input\\.Urgent_AnswerDays") ?? page.GetElementById("Input.Urgent_AnswerDays");
        Assert.NotNull(field);
        Assert.Equal("500", field!.GetAttribute("value"));
        Assert.Contains("1 到 120", field.ParentElement!.TextContent, StringComparison.Ordinal);

        using var saved = await client.SubmitFormAsync("/Admin/Deadlines", "#rule-Urgent", new Dictionary<string, string> { ["answerDays"] = "6" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await client.GetDocumentAsync("/Admin/Deadlines");
        Assert.Equal("6", after.GetElementById("Input.Urgent_AnswerDays")!.GetAttribute("value"));
    }

    [Fact]
    public async Task ATemplateIsPreviewedWithTheExampleCaseAndItsErrorsSitNextToTheFields()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin@liaison.demo");

        using var preview = await client.SubmitFormAsync("/Admin/Templates/Edit", "#template-form",
            new Dictionary<string, string> { ["Input.Body"] = "您反映的“{标题}”已交{承办单位}办理。" }, action: "/Admin/Templates/Edit?handler=Preview");
        var previewPage = await HtmlForms.ParseAsync(preview);
        Assert.Equal("您反映的“小区门口路灯不亮”已交东湖区住房和城乡建设局办理。", previewPage.QuerySelector("[data-testid=preview]")!.TextContent.Trim());

        using var refused = await client.SubmitFormAsync("/Admin/Templates/Edit", "#template-form",
            new Dictionary<string, string> { ["Input.Name"] = "", ["Input.Body"] = "您好 {姓名}" });
        var page = await HtmlForms.ParseAsync(refused);
        Assert.Contains("请填写模板名称", page.QuerySelector("[data-valmsg-for='Input.Name']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("{姓名}", page.QuerySelector("[data-valmsg-for='Input.Body']")!.TextContent, StringComparison.Ordinal);

        using var created = await client.SubmitFormAsync("/Admin/Templates/Edit", "#template-form",
            new Dictionary<string, string> { ["Input.Name"] = "通用答复", ["Input.Body"] = "查询码 {查询码} 的意见已办理。" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var list = await client.GetDocumentAsync("/Admin/Templates");
        Assert.Contains("通用答复", list.QuerySelector("[data-testid=templates]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClassificationRuleIsAddedEditedAndDeletedAfterConfirmation()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin@liaison.demo");

        using var missing = await client.SubmitFormAsync("/Admin/ClassificationRules", "#rule-form", new Dictionary<string, string> { ["Input.Keyword"] = "井盖" });
        var refused = await HtmlForms.ParseAsync(missing);
        Assert.Contains("请选择一个在用的分类", refused.QuerySelector("[data-valmsg-for='Input.CategoryCode']")?.TextContent ?? refused.Body!.TextContent, StringComparison.Ordinal);

        using var added = await client.SubmitFormAsync("/Admin/ClassificationRules", "#rule-form",
            new Dictionary<string, string> { ["Input.Keyword"] = "井盖", ["Input.CategoryCode"] = "CJ", ["Input.Grade"] = "Urgent" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var list = await client.GetDocumentAsync("/Admin/ClassificationRules");
        var edit = list.QuerySelectorAll("[data-testid=rules] tr").Single(r => r.TextContent.Contains("井盖", StringComparison.Ordinal)).QuerySelector("a")!.GetAttribute("href")!;

        using var changed = await client.SubmitFormAsync(edit, "#rule-form", new Dictionary<string, string> { ["Input.Keyword"] = "窨井盖" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Contains("窨井盖", (await client.GetDocumentAsync("/Admin/ClassificationRules")).Body!.TextContent, StringComparison.Ordinal);

        using var deleted = await client.SubmitFormAsync(edit, "#delete-form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.DoesNotContain("窨井盖", (await client.GetDocumentAsync("/Admin/ClassificationRules")).Body!.TextContent, StringComparison.Ordinal);
    }
}
