using System.Diagnostics;
using System.Globalization;
using LiaisonPortal.Core.Analysis;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LiaisonPortal.Tests.Analysis;

/// <summary>
/// A big month: 30,000 opinions in June 2025 in 东湖区 and 30,000 in March–May (the baseline reads the newest 20,000),
/// inserted with one SQL statement each (a tenth of June's mention a flooded underpass, new that month), then the
/// month's figures computed and timed. The bound asserted is generous;
/// the number printed is for the report.
/// </summary>
public sealed class AnalysisTimingTests(DemoDatabaseFixture database, ITestOutputHelper output) : IClassFixture<DemoDatabaseFixture>
{
    private const int Opinions = 30_000;
    private const int Runs = 3;

    private static readonly string[] StopTerms = ["希望", "问题", "小区", "我们"];

    private static readonly string[] Phrases =
    [
        "小区门口乱停车", "加装电梯进度慢", "路灯不亮", "垃圾分类站点脏乱", "公交线路太少", "学校门口交通拥堵", "夜间施工噪声扰民", "菜市场油烟污染",
        "老旧小区改造", "雨后道路积水", "社区医院缺少医生", "养老服务中心床位不足", "物业费上涨", "电动车充电难", "河道水质变差", "农田灌溉渠堵塞",
        "办事窗口排队长", "企业融资困难", "法律援助申请慢", "邻里纠纷调解", "公园健身器材损坏", "共享单车乱停放", "地下车库漏水", "快递柜不够用",
        "外卖电动车逆行", "楼道堆放杂物", "小区绿化被占", "学位紧张", "校外培训收费", "医保报销比例", "就业培训机会少", "村道路面破损",
        "饮用水水压低", "燃气管道老化", "消防通道被堵", "广场舞噪声", "宠物扰民", "违章搭建", "停水停电通知晚", "网络信号差",
    ];

    [Fact]
    public async Task ABigMonthIsComputedInOnePassAndTimed()
    {
        await SeedAsync(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.FromHours(8)), 30 * 24 * 3600, "M");
        await SeedAsync(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.FromHours(8)), 92 * 24 * 3600, "B");
        var region = await database.QueryAsync(db => db.Regions.SingleAsync(r => r.Code == "990102"));

        var timings = new List<double>();
        AnalysisFigures? figures = null;
        for (var i = 0; i < Runs; i++)
        {
            await using var scope = database.Services.CreateAsyncScope();
            var analysis = scope.ServiceProvider.GetRequiredService<OpinionAnalysis>();
            var clock = Stopwatch.StartNew();
            figures = await analysis.ComputeAsync(region.Id, region.Code, region.Name, new DateOnly(2025, 6, 1));
            timings.Add(clock.Elapsed.TotalMilliseconds);
        }

        Assert.Equal(Opinions, figures!.Totals.Received);
        Assert.Equal(OpinionAnalysis.BaselineMaxOpinions, figures.BaselineOpinions);
        Assert.NotEmpty(figures.Categories);
        Assert.NotEmpty(figures.Repeated);
        Assert.NotEmpty(figures.Units);
        Assert.All(figures.HotTopics, h => Assert.DoesNotContain(h.Term, StopTerms));
        // New this month: the flooded underpass comes first; the 40 phrases every month has are not hot.
        Assert.Contains(figures.HotTopics[0].Term, "暴雨后地下通道积水", StringComparison.Ordinal);
        Assert.Single(figures.HotTopics, h => h.Opinions == Opinions / 10 && "暴雨后地下通道积水".Contains(h.Term, StringComparison.Ordinal)); // one piece stands for the phrase
        timings.Sort();
        var json = figures.ToJson();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Opinions} opinions in the month, {figures.BaselineOpinions} read as the baseline: median {timings[Runs / 2]:0} ms, max {timings[^1]:0} ms; snapshot {json.Length} chars; topics {string.Join("、", figures.HotTopics.Select(h => h.Term))}"));
        Assert.True(timings[Runs / 2] < 60_000, $"median {timings[Runs / 2]:0} ms");
    }

    private Task<int> SeedAsync(DateTimeOffset start, int seconds, string prefix)
    {
        var words = string.Join(",", Phrases.Select(p => "'" + p + "'"));
        var from = start.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var due = DateOnly.FromDateTime(start.DateTime).AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var sql = $"""
            INSERT INTO "Opinions" ("TrackingCode", "Channel", "State", "StationId", "CategoryId", "Title", "Content", "MayContact", "IsAnonymous",
                "ReceivedAt", "UpdatedAt", "FeedbackRound", "HandlingRound", "Supervision", "LeaderAttention", "FeedbackDueOn", "IsOverdue")
            SELECT '{prefix}' || lpad(n::text, 7, '0'), 1 + n % 7, 1 + n % 8, s.ids[1 + n % array_length(s.ids, 1)], c.ids[1 + n % array_length(c.ids, 1)],
                w.p[1 + n % 40] || '的问题',
                '我们' || w.p[1 + (n * 7) % 40] || '，还有' || w.p[1 + (n * 13) % 40] || '，希望有关部门尽快解决，谢谢。' || repeat('这个情况已经反映过多次，', 1 + n % 5)
                    || CASE WHEN '{prefix}' = 'M' AND n % 10 = 0 THEN '暴雨后地下通道积水' ELSE '' END,
                false, false, timestamptz '{from}+00' + (n % {seconds}) * interval '1 second', timestamptz '{from}+00', 0, 1, 0, false, date '{due}', n % 9 = 0
            FROM generate_series(1, {Opinions}) n,
                (SELECT array_agg(st."Id") ids FROM "Stations" st JOIN "Regions" r ON r."Id" = st."RegionId" WHERE r."Path" LIKE '/990100/990102/%') s,
                (SELECT array_agg("Id") ids FROM "Categories") c,
                (SELECT ARRAY[{words}] p) w;
            INSERT INTO "OpinionAssignments" ("OpinionId", "Round", "HandlingUnitId", "IsLead", "AssignedAt", "AnswerDueOn")
            SELECT o."Id", 1, u.ids[1 + o."Id" % array_length(u.ids, 1)], true, o."ReceivedAt", date '{due}'
            FROM "Opinions" o, (SELECT array_agg("Id") ids FROM "HandlingUnits" WHERE "Code" LIKE 'U990102%') u
            WHERE o."TrackingCode" LIKE '{prefix}%' AND o."Id" % 10 = 0;
            ANALYZE "Opinions";
            """;
        return database.QueryAsync(db => db.Database.ExecuteSqlRawAsync(sql));
    }
}
