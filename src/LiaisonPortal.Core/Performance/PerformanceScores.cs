namespace LiaisonPortal.Core.Performance;

/// <summary>
/// One fact of a deputy's year: how often it happened each month, the rule applied, and the points it gave.
/// <see cref="CapReached"/>: in at least one period the uncapped points reached the cap (by absolute value).
/// </summary>
public sealed record FactScore(
    PerformanceFact Fact, IReadOnlyList<int> Months, int Count, int Points, int PointsEach, PointCapPeriod? CapPeriod, int? Cap, bool CapReached, int? YearlyMinimum)
{
    /// <summary>A yearly minimum that the count has not reached (to date, in the current year).</summary>
    public bool BelowMinimum => YearlyMinimum is { } minimum && Count < minimum;
}

/// <summary>A deputy's year in points: every fact (in <see cref="PerformanceFacts.All"/> order) and the total.</summary>
public sealed record DeputyScore(int DeputyId, IReadOnlyList<FactScore> Facts, int Total)
{
    public FactScore this[PerformanceFact fact] => Facts.First(f => f.Fact == fact);
}

/// <summary>
/// The one scoring rule: occurrences × points per occurrence; with a cap, the points of each period (month, quarter or
/// the year) are limited to the cap by absolute value (a negative rule's deductions too); the total is the sum over facts.
/// A fact without a rule shows its count and 0 points.
/// </summary>
public static class PerformanceScoring
{
    public const int Months = 12;

    /// <param name="months">Per fact, 12 monthly counts (January first); a missing fact counted 0.</param>
    public static DeputyScore Score(int deputyId, IReadOnlyDictionary<PerformanceFact, int[]> months, IEnumerable<PointRuleRow> rules)
    {
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(rules);
        var byFact = rules.ToDictionary(r => r.Fact);
        var facts = PerformanceFacts.All.Select(fact => ScoreFact(fact, months.GetValueOrDefault(fact) ?? new int[Months], byFact.GetValueOrDefault(fact))).ToList();
        return new DeputyScore(deputyId, facts, facts.Sum(f => f.Points));
    }

    public static FactScore ScoreFact(PerformanceFact fact, int[] months, PointRuleRow? rule)
    {
        ArgumentNullException.ThrowIfNull(months);
        var count = months.Sum();
        if (rule is null)
        {
            return new FactScore(fact, months, count, 0, 0, null, null, false, null);
        }

        var each = rule.Points;
        var periods = rule.CapPeriod switch
        {
            PointCapPeriod.Month => months.Select(m => m * each).ToArray(),
            PointCapPeriod.Quarter => Enumerable.Range(0, 4).Select(q => months.Skip(q * 3).Take(3).Sum() * each).ToArray(),
            _ => [count * each],
        };
        var reached = false;
        var points = 0;
        foreach (var raw in periods)
        {
            if (rule.CapPeriod is not null && rule.Cap is { } cap && raw != 0 && Math.Abs(raw) >= cap)
            {
                reached = true;
                points += Math.Sign(raw) * cap;
            }
            else
            {
                points += raw;
            }
        }

        return new FactScore(fact, months, count, points, each, rule.CapPeriod, rule.Cap, reached, rule.YearlyMinimum);
    }

    /// <summary>Competition ranking: ties share a rank and the next rank skips (1, 1, 3).</summary>
    public static IReadOnlyDictionary<int, int> Ranks(IEnumerable<(int DeputyId, int Total)> group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var ranks = new Dictionary<int, int>();
        var position = 0;
        var rank = 0;
        int? previous = null;
        foreach (var (deputyId, total) in group.OrderByDescending(g => g.Total))
        {
            position++;
            if (previous != total)
            {
                rank = position;
                previous = total;
            }

            ranks[deputyId] = rank;
        }

        return ranks;
    }
}
