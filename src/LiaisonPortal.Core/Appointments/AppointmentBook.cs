using System.Security.Cryptography;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LiaisonPortal.Core.Appointments;

/// <summary>
/// 约见代表: reception slots staff open, and the citizens' bookings of their seats. A seat is taken by one conditional
/// UPDATE in the same transaction as the appointment it belongs to (no row means the slot is full), and released by
/// a decrement in the transaction that declines or cancels; the database's check constraint refuses anything else.
/// Staff queries go through <see cref="ScopeDirectory"/>; what staff do is checked against <see cref="AppointmentRules"/>.
/// </summary>
public sealed partial class AppointmentBook(
    ApplicationDbContext db, ScopeDirectory scopes, CitizenPhones phones, Outbox outbox, AuditLog audit, TimeProvider time)
{
    public const string ConcurrencyMessage = "操作未完成：这条预约刚被其他人处理过。请刷新页面，看过最新状态后再操作。";
    public const string FullMessage = "该时段已约满。请选择其他时段，或勾选“满了也愿意候补”排队等空位。";
    public const int TopicMinLength = 5;

    /// <summary>How far ahead citizens see slots, and how many at most.</summary>
    public const int VisibleDays = 90;
    public const int VisibleSlots = 50;

    private const string SmsPrefix = "【人大代表联络站】";

    /// <summary>An active deputy or station with its upcoming slots (full ones too, shown as full); null when there is none.</summary>
    public async Task<BookingTarget?> FindTargetAsync(BookingTargetKind kind, string? code, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (kind == BookingTargetKind.Deputy)
        {
            var deputy = await db.Deputies.AsNoTracking().Where(d => d.Code == code && d.IsActive).Select(d => new { d.Id, d.Code, d.Name }).SingleOrDefaultAsync(cancellationToken);
            if (deputy is null)
            {
                return null;
            }

            var home = await db.DeputyStations.AsNoTracking()
                .Where(e => e.DeputyId == deputy.Id && e.Station.IsActive)
                .OrderByDescending(e => e.IsPrimary).ThenBy(e => e.Station.Code)
                .Select(e => new { e.Station.Name, e.Station.ContactPhone, e.Station.OpeningHours })
                .FirstOrDefaultAsync(cancellationToken);
            var slots = await OpenSlotsAsync(SlotsOf(kind, deputy.Id), now, cancellationToken);
            return new BookingTarget(kind, deputy.Code, deputy.Name, home?.Name, home?.ContactPhone, home?.OpeningHours, slots);
        }

        var station = await db.Stations.AsNoTracking().Where(s => s.Code == code && s.IsActive)
            .Select(s => new { s.Id, s.Code, s.Name, s.ContactPhone, s.OpeningHours }).SingleOrDefaultAsync(cancellationToken);
        if (station is null)
        {
            return null;
        }

        var stationSlots = await OpenSlotsAsync(SlotsOf(kind, station.Id), now, cancellationToken);
        return new BookingTarget(kind, station.Code, station.Name, station.Name, station.ContactPhone, station.OpeningHours, stationSlots);
    }

    /// <summary>
    /// Books a seat for a citizen: the input checked field by field, then the seat taken and the appointment and its text
    /// message saved in one transaction. Done carries the tracking code; a full slot is an error on <c>SlotId</c>.
    /// </summary>
    public async Task<EditResult> BookAsync(BookingTargetKind kind, string? code, BookingInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var targetId = kind == BookingTargetKind.Deputy
            ? await db.Deputies.Where(d => d.Code == code && d.IsActive).Select(d => (int?)d.Id).SingleOrDefaultAsync(cancellationToken)
            : await db.Stations.Where(s => s.Code == code && s.IsActive).Select(s => (int?)s.Id).SingleOrDefaultAsync(cancellationToken);
        if (targetId is not { } id)
        {
            return EditResult.NotFound;
        }

        var now = time.GetUtcNow();
        var errors = new List<FieldError>();
        var name = Required(input.Name, nameof(BookingInput.Name), "请填写您的姓名。", Appointment.NameMaxLength, "姓名", errors);
        var topic = Required(input.Topic, nameof(BookingInput.Topic), "请写下想和代表谈的事情。", Appointment.TopicMaxLength, "约见事由", errors);
        if (topic is not null && topic.Length < TopicMinLength)
        {
            errors.Add(new(nameof(BookingInput.Topic), $"约见事由至少 {TopicMinLength} 个字，现在只有 {topic.Length} 个。"));
        }

        var phone = CitizenPhones.Normalize(input.Phone);
        if (string.IsNullOrWhiteSpace(input.Phone))
        {
            errors.Add(new(nameof(BookingInput.Phone), "请填写手机号码，预约结果会用短信通知您。"));
        }
        else if (phone is null)
        {
            errors.Add(new(nameof(BookingInput.Phone), "手机号码格式不正确，请填写 11 位手机号，例如 13812345678。"));
        }

        var slot = input.SlotId is { } slotId
            ? await SlotsOf(kind, id).AsNoTracking()
                .Where(s => s.Id == slotId && !s.IsCancelled && s.StartsAt > now && s.Station.IsActive)
                .Select(s => new { s.Id, s.StationId, s.DeputyId, StationName = s.Station.Name, s.StartsAt, s.EndsAt })
                .SingleOrDefaultAsync(cancellationToken)
            : null;
        if (input.SlotId is null)
        {
            errors.Add(new(nameof(BookingInput.SlotId), "请选择一个接待时段。"));
        }
        else if (slot is null)
        {
            errors.Add(new(nameof(BookingInput.SlotId), "所选时段已不能预约，请重新选择。"));
        }

        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        var deputyId = kind == BookingTargetKind.Deputy ? id : slot!.DeputyId;
        var phoneCipher = phones.Protect(phone!);
        // A tracking code that happens to exist already is drawn again: 31^10 codes make a second clash unthinkable.
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var seated = await TakeSeatAsync(slot!.Id, now, cancellationToken) == 1;
            if (!seated && !input.JoinWaitlist)
            {
                return EditResult.Invalid(nameof(BookingInput.SlotId), FullMessage);
            }

            var trackingCode = TrackingCodes.NewCode();
            db.Appointments.Add(new Appointment(trackingCode, slot.Id, slot.StationId, deputyId, name!, phoneCipher, topic!, now) { IsWaitlisted = !seated });
            outbox.Sms(seated ? "appointment.received" : "appointment.waitlisted", phone!, seated
                ? $"{SmsPrefix}您预约的{slot.StationName} {AppointmentRules.Span(slot.StartsAt, slot.EndsAt)}接待已提交，待工作人员确认。查询码 {TrackingCodes.Display(trackingCode)}，凭查询码和手机号后4位可查看进度。"
                : $"{SmsPrefix}{slot.StationName} {AppointmentRules.Span(slot.StartsAt, slot.EndsAt)}的接待已约满，您已排入候补，有空位时短信通知您。查询码 {TrackingCodes.Display(trackingCode)}。");
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return EditResult.Done(trackingCode);
            }
            catch (DbUpdateException e) when (attempt < 3 && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// The appointment behind a tracking code, for the citizen; null when the code does not exist or the last four
    /// digits are not those of the phone it was booked with (the same answer, so neither can be probed alone).
    /// </summary>
    public async Task<AppointmentTracking?> TrackAsync(string code, string last4, CancellationToken cancellationToken)
    {
        var found = await FindForCitizenAsync(code, last4, cancellationToken);
        if (found is null)
        {
            return null;
        }

        var tracking = await db.Appointments.AsNoTracking().Where(a => a.Id == found.Value)
            .Select(a => new AppointmentTracking(
                a.TrackingCode, a.Status, string.Empty, a.Station.Name,
                a.Deputy != null ? a.Deputy.Name : a.Slot.Deputy != null ? a.Slot.Deputy.Name : null,
                a.Slot.StartsAt, a.Slot.EndsAt, a.Slot.Place ?? a.Station.Address, a.Reply, a.Topic, a.IsWaitlisted, a.CheckInCode, a.AttendedAt))
            .SingleAsync(cancellationToken);
        return tracking with { StatusName = AppointmentRules.NameOf(tracking.Status) };
    }

    /// <summary>The citizen withdraws their booking (code and last four digits checked again); the seat is released.</summary>
    public async Task<EditResult> CancelByCitizenAsync(string code, string last4, CancellationToken cancellationToken = default)
    {
        var found = await FindForCitizenAsync(code, last4, cancellationToken);
        if (found is null)
        {
            return EditResult.NotFound;
        }

        var appointment = await db.Appointments.SingleAsync(a => a.Id == found.Value, cancellationToken);
        if (!AppointmentRules.Allows(appointment.Status, AppointmentAction.Cancel, byCitizen: true))
        {
            return EditResult.Invalid(string.Empty, $"这条预约{AppointmentRules.NameOf(appointment.Status)}，不能再取消。");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var slotId = appointment.SlotId;
        var heldSeat = appointment.HoldsSeat;
        Move(appointment, AppointmentAction.Cancel, byCitizen: true, appointment.Reply);
        if (await SaveAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        if (heldSeat)
        {
            await FreeSeatAsync(slotId, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return EditResult.Done(appointment.TrackingCode);
    }

    private async Task<int?> FindForCitizenAsync(string? code, string? last4, CancellationToken cancellationToken)
    {
        var normalized = TrackingCodes.Normalize(code);
        var digits = last4?.Trim() ?? string.Empty;
        if (normalized.Length != TrackingCodes.CodeLength || digits.Length != 4 || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        var row = await db.Appointments.AsNoTracking().Where(a => a.TrackingCode == normalized)
            .Select(a => new { a.Id, a.PhoneCipher }).SingleOrDefaultAsync(cancellationToken);
        if (row is null || row.PhoneCipher.Length == 0)
        {
            return null;
        }

        string phone;
        try
        {
            phone = phones.Unprotect(row.PhoneCipher);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var expected = System.Text.Encoding.ASCII.GetBytes(phone.Length >= 4 ? phone[^4..] : "----");
        return CryptographicOperations.FixedTimeEquals(expected, System.Text.Encoding.ASCII.GetBytes(digits)) ? row.Id : null;
    }

    /// <summary>A deputy's slots (their own, and their stations' slots without a deputy) or a station's.</summary>
    private IQueryable<ReceptionSlot> SlotsOf(BookingTargetKind kind, int id) => kind == BookingTargetKind.Deputy
        ? db.ReceptionSlots.Where(s => s.DeputyId == id || (s.DeputyId == null && db.DeputyStations.Any(e => e.DeputyId == id && e.StationId == s.StationId)))
        : db.ReceptionSlots.Where(s => s.StationId == id);

    private static async Task<IReadOnlyList<OpenSlot>> OpenSlotsAsync(IQueryable<ReceptionSlot> slots, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var until = now.AddDays(VisibleDays);
        return await slots.AsNoTracking()
            .Where(s => !s.IsCancelled && s.StartsAt > now && s.StartsAt < until && s.Station.IsActive)
            .OrderBy(s => s.StartsAt).ThenBy(s => s.Id)
            .Take(VisibleSlots)
            .Select(s => new OpenSlot(s.Id, s.StartsAt, s.EndsAt, s.Capacity - s.Booked, s.Station.Name, s.Deputy != null ? s.Deputy.Name : null, s.Place, s.Topic))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Takes one seat if the slot is open, upcoming and not full: 1 row, or 0 and nothing changed.</summary>
    private Task<int> TakeSeatAsync(int slotId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync(
            $"""UPDATE "ReceptionSlots" SET "Booked" = "Booked" + 1 WHERE "Id" = {slotId} AND NOT "IsCancelled" AND "Booked" < "Capacity" AND "StartsAt" > {now}""",
            cancellationToken);

    private Task<int> ReleaseSeatAsync(int slotId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync(
            $"""UPDATE "ReceptionSlots" SET "Booked" = "Booked" - 1 WHERE "Id" = {slotId} AND "Booked" > 0""",
            cancellationToken);

    /// <summary>
    /// Releases a seat and, in the same transaction, gives it to the first citizen on the slot's waiting list (locked
    /// with SKIP LOCKED, so two releases at once promote two different people), who is told by text message.
    /// </summary>
    private async Task FreeSeatAsync(int slotId, CancellationToken cancellationToken)
    {
        await ReleaseSeatAsync(slotId, cancellationToken);
        var requested = (int)AppointmentStatus.Requested;
        var next = await db.Appointments
            .FromSql($"""SELECT a.*, a.xmin FROM "Appointments" a WHERE a."SlotId" = {slotId} AND a."IsWaitlisted" AND a."Status" = {requested} ORDER BY a."CreatedAt", a."Id" LIMIT 1 FOR UPDATE SKIP LOCKED""")
            .Include(a => a.Slot).ThenInclude(s => s.Station)
            .SingleOrDefaultAsync(cancellationToken);
        if (next is null || await TakeSeatAsync(slotId, time.GetUtcNow(), cancellationToken) == 0)
        {
            return;
        }

        next.IsWaitlisted = false;
        next.UpdatedAt = time.GetUtcNow();
        outbox.Sms("appointment.promoted", phones.Unprotect(next.PhoneCipher),
            $"{SmsPrefix}有空位了：您候补的{next.Slot.Station.Name} {AppointmentRules.Span(next.Slot.StartsAt, next.Slot.EndsAt)}接待已为您保留，待工作人员确认。查询码 {TrackingCodes.Display(next.TrackingCode)}。");
        await db.SaveChangesAsync(cancellationToken);
    }

    private void Move(Appointment appointment, AppointmentAction action, bool byCitizen, string? reply)
    {
        var move = AppointmentRules.Find(appointment.Status, action, byCitizen)
            ?? throw new InvalidOperationException($"{appointment.Status} does not allow {action}.");
        appointment.Status = move.To;
        appointment.Reply = reply;
        appointment.UpdatedAt = time.GetUtcNow();
    }

    private async Task<EditResult?> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return EditResult.Invalid(string.Empty, ConcurrencyMessage);
        }
    }

    /// <summary>Trimmed text, or null with the message when it is missing or too long.</summary>
    private static string? Required(string? text, string field, string missing, int maxLength, string label, List<FieldError> errors)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new(field, missing));
            return null;
        }

        if (value.Length > maxLength)
        {
            errors.Add(new(field, $"{label}不能超过 {maxLength} 个字，现在有 {value.Length} 个。"));
            return null;
        }

        return value;
    }

    private static string? Optional(string? text, string field, int maxLength, string label, List<FieldError> errors)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            errors.Add(new(field, $"{label}不能超过 {maxLength} 个字，现在有 {value.Length} 个。"));
        }

        return value;
    }
}
