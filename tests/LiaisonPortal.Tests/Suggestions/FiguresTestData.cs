using System.Globalization;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Tests.Suggestions;

/// <summary>
/// Suggestions with known answers, written straight into the database (the entities' internal setters) for 2025, a year
/// the demo data does not touch. 东湖区 2025 第1次会议 holds 210 replied suggestions, numbered i = 0…209:
/// <list type="bullet">
/// <item>lead unit U990102-01 for i &lt; 120, U990102-02 for i &lt; 180, U990102-03 for the rest (U990102-04 co-unit of i &lt; 20; for i = 5 U990102-02 was lead first and sent it back);</item>
/// <item>category CJ for even i, HB for odd i;</item>
/// <item>latest grade A for i &lt; 191, B up to 204, C from 205; i = 100…109 were B in round 1 and A in round 2;</item>
/// <item>latest rating satisfied for i &lt; 180, basically satisfied up to 199, unsatisfied from 200; i = 100…109 were unsatisfied in round 1 and satisfied in round 2; i = 201, 202 are in their second handling after an unsatisfied round 1;</item>
/// <item>the round-1 reply at 23:30 China time on the deadline day (on time), or, when i % 10 = 9, at 00:30 the next day (late — the same UTC date as the deadline);</item>
/// <item>key suggestions i = 0, 150, 207.</item>
/// </list>
/// Besides, in the same batch: 6 accepted (CJ, not assigned; one with a proposal only), 4 assigned not yet replied
/// (U990102-01, HB), and — not filed — 4 submitted, 3 returned, 2 converted, 5 drafts (withdrawn, keeping their number).
/// 东湖区 2025 闭会期间: 10 (U990102-02, JY, A, on time): 7 closed satisfied, 3 replied not yet rated.
/// 西山区 2025 第2次会议 (suggestion numbers are unique across all regions, so not 第1次会议 again): 7 (U990103-01, YL, A, satisfied, on time).
/// </summary>
public static class FiguresTestData
{
    public const int Year = 2025;

    public static readonly DateOnly Due = new(2025, 4, 8);

    /// <summary>23:30 China time on the deadline day.</summary>
    public static readonly DateTimeOffset OnTime = new(2025, 4, 8, 15, 30, 0, TimeSpan.Zero);

    /// <summary>00:30 China time the day after the deadline: still the deadline's date in UTC.</summary>
    public static readonly DateTimeOffset Late = new(2025, 4, 8, 16, 30, 0, TimeSpan.Zero);

    public sealed record Batches(int Session, int Interim, int OtherRegion);

