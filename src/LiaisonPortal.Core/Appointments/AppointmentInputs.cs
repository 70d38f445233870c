namespace LiaisonPortal.Core.Appointments;

/// <summary>A reception slot as typed into the staff form: all text, so a wrong entry comes back with its message.</summary>
public sealed class SlotInput
{
    public string? StationCode { get; set; }

    /// <summary>Empty: the station's duty deputies receive.</summary>
    public string? DeputyCode { get; set; }

    /// <summary>yyyy-MM-dd, China time.</summary>
    public string? Date { get; set; }

    /// <summary>HH:mm, China time.</summary>
    public string? StartTime { get; set; }

    public string? EndTime { get; set; }

    public string? Capacity { get; set; }

    public string? Place { get; set; }

    public string? Topic { get; set; }
}

/// <summary>What a citizen types to book a seat.</summary>
public sealed class BookingInput
{
    public int? SlotId { get; set; }

    public string? Name { get; set; }

    public string? Phone { get; set; }

    public string? Topic { get; set; }

    /// <summary>候补: when the slot is full, join its waiting list instead of being turned away.</summary>
    public bool JoinWaitlist { get; set; }
}

public enum BookingTargetKind
{
    Deputy = 1,
    Station = 2,
}

/// <summary>A slot a citizen may pick; <see cref="SeatsLeft"/> 0 is shown as full.</summary>
public sealed record OpenSlot(int Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int SeatsLeft, string StationName, string? DeputyName, string? Place, string? Topic);

/// <summary>The deputy or station a citizen books with, its upcoming slots, and where to call when there are none.</summary>
public sealed record BookingTarget(BookingTargetKind Kind, string Code, string Name, string? StationName, string? ContactPhone, string? OpeningHours, IReadOnlyList<OpenSlot> Slots);

/// <summary>What the citizen sees with their tracking code and the last four digits of their phone.</summary>
public sealed record AppointmentTracking(
    string Code, AppointmentStatus Status, string StatusName, string StationName, string? DeputyName,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Place, string? Reply, string Topic,
    bool IsWaitlisted = false, string? CheckInCode = null, DateTimeOffset? AttendedAt = null);

public sealed record SlotFilter(string? StationCode = null, bool Past = false);

public sealed record SlotRow(
    int Id, string StationCode, string StationName, string? DeputyName, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    int Capacity, int Booked, int Waiting, string? Place, string? Topic, bool IsCancelled);

/// <summary>A booking on the staff pages: the phone only masked.</summary>
public sealed record BookingRow(
    int Id, string TrackingCode, string Name, string MaskedPhone, string Topic, AppointmentStatus Status, string? Reply,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? DeputyName, uint Version);

public sealed record SlotDetail(SlotRow Slot, IReadOnlyList<BookingRow> Bookings);

/// <summary>One booking with its slot and the other open slots of the same station it could move to.</summary>
public sealed record AppointmentDetail(BookingRow Booking, SlotRow Slot, IReadOnlyList<SlotRow> Alternatives);

public sealed record StationChoice(string Code, string Name);

public sealed record DeputyChoice(string Code, string Name, string StationCode, string StationName);
