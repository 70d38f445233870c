using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Organisation;

namespace LiaisonPortal.Benchmarks.Data;

/// <summary>Which way an opinion's life goes; decided before any row is written, so that merges can point at earlier cases.</summary>
internal enum PathKind : byte
{
    /// <summary>Classified, assigned, answered, fed back, rated or closed (as far as it got by now).</summary>
    Main = 0,
    Refuse = 1,
    Merge = 2,
    Escalate = 3,

    /// <summary>Classified and waiting for the office to assign it: the pool the assign scenario takes from.</summary>
    Backlog = 4,
}

/// <summary>A category as the generator picks them: a top-level one and its children.</summary>
internal sealed record CategoryChoice(int Id, string Code, string Name, IReadOnlyList<(int Id, string Name)> Children, double Weight);

/// <summary>Working days as a lookup table over the whole generated period (the app's <see cref="WorkingDays"/> rules, precomputed).</summary>
internal sealed class WorkingDayTable
{
    private readonly DateOnly _first;
    private readonly int[] _counted;
    private readonly List<int> _workingDays = [];
    private readonly WorkingDays _rules;

    public WorkingDayTable(WorkingDays rules, DateOnly first, DateOnly last)
    {
        _rules = rules;
        _first = first;
        _counted = new int[last.DayNumber - first.DayNumber + 1];
        for (var i = 0; i < _counted.Length; i++)
        {
            if (rules.IsWorkingDay(first.AddDays(i)))
            {
                _workingDays.Add(i);
            }

            _counted[i] = _workingDays.Count;
        }
    }

    public WorkingDays Rules => _rules;

    /// <summary>The <paramref name="days"/>-th working day after <paramref name="start"/>, as <see cref="WorkingDays.Add"/> counts.</summary>
    public DateOnly Add(DateOnly start, int days)
    {
        var index = start.DayNumber - _first.DayNumber;
        if (index < 0 || index >= _counted.Length)
        {
            return _rules.Add(start, days);
        }

        var wanted = _counted[index] + days - 1;
        return days == 0 ? start : wanted < _workingDays.Count ? _first.AddDays(_workingDays[wanted]) : _rules.Add(start, days);
    }
}

/// <summary>
/// The opinions' plan, drawn once: when each was received (over the last three years, more in recent months, by hour of
/// the day), at which station (a few busy stations take most, quiet ones few), which way its life goes, which earlier
/// case a merge joins, which recent ones wait in the office's backlog, and a unique tracking code each.
/// </summary>
internal sealed class OpinionPlan
{
    public const double Years = 3;

    private static readonly double[] HourWeights = [1, 0.5, 0.3, 0.3, 0.3, 0.5, 1, 2, 4, 6, 7, 6, 4, 5, 6, 6, 5, 4, 4, 5, 5, 4, 3, 2];

    private OpinionPlan(int count)
    {
        Received = new DateTime[count];
        Station = new int[count];
        PreviousAtStation = new int[count];
        Path = new PathKind[count];
        Codes = new long[count];
    }

    public int Count => Received.Length;

    /// <summary>UTC, ascending: ids follow the order of arrival, as identity columns give them.</summary>
    public DateTime[] Received { get; }

    /// <summary>Index into <see cref="City.Stations"/>.</summary>
    public int[] Station { get; }

    /// <summary>The previous opinion at the same station (-1: none): what a merge joins.</summary>
    public int[] PreviousAtStation { get; }

    public PathKind[] Path { get; }

    /// <summary>Tracking codes packed as base-31 numbers (10 characters of <see cref="TrackingCodes.Alphabet"/>).</summary>
    public long[] Codes { get; }

    public int Backlog { get; private set; }

    public static string Code(long packed)
    {
        Span<char> chars = stackalloc char[TrackingCodes.CodeLength];
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            chars[i] = TrackingCodes.Alphabet[(int)(packed % TrackingCodes.Alphabet.Length)];
            packed /= TrackingCodes.Alphabet.Length;
        }

