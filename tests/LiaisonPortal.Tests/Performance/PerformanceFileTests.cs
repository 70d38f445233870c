using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Performance;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LiaisonPortal.Tests.Performance.PerformanceTestData;

namespace LiaisonPortal.Tests.Performance;

/// <summary>The demo database with the test district and its year of facts and rules.</summary>
public sealed class PerformanceFixture : PortalFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedAsync(this);
    }

    public async Task<StaffScope> DistrictScopeAsync() =>
        StaffScope.ForRegion(await QueryAsync(db => db.Regions.Where(r => r.Code == District).Select(r => r.Id).SingleAsync()));
}

/// <summary>履职档案 and 履职积分: P0001's year against a hand-computed file, a changed rule, ranks with ties, the minimums list.</summary>
public sealed class PerformanceFileTests(PerformanceFixture portal) : IClassFixture<PerformanceFixture>
{
    /// <summary>P0001's year by hand: (fact, count, points, cap reached). Total 52.</summary>
    private static readonly (PerformanceFact Fact, int Count, int Points, bool Capped)[] Expected =
    [
        (PerformanceFact.ReceptionAttended, 5, 6, true),      // Jan, Feb, Mar, Apr (online), Aug: 5 × 2 = 10, capped at 6 a year
        (PerformanceFact.VisitMade, 2, 6, false),             // May, Jun: 2 × 3
        (PerformanceFact.DutyMissed, 3, -4, true),            // Jul 15, Jul 20, Aug 10 (at B): 3 × −2 = −6, capped at −4
        (PerformanceFact.OpinionReceived, 4, 3, true),        // Jan 1 (1) + Mar (3 → capped at 2 a month)
        (PerformanceFact.OpinionFedBack, 4, 4, false),        // Jan, Feb, Mar, Apr
        (PerformanceFact.SuggestionFiled, 3, 9, false),       // s1 Feb, s2 Mar, s6 Jun
        (PerformanceFact.SuggestionCosigned, 1, 1, false),    // s7
        (PerformanceFact.SuggestionSolved, 2, 10, false),     // s3 Jan, s1 Apr (s2's latest reply is B)
        (PerformanceFact.Inspection, 1, 3, false),
        (PerformanceFact.Research, 1, 4, false),
        (PerformanceFact.ReportToVoters, 1, 5, false),
        (PerformanceFact.DeliberationMeeting, 1, 0, false),
        (PerformanceFact.LawEnforcementCheck, 0, 0, false),
        (PerformanceFact.MeetingAttendance, 0, 0, false),
        (PerformanceFact.Training, 0, 0, false),
        (PerformanceFact.OtherActivity, 4, 5, true),          // Q1 3 × 2 = 6 → 3, Q2 1 × 2 = 2
    ];

