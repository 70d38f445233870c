using LiaisonPortal.Core.Organisation;

namespace LiaisonPortal.Core.Appointments;

/// <summary>
/// A reception slot citizens can book: a time at a station, perhaps with one deputy, for a number of seats.
/// <see cref="Booked"/> can never exceed <see cref="Capacity"/>: a check constraint in the database enforces it and
/// bookings take a seat with one conditional UPDATE, so concurrent bookings cannot overbook.
/// </summary>
public class ReceptionSlot
{
    public const int PlaceMaxLength = 200;
    public const int TopicMaxLength = 100;
    public const int MaxCapacity = 200;

    private ReceptionSlot()
    {
    }

    public ReceptionSlot(int stationId, int? deputyId, DateTimeOffset startsAt, DateTimeOffset endsAt, int capacity, string? place, string? topic)
    {
        if (endsAt <= startsAt)
        {
            throw new ArgumentException("A slot ends after it starts.", nameof(endsAt));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        StationId = stationId;
        DeputyId = deputyId;
        StartsAt = startsAt;
        EndsAt = endsAt;
        Capacity = capacity;
        Place = place;
        Topic = topic;
    }

    public int Id { get; private set; }

    public int StationId { get; private set; }

    public Station Station { get; private set; } = null!;

    /// <summary>The deputy who receives in this slot; none means the station's duty deputies.</summary>
    public int? DeputyId { get; private set; }

    public Deputy? Deputy { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public int Capacity { get; private set; }

    /// <summary>Seats taken by requested or confirmed appointments; changed only by SQL that respects the constraint.</summary>
    public int Booked { get; private set; }

    /// <summary>Where, when not at the station itself (a mobile reception, 流动接待).</summary>
    public string? Place { get; private set; }

    public string? Topic { get; private set; }

    public bool IsCancelled { get; set; }

    public uint Version { get; private set; }
}

/// <summary>预约 status as the citizen sees it.</summary>
public enum AppointmentStatus
{
    /// <summary>待确认</summary>
    Requested = 1,

    /// <summary>已确认</summary>
    Confirmed = 2,

    /// <summary>已改约: staff moved it to another slot.</summary>
    Rescheduled = 3,

    /// <summary>未能安排, with the reason.</summary>
    Declined = 4,

    /// <summary>已取消 by the citizen.</summary>
    Cancelled = 5,
}

/// <summary>约见代表: a citizen's booking of a seat in a reception slot, tracked with its own 查询码.</summary>
public class Appointment
{
    public const int NameMaxLength = 50;
    public const int TopicMaxLength = 500;
    public const int ReplyMaxLength = 500;

    private Appointment()
    {
        TrackingCode = string.Empty;
        Name = string.Empty;
        PhoneCipher = string.Empty;
        Topic = string.Empty;
    }

    public Appointment(string trackingCode, int slotId, int stationId, int? deputyId, string name, string phoneCipher, string topic, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(trackingCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(phoneCipher);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        TrackingCode = trackingCode;
        SlotId = slotId;
        StationId = stationId;
        DeputyId = deputyId;
        Name = name;
        PhoneCipher = phoneCipher;
        Topic = topic;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
        Status = AppointmentStatus.Requested;
    }

    public int Id { get; private set; }

    public string TrackingCode { get; private set; }

    public int SlotId { get; internal set; }

    public ReceptionSlot Slot { get; private set; } = null!;

    public int StationId { get; private set; }

    public Station Station { get; private set; } = null!;

    /// <summary>The deputy the citizen asked to meet, if they booked from a deputy's page.</summary>
    public int? DeputyId { get; private set; }

    public Deputy? Deputy { get; private set; }

    public string Name { get; private set; }

    public string PhoneCipher { get; private set; }

    public string Topic { get; private set; }

    public AppointmentStatus Status { get; internal set; }

    /// <summary>What staff tell the citizen (why another time, why it cannot be arranged).</summary>
    public string? Reply { get; internal set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; internal set; }

    public uint Version { get; private set; }

    /// <summary>候补: on the slot's waiting list, without a seat, until one is freed.</summary>
    public bool IsWaitlisted { get; internal set; }

    /// <summary>The code the citizen shows or says at check-in on the day.</summary>
    public string? CheckInCode { get; internal set; }

    public DateTimeOffset? AttendedAt { get; internal set; }

    public bool NoShow { get; internal set; }

    /// <summary>When the retention job removed the citizen's name and phone number (the phone cipher is then empty).</summary>
    public DateTimeOffset? AnonymisedAt { get; internal set; }

    /// <summary>When the day-before reminder was queued (once).</summary>
    public DateOnly? RemindedOn { get; internal set; }

    /// <summary>Whether the appointment holds a seat in its slot.</summary>
    public bool HoldsSeat => !IsWaitlisted && Status is AppointmentStatus.Requested or AppointmentStatus.Confirmed or AppointmentStatus.Rescheduled;
}
