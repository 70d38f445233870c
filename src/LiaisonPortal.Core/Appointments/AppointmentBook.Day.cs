using System.Security.Cryptography;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Management;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Appointments;

/// <summary>One appointment on a station's day list.</summary>
public sealed record DayListRow(
    int Id, string TrackingCode, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Name, string MaskedPhone, string Topic,
    AppointmentStatus Status, bool IsWaitlisted, DateTimeOffset? AttendedAt, bool NoShow, string? DeputyName, uint Version);

/// <summary>The day of the reception: the list per station, check-in by code, no-shows, and the day-before reminders.</summary>
public sealed partial class AppointmentBook
{
    public const int CheckInCodeLength = 6;

    /// <summary>A station's appointments on a day (China date), in time order, phones masked.</summary>
    public async Task<IReadOnlyList<DayListRow>> DayListAsync(StaffScope scope, string? stationCode, DateOnly day, CancellationToken cancellationToken = default)
    {
        var (start, end) = DayBounds(day);
        var rows = await scopes.Appointments(scope).AsNoTracking()
            .Where(a => a.Slot.StartsAt >= start && a.Slot.StartsAt < end && (stationCode == null || a.Station.Code == stationCode))
            .Where(a => a.Status != AppointmentStatus.Cancelled && a.Status != AppointmentStatus.Declined)
            .OrderBy(a => a.Slot.StartsAt).ThenBy(a => a.IsWaitlisted).ThenBy(a => a.CreatedAt)
            .Select(a => new
            {
                a.Id, a.TrackingCode, a.Slot.StartsAt, a.Slot.EndsAt, a.Name, a.PhoneCipher, a.Topic, a.Status, a.IsWaitlisted, a.AttendedAt, a.NoShow,
                Deputy = a.Deputy != null ? a.Deputy.Name : a.Slot.Deputy != null ? a.Slot.Deputy.Name : null, a.Version,
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new DayListRow(r.Id, r.TrackingCode, r.StartsAt, r.EndsAt, r.Name, phones.Masked(r.PhoneCipher), r.Topic, r.Status, r.IsWaitlisted, r.AttendedAt, r.NoShow, r.Deputy, r.Version)).ToList();
    }

    /// <summary>签到: the code from the confirmation message, typed or scanned on the day; one check-in per appointment.</summary>
    public async Task<EditResult> CheckInAsync(StaffScope scope, string? stationCode, string? code, DateOnly day, CancellationToken cancellationToken = default)
    {
        var typed = new string((code ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        if (typed.Length != CheckInCodeLength)
        {
            return EditResult.Invalid("Code", $"签到码是 {CheckInCodeLength} 位数字，请核对短信。");
        }

        var (start, end) = DayBounds(day);
        var appointment = await scopes.Appointments(scope)
            .Where(a => a.CheckInCode == typed && a.Slot.StartsAt >= start && a.Slot.StartsAt < end && (stationCode == null || a.Station.Code == stationCode))
            .SingleOrDefaultAsync(cancellationToken);
        if (appointment is null || appointment.Status is not (AppointmentStatus.Confirmed or AppointmentStatus.Rescheduled))
        {
            return EditResult.Invalid("Code", "没有找到今天这个签到码的已确认预约，请核对后再试。");
        }

        if (appointment.AttendedAt is not null)
        {
            return EditResult.Invalid("Code", $"这位群众已于 {ChinaTime.Minutes(appointment.AttendedAt.Value)} 签到。");
        }

        appointment.AttendedAt = time.GetUtcNow();
        appointment.NoShow = false;
        return await SaveAsync(cancellationToken) ?? EditResult.Done(appointment.TrackingCode);
    }

    /// <summary>未到: recorded for a confirmed appointment whose time has passed without a check-in.</summary>
    public async Task<EditResult> MarkNoShowAsync(StaffScope scope, int id, uint version, CancellationToken cancellationToken = default)
    {
        var appointment = await scopes.Appointments(scope).Include(a => a.Slot).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (appointment is null)
        {
            return EditResult.NotFound;
        }

        if (appointment.Status is not (AppointmentStatus.Confirmed or AppointmentStatus.Rescheduled) || appointment.AttendedAt is not null)
        {
            return EditResult.Invalid(string.Empty, "只有已确认、尚未签到的预约可以记为未到。");
        }

        if (appointment.Slot.StartsAt > time.GetUtcNow())
        {
            return EditResult.Invalid(string.Empty, "接待时间还没到，不能记为未到。");
        }

        db.Entry(appointment).Property(a => a.Version).OriginalValue = version;
        appointment.NoShow = true;
        return await SaveAsync(cancellationToken) ?? EditResult.Done(appointment.TrackingCode);
    }

    /// <summary>
    /// The day-before reminders: a text message to each confirmed citizen whose reception is tomorrow (China date), once
    /// each — rows are locked with SKIP LOCKED and marked, so several instances never send one twice.
    /// </summary>
    public async Task<int> RemindAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        var (start, end) = DayBounds(today.AddDays(1));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var confirmed = (int)AppointmentStatus.Confirmed;
        var rescheduled = (int)AppointmentStatus.Rescheduled;
        var due = await db.Appointments
            .FromSql($"""
                SELECT a.*, a.xmin FROM "Appointments" a JOIN "ReceptionSlots" s ON s."Id" = a."SlotId"
                WHERE a."Status" IN ({confirmed}, {rescheduled}) AND NOT a."IsWaitlisted" AND a."RemindedOn" IS NULL
                  AND s."StartsAt" >= {start} AND s."StartsAt" < {end} AND NOT s."IsCancelled"
                FOR UPDATE OF a SKIP LOCKED
                """)
            .Include(a => a.Slot).Include(a => a.Station)
            .ToListAsync(cancellationToken);
        foreach (var appointment in due)
        {
            appointment.RemindedOn = today;
            outbox.Sms("appointment.reminder", phones.Unprotect(appointment.PhoneCipher),
                $"{SmsPrefix}提醒：明天 {AppointmentRules.Span(appointment.Slot.StartsAt, appointment.Slot.EndsAt)} 在{appointment.Slot.Place ?? appointment.Station.Address}约见代表，请带上签到码 {appointment.CheckInCode}。不能前来的，可凭查询码取消。");
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    private async Task<string> NewCheckInCodeAsync(int slotId, CancellationToken cancellationToken)
    {
        var taken = await db.Appointments.Where(a => a.SlotId == slotId && a.CheckInCode != null).Select(a => a.CheckInCode!).ToListAsync(cancellationToken);
        string code;
        do
        {
            code = RandomNumberGenerator.GetString("0123456789", CheckInCodeLength);
        }
        while (taken.Contains(code));

        return code;
    }

    private static (DateTimeOffset Start, DateTimeOffset End) DayBounds(DateOnly day) =>
        (new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime(),
         new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime());
}
