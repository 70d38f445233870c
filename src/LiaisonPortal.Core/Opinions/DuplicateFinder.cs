using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Opinions;

/// <summary>A case that may be about the same matter; <see cref="Similarity"/> runs from 0 (nothing shared) to 1 (the same text).</summary>
public sealed record DuplicateCandidate(
    string Code, string Title, OpinionState State, DateTimeOffset ReceivedAt, string StationName, string? DeputyName, double Similarity);

/// <summary>
/// 同类合并's helper: likely duplicates of a case, so the classify page can offer "merge" in one click. Chinese has no
/// spaces to split words on, so texts are compared by their sets of two-character pieces (Dice coefficient), in memory
/// over the few hundred recent cases of the same station or deputy — no database extension needed.
/// </summary>
public sealed class DuplicateFinder(ScopeDirectory scopes)
{
    public const int MaxResults = 5;
    public const int RecentDays = 90;
    public const double Threshold = 0.3;
    private const int MaxCompared = 500;

    private static readonly OpinionState[] Mergeable = [OpinionState.Received, OpinionState.Classified, OpinionState.Assigned, OpinionState.Answered, OpinionState.FedBack, OpinionState.Evaluated];

    /// <summary>
    /// Up to five cases in the caller's scope, received within 90 days before or after this one, at the same station
    /// or addressed to the same deputy, still open to a merge, whose title and content look alike — most alike first.
    /// Empty when the case is not in the scope.
    /// </summary>
    public async Task<IReadOnlyList<DuplicateCandidate>> LikelyDuplicatesAsync(StaffScope scope, string trackingCode, CancellationToken cancellationToken = default)
    {
        var code = TrackingCodes.Normalize(trackingCode);
        var visible = scopes.Opinions(scope).AsNoTracking();
        var subject = await visible.Where(o => o.TrackingCode == code)
            .Select(o => new { o.Id, o.StationId, o.DeputyId, o.ReceivedAt, o.Title, o.Content })
            .SingleOrDefaultAsync(cancellationToken);
        if (subject is null)
        {
            return [];
        }

        var from = subject.ReceivedAt.AddDays(-RecentDays);
        var to = subject.ReceivedAt.AddDays(RecentDays);
        var others = await visible
            .Where(o => o.Id != subject.Id && o.ReceivedAt >= from && o.ReceivedAt <= to && Mergeable.Contains(o.State)
                && (o.StationId == subject.StationId || (subject.DeputyId != null && o.DeputyId == subject.DeputyId)))
            .OrderByDescending(o => o.ReceivedAt)
            .Take(MaxCompared)
            .Select(o => new { o.TrackingCode, o.Title, o.Content, o.State, o.ReceivedAt, StationName = o.Station.Name, DeputyName = o.Deputy == null ? null : o.Deputy.Name })
            .ToListAsync(cancellationToken);
        var mine = Bigrams(subject.Title + subject.Content);
        return others
            .Select(o => new DuplicateCandidate(o.TrackingCode, o.Title, o.State, o.ReceivedAt, o.StationName, o.DeputyName, Dice(mine, Bigrams(o.Title + o.Content))))
            .Where(c => c.Similarity >= Threshold)
            .OrderByDescending(c => c.Similarity).ThenByDescending(c => c.ReceivedAt)
            .Take(MaxResults)
            .ToList();
    }

    /// <summary>Dice coefficient of two texts' character-bigram sets, ignoring spaces, punctuation and case.</summary>
    public static double Similarity(string a, string b) => Dice(Bigrams(a), Bigrams(b));

    internal static HashSet<string> Bigrams(string text)
    {
        var letters = text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray();
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < letters.Length; i++)
        {
            set.Add(new string(letters, i, 2));
        }

        return set;
    }

    internal static double Dice(HashSet<string> a, HashSet<string> b) =>
        a.Count + b.Count == 0 ? 0 : 2.0 * a.Count(b.Contains) / (a.Count + b.Count);
}