    public static Task<Batches> SeedAsync(DatabaseFixture database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.QueryAsync(async db =>
        {
            var regions = await db.Regions.Where(r => r.Code == "990102" || r.Code == "990103").ToDictionaryAsync(r => r.Code, r => r.Id);
            var units = await db.HandlingUnits.ToDictionaryAsync(u => u.Code, u => u.Id);
            var categories = await db.Categories.ToDictionaryAsync(c => c.Code, c => c.Id);
            var deputies = await db.Deputies.Where(d => d.Code == "D0001" || d.Code == "D0004" || d.Code == "D0005").OrderBy(d => d.Code).Select(d => d.Id).ToListAsync();

            var session = new SuggestionBatch(regions["990102"], Year, BatchKind.Session, "第1次会议", new(2025, 1, 6), new(2025, 1, 9), 3, null);
            var interim = new SuggestionBatch(regions["990102"], Year, BatchKind.Interim, "闭会期间", new(2025, 1, 1), new(2025, 12, 31), null, 13);
            var other = new SuggestionBatch(regions["990103"], Year, BatchKind.Session, "第2次会议", new(2025, 1, 8), new(2025, 1, 10), 3, null);
            db.SuggestionBatches.AddRange(session, interim, other);
            await db.SaveChangesAsync();
            session.AssignedAt = new DateTimeOffset(2025, 1, 8, 2, 0, 0, TimeSpan.Zero);

            var assigned = new DateTimeOffset(2025, 1, 8, 2, 0, 0, TimeSpan.Zero);
            var plans = new List<Plan>();
            for (var i = 0; i < 210; i++)
            {
                var unit = i < 120 ? "U990102-01" : i < 180 ? "U990102-02" : "U990102-03";
                var grade = i < 191 ? AnswerResult.Solved : i < 205 ? AnswerResult.BeingSolved : AnswerResult.CannotSolve;
                var rating = i < 180 ? Rating.Satisfied : i < 200 ? Rating.BasicallySatisfied : Rating.Unsatisfied;
                var secondRound = i is >= 100 and < 110 or 201 or 202;
                plans.Add(new Plan(session, i % 2 == 0 ? "CJ" : "HB", secondRound && i < 110 ? SuggestionState.Closed : secondRound ? SuggestionState.Assigned : SuggestionState.Closed)
                {
                    Lead = unit,
                    Co = i < 20 ? "U990102-04" : null,
                    SentBackBy = i == 5 ? "U990102-02" : null,
                    FirstGrade = secondRound ? AnswerResult.BeingSolved : grade,
                    FirstRating = secondRound ? Rating.Unsatisfied : rating,
                    FirstReply = i % 10 == 9 ? Late : OnTime,
                    SecondRound = secondRound,
                    SecondGrade = i < 110 && secondRound ? AnswerResult.Solved : null,
                    SecondRating = i < 110 && secondRound ? Rating.Satisfied : null,
                    KeyLeader = i is 0 or 150 or 207 ? $"常委会副主任{i}" : null,
                    Deputy = deputies[i % deputies.Count],
                });
            }

            plans.AddRange(Enumerable.Range(0, 6).Select(i => new Plan(session, "CJ", SuggestionState.Accepted) { Proposed = i == 0 ? "U990102-01" : null, Deputy = deputies[0] }));
            plans.AddRange(Enumerable.Range(0, 4).Select(_ => new Plan(session, "HB", SuggestionState.Assigned) { Lead = "U990102-01", Deputy = deputies[0] }));
            plans.AddRange(Enumerable.Range(0, 4).Select(_ => new Plan(session, "CJ", SuggestionState.Submitted) { Deputy = deputies[1] }));
            plans.AddRange(Enumerable.Range(0, 3).Select(_ => new Plan(session, "HB", SuggestionState.Returned) { Deputy = deputies[1] }));
            plans.AddRange(Enumerable.Range(0, 2).Select(_ => new Plan(session, "CJ", SuggestionState.Converted) { Deputy = deputies[1] }));
            plans.AddRange(Enumerable.Range(0, 5).Select(_ => new Plan(session, "HB", SuggestionState.Draft) { Deputy = deputies[2] }));
            plans.AddRange(Enumerable.Range(0, 10).Select(i => new Plan(interim, "JY", i < 7 ? SuggestionState.Closed : SuggestionState.Replied)
            {
                Lead = "U990102-02", FirstGrade = AnswerResult.Solved, FirstRating = i < 7 ? Rating.Satisfied : null, FirstReply = new DateTimeOffset(2025, 6, 20, 2, 0, 0, TimeSpan.Zero),
                Due = new DateOnly(2025, 7, 1), Deputy = deputies[2],
            }));
            plans.AddRange(Enumerable.Range(0, 7).Select(_ => new Plan(other, "YL", SuggestionState.Closed)
            {
                Lead = "U990103-01", FirstGrade = AnswerResult.Solved, FirstRating = Rating.Satisfied, FirstReply = OnTime, Deputy = deputies[0],
            }));

            var sequences = new Dictionary<SuggestionBatch, int>();
            var rows = new List<(Plan Plan, Suggestion Suggestion)>();
            foreach (var plan in plans)
            {
                var sequence = sequences[plan.Batch] = sequences.GetValueOrDefault(plan.Batch) + 1;
                var suggestion = new Suggestion(plan.Deputy, $"测试建议{plan.Batch.Name}{sequence:D4}", "用于核对统计数字的测试建议内容，足够二十个字以上。", assigned.AddDays(-3), null)
                {
                    CategoryId = categories[plan.Category],
                };
                suggestion.State = plan.State;
                suggestion.BatchId = plan.Batch.Id;
                suggestion.Sequence = sequence;
                suggestion.Number = plan.Batch.NumberFor(sequence);
                suggestion.SubmittedAt = assigned.AddDays(-3);
                suggestion.Round = plan.SecondRound ? 2 : 1;
                suggestion.IsKey = plan.KeyLeader is not null;
                suggestion.KeyLeader = plan.KeyLeader;
                suggestion.DueOn = plan.State == SuggestionState.Assigned ? plan.Due : null;
                db.Suggestions.Add(suggestion);
                rows.Add((plan, suggestion));
            }

            foreach (var batch in sequences)
            {
                batch.Key.LastNumber = batch.Value;
            }

            await db.SaveChangesAsync();
            foreach (var (plan, s) in rows)
            {
                if (plan.Proposed is { } proposed)
                {
                    db.SuggestionAssignments.Add(new SuggestionAssignment(s.Id, 1, units[proposed], isLead: true));
                }

                if (plan.SentBackBy is { } sentBack)
                {
                    db.SuggestionAssignments.Add(new SuggestionAssignment(s.Id, 1, units[sentBack], isLead: true)
                    {
                        AssignedAt = assigned.AddDays(-1), DueOn = plan.Due.AddDays(-1), SentBackAt = assigned.AddHours(-2), SentBackReason = "不属于本单位职责",
                    });
                }

                if (plan.Lead is not { } lead)
                {
                    continue;
                }

                db.SuggestionAssignments.Add(new SuggestionAssignment(s.Id, 1, units[lead], isLead: true)
                {
                    AssignedAt = assigned, DueOn = plan.Due,
                    Reply = plan.FirstGrade is null ? null : "答复内容", Grade = plan.FirstGrade, RepliedAt = plan.FirstGrade is null ? null : plan.FirstReply,
                });
                if (plan.Co is { } co)
                {
                    // A co-unit's row, even with a grade by mistake, never counts.
                    db.SuggestionAssignments.Add(new SuggestionAssignment(s.Id, 1, units[co], isLead: false) { AssignedAt = assigned, DueOn = plan.Due, View = "协办意见", ViewAt = plan.FirstReply.AddDays(-2) });
                }

                if (plan.FirstRating is { } first)
                {
                    db.SuggestionEvaluations.Add(new SuggestionEvaluation(s.Id, 1, first, first == Rating.Unsatisfied ? "不满意" : null, plan.FirstReply.AddDays(5)));
                }

                if (plan.SecondRound)
                {
                    var again = new DateTimeOffset(2025, 5, 1, 2, 0, 0, TimeSpan.Zero);
                    db.SuggestionAssignments.Add(new SuggestionAssignment(s.Id, 2, units[lead], isLead: true)
                    {
                        AssignedAt = again, DueOn = new DateOnly(2025, 5, 21),
                        Reply = plan.SecondGrade is null ? null : "二次答复", Grade = plan.SecondGrade,
                        RepliedAt = plan.SecondGrade is null ? null : new DateTimeOffset(2025, 6, 30, 2, 0, 0, TimeSpan.Zero),
                    });
                    if (plan.SecondRating is { } second)
                    {
                        db.SuggestionEvaluations.Add(new SuggestionEvaluation(s.Id, 2, second, null, new DateTimeOffset(2025, 7, 3, 2, 0, 0, TimeSpan.Zero)));
                    }
                }
            }

            await db.SaveChangesAsync();
            return new Batches(session.Id, interim.Id, other.Id);
        });
    }

    public static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed record Plan(SuggestionBatch Batch, string Category, SuggestionState State)
    {
        public string? Lead { get; init; }

        public string? Co { get; init; }

        public string? Proposed { get; init; }

        public string? SentBackBy { get; init; }

        public AnswerResult? FirstGrade { get; init; }

        public Rating? FirstRating { get; init; }

        public DateTimeOffset FirstReply { get; init; } = OnTime;

        public DateOnly Due { get; init; } = FiguresTestData.Due;

        public bool SecondRound { get; init; }

        public AnswerResult? SecondGrade { get; init; }

        public Rating? SecondRating { get; init; }

        public string? KeyLeader { get; init; }

        public int Deputy { get; init; }
    }
}
