using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Analysis;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Analysis;

/// <summary>The analysis service on the hand-made November 2025 (<see cref="AnalysisTestData"/>): the figures exactly, and the report's lifecycle.</summary>
public sealed class OpinionAnalysisTests(OpinionAnalysisTests.Fixture database) : IClassFixture<OpinionAnalysisTests.Fixture>
{
    private static readonly string[] StopWords = ["希望", "问题", "反映", "这个", "我们"];
    private static readonly string[] MissingFields = ["RegionCode", "Month"];
    private static readonly string[] ElevatorTerms = ["加装电", "装电梯"];

    public sealed class Fixture : DemoDatabaseFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await AnalysisTestData.SeedAsync(this);
        }
    }

    private Task<T> WithAnalysisAsync<T>(Func<OpinionAnalysis, Task<T>> action) =>
        database.WithScopeAsync(provider => action(provider.GetRequiredService<OpinionAnalysis>()));

    private Task<StaffScope> RegionScopeAsync(string code) =>
        database.QueryAsync(async db => StaffScope.ForRegion(await db.Regions.Where(r => r.Code == code).Select(r => r.Id).SingleAsync()));

    [Fact]
    public async Task TheMonthsFiguresAreExact()
    {
        var region = await database.QueryAsync(db => db.Regions.SingleAsync(r => r.Code == AnalysisTestData.District));
        var f = await WithAnalysisAsync(a => a.ComputeAsync(region.Id, region.Code, region.Name, AnalysisTestData.Month));

        Assert.Equal(new AnalysisTotals(Received: 24, Closed: 3, Refused: 1, OverdueNow: 4, Rated: 4, Satisfied: 3), f.Totals);
        Assert.Equal(0.75m, f.Totals.SatisfactionRate);
        Assert.Equal(14, f.PreviousMonthReceived);
        Assert.Equal(3, f.SameMonthLastYearReceived);
        Assert.False(f.MonthToDate);
        Assert.Equal(
            new[] { new ChannelCount(OpinionChannel.Qr, 12), new ChannelCount(OpinionChannel.Web, 6), new ChannelCount(OpinionChannel.WalkIn, 6) },
            f.Channels);

        // Top-level categories, most first, with the previous month and the same month last year.
        Assert.Equal(
            new[]
            {
                new CategoryTrend("JT", "交通", 12, 2, 1),
                new CategoryTrend("CJ", "城建", 6, 8, 2),
                new CategoryTrend("HB", "环保", 3, 3, 0),
                new CategoryTrend("WY", "物业", 2, 0, 0),
                new CategoryTrend(null, "未分类", 1, 0, 0),
                new CategoryTrend("SB", "社保", 0, 1, 0),
            },
            f.Categories);
        Assert.Equal(10, f.Categories[0].Change);
        Assert.Equal(-2, f.Categories[1].Change);

        // Hot topics: 停车 in all twelve parking opinions (counted once each, though most say it twice); 小区 is in every
        // opinion of every month, so its lift is 1 and it drops; stop words never appear.
        var parking = Assert.Single(f.HotTopics, h => h.Term == "停车");
        Assert.Equal(12, parking.Opinions);
        Assert.Equal(0.5m, parking.Share);
        Assert.Equal(34, f.BaselineOpinions);
        Assert.Equal(Math.Round(1m / 34, 4), parking.BaselineShare);
        Assert.True(parking.Lift >= HotTopicCounter.MinLift);
        Assert.Contains(parking, f.HotTopics.Take(3));
        Assert.DoesNotContain(f.HotTopics, h => h.Term == "小区"); // in every opinion of every month: lift 1
        foreach (var stop in StopWords)
        {
            Assert.DoesNotContain(f.HotTopics, h => h.Term.Contains(stop, StringComparison.Ordinal));
        }

        Assert.Contains(f.HotTopics, h => h.Term.Contains("噪声", StringComparison.Ordinal) || h.Term.Contains("施工", StringComparison.Ordinal) || h.Term.Contains("坑洼", StringComparison.Ordinal));
        Assert.DoesNotContain(f.HotTopics, h => h.Term.Contains("路灯", StringComparison.Ordinal)); // the baseline's topic, not November's
        Assert.All(f.HotTopics, h => Assert.True(h.Opinions >= HotTopicCounter.MinOpinions));
        Assert.All(f.HotTopics, h => Assert.All(h.Term, c => Assert.True(HotTopicCounter.IsHan(c))));

        // Places: the same category at the same station three times or more, with the near-duplicate groups.
        Assert.Equal(
            new[] { (AnalysisTestData.Hubin, "JT", 12), (AnalysisTestData.Qingshi, "CJ", 6), (AnalysisTestData.Park, "HB", 3) },
            f.Repeated.Select(r => (r.StationCode, r.CategoryCode!, r.Opinions)));
        Assert.InRange(f.Repeated[0].SimilarOpinions, 8, 12);
        Assert.Equal("小区门口乱停车", f.Repeated[0].SampleTitle);
        Assert.Equal(6, f.Repeated[1].SimilarOpinions);
        Assert.Equal(3, f.Repeated[2].SimilarOpinions);
        Assert.Equal(
            new[]
            {
                new StationCount(AnalysisTestData.Hubin, "湖滨街道人大代表之家", 14, 2), new StationCount(AnalysisTestData.Qingshi, "青石街道人大代表之家", 7, 9),
                new StationCount(AnalysisTestData.Park, "青石科技园人大代表联系点", 3, 3),
            },
            f.Stations);

        // Units: overdue now (open past the deadline), answered late, average working days past the deadline.
        var sinceOpenDue = await database.WithScopeAsync(p => p.GetRequiredService<WorkingDayCalendar>()
            .WorkingDaysBetweenAsync(AnalysisTestData.OpenDue, ChinaTime.Today(TimeProvider.System)));
        Assert.Equal(2, f.Units.Count);
        var transport = f.Units[0];
        Assert.Equal((AnalysisTestData.Transport, 5, 2, 1), (transport.Code, transport.Assignments, transport.OverdueNow, transport.AnsweredLate));
        Assert.Equal(Math.Round((3m + 2 * sinceOpenDue) / 3, 1, MidpointRounding.AwayFromZero), transport.AverageOverdueWorkingDays);
        var housing = f.Units[1];
        Assert.Equal((AnalysisTestData.Housing, 4, 1, 1), (housing.Code, housing.Assignments, housing.OverdueNow, housing.AnsweredLate));
        Assert.Equal(Math.Round((2m + sinceOpenDue) / 2, 1, MidpointRounding.AwayFromZero), housing.AverageOverdueWorkingDays);

        // The snapshot reads back the same.
        var back = AnalysisFigures.FromJson(f.ToJson())!;
        Assert.Equal(f.Totals, back.Totals);
        Assert.Equal(f.Categories, back.Categories);
        Assert.Equal(f.HotTopics, back.HotTopics);
        Assert.Equal(f.Units, back.Units);
    }

    [Fact]
    public async Task ADraftIsRegeneratedEditedAndPublishedThenFrozen()
    {
        var office = await RegionScopeAsync(AnalysisTestData.District);
        var month = new DateOnly(2025, 10, 1);
        var first = await WithAnalysisAsync(a => a.GenerateAsync(office, AnalysisTestData.District, month));
        Assert.True(first.Succeeded);
        var id = int.Parse(first.Code!, System.Globalization.CultureInfo.InvariantCulture);
        var draft = (await WithAnalysisAsync(a => a.GetAsync(office, id)))!;
        Assert.Equal(AnalysisReportState.Draft, draft.State);
        Assert.Equal(14, draft.Figures.Totals.Received);

        var saved = await WithAnalysisAsync(a => a.SaveCommentaryAsync(office, id, draft.Version, "十月城建类意见集中在路灯。\n建议住建局排查。"));
        Assert.True(saved.Succeeded);
        var stale = await WithAnalysisAsync(a => a.SaveCommentaryAsync(office, id, draft.Version, "用旧版本保存"));
        Assert.Equal(EditOutcome.Conflict, stale.Outcome);
        Assert.Equal(OpinionAnalysis.ChangedMessage, stale.Errors[0].Message);

        // Regenerating keeps the id and the commentary.
        var again = await WithAnalysisAsync(a => a.GenerateAsync(office, AnalysisTestData.District, month.AddDays(14)));
        Assert.Equal(first.Code, again.Code);
        var regenerated = (await WithAnalysisAsync(a => a.GetAsync(office, id)))!;
        Assert.Equal("十月城建类意见集中在路灯。\n建议住建局排查。", regenerated.Commentary);
        Assert.True(regenerated.GeneratedAt >= draft.GeneratedAt);
        Assert.Equal(1, await database.QueryAsync(db => db.OpinionAnalysisReports.CountAsync(r => r.Month == month)));

        var tooLong = await WithAnalysisAsync(a => a.SaveCommentaryAsync(office, id, regenerated.Version, new string('评', OpinionAnalysisReport.CommentaryMaxLength + 1)));
        Assert.Equal(EditOutcome.Invalid, tooLong.Outcome);
        Assert.Equal("Commentary", tooLong.Errors[0].Field);

        var published = await WithAnalysisAsync(a => a.PublishAsync(office, id, regenerated.Version, "user-1", "东湖区人大代表工委"));
        Assert.True(published.Succeeded);
        var frozen = (await WithAnalysisAsync(a => a.GetAsync(office, id)))!;
        Assert.Equal(AnalysisReportState.Published, frozen.State);
        Assert.Equal("东湖区人大代表工委", frozen.PublishedByName);
        Assert.NotNull(frozen.PublishedAt);

        var regenerate = await WithAnalysisAsync(a => a.GenerateAsync(office, AnalysisTestData.District, month));
        Assert.Equal(EditOutcome.Conflict, regenerate.Outcome);
        Assert.Contains("已发布，不能重新生成", regenerate.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(EditOutcome.Conflict, (await WithAnalysisAsync(a => a.RegenerateAsync(office, id))).Outcome);
        var edit = await WithAnalysisAsync(a => a.SaveCommentaryAsync(office, id, frozen.Version, "发布后再改"));
        Assert.Equal(OpinionAnalysis.PublishedMessage, edit.Errors[0].Message);
        Assert.Equal(EditOutcome.Conflict, (await WithAnalysisAsync(a => a.PublishAsync(office, id, frozen.Version, "user-1", "再次发布"))).Outcome);
        Assert.Equal(frozen.Figures.ToJson(), (await WithAnalysisAsync(a => a.GetAsync(office, id)))!.Figures.ToJson());
    }

    [Fact]
    public async Task MonthsAreCheckedAndThisMonthIsMarkedMonthToDate()
    {
        var office = await RegionScopeAsync(AnalysisTestData.District);
        var today = ChinaTime.Today(TimeProvider.System);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var future = await WithAnalysisAsync(a => a.GenerateAsync(office, AnalysisTestData.District, thisMonth.AddMonths(1)));
        Assert.Equal(EditOutcome.Invalid, future.Outcome);
        Assert.Equal("Month", Assert.Single(future.Errors).Field);
        var missing = await WithAnalysisAsync(a => a.GenerateAsync(office, null, null));
        Assert.Equal(MissingFields, missing.Errors.Select(e => e.Field));

        var current = await WithAnalysisAsync(a => a.GenerateAsync(office, "990102001", thisMonth));
        Assert.True(current.Succeeded);
        var report = (await WithAnalysisAsync(a => a.GetAsync(office, int.Parse(current.Code!, System.Globalization.CultureInfo.InvariantCulture))))!;
        Assert.True(report.Figures.MonthToDate);
        Assert.Equal(today, report.Figures.AsOf);
        Assert.Equal("湖滨街道", report.RegionName);
    }

    [Fact]
    public async Task AnotherDistrictsOfficeNeitherSeesNorGeneratesTheReports()
    {
        var east = await RegionScopeAsync(AnalysisTestData.District);
        var west = await RegionScopeAsync(AnalysisTestData.OtherDistrict);
        var made = await WithAnalysisAsync(a => a.GenerateAsync(east, AnalysisTestData.District, new DateOnly(2025, 9, 1)));
        var id = int.Parse(made.Code!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Null(await WithAnalysisAsync(a => a.GetAsync(west, id)));
        Assert.DoesNotContain((await WithAnalysisAsync(a => a.ListAsync(west, null, new PageRequest()))).Items, r => r.Id == id);
        Assert.Contains((await WithAnalysisAsync(a => a.ListAsync(StaffScope.Everything, null, new PageRequest(1, 100)))).Items, r => r.Id == id);
        Assert.Equal(EditOutcome.NotFound, (await WithAnalysisAsync(a => a.SaveCommentaryAsync(west, id, 0, "越权"))).Outcome);
        Assert.Equal(EditOutcome.NotFound, (await WithAnalysisAsync(a => a.PublishAsync(west, id, 0, null, "西山区"))).Outcome);
        var refused = await WithAnalysisAsync(a => a.GenerateAsync(west, AnalysisTestData.District, new DateOnly(2025, 9, 1)));
        Assert.Equal("RegionCode", Assert.Single(refused.Errors).Field);
        // A station's account has no region scope: nothing.
        var station = await database.QueryAsync(async db => StaffScope.ForStation(await db.Stations.Where(s => s.Code == AnalysisTestData.Hubin).Select(s => s.Id).SingleAsync()));
        Assert.Null(await WithAnalysisAsync(a => a.GetAsync(station, id)));
    }

    [Fact]
    public async Task TwoStaffGeneratingTheSameMonthAtOnceGetOneReport()
    {
        var office = await RegionScopeAsync(AnalysisTestData.District);
        var month = new DateOnly(2025, 8, 1);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => WithAnalysisAsync(a => a.GenerateAsync(office, "990102002", month))));
        Assert.All(results, r => Assert.True(r.Succeeded, string.Join("; ", r.Errors.Select(e => e.Message))));
        Assert.Single(results.Select(r => r.Code).Distinct());
        Assert.Equal(1, await database.QueryAsync(db => db.OpinionAnalysisReports.CountAsync(r => r.Month == month && r.Region.Code == "990102002")));
    }

    [Fact]
    public void PiecesAreChineseOnlyWithoutStopWords()
    {
        var pieces = HotTopicCounter.Pieces("希望解决小区停车难的问题，ABC路123号我们反映过");
        Assert.Contains("停车", pieces);
        Assert.Contains("停车难", pieces);
        Assert.Contains("小区停", pieces);
        Assert.DoesNotContain("希望", pieces);
        Assert.DoesNotContain("问题", pieces);
        Assert.DoesNotContain("反映", pieces);
        Assert.DoesNotContain(pieces, p => p.Contains('的', StringComparison.Ordinal) || p.Contains('我', StringComparison.Ordinal));
        Assert.DoesNotContain(pieces, p => p.Any(c => !HotTopicCounter.IsHan(c)));

        // Documents, not occurrences: one letter saying 加装电梯 ten times counts once; three letters make a topic.
        var counter = new HotTopicCounter();
        counter.AddMonth("加装电梯", string.Concat(Enumerable.Repeat("加装电梯，", 10)));
        counter.AddMonth("路灯", "路灯不亮");
        Assert.Empty(counter.Topics());
        counter.AddMonth("加装电梯", "老楼加装电梯");
        counter.AddMonth("电梯", "申请加装电梯的进度");
        var topic = Assert.Single(counter.Topics());
        Assert.Equal(3, topic.Opinions);
        Assert.Contains(topic.Term, ElevatorTerms);
    }
}
