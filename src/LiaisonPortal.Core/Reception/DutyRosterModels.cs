using System.Globalization;

namespace LiaisonPortal.Core.Reception;

/// <summary>A calendar quarter, written "2026Q3" in addresses.</summary>
public readonly record struct Quarter(int Year, int Number)
{
    public DateOnly First => new(Year, ((Number - 1) * 3) + 1, 1);

    public DateOnly Last => First.AddMonths(3).AddDays(-1);

    public Quarter Next => Number == 4 ? new(Year + 1, 1) : new(Year, Number + 1);

    public Quarter Previous => Number == 1 ? new(Year - 1, 4) : new(Year, Number - 1);

    public static Quarter Of(DateOnly date) => new(date.Year, ((date.Month - 1) / 3) + 1);

    public static bool TryParse(string? text, out Quarter quarter)
    {
        quarter = default;
        var value = text?.Trim().ToUpperInvariant() ?? string.Empty;
        if (value.Length == 6 && value[4] == 'Q'
            && int.TryParse(value.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2100
            && value[5] is >= '1' and <= '4')
        {
            quarter = new Quarter(year, value[5] - '0');
            return true;
        }

        return false;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year}Q{Number}");
}

public sealed record RosterStation(string Code, string Name);

public sealed record RosterDeputy(string Code, string Name, int Turns);

/// <summary>One deputy's duty on a day of the roster; <see cref="ReplacesName"/> names who they took over from in a swap.</summary>
public sealed record DutyRow(int Id, string DeputyCode, string DeputyName, DutyStatus Status, DateTimeOffset? ConfirmedAt, string? ReplacesName);

/// <summary>
/// A day of the roster: a reception day from the calendar (with its times), or a day that still holds duties although the
/// rules no longer make it a reception day.
/// </summary>
public sealed record RosterDay(DateOnly Date, TimeOnly? Start, TimeOnly? End, string? Topic, bool IsReceptionDay, IReadOnlyList<DutyRow> Duties);

/// <summary>A swap as recorded in the change log: who, when, on which day, from whom to whom and why.</summary>
/// <summary>
/// One line of the roster as a ledger (the export): a duty with its reception day, or a reception day nobody is on
/// duty for (no deputy), or a duty on a date that is no longer a reception day (<see cref="IsReceptionDay"/> false).
/// </summary>
public sealed record RosterLine(
    DateOnly Date, TimeOnly? Start, TimeOnly? End, string? Topic, bool IsReceptionDay, string? DeputyCode, string? DeputyName, DutyStatus? Status,
    DateTimeOffset? ConfirmedAt, string? ReplacesName);

public sealed record SwapRecord(DateTimeOffset At, string ActorName, DateOnly Date, string From, string To, string Reason);

public sealed record RosterView(
    RosterStation Station, Quarter Quarter, IReadOnlyList<RosterDay> Days, IReadOnlyList<RosterDeputy> Deputies,
    IReadOnlySet<(string DeputyCode, DateOnly Date)> Unavailable, IReadOnlyList<SwapRecord> Swaps);

/// <summary>The rotation helper's proposal for a quarter (not saved): staff accept it as it is or edit it first.</summary>
public sealed record RosterProposal(
    RosterStation Station, Quarter Quarter, IReadOnlyList<ProposedDay> Days, IReadOnlyList<RosterDeputy> Deputies,
    IReadOnlySet<(string DeputyCode, DateOnly Date)> Unavailable);

/// <summary>The deputies wanted on one day (codes); saving makes the day's duties exactly these.</summary>
public sealed record DayDuties(DateOnly Date, IReadOnlyList<string> DeputyCodes);

/// <summary>A deputy's own duty, for their page.</summary>
public sealed record MyDuty(int Id, DateOnly Date, string StationName, DutyStatus Status, DateTimeOffset? ConfirmedAt, string? ReplacesName);

public sealed record MyUnavailableDate(DateOnly Date, string? Note);

public sealed record MyDuties(IReadOnlyList<MyDuty> Duties, IReadOnlyList<MyUnavailableDate> Unavailable);

/// <summary>A deputy without any reception (duty or check-in) in the year, under their primary station (or the first in scope).</summary>
public sealed record MinimumRow(string StationCode, string StationName, string DeputyCode, string DeputyName);

/// <summary>What one reminder run queued.</summary>
public sealed record DutyReminderResult(int Duties, int Messages);