        return new string(chars);
    }

    /// <summary>The size of the assign scenario's pool: 5% of the opinions, at least 3,000, at most half of them.</summary>
    public static int BacklogTarget(int opinions) => Math.Min(Math.Max((opinions + 19) / 20, 3000), opinions / 2);

    public static OpinionPlan Draw(int count, City city, DateTime now, ulong seed, IReadOnlySet<string> existingCodes)
    {
        var plan = new OpinionPlan(count);
        var rng = new Rng(seed, 0x0A11);

        // Arrivals: density growing from 0.5 to 1.5 over three years (the portal was taken up over time), by hour of day (China).
        var hourTotal = HourWeights.Sum();
        var span = TimeSpan.FromDays(365.25 * Years);
        for (var i = 0; i < count; i++)
        {
            var x = (-1 + Math.Sqrt(1 + (8 * rng.NextDouble()))) / 2;
            var china = now.AddHours(8) - (span * (1 - x));
            var pick = rng.NextDouble() * hourTotal;
            var hour = 0;
            while (hour < 23 && (pick -= HourWeights[hour]) >= 0)
            {
                hour++;
            }

            var at = china.Date.AddHours(hour).AddSeconds(rng.Next(3600)).AddHours(-8);
            plan.Received[i] = at <= now ? at : now - TimeSpan.FromSeconds(rng.Next(60, 6 * 3600));
        }

        Array.Sort(plan.Received);

        // Stations: Zipf-like (s = 0.8) over the active stations in a shuffled order, so busy ones sit anywhere in the city.
        var active = Enumerable.Range(0, city.Stations.Count).Where(s => city.Stations[s].IsActive).ToArray();
        for (var i = active.Length - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (active[i], active[j]) = (active[j], active[i]);
        }

        var cumulative = new double[active.Length];
        var sum = 0.0;
        for (var rank = 0; rank < active.Length; rank++)
        {
            sum += 1 / Math.Pow(rank + 1, 0.8);
            cumulative[rank] = sum;
        }

        var last = new int[city.Stations.Count];
        Array.Fill(last, -1);
        for (var i = 0; i < count; i++)
        {
            var at = Array.BinarySearch(cumulative, rng.NextDouble() * sum);
            var station = active[Math.Min(at < 0 ? ~at : at, active.Length - 1)];
            plan.Station[i] = station;
            plan.PreviousAtStation[i] = last[station];
            last[station] = i;
        }

        // Paths: 3.5% refused, 3% merged into an earlier case at the same station, 2% escalated, the rest the main loop.
        for (var i = 0; i < count; i++)
        {
            var roll = rng.NextDouble();
            plan.Path[i] = roll switch
            {
                < 0.035 => PathKind.Refuse,
                < 0.065 => PathKind.Merge,
                < 0.085 => PathKind.Escalate,
                _ => PathKind.Main,
            };
            if (plan.Path[i] == PathKind.Merge && plan.SurvivorOf(i) < 0)
            {
                plan.Path[i] = PathKind.Main;
            }
        }

        // The backlog: classified, never assigned, the newest main-loop cases (four in five of them) back to the target.
        var target = BacklogTarget(count);
        for (var i = count - 1; i >= 0 && plan.Backlog < target; i--)
        {
            if (plan.Path[i] == PathKind.Main && rng.Chance(0.8))
            {
                plan.Path[i] = PathKind.Backlog;
                plan.Backlog++;
            }
        }

        // Tracking codes: random in the app's alphabet, unique among themselves and the codes already there.
        var combinations = (long)Math.Pow(TrackingCodes.Alphabet.Length, TrackingCodes.CodeLength);
        var taken = new HashSet<long>(count + existingCodes.Count);
        foreach (var code in existingCodes)
        {
            taken.Add(Pack(code));
        }

        for (var i = 0; i < count; i++)
        {
            long code;
            do
            {
                code = (long)(rng.Next() % (ulong)combinations);
            }
            while (!taken.Add(code));
            plan.Codes[i] = code;
        }

        return plan;
    }

    /// <summary>The earlier open-loop case at the same station a merge joins (-1: none within the last few).</summary>
    public int SurvivorOf(int index)
    {
        var candidate = PreviousAtStation[index];
        for (var tries = 0; candidate >= 0 && tries < 8; tries++, candidate = PreviousAtStation[candidate])
        {
            if (Path[candidate] is PathKind.Main or PathKind.Backlog)
            {
                return candidate;
            }
        }

        return -1;
    }

    private static long Pack(string code)
    {
        long packed = 0;
        foreach (var c in code)
        {
            packed = (packed * TrackingCodes.Alphabet.Length) + Math.Max(0, TrackingCodes.Alphabet.IndexOf(c, StringComparison.Ordinal));
        }

        return packed;
    }
}
