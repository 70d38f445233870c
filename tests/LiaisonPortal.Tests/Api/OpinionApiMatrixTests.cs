using System.Net;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Tests.Infrastructure;

namespace LiaisonPortal.Tests.Api;

/// <summary>
/// Three cases on the demo data, and one account of every kind next to them: <c>Addressed</c> (at 湖滨 990102001-01,
/// written to deputy D0004, received), <c>Assigned</c> (at the same station, assigned to U990102-01) and
/// <c>Elsewhere</c> (at 山前 990103001-01 in the other district, received).
/// </summary>
public sealed class OpinionMatrixFixture : PortalFixture
{
    public const string Password = "Matrix-Liaison-2026";

    public static readonly IReadOnlyDictionary<string, string?> Emails = new Dictionary<string, string?>
    {
        ["admin"] = "admin@liaison.demo",
        ["office"] = "office@liaison.demo",
        ["otherOffice"] = "office-990103@matrix.test",
        ["station"] = "station@liaison.demo",
        ["otherStation"] = "station-990102002@matrix.test",
        ["unit"] = "unit@liaison.demo",
        ["otherUnit"] = "unit-990102-02@matrix.test",
        ["deputy"] = "deputy@liaison.demo",
        ["anonymous"] = null,
    };

    public string Addressed { get; private set; } = string.Empty;

    public string Assigned { get; private set; } = string.Empty;

    public string Elsewhere { get; private set; } = string.Empty;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateUserAsync(new NewStaffAccount(Emails["otherOffice"]!, Password, Roles.CongressStaff, RegionCode: "990103", DisplayName: "西山区人大代表工委"));
        await CreateUserAsync(new NewStaffAccount(Emails["otherStation"]!, Password, Roles.StationStaff, StationCode: "990102002-01", DisplayName: "青石代表之家工作人员"));
        await CreateUserAsync(new NewStaffAccount(Emails["otherUnit"]!, Password, Roles.UnitStaff, UnitCode: "U990102-02", DisplayName: "生态环境局联络员"));
        using var admin = await SignInAsync("admin");
        Addressed = await OpinionApiTests.RegisterAsync(admin, "写给王建华代表的意见", "13700000001", deputyCode: "D0004");
        Assigned = await OpinionApiTests.RegisterAsync(admin, "已经交办的意见", "13700000002");
        await OpinionApiTests.Ok(admin.PostAsync($"/api/v1/opinions/{Assigned}/classify", new { categoryCode = "CJ", grade = "normal" }));
        await OpinionApiTests.Ok(admin.PostAsync($"/api/v1/opinions/{Assigned}/assign", new { unitCode = "U990102-01" }));
        Elsewhere = await OpinionApiTests.RegisterAsync(admin, "西山区的意见", "13700000003", stationCode: "990103001-01");
    }

    public Task<ApiSession> SignInAsync(string role) =>
        ApiSession.SignInAsync(Factory.CreateClient(), Emails[role], Emails[role]?.EndsWith(".test", StringComparison.Ordinal) == true ? Password : ApiSession.DemoPassword);
}

/// <summary>Role × endpoint: nobody reaches a case outside their scope (404), and nobody makes a move that is not theirs.</summary>
public class OpinionApiMatrixTests(OpinionMatrixFixture cases) : IClassFixture<OpinionMatrixFixture>
{
    public static TheoryData<string, string> Visibility => new()
    {
        { "admin", "Addressed Assigned Elsewhere" },
        { "office", "Addressed Assigned" },
        { "otherOffice", "Elsewhere" },
        { "station", "Addressed Assigned" },
        { "otherStation", string.Empty },
        { "unit", "Assigned" },
        { "otherUnit", string.Empty },
        { "deputy", "Addressed" },
        { "anonymous", string.Empty },
    };

    /// <summary>Moves each role may not make on a case it can see; the engine answers 409 with its reason.</summary>
    public static TheoryData<string, string, string> NotTheirs => new()
    {
        { "station", "Addressed", "assign" },
        { "station", "Addressed", "escalate" },
        { "station", "Addressed", "supervise" },
        { "station", "Assigned", "answer" },
        { "station", "Assigned", "progress" },
        { "station", "Assigned", "return" },
        { "deputy", "Addressed", "classify" },
        { "deputy", "Addressed", "refuse" },
        { "deputy", "Addressed", "assign" },
        { "deputy", "Addressed", "escalate" },
        { "deputy", "Addressed", "supervise" },
        { "deputy", "Addressed", "answer" },
        { "deputy", "Addressed", "feedback" },
        { "unit", "Assigned", "classify" },
        { "unit", "Assigned", "assign" },
        { "unit", "Assigned", "refuse" },
        { "unit", "Assigned", "escalate" },
        { "unit", "Assigned", "supervise" },
        { "unit", "Assigned", "feedback" },
        { "office", "Assigned", "answer" },
        { "office", "Assigned", "progress" },
        { "office", "Assigned", "return" },
        { "admin", "Assigned", "answer" },
        { "admin", "Assigned", "return" },
        { "admin", "Addressed", "feedback" },
    };

    private static readonly string[] Moves = ["classify", "assign", "answer", "progress", "return", "feedback", "refuse", "merge", "escalate", "supervise"];