    [Fact]
    public async Task TheDeputysFileEqualsTheHandComputedFileAndAChangedRuleRecomputesTheYear()
    {
        var scope = await portal.DistrictScopeAsync();
        var file = await portal.WithScopeAsync(s => s.GetRequiredService<PerformanceFiles>().FileAsync(scope, Target, Year));

        Assert.NotNull(file);
        Assert.Equal(
            Expected.Select(e => (e.Fact, e.Count, e.Points, e.Capped)),
            file.Score.Facts.Select(f => (f.Fact, f.Count, f.Points, f.CapReached)));
        Assert.Equal(52, file.Score.Total);
        Assert.Equal([1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0], file.Score[PerformanceFact.OpinionReceived].Months);
        Assert.Equal([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0], file.Score[PerformanceFact.OpinionFedBack].Months);
        Assert.Equal([PerformanceFact.VisitMade], file.Score.Facts.Where(f => f.BelowMinimum).Select(f => f.Fact));

        // What they did: the lists behind the counts.
        Assert.Equal(7, file.Receptions.Count);
        Assert.Equal(2, file.Receptions.Count(r => r.Mode == Core.Reception.ReceptionMode.Visit));
        Assert.Equal([Day(7, 15), Day(7, 20), Day(8, 10)], file.MissedDuties.Select(d => d.Date));
        Assert.Equal("履职测试站乙", file.MissedDuties[2].StationName);
        Assert.Equal(8, file.Activities.Count);
        Assert.Equal(["视察签到表.pdf"], file.Activities.Single(a => a.Kind == PerformanceFact.Inspection).Files.Select(f => f.FileName));
        Assert.Equal(["档案建议1", "档案建议2", "档案建议7", "档案建议6"], file.Suggestions.Select(s => s.Title));
        Assert.Equal([true, true, false, true], file.Suggestions.Select(s => s.Lead));
        Assert.Equal(Core.Opinions.AnswerResult.Solved, file.Suggestions[0].Grade);
        Assert.Equal(Core.Opinions.Rating.Satisfied, file.Suggestions[0].Rating);
        Assert.Equal(Core.Opinions.AnswerResult.BeingSolved, file.Suggestions[1].Grade);

        // Ranks: at A with P0002 (3) and P0004 (5), at B with P0003, among the district's county deputies (P0002 and P0003 tie for second).
        Assert.Equal([("990198001-01", 1, 3), ("990198001-02", 1, 2)], file.StationRanks.Select(r => (r.GroupCode, r.Rank, r.Of)));
        Assert.Equal(("履职测试区", 1, 3), (file.LevelRank!.GroupName, file.LevelRank.Rank, file.LevelRank.Of));

        // An administrator changes 办成 from 5 to 1: the year is recomputed at once (52 − 2 × 4 = 44).
        var rules = await portal.WithScopeAsync(s => s.GetRequiredService<PointRules>().ForYearAsync(Year));
        var solved = rules.Single(r => r.Fact == PerformanceFact.SuggestionSolved);
        try
        {
            var result = await portal.WithScopeAsync(s => s.GetRequiredService<PointRules>()
                .UpdateAsync(Year, PerformanceFact.SuggestionSolved, new PointRuleInput(1, null, null, null, solved.Version)));
            Assert.True(result.Succeeded);
            var after = await portal.WithScopeAsync(s => s.GetRequiredService<PerformanceFiles>().FileAsync(scope, Target, Year));
            Assert.Equal(2, after!.Score[PerformanceFact.SuggestionSolved].Points);
            Assert.Equal(44, after.Score.Total);

            // The version the form was shown with is now stale: refused with the conflict message.
            var stale = await portal.WithScopeAsync(s => s.GetRequiredService<PointRules>()
                .UpdateAsync(Year, PerformanceFact.SuggestionSolved, new PointRuleInput(7, null, null, null, solved.Version)));
            Assert.Equal(EditOutcome.Conflict, stale.Outcome);
            Assert.Contains("已被他人修改", stale.Errors.Single().Message, StringComparison.Ordinal);
        }
        finally
        {
            await portal.WithScopeAsync(async s =>
            {
                var service = s.GetRequiredService<PointRules>();
                var now = (await service.ForYearAsync(Year)).Single(r => r.Fact == PerformanceFact.SuggestionSolved);
                return await service.UpdateAsync(Year, PerformanceFact.SuggestionSolved, Rules[PerformanceFact.SuggestionSolved] with { Version = now.Version });
            });
        }
    }

