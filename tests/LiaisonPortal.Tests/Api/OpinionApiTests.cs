using System.Net;
using System.Text.Json;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Api;

/// <summary>One opinion taken through every path of the workflow over the JSON API, on the demo data.</summary>
public class OpinionApiTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Station = "990102001-01";
    private static readonly string[] CoUnits = ["U990102-02"];

    [Fact]
    public async Task AnOpinionRegisteredByPhoneRunsTheWholeLoopToClosed()
    {
        using var office = await SignInAsync("office@liaison.demo");
        using var unit = await SignInAsync("unit@liaison.demo");
        using var citizen = await SignInAsync(null);

        var registered = await office.PostAsync("/api/v1/opinions", new
        {
            channel = "phone", stationCode = Station, title = "小区路灯不亮", content = "柳岸小区三号楼前的路灯坏了一个多月，晚上很黑。",
            name = "李女士", phone = "13900001111", mayContact = true,
        });
        Assert.Equal(HttpStatusCode.Created, registered.Status);
        var code = registered.Get("trackingCode")!;
        Assert.Equal("received", registered.Get("state"));
        Assert.Null(registered.Get("secret"));

        Assert.Equal("classified", (await Ok(office.PostAsync($"/api/v1/opinions/{code}/classify", new { categoryCode = "CJ", grade = "important" }))).Get("state"));
        Assert.Equal("assigned", (await Ok(office.PostAsync($"/api/v1/opinions/{code}/assign", new { unitCode = "U990102-01", coUnitCodes = CoUnits }))).Get("state"));
        await Ok(unit.PostAsync($"/api/v1/opinions/{code}/progress", new { note = "已派人现场查看" }));
        Assert.Equal("answered", (await Ok(unit.PostAsync($"/api/v1/opinions/{code}/answer", new { content = "已更换路灯", result = "solved", final = true }))).Get("state"));
        Assert.Equal("fedBack", (await Ok(office.PostAsync($"/api/v1/opinions/{code}/feedback", new { message = "路灯已于本周修好，感谢您的反映。" }))).Get("state"));
        var rated = await citizen.PostAsync($"/api/v1/track/{code}/evaluation", new { phoneTail = "1111", rating = "satisfied", comment = "修得很快" });

        Assert.Equal(HttpStatusCode.OK, rated.Status);
        Assert.Equal("closed", rated.Get("state"));
        var detail = await Ok(office.GetAsync($"/api/v1/opinions/{code}"));
        Assert.Equal("closed", detail.Get("state"));
        Assert.Equal("phone", detail.Get("channel"));
        Assert.Equal("important", detail.Get("grade"));
        Assert.Equal("139****1111", detail.Body.GetProperty("citizen").GetProperty("phone").GetString());
        Assert.DoesNotContain("13900001111", detail.Body.ToString(), StringComparison.Ordinal);
        Assert.Equal(["receive", "classify", "assign", "progress", "answer", "feedBack", "evaluate", "close"], History(detail).Select(h => h.Action));
        Assert.Equal("东湖区人大代表工委", History(detail)[0].Actor);
        Assert.Equal(["received", "classified", "assigned", "assigned", "answered", "fedBack", "evaluated", "closed"], History(detail).Select(h => h.State));
        Assert.Equal("satisfied", detail.Body.GetProperty("ratings")[0].GetProperty("rating").GetString());
        Assert.Equal(2, detail.Body.GetProperty("units").GetArrayLength());
    }

    [Fact]
    public async Task ARefusedOpinionCarriesItsReasonAndTakesNoFurtherMove()
    {
        using var office = await SignInAsync("office@liaison.demo");
        var code = await RegisterAsync(office, "请帮我打官司", "13900002222");

        var refused = await Ok(office.PostAsync($"/api/v1/opinions/{code}/refuse", new { reason = "属于诉讼事项，请向法院起诉。" }));
        var classify = await office.PostAsync($"/api/v1/opinions/{code}/classify", new { categoryCode = "CJ", grade = "normal" });

        Assert.Equal("refused", refused.Get("state"));
        AssertProblem(classify, HttpStatusCode.Conflict);
        Assert.Contains("状态不允许", classify.Get("detail"), StringComparison.Ordinal);
        var tracked = await TrackAsync(code, "2222");
        Assert.Equal(OpinionState.Refused, tracked.State);
        Assert.Contains(tracked.Steps, s => s.Note == "属于诉讼事项，请向法院起诉。");
    }

    [Fact]
    public async Task AMergedOpinionsCitizenSeesTheSurvivingCasesAnswer()
    {
        using var office = await SignInAsync("office@liaison.demo");
        using var unit = await SignInAsync("unit@liaison.demo");
        var survivor = await RegisterAsync(office, "菜市场门口积水", "13900003333");
        var duplicate = await RegisterAsync(office, "菜市场门口下雨就积水", "13900004444");

        var merged = await Ok(office.PostAsync($"/api/v1/opinions/{duplicate}/merge", new { intoTrackingCode = survivor }));
        await ToAnsweredAsync(office, unit, survivor);
        await Ok(office.PostAsync($"/api/v1/opinions/{survivor}/feedback", new { message = "排水管已疏通，积水问题已解决。" }));

        Assert.Equal("merged", merged.Get("state"));
        var detail = await Ok(office.GetAsync($"/api/v1/opinions/{duplicate}"));
        Assert.Equal(survivor, detail.Get("mergedInto"));
        var tracked = await TrackAsync(duplicate, "4444");
        Assert.Equal(OpinionState.Merged, tracked.State);
        Assert.Equal("排水管已疏通，积水问题已解决。", tracked.Answer);
    }

    [Fact]
    public async Task AnOpinionMergedAfterTheSurvivorsFeedbackGetsThatAnswerToo()
    {
        using var office = await SignInAsync("office@liaison.demo");
        using var unit = await SignInAsync("unit@liaison.demo");
        var survivor = await RegisterAsync(office, "公交站台没有遮雨棚", "13900013333");
        await ToAnsweredAsync(office, unit, survivor);
        await Ok(office.PostAsync($"/api/v1/opinions/{survivor}/feedback", new { message = "遮雨棚已列入今年计划。" }));
        var late = await RegisterAsync(office, "公交站台下雨没处躲", "13900014444");

        await Ok(office.PostAsync($"/api/v1/opinions/{late}/merge", new { intoTrackingCode = survivor }));

        Assert.Equal("遮雨棚已列入今年计划。", (await TrackAsync(late, "4444")).Answer);
    }

    [Fact]
    public async Task AnOpinionCannotBeMergedIntoItselfWrittenInLowerCase()
    {
        using var office = await SignInAsync("office@liaison.demo");
        var code = await RegisterAsync(office, "自己合并自己", "13900005555");

        var merged = await office.PostAsync($"/api/v1/opinions/{code}/merge", new { intoTrackingCode = code.ToLowerInvariant() });

        AssertProblem(merged, HttpStatusCode.BadRequest);
        Assert.True(merged.Body.GetProperty("errors").TryGetProperty("intoTrackingCode", out _));
        Assert.Equal("received", (await Ok(office.GetAsync($"/api/v1/opinions/{code}"))).Get("state"));
    }

    [Fact]
    public async Task AnEscalatedOpinionLeavesTheLoopWithItsNote()
    {
        using var office = await SignInAsync("office@liaison.demo");
        var code = await RegisterAsync(office, "跨区的河道污染", "13900006666");

        var escalated = await Ok(office.PostAsync($"/api/v1/opinions/{code}/escalate", new { note = "涉及两个区，需要市人大协调。" }));
        var classify = await office.PostAsync($"/api/v1/opinions/{code}/classify", new { categoryCode = "CJ", grade = "normal" });

        Assert.Equal("escalated", escalated.Get("state"));
        AssertProblem(classify, HttpStatusCode.Conflict);
        var detail = await Ok(office.GetAsync($"/api/v1/opinions/{code}"));
        Assert.Equal("涉及两个区，需要市人大协调。", History(detail)[^1].InternalNote);
    }

    [Fact]
    public async Task AnOpinionReturnedByTheUnitGoesBackToTheOfficeAndIsReassigned()
    {
        using var office = await SignInAsync("office@liaison.demo");
        using var unit = await SignInAsync("unit@liaison.demo");
        var code = await RegisterAsync(office, "学校门口交通拥堵", "13900007777");
        await Ok(office.PostAsync($"/api/v1/opinions/{code}/classify", new { categoryCode = "CJ", grade = "normal" }));
        await Ok(office.PostAsync($"/api/v1/opinions/{code}/assign", new { unitCode = "U990102-01" }));

        var returned = await Ok(unit.PostAsync($"/api/v1/opinions/{code}/return", new { reason = "属于交通部门职责。" }));
        var reassigned = await Ok(office.PostAsync($"/api/v1/opinions/{code}/assign", new { unitCode = "U990102-04" }));
        var answerAgain = await unit.PostAsync($"/api/v1/opinions/{code}/answer", new { content = "已处理", result = "solved", final = true });

        Assert.Equal("classified", returned.Get("state"));
        Assert.Equal("assigned", reassigned.Get("state"));
        AssertProblem(answerAgain, HttpStatusCode.Conflict);
        var units = (await Ok(office.GetAsync($"/api/v1/opinions/{code}"))).Body.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal(["U990102-04", "U990102-01"], units.Select(u => u.GetProperty("code").GetString()));
        Assert.Equal("属于交通部门职责。", units[1].GetProperty("returnReason").GetString());
    }

    [Fact]
    public async Task TwoUnsatisfiedRatingsBringASecondHandlingAndThenALeadersAttention()
    {
        using var office = await SignInAsync("office@liaison.demo");
        using var unit = await SignInAsync("unit@liaison.demo");
        using var citizen = await SignInAsync(null);
        var code = await RegisterAsync(office, "噪音扰民一直没解决", "13900008888");
        await ToAnsweredAsync(office, unit, code);
        await Ok(office.PostAsync($"/api/v1/opinions/{code}/feedback", new { message = "已约谈施工单位。" }));

        var first = await citizen.PostAsync($"/api/v1/track/{code}/evaluation", new { phoneTail = "8888", rating = "unsatisfied", comment = "还是很吵" });
        var again = await citizen.PostAsync($"/api/v1/track/{code}/evaluation", new { phoneTail = "8888", rating = "satisfied" });
        var secondRound = await Ok(office.GetAsync($"/api/v1/opinions/{code}"));
        await Ok(unit.PostAsync($"/api/v1/opinions/{code}/answer", new { content = "已限定施工时段", result = "beingSolved", plannedDate = "2030-01-31", final = true }));
        await Ok(office.PostAsync($"/api/v1/opinions/{code}/feedback", new { message = "施工单位夜间停工。" }));
        var second = await citizen.PostAsync($"/api/v1/track/{code}/evaluation", new { phoneTail = "8888", rating = "unsatisfied" });

        Assert.Equal("assigned", first.Get("state"));
        AssertProblem(again, HttpStatusCode.Conflict);
        Assert.Equal(2, secondRound.Body.GetProperty("handlingRound").GetInt32());
        Assert.False(secondRound.Body.GetProperty("leaderAttention").GetBoolean());
        Assert.Equal("assigned", second.Get("state"));
        var detail = await Ok(office.GetAsync($"/api/v1/opinions/{code}"));
        Assert.True(detail.Body.GetProperty("leaderAttention").GetBoolean());
        Assert.Equal("flagged", detail.Get("supervision"));
        Assert.Equal(3, detail.Body.GetProperty("handlingRound").GetInt32());
        Assert.Equal(["unsatisfied", "unsatisfied"], detail.Body.GetProperty("ratings").EnumerateArray().Select(r => r.GetProperty("rating").GetString()));
        var flagged = await Ok(office.GetAsync("/api/v1/opinions?state=assigned&size=100"));
        Assert.Contains(flagged.Body.GetProperty("items").EnumerateArray(), i => i.GetProperty("trackingCode").GetString() == code && i.GetProperty("leaderAttention").GetBoolean());
    }

    [Fact]
    public async Task AnOpinionNotRatedWithinFifteenDaysIsClosedAutomatically()
    {
        using var office = await SignInAsync("office@liaison.demo");
        using var unit = await SignInAsync("unit@liaison.demo");
        var code = await RegisterAsync(office, "无人评价的意见", "13900005555");
        await Ok(office.PostAsync($"/api/v1/opinions/{code}/classify", new { categoryCode = "CJ", grade = "normal" }));
        await Ok(office.PostAsync($"/api/v1/opinions/{code}/assign", new { unitCode = "U990102-01" }));
        await Ok(unit.PostAsync($"/api/v1/opinions/{code}/answer", new { content = "已处理", result = "solved", final = true }));
        await Ok(office.PostAsync($"/api/v1/opinions/{code}/feedback", new { message = "已处理完毕。" }));
        var today = Core.Calendar.ChinaTime.Today(TimeProvider.System);

        // Fed back 14 days ago, the daily job leaves it; 16 days ago, it closes it.
        await FeedBackDaysAgoAsync(code, 14);
        await portal.WithScopeAsync(s => s.GetRequiredService<Supervision>().RunAsync(today));
        Assert.Equal("fedBack", (await Ok(office.GetAsync($"/api/v1/opinions/{code}"))).Get("state"));
        await FeedBackDaysAgoAsync(code, 16);
        await portal.WithScopeAsync(s => s.GetRequiredService<Supervision>().RunAsync(today));

        var detail = await Ok(office.GetAsync($"/api/v1/opinions/{code}"));
        Assert.Equal("closed", detail.Get("state"));
        Assert.Equal("autoClose", History(detail)[^1].Action);
    }

    private Task<int> FeedBackDaysAgoAsync(string code, int days) => portal.QueryAsync(db =>
        db.Opinions.Where(o => o.TrackingCode == code).ExecuteUpdateAsync(o => o.SetProperty(x => x.FedBackAt, DateTimeOffset.UtcNow.AddDays(-days))));

    [Fact]
    public async Task TwentyParallelAssignCallsLetExactlyOneWin()
    {
        using var office = await SignInAsync("office@liaison.demo");
        var code = await RegisterAsync(office, "二十人同时交办", "13900009999");
        await Ok(office.PostAsync($"/api/v1/opinions/{code}/classify", new { categoryCode = "CJ", grade = "normal" }));
        var sessions = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SignInAsync("office@liaison.demo")));

        var answers = await Task.WhenAll(sessions.Select(s => s.PostAsync($"/api/v1/opinions/{code}/assign", new { unitCode = "U990102-01" })));

        Assert.Equal(1, answers.Count(a => a.Status is HttpStatusCode.OK or HttpStatusCode.NoContent));
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => AssertProblem(a, HttpStatusCode.Conflict));
        var detail = await Ok(office.GetAsync($"/api/v1/opinions/{code}"));
        Assert.Single(History(detail), h => h.Action == "assign");
        Assert.Equal(1, detail.Body.GetProperty("units").GetArrayLength());
        foreach (var session in sessions)
        {
            session.Dispose();
        }
    }

    [Fact]
    public async Task AStaleVersionInTheBodyOrIfMatchIsAConflictAndTheCurrentOneWins()
    {
        using var office = await SignInAsync("office@liaison.demo");
        var code = await RegisterAsync(office, "版本号", "13900001234");
        var before = await Ok(office.GetAsync($"/api/v1/opinions/{code}"));
        var version = before.Body.GetProperty("version").GetUInt32();
        Assert.Equal($"\"{version}\"", before.ETag);

        var stale = await office.PostAsync($"/api/v1/opinions/{code}/classify", new { categoryCode = "CJ", grade = "normal", version = version + 1 });
        var staleHeader = await office.PostAsync($"/api/v1/opinions/{code}/classify", new { categoryCode = "CJ", grade = "normal" }, ifMatch: $"\"{version + 1}\"");
        var current = await office.PostAsync($"/api/v1/opinions/{code}/classify", new { categoryCode = "CJ", grade = "normal" }, ifMatch: before.ETag);
        var replay = await office.PostAsync($"/api/v1/opinions/{code}/classify", new { categoryCode = "CJ", grade = "urgent", version });

        AssertProblem(stale, HttpStatusCode.Conflict);
        Assert.Equal(OpinionCases.ChangedMessage, stale.Get("detail"));
        AssertProblem(staleHeader, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, current.Status);
        Assert.NotEqual(version, current.Body.GetProperty("version").GetUInt32());
        AssertProblem(replay, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task BadJsonAndUnknownValuesAre400sNamingTheField()
    {
        using var office = await SignInAsync("office@liaison.demo");
        var code = await RegisterAsync(office, "格式错误", "13900002345");

        var broken = await office.PostRawAsync($"/api/v1/opinions/{code}/classify", "{\"categoryCode\": \"CJ\", ");
        var grade = await office.PostAsync($"/api/v1/opinions/{code}/classify", new { categoryCode = "CJ", grade = "huge" });
        var dueDate = await office.PostRawAsync($"/api/v1/opinions/{code}/assign", "{\"unitCode\": \"U990102-01\", \"dueDate\": \"next week\"}");
        var rating = await office.PostAsync($"/api/v1/track/{code}/evaluation", new { phoneTail = "2345", rating = "basicallySatisfied" });
        var state = await office.GetAsync("/api/v1/opinions?state=open");
        var missing = await office.PostAsync($"/api/v1/opinions/{code}/refuse", new { });
        var category = await office.PostAsync($"/api/v1/opinions/{code}/classify", new { categoryCode = "NOPE", grade = "normal" });

        AssertProblem(broken, HttpStatusCode.BadRequest);
        Assert.Equal(["grade"], Fields(grade));
        Assert.Contains("normal、important、urgent", grade.Get("detail"), StringComparison.Ordinal);
        Assert.Equal(["dueDate"], Fields(dueDate));
        Assert.Equal(["rating"], Fields(rating));
        Assert.Contains("satisfied、basic、unsatisfied", rating.Get("detail"), StringComparison.Ordinal);
        Assert.Equal(["state"], Fields(state));
        Assert.Equal(["reason"], Fields(missing));
        Assert.Equal(["categoryCode"], Fields(category));
        Assert.All(new[] { broken, grade, dueDate, rating, state, missing, category }, a => Assert.Equal("application/problem+json", a.MediaType));
        Assert.Equal("received", (await Ok(office.GetAsync($"/api/v1/opinions/{code}"))).Get("state"));
    }

    [Fact]
    public async Task TheListIsKeysetPagedAndFiltered()
    {
        using var office = await SignInAsync("office@liaison.demo");
        var codes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            codes.Add(await RegisterAsync(office, $"翻页测试 {i}", $"1390001000{i}"));
        }

        await Ok(office.PostAsync($"/api/v1/opinions/{codes[1]}/classify", new { categoryCode = "CJ", grade = "urgent" }));

        var first = await Ok(office.GetAsync("/api/v1/opinions?q=%E7%BF%BB%E9%A1%B5%E6%B5%8B%E8%AF%95&size=2"));
        var second = await Ok(office.GetAsync($"/api/v1/opinions?q=%E7%BF%BB%E9%A1%B5%E6%B5%8B%E8%AF%95&size=2&after={first.Get("after")}"));
        var urgent = await Ok(office.GetAsync($"/api/v1/opinions?state=classified&station={Station}&category=CJ&q=%E7%BF%BB%E9%A1%B5"));

        Assert.Equal([codes[2], codes[1]], Items(first).Select(i => i.GetProperty("trackingCode").GetString()));
        Assert.Equal([codes[0]], Items(second).Select(i => i.GetProperty("trackingCode").GetString()));
        Assert.Equal(JsonValueKind.Null, second.Body.GetProperty("after").ValueKind);
        Assert.Equal([codes[1]], Items(urgent).Select(i => i.GetProperty("trackingCode").GetString()));
        Assert.Equal("urgent", Items(urgent)[0].GetProperty("grade").GetString());
        Assert.Equal("phone", Items(urgent)[0].GetProperty("channel").GetString());
        AssertProblem(await office.GetAsync("/api/v1/opinions?size=500"), HttpStatusCode.BadRequest);
        AssertProblem(await office.GetAsync("/api/v1/opinions?overdue=maybe"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AStaffRegistrationWithoutAPhoneHandsOverASecretAndNamesWhoRegisteredIt()
    {
        using var station = await SignInAsync("station@liaison.demo");
        using var office = await SignInAsync("office@liaison.demo");

        var registered = await station.PostAsync("/api/v1/opinions", new
        {
            channel = "walkIn", stationCode = Station, title = "来访登记", content = "群众来到代表之家反映小区停车难的问题。",
        });
        var qr = await station.PostAsync("/api/v1/opinions", new { channel = "qr", stationCode = Station, title = "扫码", content = "扫码渠道不能由工作人员登记。" });
        var unknownChannel = await station.PostAsync("/api/v1/opinions", new { channel = "fax", stationCode = Station, title = "传真", content = "传真渠道不存在的。" });
        var tooShort = await station.PostAsync("/api/v1/opinions", new { channel = "walkIn", stationCode = Station, title = "短", content = "太短" });

        Assert.Equal(HttpStatusCode.Created, registered.Status);
        Assert.False(string.IsNullOrEmpty(registered.Get("secret")));
        var code = registered.Get("trackingCode")!;
        var detail = await Ok(office.GetAsync($"/api/v1/opinions/{code}"));
        Assert.Equal("walkIn", detail.Get("channel"));
        Assert.Equal("湖滨代表之家工作人员", History(detail)[0].Actor);
        Assert.Equal(["channel"], Fields(qr));
        Assert.Equal(["channel"], Fields(unknownChannel));
        Assert.Equal(["content"], Fields(tooShort));
        var tracked = await TrackAsync(code, registered.Get("secret")!);
        Assert.Equal(OpinionState.Received, tracked.State);
    }

    [Fact]
    public async Task WrongProofsCountAsFailedLookupsUntilTheCodeIsLimited()
    {
        using var office = await SignInAsync("office@liaison.demo");
        using var citizen = await SignInAsync(null);
        var code = await RegisterAsync(office, "猜尾号", "13900003456");

        var wrong = new List<ApiAnswer>();
        for (var i = 0; i < 5; i++)
        {
            wrong.Add(await citizen.PostAsync($"/api/v1/track/{code}/evaluation", new { phoneTail = $"000{i}", rating = "satisfied" }));
        }

        var right = await citizen.PostAsync($"/api/v1/track/{code}/evaluation", new { phoneTail = "3456", rating = "satisfied" });

        Assert.All(wrong, a => AssertProblem(a, HttpStatusCode.NotFound));
        AssertProblem(right, HttpStatusCode.TooManyRequests);
        Assert.Contains("一小时后再试", right.Get("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CategoriesArePublicAndUnitsFollowTheCallersPart()
    {
        using var anonymous = await SignInAsync(null);
        using var office = await SignInAsync("office@liaison.demo");
        using var unit = await SignInAsync("unit@liaison.demo");

        var categories = await Ok(anonymous.GetAsync("/api/v1/categories"));
        var officeUnits = await Ok(office.GetAsync("/api/v1/units?pageSize=100"));
        var ownUnits = await Ok(unit.GetAsync("/api/v1/units?pageSize=100"));

        Assert.Contains(categories.Body.EnumerateArray(), c => c.GetProperty("code").GetString() == "CJ" && c.GetProperty("parentCode").ValueKind == JsonValueKind.Null);
        Assert.Contains(categories.Body.EnumerateArray(), c => c.GetProperty("parentCode").GetString() == "CJ");
        Assert.Contains(Items(officeUnits), u => u.GetProperty("code").GetString() == "U990103-01");
        Assert.Equal(["U990102-01", "U990102-01-01"], Items(ownUnits).Select(u => u.GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/units")).Status);
    }

    internal static void AssertProblem(ApiAnswer answer, HttpStatusCode status)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", answer.Get("detail") ?? string.Empty);
    }

    internal static async Task<ApiAnswer> Ok(Task<ApiAnswer> call)
    {
        var answer = await call;
        Assert.True(answer.Status == HttpStatusCode.OK, $"{(int)answer.Status}: {answer.Body}");
        return answer;
    }

    internal static async Task<string> RegisterAsync(ApiSession session, string title, string phone, string? deputyCode = null, string stationCode = Station)
    {
        var registered = await session.PostAsync("/api/v1/opinions", new
        {
            channel = "phone", stationCode, deputyCode, title, content = title + "，请有关部门尽快处理，谢谢。", phone, mayContact = true,
        });
        Assert.True(registered.Status == HttpStatusCode.Created, $"{(int)registered.Status}: {registered.Body}");
        return registered.Get("trackingCode")!;
    }

    private static List<(string Action, string State, string? InternalNote, string? Actor)> History(ApiAnswer detail) =>
        detail.Body.GetProperty("history").EnumerateArray()
            .Select(h => (h.GetProperty("action").GetString()!, h.GetProperty("state").GetString()!, h.GetProperty("internalNote").GetString(), h.GetProperty("actor").GetString()))
            .ToList();

    private static List<JsonElement> Items(ApiAnswer page) => page.Body.GetProperty("items").EnumerateArray().ToList();

    private static List<string> Fields(ApiAnswer answer)
    {
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        return answer.Body.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
    }

    private static async Task ToAnsweredAsync(ApiSession office, ApiSession unit, string code)
    {
        await Ok(office.PostAsync($"/api/v1/opinions/{code}/classify", new { categoryCode = "CJ", grade = "normal" }));
        await Ok(office.PostAsync($"/api/v1/opinions/{code}/assign", new { unitCode = "U990102-01" }));
        await Ok(unit.PostAsync($"/api/v1/opinions/{code}/answer", new { content = "已处理完毕", result = "solved", final = true }));
    }

    private Task<TrackedOpinion> TrackAsync(string code, string proof) => portal.WithScopeAsync(async services =>
        await services.GetRequiredService<OpinionTracking>().FindAsync(code, proof) ?? throw new InvalidOperationException("not found"));

    private Task<ApiSession> SignInAsync(string? email) => ApiSession.SignInAsync(portal.Factory.CreateClient(), email);
}
