using System.Globalization;
using System.Text.Json;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LiaisonPortal.Core.Reception;

/// <summary>
/// 值班安排: station staff assign the deputies enrolled at a station to its reception days (with the rotation helper's
/// proposal for a quarter), record swaps; deputies confirm their duties and say which dates they cannot come; the office
/// sees who has had no reception in the year; reminders go out three days before a duty. Stations come through the scope
/// filter: outside it answers NotFound.
/// </summary>
public sealed partial class DutyRoster(
    ApplicationDbContext db, ScopeDirectory scopes, ReceptionCalendar calendar, Outbox outbox, AuditLog audit, TimeProvider time,
    ILogger<DutyRoster> logger)
{
    /// <summary>A reminder goes out this many days before the duty (or at once when the duty was set later).</summary>
    public const int RemindDaysBefore = 3;

    public const int ReasonMaxLength = 200;

    public const int MaxPerDay = 6;

    private const int BatchSize = 200;

    private const string SwapEntity = "DutyAssignment";

    /// <summary>The active stations whose roster the account keeps.</summary>
    public async Task<IReadOnlyList<RosterStation>> StationChoicesAsync(StaffScope scope, CancellationToken cancellationToken = default) =>
        await ManagedStations(scope).AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.Code)
            .Select(s => new RosterStation(s.Code, s.Name)).ToListAsync(cancellationToken);

    /// <summary>The quarter's reception days at a station with their duties; null when the station is not in the scope.</summary>
    public async Task<RosterView?> RosterAsync(StaffScope scope, string stationCode, Quarter quarter, CancellationToken cancellationToken = default)
    {
        var station = await StationAsync(scope, stationCode, cancellationToken);
        if (station is null)
        {
            return null;
        }

        var receptionDays = await calendar.DaysAsync(station.Id, quarter.First, quarter.Last, cancellationToken);
        var duties = await db.DutyAssignments.AsNoTracking()
            .Where(d => d.StationId == station.Id && d.Date >= quarter.First && d.Date <= quarter.Last)
            .OrderBy(d => d.Date).ThenBy(d => d.Status == DutyStatus.Swapped).ThenBy(d => d.Deputy.Code)
            .Select(d => new
            {
                d.Date,
                Row = new DutyRow(d.Id, d.Deputy.Code, d.Deputy.Name, d.Status, d.ConfirmedAt,
                    db.Deputies.Where(r => r.Id == d.ReplacesDeputyId).Select(r => r.Name).FirstOrDefault()),
            })
            .ToListAsync(cancellationToken);
        var byDate = duties.ToLookup(d => d.Date, d => d.Row);
        var days = receptionDays.GroupBy(d => d.Date).Select(g => g.First())
            .Select(d => new RosterDay(d.Date, d.Start, d.End, d.Topic, true, byDate[d.Date].ToList()))
            .Concat(byDate.Where(g => receptionDays.All(d => d.Date != g.Key)).Select(g => new RosterDay(g.Key, null, null, null, false, g.ToList())))
            .OrderBy(d => d.Date)
            .ToList();
        var deputies = await EnrolledAsync(station.Id, cancellationToken);
        var turns = duties.Where(d => d.Row.Status != DutyStatus.Swapped).GroupBy(d => d.Row.DeputyCode).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new RosterView(
            station.Roster, quarter, days,
            deputies.Select(d => d with { Turns = turns.GetValueOrDefault(d.Code) }).ToList(),
            await UnavailableAsync(deputies, quarter, cancellationToken),
            await SwapsAsync(station.Roster.Code, quarter, cancellationToken));
    }

    /// <summary>
    /// The quarter's roster at a station as ledger lines, in the page's order (date, active duties before swapped ones,
    /// deputy code): the reception days come from the rules, the duties are read one at a time and merged in. Null when
    /// the station is not in the scope.
    /// </summary>
    public async Task<IAsyncEnumerable<RosterLine>?> RosterLinesAsync(StaffScope scope, string stationCode, Quarter quarter, CancellationToken cancellationToken = default)
    {
        var station = await StationAsync(scope, stationCode, cancellationToken);
        if (station is null)
        {
            return null;
        }

        var receptionDays = await calendar.DaysAsync(station.Id, quarter.First, quarter.Last, cancellationToken);
        return MergedLines(station.Id, receptionDays.GroupBy(d => d.Date).Select(g => g.First()).OrderBy(d => d.Date).ToList(), quarter);
    }

    private async IAsyncEnumerable<RosterLine> MergedLines(int stationId, List<ReceptionDay> days, Quarter quarter)
    {
        var duties = db.DutyAssignments.AsNoTracking()
            .Where(d => d.StationId == stationId && d.Date >= quarter.First && d.Date <= quarter.Last)
            .OrderBy(d => d.Date).ThenBy(d => d.Status == DutyStatus.Swapped).ThenBy(d => d.Deputy.Code)
            .Select(d => new
            {
                d.Date, d.Deputy.Code, d.Deputy.Name, d.Status, d.ConfirmedAt,
                Replaces = db.Deputies.Where(r => r.Id == d.ReplacesDeputyId).Select(r => r.Name).FirstOrDefault(),
            })
            .AsAsyncEnumerable();
        var next = 0;
        var taken = false;
        await foreach (var duty in duties)
        {
            for (; next < days.Count && days[next].Date < duty.Date; next++, taken = false)
            {
                if (!taken)
                {
                    yield return Unassigned(days[next]);
                }
            }

            var day = next < days.Count && days[next].Date == duty.Date ? days[next] : null;
            taken |= day is not null;
            yield return new RosterLine(duty.Date, day?.Start, day?.End, day?.Topic, day is not null, duty.Code, duty.Name, duty.Status, duty.ConfirmedAt, duty.Replaces);
        }

        for (; next < days.Count; next++, taken = false)
        {
            if (!taken)
            {
                yield return Unassigned(days[next]);
            }
        }

        static RosterLine Unassigned(ReceptionDay day) => new(day.Date, day.Start, day.End, day.Topic, true, null, null, null, null, null);
    }

    /// <summary>
    /// The rotation helper's roster for the quarter's reception days (<see cref="Rotation.Propose"/>), nothing saved: past
    /// duties at the station in the year before the quarter order the ties.
    /// </summary>
    public async Task<RosterProposal?> ProposeAsync(
        StaffScope scope, string stationCode, Quarter quarter, int perDay = Rotation.DefaultPerDay, CancellationToken cancellationToken = default)
    {
        var station = await StationAsync(scope, stationCode, cancellationToken);
        if (station is null)
        {
            return null;
        }

        perDay = Math.Clamp(perDay, 1, MaxPerDay);
        var days = (await calendar.DaysAsync(station.Id, quarter.First, quarter.Last, cancellationToken)).Select(d => d.Date).Distinct().ToList();
        var deputies = await EnrolledAsync(station.Id, cancellationToken);
        var unavailable = await UnavailableAsync(deputies, quarter, cancellationToken);
        var since = quarter.First.AddYears(-1);
        var previous = await db.DutyAssignments.AsNoTracking()
            .Where(d => d.StationId == station.Id && d.Date >= since && d.Date < quarter.First && d.Status != DutyStatus.Swapped)
            .GroupBy(d => d.Deputy.Code)
            .Select(g => new { Code = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Code, g => g.Count, StringComparer.Ordinal, cancellationToken);
        var proposal = Rotation.Propose(
            days,
            deputies.Select(d => d.Code),
            unavailable.GroupBy(u => u.DeputyCode).ToDictionary(g => g.Key, g => (IReadOnlySet<DateOnly>)g.Select(u => u.Date).ToHashSet(), StringComparer.Ordinal),
            previous,
            perDay);
        var turns = proposal.SelectMany(d => d.Deputies).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new RosterProposal(station.Roster, quarter, proposal, deputies.Select(d => d with { Turns = turns.GetValueOrDefault(d.Code) }).ToList(), unavailable);
    }

    /// <summary>
    /// Makes each given day's duties exactly the given deputies: missing ones are assigned, others removed (a confirmed duty
    /// too: the station decides). Every date must be one of the station's reception days; every deputy enrolled and active,
    /// and free that day. All days or none are saved.
    /// </summary>
    public async Task<EditResult> SaveAsync(StaffScope scope, string stationCode, IReadOnlyList<DayDuties> days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(days);
        var station = await StationAsync(scope, stationCode, cancellationToken);
        if (station is null)
        {
            return EditResult.NotFound;
        }

        if (days.Count == 0)
        {
            return EditResult.Done(station.Roster.Code);
        }

        var from = days.Min(d => d.Date);
        var to = days.Max(d => d.Date);
        var receptionDays = (await calendar.DaysAsync(station.Id, from, to, cancellationToken)).Select(d => d.Date).ToHashSet();
        var enrolled = await db.DeputyStations.AsNoTracking().Where(e => e.StationId == station.Id && e.Deputy.IsActive)
            .Select(e => new { e.DeputyId, e.Deputy.Code, e.Deputy.Name })
            .ToDictionaryAsync(e => e.Code, StringComparer.Ordinal, cancellationToken);
        var ids = enrolled.Values.Select(e => e.DeputyId).ToList();
        var unavailable = (await db.DeputyUnavailabilities.AsNoTracking().Where(u => ids.Contains(u.DeputyId) && u.Date >= from && u.Date <= to)
            .Select(u => new { u.DeputyId, u.Date }).ToListAsync(cancellationToken)).Select(u => (u.DeputyId, u.Date)).ToHashSet();
        var existing = await db.DutyAssignments.Where(d => d.StationId == station.Id && d.Date >= from && d.Date <= to).ToListAsync(cancellationToken);

        var errors = new List<FieldError>();
        var now = time.GetUtcNow();
        foreach (var day in days.GroupBy(d => d.Date).Select(g => new DayDuties(g.Key, g.SelectMany(d => d.DeputyCodes).ToList())))
        {
            var wanted = day.DeputyCodes.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            var onDay = existing.Where(d => d.Date == day.Date).ToList();
            var active = onDay.Where(d => d.Status != DutyStatus.Swapped).ToList();
            if (!receptionDays.Contains(day.Date) && (wanted.Count > 0 || active.Count == 0))
            {
                errors.Add(new(string.Empty, Format("{0} 不是本站的接待日。", day.Date)));
                continue;
            }

            var wantedIds = new HashSet<int>();
            foreach (var code in wanted)
            {
                if (!enrolled.TryGetValue(code, out var deputy))
                {
                    errors.Add(new(string.Empty, Format("代表 {0} 没有编入本站或已离任，不能排班。", code)));
                }
                else if (unavailable.Contains((deputy.DeputyId, day.Date)) && active.All(d => d.DeputyId != deputy.DeputyId))
                {
                    errors.Add(new(string.Empty, Format("{0} 已说明 {1} 不能值班。", deputy.Name, day.Date)));
                }
                else
                {
                    wantedIds.Add(deputy.DeputyId);
                }
            }

            foreach (var duty in active.Where(d => !wantedIds.Contains(d.DeputyId)))
            {
                db.DutyAssignments.Remove(duty);
            }

            foreach (var deputyId in wantedIds.Where(id => active.All(d => d.DeputyId != id)))
            {
                // A deputy swapped out earlier and now put back takes up their old row again (one row per deputy and day).
                if (onDay.FirstOrDefault(d => d.DeputyId == deputyId) is { } swapped)
                {
                    swapped.Status = DutyStatus.Assigned;
                    swapped.ConfirmedAt = null;
                    swapped.RemindedOn = null;
                }
                else
                {
                    db.DutyAssignments.Add(new DutyAssignment(station.Id, day.Date, deputyId, now));
                }
            }
        }

        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return EditResult.Invalid(errors);
        }

        return await SaveChangesAsync(station.Roster.Code, cancellationToken);
    }

    /// <summary>Puts one deputy on one reception day (nothing changes when they already are).</summary>
    public async Task<EditResult> AssignAsync(StaffScope scope, string stationCode, DateOnly date, string deputyCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deputyCode);
        var current = await ActiveCodesAsync(scope, stationCode, date, cancellationToken);
        return current is null ? EditResult.NotFound : await SaveAsync(scope, stationCode, [new DayDuties(date, [.. current, deputyCode])], cancellationToken);
    }

    /// <summary>Takes one deputy off one day.</summary>
    public async Task<EditResult> UnassignAsync(StaffScope scope, string stationCode, DateOnly date, string deputyCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deputyCode);
        var current = await ActiveCodesAsync(scope, stationCode, date, cancellationToken);
        if (current is null)
        {
            return EditResult.NotFound;
        }

        if (!current.Contains(deputyCode.Trim()))
        {
            return EditResult.Conflict("该代表当天不在值班安排中，请刷新后再看。");
        }

        return await SaveAsync(scope, stationCode, [new DayDuties(date, current.Where(c => c != deputyCode.Trim()).ToList())], cancellationToken);
    }

    /// <summary>
    /// 调换: deputy B takes over A's duty on a day. A's duty stays as Swapped, B gets a new duty naming A, and the change
    /// log records who swapped them and why.
    /// </summary>
    public async Task<EditResult> SwapAsync(
        StaffScope scope, string stationCode, DateOnly date, string fromCode, string toCode, string? reason, CancellationToken cancellationToken = default)
    {
        var station = await StationAsync(scope, stationCode, cancellationToken);
        if (station is null)
        {
            return EditResult.NotFound;
        }

        var why = reason?.Trim() ?? string.Empty;
        if (why.Length == 0)
        {
            return EditResult.Invalid("Reason", "请填写调换原因。");
        }

        if (why.Length > ReasonMaxLength)
        {
            return EditResult.Invalid("Reason", Format("调换原因最多 {0} 个字。", ReasonMaxLength));
        }

        var duty = await db.DutyAssignments.Include(d => d.Deputy)
            .SingleOrDefaultAsync(d => d.StationId == station.Id && d.Date == date && d.Deputy.Code == (fromCode ?? string.Empty).Trim(), cancellationToken);
        if (duty is null || duty.Status == DutyStatus.Swapped)
        {
            return EditResult.Conflict("这位代表当天没有值班，请刷新后再看。");
        }

        var to = await db.DeputyStations.AsNoTracking().Where(e => e.StationId == station.Id && e.Deputy.IsActive && e.Deputy.Code == (toCode ?? string.Empty).Trim())
            .Select(e => new { e.DeputyId, e.Deputy.Code, e.Deputy.Name }).SingleOrDefaultAsync(cancellationToken);
        if (to is null)
        {
            return EditResult.Invalid("ToCode", "请选择编入本站的在任代表接替。");
        }

        if (await db.DutyAssignments.AnyAsync(d => d.StationId == station.Id && d.Date == date && d.DeputyId == to.DeputyId, cancellationToken))
        {
            return EditResult.Invalid("ToCode", Format("{0} 当天已在值班安排中（或曾被调换下来）。", to.Name));
        }

        if (await db.DeputyUnavailabilities.AnyAsync(u => u.DeputyId == to.DeputyId && u.Date == date, cancellationToken))
        {
            return EditResult.Invalid("ToCode", Format("{0} 已说明 {1} 不能值班。", to.Name, date));
        }

        var now = time.GetUtcNow();
        duty.Status = DutyStatus.Swapped;
        db.DutyAssignments.Add(new DutyAssignment(station.Id, date, to.DeputyId, now, replacesDeputyId: duty.DeputyId));
        var changes = JsonSerializer.Serialize(new SortedDictionary<string, string?[]>(StringComparer.Ordinal)
        {
            ["Date"] = [null, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)],
            ["Deputy"] = [duty.Deputy.Code + " " + duty.Deputy.Name, to.Code + " " + to.Name],
            ["Reason"] = [null, why],
        });
        audit.Add(AuditKind.Change, SwapEntity, SwapKey(station.Roster.Code, date), "Swapped", changes);
        return await SaveChangesAsync(station.Roster.Code, cancellationToken);
    }

    /// <summary>The deputy confirms their own duty (确认); confirming twice changes nothing. Someone else's duty is not found.</summary>
    public async Task<EditResult> ConfirmAsync(StaffScope scope, int dutyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Kind != ScopeKind.Deputy)
        {
            return EditResult.NotFound;
        }

        var duty = await db.DutyAssignments.SingleOrDefaultAsync(d => d.Id == dutyId && d.DeputyId == scope.Id, cancellationToken);
        switch (duty?.Status)
        {
            case null:
                return EditResult.NotFound;
            case DutyStatus.Swapped:
                return EditResult.Conflict("这次值班已调换给其他代表，无需确认。");
            case DutyStatus.Confirmed:
                return EditResult.Done();
        }

        if (duty.Date < ChinaTime.Today(time))
        {
            return EditResult.Conflict("这次值班的日期已过。");
        }

        duty.Status = DutyStatus.Confirmed;
        duty.ConfirmedAt = time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return EditResult.Conflict("值班安排刚被修改，请刷新后再确认。");
        }

        return EditResult.Done();
    }

    /// <summary>The deputy's duties from a month ago on, and their unavailable dates from today.</summary>
    public async Task<MyDuties> MyDutiesAsync(StaffScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Kind != ScopeKind.Deputy)
        {
            return new MyDuties([], []);
        }

        var today = ChinaTime.Today(time);
        var since = today.AddDays(-31);
        var duties = await db.DutyAssignments.AsNoTracking()
            .Where(d => d.DeputyId == scope.Id && d.Date >= since)
            .OrderBy(d => d.Date).ThenBy(d => d.Station.Code)
            .Select(d => new MyDuty(d.Id, d.Date, d.Station.Name, d.Status, d.ConfirmedAt,
                db.Deputies.Where(r => r.Id == d.ReplacesDeputyId).Select(r => r.Name).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        var unavailable = await db.DeputyUnavailabilities.AsNoTracking()
            .Where(u => u.DeputyId == scope.Id && u.Date >= today).OrderBy(u => u.Date)
            .Select(u => new MyUnavailableDate(u.Date, u.Note)).ToListAsync(cancellationToken);
        return new MyDuties(duties, unavailable);
    }

    /// <summary>
    /// The deputy's own dates they cannot be on duty: added (today or later, within a year) or removed. A duty already set
    /// on that date stays; the station sees the date when it plans or swaps.
    /// </summary>
    public async Task<EditResult> SetUnavailableAsync(StaffScope scope, DateOnly date, bool unavailable, string? note = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Kind != ScopeKind.Deputy || scope.Id is not { } deputyId)
        {
            return EditResult.NotFound;
        }

        var existing = await db.DeputyUnavailabilities.SingleOrDefaultAsync(u => u.DeputyId == deputyId && u.Date == date, cancellationToken);
        if (!unavailable)
        {
            if (existing is not null)
            {
                db.DeputyUnavailabilities.Remove(existing);
                await db.SaveChangesAsync(cancellationToken);
            }

            return EditResult.Done();
        }

        var today = ChinaTime.Today(time);
        if (date < today || date > today.AddDays(ReceptionCalendar.MaxDays))
        {
            return EditResult.Invalid("Date", "请填写今天以后一年内的日期。");
        }

        var text = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (text?.Length > DeputyUnavailability.NoteMaxLength)
        {
            return EditResult.Invalid("Note", Format("说明最多 {0} 个字。", DeputyUnavailability.NoteMaxLength));
        }

        if (existing is null)
        {
            db.DeputyUnavailabilities.Add(new DeputyUnavailability(deputyId, date, text));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // The same date sent twice at once: it is there either way.
            }
        }

        return EditResult.Done();
    }

    /// <summary>
    /// 年度接待底线 (000/003): active deputies enrolled at the scope's stations with no duty (assigned, confirmed, planned
    /// later in the year too) and no check-in at a reception log anywhere in the year.
    /// </summary>
    public async Task<IReadOnlyList<MinimumRow>> YearlyMinimumAsync(StaffScope scope, int year, CancellationToken cancellationToken = default)
    {
        var stations = ManagedStations(scope);
        var start = new DateOnly(year, 1, 1);
        var end = new DateOnly(year, 12, 31);
        var rows = await db.DeputyStations.AsNoTracking()
            .Where(e => e.Deputy.IsActive && e.Station.IsActive && stations.Any(s => s.Id == e.StationId))
            .Where(e => !db.DutyAssignments.Any(d => d.DeputyId == e.DeputyId && d.Date >= start && d.Date <= end && d.Status != DutyStatus.Swapped))
            .Where(e => !db.ReceptionLogDeputies.Any(l => l.DeputyId == e.DeputyId && db.ReceptionLogs.Any(g => g.Id == l.LogId && g.Date >= start && g.Date <= end)))
            .Select(e => new { e.DeputyId, e.IsPrimary, StationCode = e.Station.Code, StationName = e.Station.Name, DeputyCode = e.Deputy.Code, DeputyName = e.Deputy.Name })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.DeputyId)
            .Select(g => g.OrderByDescending(r => r.IsPrimary).ThenBy(r => r.StationCode, StringComparer.Ordinal).First())
            .Select(r => new MinimumRow(r.StationCode, r.StationName, r.DeputyCode, r.DeputyName))
            .OrderBy(r => r.StationCode, StringComparer.Ordinal).ThenBy(r => r.DeputyCode, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Queues a reminder for every duty from today to <see cref="RemindDaysBefore"/> days ahead not reminded yet: an SMS
    /// to the deputy's own mobile (a landline is skipped) and an email to their accounts. Each duty is reminded once,
    /// whichever instance of the daily job gets there first (FOR UPDATE SKIP LOCKED, RemindedOn in the same transaction).
    /// </summary>
    public async Task<DutyReminderResult> RemindAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        var last = today.AddDays(RemindDaysBefore);
        var assigned = (int)DutyStatus.Assigned;
        var confirmed = (int)DutyStatus.Confirmed;
        var duties = 0;
        var messages = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var due = await db.DutyAssignments
                .FromSql($"""
                    SELECT d.*, d.xmin FROM "DutyAssignments" d
                    WHERE d."RemindedOn" IS NULL AND d."Status" IN ({assigned}, {confirmed})
                      AND d."Date" >= {today} AND d."Date" <= {last}
                    ORDER BY d."Id"
                    LIMIT {BatchSize}
                    FOR UPDATE SKIP LOCKED
                    """)
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                LogReminders(logger, today, duties, messages);
                return new DutyReminderResult(duties, messages);
            }

            var deputyIds = due.Select(d => d.DeputyId).Distinct().ToList();
            var stationIds = due.Select(d => d.StationId).Distinct().ToList();
            var deputies = await db.Deputies.AsNoTracking().Where(d => deputyIds.Contains(d.Id))
                .ToDictionaryAsync(d => d.Id, d => new { d.Name, d.PrivatePhone }, cancellationToken);
            var stations = await db.Stations.AsNoTracking().Where(s => stationIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
            var emails = (await db.Users.AsNoTracking().Where(u => u.DeputyId != null && deputyIds.Contains(u.DeputyId.Value) && u.Email != null)
                    .Select(u => new { DeputyId = u.DeputyId!.Value, Email = u.Email! }).ToListAsync(cancellationToken))
                .ToLookup(u => u.DeputyId, u => u.Email);
            foreach (var duty in due)
            {
                var deputy = deputies[duty.DeputyId];
                var text = ReminderText(deputy.Name, duty.Date, stations[duty.StationId], duty.Status == DutyStatus.Confirmed);
                if (CitizenPhones.Normalize(deputy.PrivatePhone) is { } mobile)
                {
                    outbox.Sms("duty.reminder", mobile, "【人大代表联络站】" + text);
                    messages++;
                }

                foreach (var email in emails[duty.DeputyId].Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    outbox.Email("duty.reminder", email, "值班提醒", text);
                    messages++;
                }

                duty.RemindedOn = today;
                duties++;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    private static string ReminderText(string name, DateOnly date, string station, bool confirmed) =>
        Format("值班提醒：{0}代表，您 {1} 在{2}值班接待选民{3}。", name, date, station, confirmed ? "，请准时到站" : "，请登录平台“我的值班”确认");

    private static string Format(string format, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, format, args.Select(a => a is DateOnly d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : a).ToArray());

    private static string SwapKey(string stationCode, DateOnly date) => stationCode + " " + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The stations whose roster a scope keeps: an office's region or a station's own; deputies and units keep none.</summary>
    private IQueryable<Organisation.Station> ManagedStations(StaffScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Kind is ScopeKind.Everything or ScopeKind.Region or ScopeKind.Station
            ? scopes.Stations(scope)
            : db.Stations.Where(_ => false);
    }

    private async Task<ManagedStation?> StationAsync(StaffScope scope, string? stationCode, CancellationToken cancellationToken)
    {
        var code = stationCode?.Trim() ?? string.Empty;
        var station = await ManagedStations(scope).AsNoTracking().Where(s => s.Code == code && s.IsActive)
            .Select(s => new { s.Id, s.Code, s.Name }).SingleOrDefaultAsync(cancellationToken);
        return station is null ? null : new ManagedStation(station.Id, new RosterStation(station.Code, station.Name));
    }

    private async Task<List<string>?> ActiveCodesAsync(StaffScope scope, string stationCode, DateOnly date, CancellationToken cancellationToken)
    {
        var station = await StationAsync(scope, stationCode, cancellationToken);
        return station is null
            ? null
            : await db.DutyAssignments.AsNoTracking().Where(d => d.StationId == station.Id && d.Date == date && d.Status != DutyStatus.Swapped)
                .Select(d => d.Deputy.Code).ToListAsync(cancellationToken);
    }

    private async Task<List<RosterDeputy>> EnrolledAsync(int stationId, CancellationToken cancellationToken) =>
        await db.DeputyStations.AsNoTracking().Where(e => e.StationId == stationId && e.Deputy.IsActive)
            .OrderBy(e => e.Deputy.Code).Select(e => new RosterDeputy(e.Deputy.Code, e.Deputy.Name, 0)).ToListAsync(cancellationToken);

    private async Task<IReadOnlySet<(string DeputyCode, DateOnly Date)>> UnavailableAsync(List<RosterDeputy> deputies, Quarter quarter, CancellationToken cancellationToken)
    {
        var codes = deputies.Select(d => d.Code).ToList();
        var rows = await db.DeputyUnavailabilities.AsNoTracking()
            .Where(u => u.Date >= quarter.First && u.Date <= quarter.Last)
            .Join(db.Deputies.Where(d => codes.Contains(d.Code)), u => u.DeputyId, d => d.Id, (u, d) => new { d.Code, u.Date })
            .ToListAsync(cancellationToken);
        return rows.Select(r => (r.Code, r.Date)).ToHashSet();
    }

    private async Task<IReadOnlyList<SwapRecord>> SwapsAsync(string stationCode, Quarter quarter, CancellationToken cancellationToken)
    {
        var prefix = stationCode + " ";
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == SwapEntity && a.EntityKey.StartsWith(prefix))
            .OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var swaps = new List<SwapRecord>();
        foreach (var entry in entries)
        {
            var changes = JsonSerializer.Deserialize<Dictionary<string, string?[]>>(entry.Changes) ?? [];
            if (changes.TryGetValue("Deputy", out var deputy) && changes.TryGetValue("Date", out var date)
                && DateOnly.TryParseExact(date[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                && day >= quarter.First && day <= quarter.Last)
            {
                swaps.Add(new SwapRecord(entry.At, entry.ActorName, day, deputy[0] ?? "—", deputy[1] ?? "—", changes.GetValueOrDefault("Reason")?[1] ?? string.Empty));
            }
        }

        return swaps;
    }

    private async Task<EditResult> SaveChangesAsync(string stationCode, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return EditResult.Done(stationCode);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return EditResult.Conflict("有人同时修改了这天的值班安排，请刷新后再试。");
        }
    }

    private sealed record ManagedStation(int Id, RosterStation Roster);

    [LoggerMessage(Level = LogLevel.Information, Message = "Duty reminders for {Today}: {Duties} duty(ies), {Messages} message(s)")]
    private static partial void LogReminders(ILogger logger, DateOnly today, int duties, int messages);
}