    [Fact]
    public async Task RankingsShareARankOnATieAndListOnlyActiveDeputiesInTheScope()
    {
        var scope = await portal.DistrictScopeAsync();
        var ranking = await portal.WithScopeAsync(s => s.GetRequiredService<PerformanceFiles>().RankingsAsync(scope, Year, new RankingQuery()));

        Assert.False(ranking.ToDate);
        Assert.Equal(
            [(Target, 52, 1, 3), (CityDeputy, 5, 1, 1), (PeerA, 3, 2, 3), (PeerB, 3, 2, 3)],
            ranking.Rows.Select(r => (r.Code, r.Score.Total, r.LevelRank.Rank, r.LevelRank.Of)));
        Assert.Equal(
            [(StationA, 1, 3), (StationA, 2, 3), (StationA, 3, 3), (StationB, 2, 2)],
            ranking.Rows.Select(r => (r.StationCode!, r.Station!.Rank, r.Station.Of)));

        var atB = await portal.WithScopeAsync(s => s.GetRequiredService<PerformanceFiles>().RankingsAsync(scope, Year, new RankingQuery(Station: StationB)));
        Assert.Equal([(Target, 1, 2), (PeerB, 2, 2)], atB.Rows.Select(r => (r.Code, r.Station!.Rank, r.Station.Of)));

        var county = await portal.WithScopeAsync(s => s.GetRequiredService<PerformanceFiles>().RankingsAsync(scope, Year, new RankingQuery(Level: DeputyLevel.City)));
        Assert.Equal([CityDeputy], county.Rows.Select(r => r.Code));
        var named = await portal.WithScopeAsync(s => s.GetRequiredService<PerformanceFiles>().RankingsAsync(scope, Year, new RankingQuery(Text: "代表丙")));
        Assert.Equal([PeerB], named.Rows.Select(r => r.Code));
    }

    [Fact]
    public async Task TheBelowMinimumListNamesEveryMissedMinimum()
    {
        var scope = await portal.DistrictScopeAsync();
        var rows = await portal.WithScopeAsync(s => s.GetRequiredService<PerformanceFiles>().BelowMinimumAsync(scope, Year));

        var expected = new List<(string, PerformanceFact, int, int)> { (Target, PerformanceFact.VisitMade, 2, 3) };
        foreach (var code in new[] { PeerA, PeerB, CityDeputy }.Order(StringComparer.Ordinal))
        {
            // P0004 checked in once (Jul 20): only their visits and report are missing.
            if (code != CityDeputy)
            {
                expected.Add((code, PerformanceFact.ReceptionAttended, 0, 1));
            }

            expected.Add((code, PerformanceFact.VisitMade, 0, 3));
            expected.Add((code, PerformanceFact.ReportToVoters, 0, 1));
        }

        Assert.Equal(expected, rows.Select(r => (r.Code, r.Fact, r.Count, r.Minimum)));
        Assert.DoesNotContain(rows, r => r.Code == Inactive);
    }

    [Fact]
    public async Task AFileOutsideTheScopeIsNotFoundAndADeputySeesOnlyTheirOwn()
    {
        var (targetId, peerId) = await portal.QueryAsync(async db =>
            (await db.Deputies.Where(d => d.Code == Target).Select(d => d.Id).SingleAsync(), await db.Deputies.Where(d => d.Code == PeerA).Select(d => d.Id).SingleAsync()));
        var eastLake = StaffScope.ForRegion(await portal.QueryAsync(db => db.Regions.Where(r => r.Code == "990102").Select(r => r.Id).SingleAsync()));

        Assert.Null(await portal.WithScopeAsync(s => s.GetRequiredService<PerformanceFiles>().FileAsync(eastLake, Target, Year)));
        Assert.Null(await portal.WithScopeAsync(s => s.GetRequiredService<PerformanceFiles>().FileAsync(StaffScope.ForDeputy(peerId), Target, Year)));
        Assert.NotNull(await portal.WithScopeAsync(s => s.GetRequiredService<PerformanceFiles>().FileAsync(StaffScope.ForDeputy(targetId), Target, Year)));
    }

    [Fact]
    public async Task DutiesNotYetPastAreNotMissedAndTheNextYearIsEmpty()
    {
        var targetId = await portal.QueryAsync(db => db.Deputies.Where(d => d.Code == Target).Select(d => d.Id).SingleAsync());
        var counts = await portal.WithScopeAsync(s => s.GetRequiredService<PerformanceFiles>().CountAsync(Year + 1, [targetId]));

        // This year: only the reception logged on Jan 1 counts; tomorrow's duty is not missed yet.
        Assert.Equal(1, counts[targetId][PerformanceFact.ReceptionAttended].Sum());
        Assert.False(counts[targetId].ContainsKey(PerformanceFact.DutyMissed));
    }

