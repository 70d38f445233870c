using System.Globalization;
using LiaisonPortal.Core.Reception;

namespace LiaisonPortal.Tests.Reception;

/// <summary>
/// The rotation helper's fairness, checked over 500 random rosters each (seeded, so a failure repeats): 0–15 reception
/// days in a quarter, 0–12 deputies, random unavailable dates and past duties, 1–3 deputies a day.
/// </summary>
public class RotationPropertyTests
{
    private const int Cases = 500;

    public static TheoryData<int> Seeds => new() { 20260101, 42, 7 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void EveryDayGetsTheWantedNumberOrEveryoneAvailableAndNobodyTwiceOnADay(int seed)
    {
        foreach (var roster in RandomRosters(seed))
        {
            var proposal = roster.Propose();

            Assert.Equal(roster.Days.Distinct().Order(), proposal.Select(d => d.Date));
            foreach (var day in proposal)
            {
                var available = roster.Deputies.Count(c => roster.IsAvailable(c, day.Date));
                Assert.Equal(Math.Min(roster.PerDay, available), day.Deputies.Count);
                Assert.Equal(day.Deputies.Count, day.Deputies.Distinct().Count());
                Assert.All(day.Deputies, c => Assert.Contains(c, roster.Deputies));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void UnavailableDatesAreRespected(int seed)
    {
        foreach (var roster in RandomRosters(seed))
        {
            foreach (var day in roster.Propose())
            {
                Assert.All(day.Deputies, c => Assert.True(roster.IsAvailable(c, day.Date), $"{c} is unavailable on {day.Date} ({roster})"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void NobodyGetsASecondTurnWhileSomeoneAvailableThatDayHasHadNone(int seed)
    {
        foreach (var roster in RandomRosters(seed))
        {
            var turns = roster.Deputies.ToDictionary(c => c, _ => 0);
            foreach (var day in roster.Propose())
            {
                var waiting = roster.Deputies.Where(c => roster.IsAvailable(c, day.Date) && !day.Deputies.Contains(c)).ToList();
                foreach (var chosen in day.Deputies)
                {
                    // Stronger than "nobody twice before everyone once": nobody is ahead of someone left waiting that day.
                    Assert.All(waiting, w => Assert.True(turns[chosen] <= turns[w], $"{chosen} ({turns[chosen]}) before {w} ({turns[w]}) on {day.Date} ({roster})"));
                }

                foreach (var chosen in day.Deputies)
                {
                    turns[chosen]++;
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void DeputiesAvailableOnTheSameDaysEndAtMostOneTurnApart(int seed)
    {
        foreach (var roster in RandomRosters(seed))
        {
            var counts = Counts(roster.Propose());
            var groups = roster.Deputies.GroupBy(c => string.Join(',', roster.Days.Where(d => roster.IsAvailable(c, d)).Order()));
            foreach (var group in groups)
            {
                var turns = group.Select(c => counts.GetValueOrDefault(c)).ToList();
                Assert.True(turns.Max() - turns.Min() <= 1, $"turns {string.Join(',', turns)} among {string.Join(',', group)} ({roster})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void EveryoneEnrolledGetsATurnWhenNobodyIsAwayAndTheQuarterHasSeatsEnough(int seed)
    {
        foreach (var roster in RandomRosters(seed).Select(r => r with { Unavailable = new Dictionary<string, IReadOnlySet<DateOnly>>() }))
        {
            if (roster.Days.Distinct().Count() * roster.PerDay < roster.Deputies.Count)
            {
                continue;
            }

            var counts = Counts(roster.Propose());
            Assert.All(roster.Deputies, c => Assert.True(counts.GetValueOrDefault(c) >= 1, $"{c} has no turn ({roster})"));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void TheSameInputGivesTheSameRosterInWhateverOrderItComes(int seed)
    {
        var random = new Random(seed);
        foreach (var roster in RandomRosters(seed))
        {
            var first = Flatten(roster.Propose());
            var shuffled = roster with { Days = Shuffle(roster.Days, random), Deputies = Shuffle(roster.Deputies, random) };

            Assert.Equal(first, Flatten(roster.Propose()));
            Assert.Equal(first, Flatten(shuffled.Propose()));
        }
    }

    [Fact]
    public void TiesGoToFewestPastDutiesThenCode()
    {
        var day = new DateOnly(2026, 7, 21);
        var proposal = Rotation.Propose(
            [day], ["D3", "D1", "D2"], new Dictionary<string, IReadOnlySet<DateOnly>>(),
            new Dictionary<string, int> { ["D1"] = 4, ["D2"] = 0, ["D3"] = 0 });

        Assert.Equal(["D2", "D3"], proposal.Single().Deputies);
    }

    [Fact]
    public void ADeputyWhoCanComeOnlyOnceIsNotLeftOut()
    {
        DateOnly[] days = [new(2026, 7, 21), new(2026, 8, 18)];
        var proposal = Rotation.Propose(
            days, ["A", "B", "C"], new Dictionary<string, IReadOnlySet<DateOnly>> { ["C"] = new HashSet<DateOnly> { days[1] } },
            new Dictionary<string, int>(), perDay: 1);

        Assert.Equal(["C"], proposal[0].Deputies);
    }

    private static Dictionary<string, int> Counts(IEnumerable<ProposedDay> proposal) =>
        proposal.SelectMany(d => d.Deputies).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());

    private static List<string> Flatten(IEnumerable<ProposedDay> proposal) =>
        proposal.Select(d => d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ":" + string.Join(',', d.Deputies)).ToList();

    private static List<T> Shuffle<T>(IEnumerable<T> items, Random random) => items.OrderBy(_ => random.Next()).ToList();

    private static IEnumerable<RandomRoster> RandomRosters(int seed)
    {
        var random = new Random(seed);
        var quarter = new Quarter(2026, 3);
        for (var i = 0; i < Cases; i++)
        {
            var span = quarter.Last.DayNumber - quarter.First.DayNumber + 1;
            var days = Enumerable.Range(0, random.Next(0, 16)).Select(_ => quarter.First.AddDays(random.Next(span))).ToList();
            var deputies = Enumerable.Range(1, random.Next(0, 13)).Select(n => "D" + n.ToString("000", CultureInfo.InvariantCulture)).ToList();
            var away = random.NextDouble() * 0.7;
            var unavailable = deputies.ToDictionary(
                c => c,
                c => (IReadOnlySet<DateOnly>)days.Where(_ => random.NextDouble() < away).ToHashSet());
            var previous = deputies.Where(_ => random.Next(2) == 0).ToDictionary(c => c, _ => random.Next(0, 6));
            yield return new RandomRoster(days, deputies, unavailable, previous, random.Next(1, 4));
        }
    }

    private sealed record RandomRoster(
        List<DateOnly> Days, List<string> Deputies, Dictionary<string, IReadOnlySet<DateOnly>> Unavailable,
        Dictionary<string, int> Previous, int PerDay)
    {
        public IReadOnlyList<ProposedDay> Propose() => Rotation.Propose(Days, Deputies, Unavailable, Previous, PerDay);

        public bool IsAvailable(string code, DateOnly date) => !(Unavailable.TryGetValue(code, out var dates) && dates.Contains(date));

        public override string ToString() =>
            $"{Days.Count} day(s), {Deputies.Count} deputies, {PerDay} a day, unavailable {Unavailable.Sum(u => u.Value.Count)}";
    }
}
