using System.Globalization;
using LiaisonPortal.Core.Calendar;

namespace LiaisonPortal.Core.Appointments;

/// <summary>What can happen to an appointment.</summary>
public enum AppointmentAction
{
    Confirm = 1,
    Reschedule = 2,
    Decline = 3,
    Cancel = 4,
}

/// <summary>One allowed move: from a status, by an action, to a status; whether the citizen (rather than staff) makes it.</summary>
public sealed record AppointmentMove(AppointmentStatus From, AppointmentAction Action, AppointmentStatus To, bool ByCitizen);

/// <summary>
/// The appointment's transition table, and the times and words every page and message uses for it. Seats follow the
/// status: a move to Declined or Cancelled releases the seat, a reschedule moves it to the new slot.
/// </summary>
public static class AppointmentRules
{

    public const int ReasonMinLength = 2;

    public static IReadOnlyList<AppointmentMove> Moves { get; } =
    [
        new(AppointmentStatus.Requested, AppointmentAction.Confirm, AppointmentStatus.Confirmed, false),
        new(AppointmentStatus.Rescheduled, AppointmentAction.Confirm, AppointmentStatus.Confirmed, false),
        new(AppointmentStatus.Requested, AppointmentAction.Reschedule, AppointmentStatus.Rescheduled, false),
        new(AppointmentStatus.Confirmed, AppointmentAction.Reschedule, AppointmentStatus.Rescheduled, false),
        new(AppointmentStatus.Rescheduled, AppointmentAction.Reschedule, AppointmentStatus.Rescheduled, false),
        new(AppointmentStatus.Requested, AppointmentAction.Decline, AppointmentStatus.Declined, false),
        new(AppointmentStatus.Confirmed, AppointmentAction.Decline, AppointmentStatus.Declined, false),
        new(AppointmentStatus.Rescheduled, AppointmentAction.Decline, AppointmentStatus.Declined, false),
        new(AppointmentStatus.Requested, AppointmentAction.Cancel, AppointmentStatus.Cancelled, true),
        new(AppointmentStatus.Confirmed, AppointmentAction.Cancel, AppointmentStatus.Cancelled, true),
        new(AppointmentStatus.Rescheduled, AppointmentAction.Cancel, AppointmentStatus.Cancelled, true),
    ];

    public static AppointmentMove? Find(AppointmentStatus from, AppointmentAction action, bool byCitizen) =>
        Moves.FirstOrDefault(m => m.From == from && m.Action == action && m.ByCitizen == byCitizen);

    public static bool Allows(AppointmentStatus from, AppointmentAction action, bool byCitizen = false) => Find(from, action, byCitizen) is not null;

    /// <summary>The status as the citizen reads it (Chinese; the pages translate it).</summary>
    public static string NameOf(AppointmentStatus status) => status switch
    {
        AppointmentStatus.Requested => "待确认",
        AppointmentStatus.Confirmed => "已确认",
        AppointmentStatus.Rescheduled => "已改约",
        AppointmentStatus.Declined => "未能安排",
        AppointmentStatus.Cancelled => "已取消",
        _ => status.ToString(),
    };

    /// <summary>"5月20日 09:00–11:00", China time, for text messages.</summary>
    public static string Span(DateTimeOffset startsAt, DateTimeOffset endsAt) =>
        ChinaTime.Of(startsAt).ToString("M月d日 HH:mm", CultureInfo.InvariantCulture) + "–" + ChinaTime.Of(endsAt).ToString("HH:mm", CultureInfo.InvariantCulture);
}
