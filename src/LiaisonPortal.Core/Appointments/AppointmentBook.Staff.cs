using System.Globalization;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Paging;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Appointments;

public sealed partial class AppointmentBook
{
    /// <summary>The active stations in the scope, for the open-a-slot form and the list's filter.</summary>
    public async Task<IReadOnlyList<StationChoice>> StationChoicesAsync(StaffScope scope, CancellationToken cancellationToken = default) =>
        await scopes.Stations(scope).AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.Code)
            .Select(s => new StationChoice(s.Code, s.Name)).ToListAsync(cancellationToken);

    /// <summary>Active deputies enrolled at the scope's active stations, one row per enrolment.</summary>
    public async Task<IReadOnlyList<DeputyChoice>> DeputyChoicesAsync(StaffScope scope, CancellationToken cancellationToken = default)
    {
        var stations = scopes.Stations(scope).Where(s => s.IsActive);
        return await db.DeputyStations.AsNoTracking()
            .Where(e => e.Deputy.IsActive && stations.Any(s => s.Id == e.StationId))
            .OrderBy(e => e.Station.Code).ThenBy(e => e.Deputy.Code)
            .Select(e => new DeputyChoice(e.Deputy.Code, e.Deputy.Name, e.Station.Code, e.Station.Name))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Opens a slot at a station in the scope; Done carries its id.</summary>
    public async Task<EditResult> OpenSlotAsync(StaffScope scope, SlotInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        var station = string.IsNullOrWhiteSpace(input.StationCode)
            ? null
            : await scopes.Stations(scope).AsNoTracking().Where(s => s.Code == input.StationCode.Trim())
                .Select(s => new { s.Id, s.IsActive }).SingleOrDefaultAsync(cancellationToken);
        if (station is null)
        {
            errors.Add(new(nameof(SlotInput.StationCode), string.IsNullOrWhiteSpace(input.StationCode) ? "请选择家站点。" : "所选家站点不存在，或不在您的管理范围内。"));
        }
        else if (!station.IsActive)
        {
            errors.Add(new(nameof(SlotInput.StationCode), "该家站点已关闭，不能开放接待时段。"));
        }

        int? deputyId = null;
        if (!string.IsNullOrWhiteSpace(input.DeputyCode) && station is not null)
        {
            deputyId = await db.DeputyStations.Where(e => e.StationId == station.Id && e.Deputy.Code == input.DeputyCode.Trim() && e.Deputy.IsActive)
                .Select(e => (int?)e.DeputyId).SingleOrDefaultAsync(cancellationToken);
            if (deputyId is null)
            {
                errors.Add(new(nameof(SlotInput.DeputyCode), "所选代表没有编入该家站点，请重新选择，或不指定代表。"));
            }
        }

        var date = DateOnly.TryParseExact(input.Date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
        if (date is null)
        {
            errors.Add(new(nameof(SlotInput.Date), "请填写日期，例如 2026-05-20。"));
        }

        var start = ParseTime(input.StartTime);
        if (start is null)
        {
            errors.Add(new(nameof(SlotInput.StartTime), "请填写开始时间，例如 09:00。"));
        }

        var end = ParseTime(input.EndTime);
        if (end is null)
        {
            errors.Add(new(nameof(SlotInput.EndTime), "请填写结束时间，例如 11:30。"));
        }
        else if (start is not null && end <= start)
        {
            errors.Add(new(nameof(SlotInput.EndTime), "结束时间要晚于开始时间。"));
        }

        DateTimeOffset startsAt = default, endsAt = default;
        if (date is { } day && start is { } from && end is { } to)
        {
            startsAt = new DateTimeOffset(day.ToDateTime(from), ChinaTime.Offset).ToUniversalTime();
            endsAt = new DateTimeOffset(day.ToDateTime(to), ChinaTime.Offset).ToUniversalTime();
            if (startsAt <= time.GetUtcNow())
            {
                errors.Add(new(nameof(SlotInput.Date), "不能开放已经过去的时段，请选择以后的日期和时间。"));
            }
        }

        if (!int.TryParse(input.Capacity?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var capacity) || capacity < 1 || capacity > ReceptionSlot.MaxCapacity)
        {
            errors.Add(new(nameof(SlotInput.Capacity), $"名额请填写 1–{ReceptionSlot.MaxCapacity} 之间的整数。"));
        }

        var place = Optional(input.Place, nameof(SlotInput.Place), ReceptionSlot.PlaceMaxLength, "地点", errors);
        var topic = Optional(input.Topic, nameof(SlotInput.Topic), ReceptionSlot.TopicMaxLength, "接待主题", errors);
        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        var slot = new ReceptionSlot(station!.Id, deputyId, startsAt, endsAt, capacity, place, topic);
        db.ReceptionSlots.Add(slot);
        await db.SaveChangesAsync(cancellationToken);
        return EditResult.Done(slot.Id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Upcoming slots (not yet ended) soonest first, or past ones latest first.</summary>
    public async Task<Page<SlotRow>> ListSlotsAsync(StaffScope scope, SlotFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return await ListedSlots(scope, filter).ToPageAsync(page, cancellationToken);
    }

    /// <summary>Every slot of the list (not one page), in the list's order, read one at a time: what the export writes.</summary>
    public IAsyncEnumerable<SlotRow> AllSlotsAsync(StaffScope scope, SlotFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return ListedSlots(scope, filter).AsAsyncEnumerable();
    }

    private IQueryable<SlotRow> ListedSlots(StaffScope scope, SlotFilter filter)
    {
        var now = time.GetUtcNow();
        var slots = scopes.ReceptionSlots(scope).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.StationCode))
        {
            slots = slots.Where(s => s.Station.Code == filter.StationCode);
        }

        slots = filter.Past
            ? slots.Where(s => s.EndsAt <= now).OrderByDescending(s => s.StartsAt).ThenByDescending(s => s.Id)
            : slots.Where(s => s.EndsAt > now).OrderBy(s => s.StartsAt).ThenBy(s => s.Id);
        return SlotRows(slots);
    }

    public async Task<SlotDetail?> GetSlotAsync(StaffScope scope, int id, CancellationToken cancellationToken = default)
    {
        var slot = await SlotRows(scopes.ReceptionSlots(scope).AsNoTracking().Where(s => s.Id == id)).SingleOrDefaultAsync(cancellationToken);
        if (slot is null)
        {
            return null;
        }

        var bookings = await BookingRowsAsync(scopes.Appointments(scope).Where(a => a.SlotId == id), cancellationToken);
        return new SlotDetail(slot, bookings);
    }

    public async Task<AppointmentDetail?> GetAppointmentAsync(StaffScope scope, int id, CancellationToken cancellationToken = default)
    {
        var booking = (await BookingRowsAsync(scopes.Appointments(scope).Where(a => a.Id == id), cancellationToken)).SingleOrDefault();
        if (booking is null)
        {
            return null;
        }

        var slotId = await db.Appointments.Where(a => a.Id == id).Select(a => a.SlotId).SingleAsync(cancellationToken);
        var slot = await SlotRows(db.ReceptionSlots.AsNoTracking().Where(s => s.Id == slotId)).SingleAsync(cancellationToken);
        var now = time.GetUtcNow();
        var alternatives = await SlotRows(scopes.ReceptionSlots(scope).AsNoTracking()
                .Where(s => s.Station.Code == slot.StationCode && s.Id != slotId && !s.IsCancelled && s.StartsAt > now && s.Booked < s.Capacity)
                .OrderBy(s => s.StartsAt).ThenBy(s => s.Id).Take(VisibleSlots))
            .ToListAsync(cancellationToken);
        return new AppointmentDetail(booking, slot, alternatives);
    }

    /// <summary>The full number for staff who must call back; each look is written to the change log.</summary>
    public async Task<string?> RevealPhoneAsync(StaffScope scope, int id, CancellationToken cancellationToken = default)
    {
        var appointment = await scopes.Appointments(scope).AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.TrackingCode, a.PhoneCipher }).SingleOrDefaultAsync(cancellationToken);
        if (appointment is null || appointment.PhoneCipher.Length == 0)
        {
            // Not in scope, or the number was removed by the retention job.
            return null;
        }

        await audit.WriteAsync(AuditKind.Reveal, nameof(Appointment), appointment.TrackingCode, "PhoneShown", cancellationToken: cancellationToken);
        return phones.Unprotect(appointment.PhoneCipher);
    }

    public async Task<EditResult> ConfirmAsync(StaffScope scope, int id, uint version, CancellationToken cancellationToken = default)
    {
        var (appointment, refused) = await LoadForMoveAsync(scope, id, version, AppointmentAction.Confirm, cancellationToken);
        if (appointment is null)
        {
            return refused!;
        }

        if (appointment.IsWaitlisted)
        {
            return EditResult.Invalid(string.Empty, "这位群众还在候补，有人取消、空出座位后才能确认。");
        }

        Move(appointment, AppointmentAction.Confirm, byCitizen: false, appointment.Reply);
        appointment.CheckInCode = await NewCheckInCodeAsync(appointment.SlotId, cancellationToken);
        outbox.Sms("appointment.confirmed", phones.Unprotect(appointment.PhoneCipher),
            $"{SmsPrefix}您的约见已确认：{AppointmentRules.Span(appointment.Slot.StartsAt, appointment.Slot.EndsAt)}，地点 {appointment.Slot.Place ?? appointment.Station.Address}。到场签到码 {appointment.CheckInCode}，查询码 {TrackingCodes.Display(appointment.TrackingCode)}。");
        return await SaveAsync(cancellationToken) ?? EditResult.Done(appointment.TrackingCode);
    }

    /// <summary>Moves the booking to another open slot of the same station: a seat taken there, this one released, one transaction.</summary>
    public async Task<EditResult> RescheduleAsync(StaffScope scope, int id, uint version, int? toSlotId, string? message, CancellationToken cancellationToken = default)
    {
        var (appointment, refused) = await LoadForMoveAsync(scope, id, version, AppointmentAction.Reschedule, cancellationToken);
        if (appointment is null)
        {
            return refused!;
        }

        var errors = new List<FieldError>();
        var note = Optional(message, "Message", Appointment.ReplyMaxLength, "说明", errors);
        var now = time.GetUtcNow();
        var target = toSlotId is { } slotId && slotId != appointment.SlotId
            ? await scopes.ReceptionSlots(scope).AsNoTracking()
                .Where(s => s.Id == slotId && s.StationId == appointment.StationId && !s.IsCancelled && s.StartsAt > now)
                .Select(s => new { s.Id, s.StartsAt, s.EndsAt, s.Place }).SingleOrDefaultAsync(cancellationToken)
            : null;
        if (target is null)
        {
            errors.Add(new("ToSlotId", toSlotId is null ? "请选择新的时段。" : "只能改到本站另一个可预约的时段，请重新选择。"));
        }

        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await TakeSeatAsync(target!.Id, now, cancellationToken) == 0)
        {
            return EditResult.Invalid("ToSlotId", "所选时段已约满或已取消，请换一个。");
        }

        var oldSlotId = appointment.SlotId;
        appointment.SlotId = target.Id;
        Move(appointment, AppointmentAction.Reschedule, byCitizen: false, note);
        outbox.Sms("appointment.rescheduled", phones.Unprotect(appointment.PhoneCipher),
            $"{SmsPrefix}您的约见已改到 {AppointmentRules.Span(target.StartsAt, target.EndsAt)}，地点 {target.Place ?? appointment.Station.Address}。详情请凭查询码 {TrackingCodes.Display(appointment.TrackingCode)} 查看。");
        if (await SaveAsync(cancellationToken) is { } concurrent)
        {
            return concurrent;
        }

        await FreeSeatAsync(oldSlotId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return EditResult.Done(appointment.TrackingCode);
    }

    /// <summary>未能安排: the reason reaches the citizen on the tracking page; the seat is released.</summary>
    public async Task<EditResult> DeclineAsync(StaffScope scope, int id, uint version, string? reason, CancellationToken cancellationToken = default)
    {
        var (appointment, refused) = await LoadForMoveAsync(scope, id, version, AppointmentAction.Decline, cancellationToken);
        if (appointment is null)
        {
            return refused!;
        }

        var errors = new List<FieldError>();
        var text = Reason(reason, "Reason", errors);
        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var slotId = appointment.SlotId;
        var heldSeat = appointment.HoldsSeat;
        Move(appointment, AppointmentAction.Decline, byCitizen: false, text);
        QueueDeclined(appointment);
        if (await SaveAsync(cancellationToken) is { } concurrent)
        {
            return concurrent;
        }

        if (heldSeat)
        {
            await FreeSeatAsync(slotId, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return EditResult.Done(appointment.TrackingCode);
    }

    /// <summary>
    /// Cancels an upcoming slot: no new booking can take a seat once it is marked, and every booking holding a seat is
    /// declined with the reason and a text message, in one transaction. Done carries how many were declined.
    /// </summary>
    public async Task<EditResult> CancelSlotAsync(StaffScope scope, int id, string? reason, CancellationToken cancellationToken = default)
    {
        var slot = await scopes.ReceptionSlots(scope).AsNoTracking().Where(s => s.Id == id)
            .Select(s => new { s.Id, s.StartsAt, s.IsCancelled }).SingleOrDefaultAsync(cancellationToken);
        if (slot is null)
        {
            return EditResult.NotFound;
        }

        if (slot.IsCancelled)
        {
            return EditResult.Invalid(string.Empty, "该时段已经取消。");
        }

        if (slot.StartsAt <= time.GetUtcNow())
        {
            return EditResult.Invalid(string.Empty, "已经开始或结束的时段不能取消。");
        }

        var errors = new List<FieldError>();
        var text = Reason(reason, "Reason", errors);
        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Marking first waits for any booking that holds the row, and makes every later one find the slot closed.
        var marked = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""UPDATE "ReceptionSlots" SET "IsCancelled" = TRUE WHERE "Id" = {id} AND NOT "IsCancelled" """, cancellationToken);
        if (marked == 0)
        {
            return EditResult.Invalid(string.Empty, "该时段已经取消。");
        }

        var held = await db.Appointments.Include(a => a.Station)
            .Where(a => a.SlotId == id && (a.Status == AppointmentStatus.Requested || a.Status == AppointmentStatus.Confirmed || a.Status == AppointmentStatus.Rescheduled))
            .ToListAsync(cancellationToken);
        foreach (var appointment in held)
        {
            Move(appointment, AppointmentAction.Decline, byCitizen: false, $"接待时段已取消：{text}");
            QueueDeclined(appointment);
        }

        if (await SaveAsync(cancellationToken) is { } concurrent)
        {
            return concurrent;
        }

        await db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "ReceptionSlots" SET "Booked" = 0 WHERE "Id" = {id}""", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return EditResult.Done(held.Count.ToString(CultureInfo.InvariantCulture));
    }

    private void QueueDeclined(Appointment appointment)
    {
        // An anonymised booking (of a slot long past) has no number left to tell.
        if (appointment.PhoneCipher.Length > 0)
        {
            outbox.Sms("appointment.declined", phones.Unprotect(appointment.PhoneCipher),
                $"{SmsPrefix}很抱歉，您的约见未能安排，原因请凭查询码 {TrackingCodes.Display(appointment.TrackingCode)} 查看。您也可以另选时间预约。");
        }
    }

    /// <summary>The tracked appointment in scope whose status allows the action, with the form's version; or why not.</summary>
    private async Task<(Appointment? Appointment, EditResult? Refused)> LoadForMoveAsync(
        StaffScope scope, int id, uint version, AppointmentAction action, CancellationToken cancellationToken)
    {
        var appointment = await scopes.Appointments(scope).Include(a => a.Slot).Include(a => a.Station).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (appointment is null)
        {
            return (null, EditResult.NotFound);
        }

        if (appointment.Version != version)
        {
            return (null, EditResult.Invalid(string.Empty, ConcurrencyMessage));
        }

        if (appointment.AnonymisedAt is not null)
        {
            return (null, EditResult.Invalid(string.Empty, "这条预约的群众姓名和电话已按个人信息保护规定匿名化，不能再办理。"));
        }

        if (!AppointmentRules.Allows(appointment.Status, action))
        {
            return (null, EditResult.Invalid(string.Empty, $"这条预约{AppointmentRules.NameOf(appointment.Status)}，不能再{ActionName(action)}。"));
        }

        db.Entry(appointment).Property(a => a.Version).OriginalValue = version;
        return (appointment, null);
    }

    private static string ActionName(AppointmentAction action) => action switch
    {
        AppointmentAction.Confirm => "确认",
        AppointmentAction.Reschedule => "改约",
        AppointmentAction.Decline => "婉拒",
        _ => "取消",
    };

    private static string? Reason(string? reason, string field, List<FieldError> errors)
    {
        var text = reason?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length < AppointmentRules.ReasonMinLength)
        {
            errors.Add(new(field, "请写明原因，群众会在查询页面看到。"));
            return null;
        }

        if (text.Length > Appointment.ReplyMaxLength - 20)
        {
            errors.Add(new(field, $"原因不能超过 {Appointment.ReplyMaxLength - 20} 个字，现在有 {text.Length} 个。"));
            return null;
        }

        return text;
    }

    private IQueryable<SlotRow> SlotRows(IQueryable<ReceptionSlot> slots) => slots.Select(s => new SlotRow(
        s.Id, s.Station.Code, s.Station.Name, s.Deputy != null ? s.Deputy.Name : null, s.StartsAt, s.EndsAt, s.Capacity, s.Booked,
        db.Appointments.Count(a => a.SlotId == s.Id && a.Status == AppointmentStatus.Requested), s.Place, s.Topic, s.IsCancelled));

    private async Task<IReadOnlyList<BookingRow>> BookingRowsAsync(IQueryable<Appointment> appointments, CancellationToken cancellationToken)
    {
        var rows = await appointments.AsNoTracking().OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Select(a => new { a.Id, a.TrackingCode, a.Name, a.PhoneCipher, a.Topic, a.Status, a.Reply, a.CreatedAt, a.UpdatedAt, Deputy = a.Deputy != null ? a.Deputy.Name : null, a.Version })
            .ToListAsync(cancellationToken);
        return rows.Select(a => new BookingRow(a.Id, a.TrackingCode, a.Name, phones.Masked(a.PhoneCipher), a.Topic, a.Status, a.Reply, a.CreatedAt, a.UpdatedAt, a.Deputy, a.Version)).ToList();
    }

    private static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value : null;
}