    [Theory]
    [MemberData(nameof(Visibility))]
    public async Task NobodyReadsOrMovesACaseOutsideTheirScope(string role, string visible)
    {
        using var session = await cases.SignInAsync(role);
        var all = new Dictionary<string, string> { ["Addressed"] = cases.Addressed, ["Assigned"] = cases.Assigned, ["Elsewhere"] = cases.Elsewhere };
        var seen = visible.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var before = await StatesAsync();
        var anonymous = role == "anonymous";

        foreach (var (name, code) in all)
        {
            var read = await session.GetAsync($"/api/v1/opinions/{code}");
            Assert.True(
                read.Status == (anonymous ? HttpStatusCode.Unauthorized : seen.Contains(name) ? HttpStatusCode.OK : HttpStatusCode.NotFound),
                $"{role} GET {name}: {(int)read.Status}");
            if (seen.Contains(name))
            {
                continue;
            }

            foreach (var move in Moves)
            {
                var other = name == "Elsewhere" ? cases.Addressed : cases.Elsewhere;
                var answer = await session.PostAsync($"/api/v1/opinions/{code}/{move}", Body(move, other));
                Assert.True(answer.Status == (anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.NotFound), $"{role} {move} {name}: {(int)answer.Status} {answer.Body}");
                if (!anonymous)
                {
                    OpinionApiTests.AssertProblem(answer, HttpStatusCode.NotFound);
                }
            }
        }

        var list = await session.GetAsync("/api/v1/opinions?size=100");
        if (anonymous)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, list.Status);
        }
        else
        {
            var listed = list.Body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("trackingCode").GetString()).ToHashSet();
            Assert.All(all, c => Assert.Equal(seen.Contains(c.Key), listed.Contains(c.Value)));
        }

        Assert.Equal(before, await StatesAsync());
    }

    [Theory]
    [MemberData(nameof(NotTheirs))]
    public async Task NobodyMakesAMoveThatIsNotTheirs(string role, string caseName, string move)
    {
        using var session = await cases.SignInAsync(role);
        var code = caseName == "Addressed" ? cases.Addressed : cases.Assigned;
        var before = await StatesAsync();

        var answer = await session.PostAsync($"/api/v1/opinions/{code}/{move}", Body(move, cases.Elsewhere));

        OpinionApiTests.AssertProblem(answer, HttpStatusCode.Conflict);
        Assert.Equal(before, await StatesAsync());
    }

    [Theory]
    [InlineData("admin", "990102001-01", null, HttpStatusCode.Created)]
    [InlineData("office", "990102001-01", "D0004", HttpStatusCode.Created)]
    [InlineData("station", "990102001-01", null, HttpStatusCode.Created)]
    [InlineData("otherOffice", "990102001-01", null, HttpStatusCode.NotFound)]
    [InlineData("otherOffice", null, "D0004", HttpStatusCode.NotFound)]
    [InlineData("otherStation", "990102001-01", null, HttpStatusCode.NotFound)]
    [InlineData("station", "990103001-01", null, HttpStatusCode.NotFound)]
    [InlineData("unit", "990102001-01", null, HttpStatusCode.Forbidden)]
    [InlineData("deputy", "990102001-01", "D0004", HttpStatusCode.Forbidden)]
    [InlineData("anonymous", "990102001-01", null, HttpStatusCode.Unauthorized)]
    public async Task OnlyStaffOfTheStationRegisterAnOpinionThere(string role, string? stationCode, string? deputyCode, HttpStatusCode expected)
    {
        using var session = await cases.SignInAsync(role);

        var answer = await session.PostAsync("/api/v1/opinions", new
        {
            channel = "walkIn", stationCode, deputyCode, title = "来访登记", content = "群众来访反映的问题，内容足够长。",
        });

        Assert.Equal(expected, answer.Status);
    }

    [Fact]
    public async Task TheUnitsListStopsAtTheCallersOwnUnitsExceptForTheOffice()
    {
        using var otherUnit = await cases.SignInAsync("otherUnit");
        using var station = await cases.SignInAsync("station");
        using var otherOffice = await cases.SignInAsync("otherOffice");

        var own = await OpinionApiTests.Ok(otherUnit.GetAsync("/api/v1/units?pageSize=100"));
        var none = await OpinionApiTests.Ok(station.GetAsync("/api/v1/units?pageSize=100"));
        var office = await OpinionApiTests.Ok(otherOffice.GetAsync("/api/v1/units?pageSize=100"));

        Assert.Equal(["U990102-02"], own.Body.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("code").GetString()));
        Assert.Equal(0, none.Body.GetProperty("total").GetInt32());
        Assert.Contains(office.Body.GetProperty("items").EnumerateArray(), u => u.GetProperty("code").GetString() == "U990102-01");
    }

    private static object Body(string move, string otherCode) => move switch
    {
        "classify" => new { categoryCode = "CJ", grade = "normal" },
        "assign" => new { unitCode = "U990102-01" },
        "answer" => new { content = "答复", result = "solved", final = true },
        "progress" => new { note = "进展" },
        "return" => new { reason = "退回" },
        "feedback" => new { message = "反馈" },
        "refuse" => new { reason = "不予受理" },
        "merge" => new { intoTrackingCode = otherCode },
        "escalate" => new { note = "上报" },
        "supervise" => new { level = "key", note = "督办" },
        _ => throw new ArgumentOutOfRangeException(nameof(move)),
    };

    /// <summary>Each case's state, version and history length, read as the administrator.</summary>
    private async Task<string> StatesAsync()
    {
        using var admin = await cases.SignInAsync("admin");
        var parts = new List<string>();
        foreach (var code in new[] { cases.Addressed, cases.Assigned, cases.Elsewhere })
        {
            var detail = await OpinionApiTests.Ok(admin.GetAsync($"/api/v1/opinions/{code}"));
            parts.Add($"{code}:{detail.Get("state")}:{detail.Get("version")}:{detail.Body.GetProperty("history").GetArrayLength()}:{detail.Get("supervision")}");
        }

        return string.Join(" ", parts);
    }
}
