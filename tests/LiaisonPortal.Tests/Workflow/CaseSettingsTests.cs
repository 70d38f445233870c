using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Workflow;

/// <summary>The settings admins edit and the helpers the case pages call: suggestion, template filling, duplicates.</summary>
public class CaseSettingsTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [Fact]
    public async Task TheSuggestionComesFromTheLongestMatchingActiveKeyword()
    {
        await SettingsAsync(s => s.CreateClassificationRuleAsync(new ClassificationRuleInput("电梯", "WY", null)));
        await SettingsAsync(s => s.CreateClassificationRuleAsync(new ClassificationRuleInput("加装电梯", "JT", Grade.Important)));
        await SettingsAsync(s => s.CreateClassificationRuleAsync(new ClassificationRuleInput("加装电梯补贴", "SB", Grade.Urgent, IsActive: false)));

        var suggestion = await database.WithScopeAsync(s => s.GetRequiredService<CaseSettings>().SuggestAsync("老小区想加装电梯", "加装电梯补贴怎么申请"));
        var shorter = await database.WithScopeAsync(s => s.GetRequiredService<CaseSettings>().SuggestAsync("电梯坏了", "小区电梯经常停运"));
        var none = await database.WithScopeAsync(s => s.GetRequiredService<CaseSettings>().SuggestAsync("路面积水", "下雨后路面积水严重"));

        Assert.Equal(new ClassificationSuggestion("JT", "交通", Grade.Important, "加装电梯"), suggestion);
        Assert.Equal("WY", shorter?.CategoryCode);
        Assert.Null(shorter?.Grade);
        Assert.Null(none);
    }

    [Fact]
    public async Task ARuleWithATakenKeywordOrNoCategoryIsRefusedFieldByField()
    {
        await SettingsAsync(s => s.CreateClassificationRuleAsync(new ClassificationRuleInput("噪音", "HB", null)));

        var taken = await SettingsAsync(s => s.CreateClassificationRuleAsync(new ClassificationRuleInput(" 噪音 ", "HB", null)));
        var noCategory = await SettingsAsync(s => s.CreateClassificationRuleAsync(new ClassificationRuleInput("广场舞", null, null)));

        Assert.Equal(EditOutcome.Invalid, taken.Outcome);
        Assert.Equal("Keyword", Assert.Single(taken.Errors).Field);
        Assert.Equal("CategoryCode", Assert.Single(noCategory.Errors).Field);
    }

    [Fact]
    public async Task DeadlineNumbersOutsideTheAllowedRangeAreRefusedAndValidOnesAreUsedForNewAssignments()
    {
        var refused = await SettingsAsync(s => s.UpdateDeadlineRuleAsync(Grade.Important, -1, 3, 0));
        Assert.Equal(["ForwardDays", "AnswerDays"], refused.Errors.Select(e => e.Field));

        Assert.True((await SettingsAsync(s => s.UpdateDeadlineRuleAsync(Grade.Important, 1, 2, 3))).Succeeded);
        var rules = await database.WithScopeAsync(s => s.GetRequiredService<CaseSettings>().DeadlineRulesAsync());
        Assert.Equal(new DeadlineRuleRow(Grade.Important, 1, 2, 3), rules.Single(r => r.Grade == Grade.Important));
        // Mon 2026-03-02 + 5 working days = Mon 2026-03-09.
        Assert.Equal(new DateOnly(2026, 3, 9), await database.WithScopeAsync(s => s.GetRequiredService<OpinionCases>().AnswerDueAsync(Grade.Important, new DateOnly(2026, 3, 2))));
    }

    [Fact]
    public async Task ATemplateIsFilledWithTheCasesFactsAndAnUnknownPlaceholderIsRefused()
    {
        var refused = await SettingsAsync(s => s.CreateTemplateAsync(new TemplateInput(TemplateKind.Feedback, null, "通用反馈", "您好，{姓名}")));
        Assert.Equal("Body", Assert.Single(refused.Errors).Field);

        var created = await SettingsAsync(s => s.CreateTemplateAsync(new TemplateInput(TemplateKind.Feedback, "CJ", "城建反馈", "您于{收到日期}反映的“{标题}”（查询码 {查询码}）已由{承办单位}办理。")));
        Assert.True(created.Succeeded);
        var offered = await database.WithScopeAsync(s => s.GetRequiredService<CaseSettings>().TemplatesForAsync(TemplateKind.Feedback, "CJ"));
        var template = Assert.Single(offered, t => t.Name == "城建反馈");

        var filled = CaseSettings.FillTemplate(template.Body, new TemplateFacts("ABCDEFGHJK", "路灯不亮", new DateOnly(2026, 9, 30), "东湖区住房和城乡建设局"));
        Assert.Equal("您于2026年9月30日反映的“路灯不亮”（查询码 ABCDE-FGHJK）已由东湖区住房和城乡建设局办理。", filled);

        Assert.True((await SettingsAsync(s => s.SetTemplateActiveAsync(int.Parse(created.Code!, System.Globalization.CultureInfo.InvariantCulture), false))).Succeeded);
        Assert.DoesNotContain(await database.WithScopeAsync(s => s.GetRequiredService<CaseSettings>().TemplatesForAsync(TemplateKind.Feedback, "CJ")), t => t.Name == "城建反馈");
    }

    [Fact]
    public async Task LikelyDuplicatesAreRecentSimilarCasesAtTheSameStation()
    {
        var other = await database.QueryAsync(db => db.Stations.Where(s => s.IsActive && s.Code != "990102001-01").Select(s => s.Code).FirstAsync());
        var subject = await SubmitAsync("990102001-01", "湖滨路路灯不亮", "湖滨路三号楼门口的路灯已经坏了两个星期，晚上走路很不安全。");
        var similar = await SubmitAsync("990102001-01", "路灯坏了", "湖滨路三号楼门口路灯坏了两个星期了，晚上很黑走路不安全。");
        var unrelated = await SubmitAsync("990102001-01", "学校门口拥堵", "每天放学时学校门口车辆拥堵严重，希望增加交警疏导。");
        var elsewhere = await SubmitAsync(other, "湖滨路路灯不亮", "湖滨路三号楼门口的路灯已经坏了两个星期，晚上走路很不安全。");

        var found = await database.WithScopeAsync(s => s.GetRequiredService<DuplicateFinder>().LikelyDuplicatesAsync(StaffScope.Everything, subject));

        Assert.Contains(found, c => c.Code == similar && c.Similarity is > 0.3 and < 1);
        Assert.DoesNotContain(found, c => c.Code == unrelated || c.Code == elsewhere || c.Code == subject);
        Assert.True(found.Count <= DuplicateFinder.MaxResults);
        var outside = await database.QueryAsync(db => db.HandlingUnits.Where(u => u.Code == "U990102-02").Select(u => u.Id).SingleAsync());
        Assert.Empty(await database.WithScopeAsync(s => s.GetRequiredService<DuplicateFinder>().LikelyDuplicatesAsync(StaffScope.ForUnit(outside), subject)));
    }

    private Task<EditResult> SettingsAsync(Func<CaseSettings, Task<EditResult>> change) =>
        database.WithScopeAsync(s => change(s.GetRequiredService<CaseSettings>()));

    private Task<string> SubmitAsync(string station, string title, string content) => database.WithScopeAsync(async services =>
    {
        var result = await services.GetRequiredService<OpinionIntake>().SubmitAsync(AddressKind.Station, station,
            new OpinionSubmission(title, content, null, null, null, false, false, []));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        return result.TrackingCode!;
    });
}
