namespace LiaisonPortal.Core.Reception;

/// <summary>One reception day of a proposed roster and the deputies (codes) proposed for it.</summary>
public sealed record ProposedDay(DateOnly Date, IReadOnlyList<string> Deputies);

/// <summary>
/// 轮值: proposes a fair roster for a quarter's reception days. Pure and deterministic, so its fairness can be tested
/// over random rosters. Day by day in date order, each day takes the available deputies with the fewest turns so far in
/// this proposal; ties go to the one with the fewest remaining available days (so a deputy who can come rarely is not
/// left out), then the fewest past duties, then the code. Hence nobody gets a second turn while someone available that
/// day has none, and two deputies available on the same days end up at most one turn apart.
/// </summary>
public static class Rotation
{
    /// <summary>Deputies on duty per reception day unless the station asks otherwise.</summary>
    public const int DefaultPerDay = 2;

    public static IReadOnlyList<ProposedDay> Propose(
        IEnumerable<DateOnly> days,
        IEnumerable<string> deputies,
        IReadOnlyDictionary<string, IReadOnlySet<DateOnly>> unavailable,
        IReadOnlyDictionary<string, int> previousCounts,
        int perDay = DefaultPerDay)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(deputies);
        ArgumentNullException.ThrowIfNull(unavailable);
        ArgumentNullException.ThrowIfNull(previousCounts);
        ArgumentOutOfRangeException.ThrowIfNegative(perDay);

        var dates = days.Distinct().Order().ToList();
        var codes = deputies.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        bool Available(string code, DateOnly date) => !(unavailable.TryGetValue(code, out var dates) && dates.Contains(date));

        var turns = codes.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);
        var remaining = codes.ToDictionary(c => c, c => dates.Count(d => Available(c, d)), StringComparer.Ordinal);
        var roster = new List<ProposedDay>(dates.Count);
        foreach (var date in dates)
        {
            var available = codes.Where(c => Available(c, date)).ToList();
            var chosen = available
                .OrderBy(c => turns[c])
                .ThenBy(c => remaining[c])
                .ThenBy(c => previousCounts.GetValueOrDefault(c))
                .ThenBy(c => c, StringComparer.Ordinal)
                .Take(perDay)
                .Order(StringComparer.Ordinal)
                .ToList();
            foreach (var code in available)
            {
                remaining[code]--;
            }

            foreach (var code in chosen)
            {
                turns[code]++;
            }

            roster.Add(new ProposedDay(date, chosen));
        }

        return roster;
    }
}
