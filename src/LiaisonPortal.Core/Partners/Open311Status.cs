using System.Globalization;
using System.Text.Json;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Opinions;

namespace LiaisonPortal.Core.Partners;

/// <summary>
/// How an opinion looks to a partner system (Open311 GeoReport v2): the two-valued <c>status</c>, our detailed state's
/// name, and the timestamps. The one mapping, used by the Open311 interface and the webhooks alike.
/// </summary>
public static class Open311Status
{
    public const string Open = "open";
    public const string Closed = "closed";

    /// <summary>
    /// The states that are "closed" to a partner: the answer reached the citizen (fed back, evaluated, closed), it was
    /// refused, or it was escalated to the next congress level (no further move happens here; the escalation's public
    /// note says where it went). A merged case is open until the case it joined is answered (the interface checks that).
    /// </summary>
    public static readonly IReadOnlyList<OpinionState> ClosedStates =
        [OpinionState.FedBack, OpinionState.Evaluated, OpinionState.Closed, OpinionState.Refused, OpinionState.Escalated];

    public static string Of(OpinionState state) => ClosedStates.Contains(state) ? Closed : Open;

    /// <summary>The status of one opinion: a merged one is closed once the answer of the case it joined was copied to it.</summary>
    public static string Of(Opinion opinion)
    {
        ArgumentNullException.ThrowIfNull(opinion);
        return opinion.State == OpinionState.Merged && opinion.FedBackAt is not null ? Closed : Of(opinion.State);
    }

    /// <summary>Our detailed state in snake case: received, classified, assigned, answered, fed_back, evaluated, closed, refused, merged, escalated.</summary>
    public static string StateName(OpinionState state) => JsonNamingPolicy.SnakeCaseLower.ConvertName(state.ToString());

    /// <summary>ISO 8601 in China time with its offset, as Open311 writes times: 2026-03-05T14:30:00+08:00.</summary>
    public static string Timestamp(DateTimeOffset at) => ChinaTime.Of(at).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
