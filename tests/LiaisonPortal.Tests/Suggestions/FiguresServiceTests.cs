using System.Text;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Suggestions;

/// <summary>The figures on suggestions with known answers (<see cref="FiguresTestData"/>): exact counts, exact rates.</summary>
public sealed class FiguresServiceTests(FiguresServiceTests.Fixture database) : IClassFixture<FiguresServiceTests.Fixture>
{
    [Fact]
    public async Task TheSessionBatchGivesTheExactCountsAndRates()
    {
        var figures = await FiguresAsync(await DistrictAsync(), new FigureFilter(database.Batches.Session));
        var total = figures.Total;

        // 210 replied + 6 accepted + 4 assigned; submitted, returned, converted and drafts are not filed.
        Assert.Equal(new FigureCounts(220, 210, 189, 191, 14, 5, 210, 180, 20, 10), total);
        Assert.Equal(189m / 210m, total.OnTimeRate);
        Assert.Equal(191m / 210m, total.CompletionRate);
        Assert.Equal(205m / 210m, total.CompletionOrPlannedRate);
        Assert.Equal(14m / 210m, total.GradeBShare);
        Assert.Equal(5m / 210m, total.GradeCShare);
        Assert.Equal(200m / 210m, total.SatisfactionRate);
        Assert.Equal(900m / 210m, total.Gap!.Value, 20);
        Assert.Equal("91.0%", FigureCounts.Percent(total.CompletionRate));
        Assert.Equal("95.2%", FigureCounts.Percent(total.SatisfactionRate));
        Assert.Equal("+4.3", FigureCounts.Points(total.Gap));
        Assert.Equal("90.0%", FigureCounts.Percent(total.OnTimeRate));

        var batch = Assert.Single(figures.ByBatch);
        Assert.Equal((FiguresTestData.Id(database.Batches.Session), "2025年第1次会议"), (batch.Key, batch.Name));
        Assert.Equal(total, batch.Counts);
        Assert.Equal(
            [
                ("U990102-01", new FigureCounts(124, 120, 108, 120, 0, 0, 120, 120, 0, 0)),
                ("U990102-02", new FigureCounts(60, 60, 54, 60, 0, 0, 60, 60, 0, 0)),
                ("U990102-03", new FigureCounts(30, 30, 27, 11, 14, 5, 30, 0, 20, 10)),
                (null, new FigureCounts(6, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
            ],
            figures.ByUnit.Select(r => (r.Key, r.Counts)));
        Assert.Equal(SuggestionFigures.NotAssignedName, figures.ByUnit[^1].Name);
        var third = figures.ByUnit[2].Counts;
        Assert.Equal(11m / 30m, third.CompletionRate);
        Assert.Equal(20m / 30m, third.SatisfactionRate);
        Assert.Equal(30m, third.Gap!.Value, 20);
        Assert.Null(figures.ByUnit[^1].Counts.CompletionRate);
        Assert.Null(figures.ByUnit[^1].Counts.Gap);

        Assert.Equal(
            [
                ("CJ", new FigureCounts(111, 105, 105, 96, 7, 2, 105, 90, 10, 5)),
                ("HB", new FigureCounts(109, 105, 84, 95, 7, 3, 105, 90, 10, 5)),
            ],
            figures.ByCategory.Select(r => (r.Key, r.Counts)));
        Assert.Equal(400m / 105m, figures.ByCategory[0].Counts.Gap!.Value, 20);
        Assert.Equal(500m / 105m, figures.ByCategory[1].Counts.Gap!.Value, 20);
    }

    [Fact]
    public async Task TheYearAddsTheInterimBatchAndCountsOnlyRatedRepliesAsEvaluated()
    {
        var figures = await FiguresAsync(await DistrictAsync(), new FigureFilter(Year: FiguresTestData.Year));

        Assert.Equal(new FigureCounts(230, 220, 199, 201, 14, 5, 217, 187, 20, 10), figures.Total);
        Assert.Equal(207m / 217m, figures.Total.SatisfactionRate);
        Assert.Equal(
            [
                (FiguresTestData.Id(database.Batches.Interim), "2025年闭会期间", new FigureCounts(10, 10, 10, 10, 0, 0, 7, 7, 0, 0)),
                (FiguresTestData.Id(database.Batches.Session), "2025年第1次会议", new FigureCounts(220, 210, 189, 191, 14, 5, 210, 180, 20, 10)),
            ],
            figures.ByBatch.Select(r => (r.Key, r.Name, r.Counts)));
        Assert.Equal(new FigureCounts(70, 70, 64, 70, 0, 0, 67, 67, 0, 0), figures.ByUnit.Single(r => r.Key == "U990102-02").Counts);
        Assert.Equal(["CJ", "HB", "JY"], figures.ByCategory.Select(r => r.Key));
        Assert.Equal(figures.Total, figures.ByUnit.Select(r => r.Counts).Aggregate(FigureCounts.Add));
        Assert.Equal(figures.Total, figures.ByCategory.Select(r => r.Counts).Aggregate(FigureCounts.Add));

        // Another year: nothing.
        var empty = await FiguresAsync(await DistrictAsync(), new FigureFilter(Year: 2024));
        Assert.Equal(FigureCounts.Zero, empty.Total);
        Assert.Empty(empty.ByBatch);
        Assert.Null(empty.Total.SatisfactionRate);
    }

    [Fact]
    public async Task AnotherRegionsOfficeSeesNoneOfThemAndTheAdministratorSeesAll()
    {
        var west = StaffScope.ForRegion(await database.QueryAsync(db => db.Regions.Where(r => r.Code == "990103").Select(r => r.Id).SingleAsync()));

        var theirs = await FiguresAsync(west, new FigureFilter(Year: FiguresTestData.Year));
        Assert.Equal(new FigureCounts(7, 7, 7, 7, 0, 0, 7, 7, 0, 0), theirs.Total);
        Assert.Equal(["U990103-01"], theirs.ByUnit.Select(r => r.Key));
        Assert.Equal(FigureCounts.Zero, (await FiguresAsync(west, new FigureFilter(database.Batches.Session))).Total);
        Assert.Null(await database.WithScopeAsync(s => s.GetRequiredService<SuggestionFigures>().BatchAsync(west, database.Batches.Session)));
        Assert.Empty(await database.WithScopeAsync(s => s.GetRequiredService<SuggestionFigures>().KeySuggestionsAsync(west, new FigureFilter(Year: FiguresTestData.Year))));

        var all = await FiguresAsync(StaffScope.Everything, new FigureFilter(Year: FiguresTestData.Year));
        Assert.Equal(237, all.Total.Filed);
        Assert.Equal(3, all.ByBatch.Count);
        Assert.Contains(all.ByBatch, b => b.Name == "西山区 2025年第2次会议");

        // A unit's account counts only what it was assigned.
        var unit = StaffScope.ForUnit(await database.QueryAsync(db => db.HandlingUnits.Where(u => u.Code == "U990102-03").Select(u => u.Id).SingleAsync()));
        Assert.Equal(30, (await FiguresAsync(unit, new FigureFilter(Year: FiguresTestData.Year))).Total.Filed);
    }

    [Fact]
    public async Task TheBatchViewCountsEveryStateButDraftsAndListsTheKeySuggestions()
    {
        var district = await DistrictAsync();
        var overview = await database.WithScopeAsync(s => s.GetRequiredService<SuggestionFigures>().BatchAsync(district, database.Batches.Session));

        Assert.NotNull(overview);
        Assert.Equal("第1次会议", overview.Batch.Name);
        Assert.Equal(
            new Dictionary<SuggestionState, int>
            {
                [SuggestionState.Submitted] = 4, [SuggestionState.Returned] = 3, [SuggestionState.Accepted] = 6, [SuggestionState.Assigned] = 6,
                [SuggestionState.Closed] = 208, [SuggestionState.Converted] = 2,
            },
            overview.ByState.OrderBy(p => p.Key).ToDictionary());
        Assert.Equal(10, overview.NotReplied);

        var key = await database.WithScopeAsync(s => s.GetRequiredService<SuggestionFigures>().KeySuggestionsAsync(district, new FigureFilter(Year: FiguresTestData.Year)));
        Assert.Equal(
            [
                ("2025-第1次会议-第0001号", "常委会副主任0", "东湖区住房和城乡建设局", Core.Opinions.AnswerResult.Solved),
                ("2025-第1次会议-第0151号", "常委会副主任150", "东湖区生态环境局", Core.Opinions.AnswerResult.Solved),
                ("2025-第1次会议-第0208号", "常委会副主任207", "东湖区教育局", Core.Opinions.AnswerResult.CannotSolve),
            ],
            key.Select(k => (k.Number!, k.KeyLeader!, k.LeadUnitName!, k.Grade!.Value)));
    }

    [Fact]
    public async Task TheCsvHasABomATotalAndTheRowsOfEachTable()
    {
        var figures = await FiguresAsync(await DistrictAsync(), new FigureFilter(database.Batches.Session));

        var bytes = SuggestionFigures.Csv(figures);

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("分组,名称,立案数,已答复,按时答复,按时答复率,A类,A类占比,B类,B类占比,C类,C类占比,办成率(A),A+B,已评价,满意,基本满意,不满意,满意率,差距(百分点)", lines[0]);
        Assert.Equal("合计,合计,220,210,189,90.0%,191,91.0%,14,6.7%,5,2.4%,91.0%,97.6%,210,180,20,10,95.2%,+4.3", lines[1]);
        Assert.Equal("主办单位,东湖区教育局,30,30,27,90.0%,11,36.7%,14,46.7%,5,16.7%,36.7%,83.3%,30,0,20,10,66.7%,+30.0", lines[5]);
        Assert.Equal("主办单位,未交办,6,0,0,—,0,—,0,—,0,—,—,—,0,0,0,0,—,—", lines[6]);
        Assert.Equal(1 + 1 + 1 + 4 + 2, lines.Length);
    }

    private async Task<StaffScope> DistrictAsync() =>
        StaffScope.ForRegion(await database.QueryAsync(db => db.Regions.Where(r => r.Code == "990102").Select(r => r.Id).SingleAsync()));

    private Task<SuggestionFigureSet> FiguresAsync(StaffScope scope, FigureFilter filter) =>
        database.WithScopeAsync(s => s.GetRequiredService<SuggestionFigures>().FiguresAsync(scope, filter));

    /// <summary>The demo database with the known suggestions added once for the class.</summary>
    public sealed class Fixture : DemoDatabaseFixture
    {
        public FiguresTestData.Batches Batches { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Batches = await FiguresTestData.SeedAsync(this);
        }
    }
}