    [Fact]
    public async Task AYearWithoutRulesGetsThePreviousYearsOrTheDefaultsOnceEvenWhenAskedTwiceAtOnce()
    {
        var first = await portal.WithScopeAsync(s => s.GetRequiredService<PointRules>().ForYearAsync(2001));
        Assert.Equal(PerformanceFacts.All, first.Select(r => r.Fact));
        Assert.Equal(PointRules.Defaults.Select(d => (d.Fact, d.Points, d.CapPeriod, d.Cap, d.Minimum)),
            first.Select(r => (r.Fact, r.Points, r.CapPeriod, r.Cap, r.YearlyMinimum)));

        var visit = first.Single(r => r.Fact == PerformanceFact.VisitMade);
        var changed = await portal.WithScopeAsync(s => s.GetRequiredService<PointRules>()
            .UpdateAsync(2001, PerformanceFact.VisitMade, new PointRuleInput(7, PointCapPeriod.Quarter, 14, 4, visit.Version)));
        Assert.True(changed.Succeeded);

        // Two requests create 2002's rules at once: one insert wins, both see the same 16 rules copied from 2001 (the latest earlier year with rules).
        var both = await Task.WhenAll(
            portal.WithScopeAsync(s => s.GetRequiredService<PointRules>().ForYearAsync(2002)),
            portal.WithScopeAsync(s => s.GetRequiredService<PointRules>().ForYearAsync(2002)));
        Assert.All(both, rules => Assert.Equal(PerformanceFacts.All.Count, rules.Count));
        Assert.Equal((7, PointCapPeriod.Quarter, (int?)14, (int?)4), both[0].Where(r => r.Fact == PerformanceFact.VisitMade).Select(r => (r.Points, r.CapPeriod, r.Cap, r.YearlyMinimum)).Single());
        Assert.Equal(PerformanceFacts.All.Count, await portal.QueryAsync(db => db.PointRules.CountAsync(r => r.Year == 2002)));
        Assert.True(await portal.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.EntityType == nameof(PointRule))), "rule changes are audited");
    }

    [Theory]
    [InlineData(101, null, null, null, "Points")]
    [InlineData(-101, null, null, null, "Points")]
    [InlineData(2, null, 5, null, "CapPeriod")]
    [InlineData(2, PointCapPeriod.Month, null, null, "Cap")]
    [InlineData(2, PointCapPeriod.Month, 1001, null, "Cap")]
    [InlineData(2, PointCapPeriod.Month, 0, null, "Cap")]
    [InlineData(2, null, null, 0, "YearlyMinimum")]
    [InlineData(2, null, null, 367, "YearlyMinimum")]
    public void ARuleOutOfRangeIsRefusedWithTheFieldNamed(int points, PointCapPeriod? period, int? cap, int? minimum, string field) =>
        Assert.Equal([field], PointRules.Validate(new PointRuleInput(points, period, cap, minimum, 0)).Select(e => e.Field));

    [Fact]
    public void AFactWithoutARuleShowsItsCountAndNoPoints()
    {
        var months = new Dictionary<PerformanceFact, int[]> { [PerformanceFact.Training] = [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] };
        var score = PerformanceScoring.Score(1, months, [new PointRuleRow(2026, PerformanceFact.VisitMade, 2, null, null, null, 0, DateTimeOffset.UnixEpoch)]);
        Assert.Equal((3, 0, false), (score[PerformanceFact.Training].Count, score[PerformanceFact.Training].Points, score[PerformanceFact.Training].CapReached));
        Assert.Equal(0, score.Total);
        Assert.Equal(new Dictionary<int, int> { [1] = 1, [2] = 2, [3] = 2, [4] = 4 }, PerformanceScoring.Ranks([(1, 9), (2, 5), (3, 5), (4, 1)]));
    }
}
