using System.Globalization;
using System.Net;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Tests.Api;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Suggestions;

/// <summary>
/// Deputies' suggestions over the JSON API only, on the demo district: the done-when path from filing to a satisfied
/// second reply, who may see and do what, and the error conventions shared with the opinion API.
/// </summary>
public class UnitSuggestionApiTests(PortalFixture portal) : IClassFixture<PortalFixture>, IAsyncLifetime
{
    private const string Password = "Suggest-Unit-2026";
    private const string CoUnitEmail = "co-unit@suggestion.test";
    private const string OtherDeputyEmail = "other-deputy@suggestion.test";
    private static readonly string[] CoUnits = ["U990102-02"];

    public async Task InitializeAsync()
    {
        if (await portal.FindUserAsync(CoUnitEmail) is null)
        {
            await portal.CreateUserAsync(new NewStaffAccount(CoUnitEmail, Password, Roles.UnitStaff, UnitCode: "U990102-02", DisplayName: "生态环境局联络员"));
            await portal.CreateUserAsync(new NewStaffAccount(OtherDeputyEmail, Password, Roles.Deputy, DeputyCode: "D0005", DisplayName: "孙丽"));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ASuggestionGoesFromFilingThroughUnsatisfiedToASatisfiedSecondReplyOverTheApi()
    {
        using var deputy = await SignInAsync("deputy@liaison.demo");
        using var office = await SignInAsync("office@liaison.demo");
        using var lead = await SignInAsync("unit@liaison.demo");
        using var co = await SignInAsync(CoUnitEmail, Password);
        var today = await TodayAsync();

        var filed = await deputy.PostAsync("/api/v1/suggestions", new
        {
            title = "关于加快老旧小区加装电梯的建议", content = "老旧小区居民多为老年人，上下楼困难，建议简化审批、加大补贴，加快加装电梯进度。", categoryCode = "CJ", submit = true,
        });
        Assert.True(filed.Status == HttpStatusCode.Created, $"{(int)filed.Status}: {filed.Body}");
        var number = filed.Get("number")!;
        Assert.StartsWith($"{today.Year}-", number, StringComparison.Ordinal);
        Assert.Equal("submitted", filed.Get("state"));
        var path = "/api/v1/suggestions/" + Uri.EscapeDataString(number);

        Assert.Equal("accepted", (await Ok(office.PostAsync($"{path}/review", new { decision = "accept", note = "符合立案要求" }))).Get("state"));
        Assert.Equal("assigned", (await Ok(office.PostAsync($"{path}/assign", new { leadUnitCode = "U990102-01", coUnitCodes = CoUnits }))).Get("state"));
        await Ok(co.PostAsync($"{path}/views", new { view = "协办意见：同意纳入明年的加装电梯补贴计划。" }));

        var coReply = await co.PostAsync($"{path}/reply", new { content = "协办单位想直接答复", grade = "A" });
        AssertProblem(coReply, HttpStatusCode.Forbidden);
        Assert.Contains("只有主办单位可以答复", coReply.Get("detail"), StringComparison.Ordinal);

        var noContact = await lead.PostAsync($"{path}/reply", new { content = "已列入计划。", grade = "B", plannedOn = Day(today.AddMonths(6)) });
        AssertProblem(noContact, HttpStatusCode.BadRequest);
        Assert.Contains("沟通", noContact.Get("detail"), StringComparison.Ordinal);

        await Ok(lead.PostAsync($"{path}/contact", new { stage = "before", mode = "visit", on = Day(today), note = "到代表单位当面沟通办理思路。" }));
        Assert.Equal("replied", (await Ok(lead.PostAsync($"{path}/reply", new { content = "已列入明年计划。", grade = "B", plannedOn = Day(today.AddMonths(6)) }))).Get("state"));
        var rehandled = await Ok(deputy.PostAsync($"{path}/evaluate", new { rating = "unsatisfied", comment = "进度太慢" }));
        Assert.Equal("assigned", rehandled.Get("state"));
        Assert.Equal("2", rehandled.Get("round"));

        await Ok(lead.PostAsync($"{path}/contact", new { stage = "during", mode = "phone", on = Day(today), note = "电话沟通二次办理方案。" }));
        await Ok(lead.PostAsync($"{path}/reply", new { content = "已全部完成。", grade = "A" }));
        Assert.Equal("closed", (await Ok(deputy.PostAsync($"{path}/evaluate", new { rating = "satisfied" }))).Get("state"));

        var detail = await Ok(office.GetAsync(path));
        Assert.Equal("closed", detail.Get("state"));
        Assert.Equal("2", detail.Get("round"));
        Assert.Equal(number, detail.Get("number"));
        Assert.Equal(detail.Get("version"), detail.ETag?.Trim('"'));
        Assert.Equal(["unsatisfied", "satisfied"], detail.Body.GetProperty("ratings").EnumerateArray().Select(r => r.GetProperty("rating").GetString()));
        Assert.Equal(
            ["submit", "accept", "assign", "view", "contact", "reply", "rehandle", "contact", "reply", "evaluate"],
            detail.Body.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        var units = detail.Body.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal(4, units.Count);
        Assert.Equal(["B", "A"], units.Where(u => u.GetProperty("lead").GetBoolean()).Select(u => u.GetProperty("grade").GetString()));
        Assert.Equal(["before", "during"], detail.Body.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("stage").GetString()));

        var mine = await Ok(deputy.GetAsync("/api/v1/suggestions?state=closed"));
        Assert.Contains(mine.Body.GetProperty("items").EnumerateArray(), i => i.GetProperty("number").GetString() == number && i.GetProperty("grade").GetString() == "A");
    }

    [Fact]
    public async Task AnotherDeputyCannotSeeADraftOrAFiledSuggestionOfTheFirstDeputy()
    {
        using var deputy = await SignInAsync("deputy@liaison.demo");
        using var other = await SignInAsync(OtherDeputyEmail, Password);
        using var unit = await SignInAsync("unit@liaison.demo");

        var draft = await deputy.PostAsync("/api/v1/suggestions", new { title = "草稿：关于社区食堂的建议", content = "还没写完" });
        Assert.True(draft.Status == HttpStatusCode.Created, $"{(int)draft.Status}: {draft.Body}");
        Assert.Equal("draft", draft.Get("state"));
        Assert.Null(draft.Get("number"));
        var id = draft.Get("id")!;
        var filed = await FileAsync(deputy, "关于增设社区公交微循环线路的建议");

        Assert.Equal("draft", (await Ok(deputy.GetAsync($"/api/v1/suggestions/{id}"))).Get("state"));
        AssertProblem(await other.GetAsync($"/api/v1/suggestions/{id}"), HttpStatusCode.NotFound);
        AssertProblem(await unit.GetAsync($"/api/v1/suggestions/{id}"), HttpStatusCode.NotFound);
        AssertProblem(await other.GetAsync("/api/v1/suggestions/" + Uri.EscapeDataString(filed)), HttpStatusCode.NotFound);
        AssertProblem(await other.PostAsync($"/api/v1/suggestions/{id}/evaluate", new { rating = "satisfied" }), HttpStatusCode.NotFound);
        var list = await Ok(other.GetAsync("/api/v1/suggestions?size=100"));
        Assert.DoesNotContain(list.Body.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").ToString() == id || i.GetProperty("number").ToString() == filed);
        var own = await Ok(deputy.GetAsync("/api/v1/suggestions?size=100"));
        Assert.Contains(own.Body.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").ToString() == id);
    }

    [Fact]
    public async Task AStaleVersionIsAConflictAndBadInputNamesTheFields()
    {
        using var deputy = await SignInAsync("deputy@liaison.demo");
        using var office = await SignInAsync("office@liaison.demo");
        var number = await FileAsync(deputy, "关于规范共享单车停放的建议");
        var path = "/api/v1/suggestions/" + Uri.EscapeDataString(number);
        var read = await Ok(office.GetAsync(path));
        var version = uint.Parse(read.Get("version")!, CultureInfo.InvariantCulture);

        await Ok(office.PostAsync($"{path}/supervise", new { isKey = true, leader = "李主任", note = "列为重点" }));
        var stale = await office.PostAsync($"{path}/review", new { decision = "accept", version });
        AssertProblem(stale, HttpStatusCode.Conflict);
        Assert.Contains("刚被其他人处理过", stale.Get("detail"), StringComparison.Ordinal);
        var staleByHeader = await office.PostAsync($"{path}/review", new { decision = "accept" }, ifMatch: read.ETag);
        AssertProblem(staleByHeader, HttpStatusCode.Conflict);
        var fresh = await Ok(office.GetAsync(path));
        Assert.Equal("李主任", fresh.Get("keyLeader"));
        Assert.Equal("accepted", (await Ok(office.PostAsync($"{path}/review", new { decision = "accept", version = uint.Parse(fresh.Get("version")!, CultureInfo.InvariantCulture) }))).Get("state"));

        var bad = await deputy.PostAsync("/api/v1/suggestions", new { title = "", content = "太短", submit = true });
        Assert.Equal(["categoryCode", "content", "title"], Fields(bad).Order(StringComparer.Ordinal));
        Assert.Equal(["decision"], Fields(await office.PostAsync($"{path}/review", new { decision = "maybe" })));
        Assert.Equal(["leadUnitCode"], Fields(await office.PostAsync($"{path}/assign", new { leadUnitCode = "NOPE" })));
        Assert.Equal(["coUnitCodes"], Fields(await office.PostRawAsync($"{path}/assign", """{"leadUnitCode":"U990102-01","coUnitCodes":"U990102-02"}""")));
        Assert.Equal(["state"], Fields(await office.GetAsync("/api/v1/suggestions?state=lost")));
        Assert.Equal(["size"], Fields(await office.GetAsync("/api/v1/suggestions?size=1000")));
        Assert.Equal(["body"], Fields(await office.SendAsync(HttpMethod.Post, $"{path}/review", new StringContent("decision=accept"))));
        AssertProblem(await office.PostAsync("/api/v1/suggestions", new { title = "人大工作人员不能提建议", content = "人大工作人员不能以代表身份提交建议，应当被拒绝。", categoryCode = "CJ", submit = true }), HttpStatusCode.Forbidden);
        AssertProblem(await deputy.PostAsync($"{path}/review", new { decision = "accept" }), HttpStatusCode.Conflict);
        AssertProblem(await office.GetAsync("/api/v1/suggestions/" + Uri.EscapeDataString("2026-闭会期间-第9999号")), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheListFiltersByKeyOverdueAndUnitAndPagesWithAfter()
    {
        using var deputy = await SignInAsync("deputy@liaison.demo");
        using var office = await SignInAsync("office@liaison.demo");
        using var unit = await SignInAsync("unit@liaison.demo");
        var key = await FileAsync(deputy, "关于建设口袋公园的建议");
        var plain = await FileAsync(deputy, "关于增加学校周边护学岗的建议");
        var keyPath = "/api/v1/suggestions/" + Uri.EscapeDataString(key);
        await Ok(office.PostAsync($"{keyPath}/supervise", new { isKey = true, leader = "王副主任" }));
        await Ok(office.PostAsync($"{keyPath}/review", new { decision = "accept" }));
        await Ok(office.PostAsync($"{keyPath}/propose", new { leadUnitCode = "U990102-01", coUnitCodes = CoUnits }));
        await Ok(office.PostAsync($"{keyPath}/assign", new { }));

        var keyOnly = Numbers(await Ok(office.GetAsync("/api/v1/suggestions?key=true&size=100")));
        Assert.Contains(key, keyOnly);
        Assert.DoesNotContain(plain, keyOnly);
        var units = Numbers(await Ok(unit.GetAsync("/api/v1/suggestions?size=100")));
        Assert.Contains(key, units);
        Assert.DoesNotContain(plain, units);
        // unit= is the lead unit (as in the figures), not a co-unit.
        Assert.Contains(key, Numbers(await Ok(office.GetAsync("/api/v1/suggestions?unit=U990102-01&size=100"))));
        Assert.DoesNotContain(key, Numbers(await Ok(office.GetAsync("/api/v1/suggestions?unit=U990102-02&size=100"))));
        Assert.DoesNotContain(key, Numbers(await Ok(office.GetAsync("/api/v1/suggestions?overdue=true&size=100"))));
        Assert.Equal([plain], Numbers(await Ok(office.GetAsync("/api/v1/suggestions?q=" + Uri.EscapeDataString("护学岗")))));

        var first = await Ok(office.GetAsync("/api/v1/suggestions?size=1"));
        Assert.Single(first.Body.GetProperty("items").EnumerateArray());
        var after = first.Get("after")!;
        var second = await Ok(office.GetAsync($"/api/v1/suggestions?size=1&after={after}"));
        Assert.NotEqual(Numbers(first), Numbers(second));
        Assert.Equal(["after"], Fields(await office.GetAsync("/api/v1/suggestions?after=x")));
    }

    private static async Task<string> FileAsync(ApiSession deputy, string title)
    {
        var filed = await deputy.PostAsync("/api/v1/suggestions", new
        {
            title, content = title + "：现状问题突出，群众反映强烈，建议有关部门尽快研究解决。", categoryCode = "CJ", submit = true,
        });
        Assert.True(filed.Status == HttpStatusCode.Created, $"{(int)filed.Status}: {filed.Body}");
        return filed.Get("number")!;
    }

    private Task<ApiSession> SignInAsync(string email, string password = ApiSession.DemoPassword) =>
        ApiSession.SignInAsync(portal.Factory.CreateClient(), email, password);

    private Task<DateOnly> TodayAsync() => Task.FromResult(ChinaTime.Today(portal.Factory.Services.GetRequiredService<TimeProvider>()));

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Task<ApiAnswer> Ok(Task<ApiAnswer> call) => OpinionApiTests.Ok(call);

    private static List<string?> Numbers(ApiAnswer page) =>
        page.Body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetString()).ToList();

    private static List<string> Fields(ApiAnswer answer)
    {
        Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{(int)answer.Status}: {answer.Body}");
        Assert.Equal("application/problem+json", answer.MediaType);
        return answer.Body.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
    }

    private static void AssertProblem(ApiAnswer answer, HttpStatusCode status)
    {
        Assert.True(answer.Status == status, $"expected {(int)status}, got {(int)answer.Status}: {answer.Body}");
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.False(string.IsNullOrEmpty(answer.Get("detail")));
    }
}
