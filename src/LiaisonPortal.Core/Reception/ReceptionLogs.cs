using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Files;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LiaisonPortal.Core.Reception;

/// <summary>Opening a log: the station (in the scope), the day (yyyy-MM-dd, empty = today), how and where.</summary>
public sealed record LogOpenInput(string? StationCode, string? Date, ReceptionMode? Mode, string? Place);

/// <summary>The log's figures and words, saved against the version the form was read at.</summary>
public sealed record LogUpdateInput(int? PeopleReceived, int? SolvedOnSpot, string? Summary, ReceptionMode? Mode, string? Place, uint Version);

/// <summary>A walk-in opinion typed in on the log page: the title may be left for the content to give.</summary>
public sealed record LogOpinionInput(string? Title, string? Content, string? Name, string? Phone, bool MayContact);

public sealed record LogStationChoice(string Code, string Name);

/// <summary>One line of the logs list.</summary>
public sealed record LogRow(
    int Id, DateOnly Date, string StationCode, string StationName, ReceptionMode Mode, string? Place, int Deputies, int PeopleReceived,
    int Opinions, int SolvedOnSpot, bool IsClosed);

public sealed record LogDeputy(string Code, string Name, DeputyLevel Level, DateTimeOffset CheckedInAt);

/// <summary>A deputy staff may check in: on the day's duty roster, enrolled at the station, or already checked in.</summary>
public sealed record LogDeputyChoice(string Code, string Name, bool OnDuty, bool CheckedIn);

public sealed record LogOpinion(string TrackingCode, string Title, string? CitizenName, bool HasPhone, OpinionState State, DateTimeOffset ReceivedAt);

public sealed record LogPhoto(int Id, string ContentType, int Length);

/// <summary>One reception's log with everything the day page and the printed ledger show.</summary>
public sealed record LogDetail(
    int Id, string StationCode, string StationName, string StationAddress, DateOnly Date, ReceptionMode Mode, string? Place, int PeopleReceived,
    int SolvedOnSpot, string? Summary, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt, uint Version,
    IReadOnlyList<LogDeputy> Deputies, IReadOnlyList<LogOpinion> Opinions, IReadOnlyList<LogPhoto> Photos, IReadOnlyList<LogDeputyChoice> Choices)
{
    public bool IsClosed => ClosedAt is not null;
}

/// <summary>
/// 履职登记表 (003): station staff open the day's log, check deputies in as they arrive, register walk-in opinions (each a
/// workflow case through the one intake, channel <see cref="OpinionChannel.Reception"/>), keep the counts, photos and a
/// summary, and close it. Everything goes through the scope filter (outside it: not found); a closed log is read-only
/// for station staff, the congress office may still correct it.
/// </summary>
public sealed partial class ReceptionLogs(ApplicationDbContext db, ScopeDirectory scopes, OpinionIntake intake, Auditing.AuditLog audit, TimeProvider time)
{
    public const int MaxPhotos = 12;
    public const int MaxCount = 100_000;
    public const int NoteMaxLength = 200;
    public const int DerivedTitleLength = 20;

    public const string ChangedMessage = "这张登记表刚被其他人修改过。请刷新页面，看过最新内容后再改。";
    public const string ClosedMessage = "这张登记表已经关闭，不能再修改。需要更正请联系人大代表工委。";

    public async Task<IReadOnlyList<LogStationChoice>> StationChoicesAsync(StaffScope scope, CancellationToken cancellationToken = default) =>
        await scopes.Stations(scope).AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.Code)
            .Select(s => new LogStationChoice(s.Code, s.Name)).ToListAsync(cancellationToken);

    /// <summary>
    /// Opens a log; Done carries its id. A log still open for the same station, day and mode is reopened instead of a
    /// second one (two staff pressing "开始今天的接待" get the same sheet).
    /// </summary>
    public async Task<EditResult> OpenAsync(CaseActor actor, LogOpenInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        var code = input.StationCode?.Trim();
        var station = string.IsNullOrEmpty(code)
            ? null
            : await scopes.Stations(actor.Scope).AsNoTracking().Where(s => s.Code == code).Select(s => new { s.Id, s.IsActive }).SingleOrDefaultAsync(cancellationToken);
        if (station is null)
        {
            errors.Add(new(nameof(LogOpenInput.StationCode), string.IsNullOrEmpty(code) ? "请选择家站点。" : "所选家站点不存在，或不在您的管理范围内。"));
        }
        else if (!station.IsActive)
        {
            errors.Add(new(nameof(LogOpenInput.StationCode), "该家站点已关闭，不能登记接待。"));
        }

        var today = ChinaTime.Today(time);
        var date = today;
        if (!string.IsNullOrWhiteSpace(input.Date))
        {
            if (!DateOnly.TryParseExact(input.Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                errors.Add(new(nameof(LogOpenInput.Date), "请填写日期，例如 2026-05-19。"));
            }
            else if (date > today)
            {
                errors.Add(new(nameof(LogOpenInput.Date), "登记表记录已经进行的接待，日期不能晚于今天。"));
            }
        }

        var mode = input.Mode is { } m && Enum.IsDefined(m) ? m : (ReceptionMode?)null;
        if (mode is null)
        {
            errors.Add(new(nameof(LogOpenInput.Mode), "请选择接待方式。"));
        }

        var place = Clean(input.Place);
        if (place?.Length > ReceptionLog.PlaceMaxLength)
        {
            errors.Add(new(nameof(LogOpenInput.Place), $"地点最多 {ReceptionLog.PlaceMaxLength} 个字。"));
        }

        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        var open = await db.ReceptionLogs.AsNoTracking()
            .Where(l => l.StationId == station!.Id && l.Date == date && l.Mode == mode && l.ClosedAt == null)
            .Select(l => (int?)l.Id).FirstOrDefaultAsync(cancellationToken);
        if (open is { } existing)
        {
            return EditResult.Done(Id(existing));
        }

        var log = new ReceptionLog(station!.Id, date, mode!.Value, time.GetUtcNow()) { Place = place };
        db.ReceptionLogs.Add(log);
        await db.SaveChangesAsync(cancellationToken);
        return EditResult.Done(Id(log.Id));
    }

    /// <summary>The logs of one month, for one station or every station in the scope, latest first.</summary>
    public async Task<IReadOnlyList<LogRow>> ListAsync(StaffScope scope, string? stationCode, int year, int month, CancellationToken cancellationToken = default)
    {
        var from = new DateOnly(year, month, 1);
        var to = from.AddMonths(1);
        var logs = scopes.ReceptionLogs(scope).AsNoTracking().Where(l => l.Date >= from && l.Date < to);
        if (!string.IsNullOrWhiteSpace(stationCode))
        {
            logs = logs.Where(l => l.Station.Code == stationCode.Trim());
        }

        return await logs.OrderByDescending(l => l.Date).ThenBy(l => l.Station.Code).ThenByDescending(l => l.OpenedAt)
            .Select(l => new LogRow(
                l.Id, l.Date, l.Station.Code, l.Station.Name, l.Mode, l.Place,
                db.ReceptionLogDeputies.Count(d => d.LogId == l.Id), l.PeopleReceived,
                db.Opinions.Count(o => o.ReceptionLogId == l.Id), l.SolvedOnSpot, l.ClosedAt != null))
            .ToListAsync(cancellationToken);
    }

    public async Task<LogDetail?> GetAsync(StaffScope scope, int id, CancellationToken cancellationToken = default)
    {
        var log = await scopes.ReceptionLogs(scope).AsNoTracking().Where(l => l.Id == id)
            .Select(l => new
            {
                l.Id, l.StationId, StationCode = l.Station.Code, StationName = l.Station.Name, StationAddress = l.Station.Address, l.Date, l.Mode, l.Place,
                l.PeopleReceived, l.SolvedOnSpot, l.Summary, l.OpenedAt, l.ClosedAt, l.Version,
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (log is null)
        {
            return null;
        }

        var deputies = await db.ReceptionLogDeputies.AsNoTracking().Where(d => d.LogId == id).OrderBy(d => d.CheckedInAt)
            .Select(d => new LogDeputy(d.Deputy.Code, d.Deputy.Name, d.Deputy.Level, d.CheckedInAt)).ToListAsync(cancellationToken);
        var opinions = await db.Opinions.AsNoTracking().Where(o => o.ReceptionLogId == id).OrderBy(o => o.ReceivedAt)
            .Select(o => new LogOpinion(o.TrackingCode, o.Title, o.CitizenName, o.PhoneCipher != null, o.State, o.ReceivedAt)).ToListAsync(cancellationToken);
        var photos = await db.ReceptionLogPhotos.AsNoTracking().Where(p => p.LogId == id).OrderBy(p => p.Id)
            .Select(p => new LogPhoto(p.Id, p.ContentType, p.Length)).ToListAsync(cancellationToken);
        var onDuty = await db.DutyAssignments.AsNoTracking()
            .Where(a => a.StationId == log.StationId && a.Date == log.Date && a.Status != DutyStatus.Swapped)
            .OrderBy(a => a.Deputy.Code).Select(a => new { a.Deputy.Code, a.Deputy.Name }).ToListAsync(cancellationToken);
        var enrolled = await db.DeputyStations.AsNoTracking().Where(e => e.StationId == log.StationId && e.Deputy.IsActive)
            .OrderByDescending(e => e.IsPrimary).ThenBy(e => e.Deputy.Code).Select(e => new { e.Deputy.Code, e.Deputy.Name }).ToListAsync(cancellationToken);
        var checkedIn = deputies.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        var dutyCodes = onDuty.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        // The day's roster first (the deputies expected), then the station's other deputies, then visitors already checked in.
        var choices = onDuty.Select(d => new LogDeputyChoice(d.Code, d.Name, true, checkedIn.Contains(d.Code)))
            .Concat(enrolled.Where(d => !dutyCodes.Contains(d.Code)).Select(d => new LogDeputyChoice(d.Code, d.Name, false, checkedIn.Contains(d.Code))))
            .Concat(deputies.Where(d => !dutyCodes.Contains(d.Code) && enrolled.All(e => e.Code != d.Code)).Select(d => new LogDeputyChoice(d.Code, d.Name, false, true)))
            .DistinctBy(d => d.Code)
            .ToList();
        return new LogDetail(
            log.Id, log.StationCode, log.StationName, log.StationAddress, log.Date, log.Mode, log.Place, log.PeopleReceived, log.SolvedOnSpot, log.Summary,
            log.OpenedAt, log.ClosedAt, log.Version, deputies, opinions, photos, choices);
    }

    /// <summary>
    /// Checks a deputy in (an active deputy, usually enrolled at the station, perhaps a visitor from another); once per
    /// log, which the table's key also guards. Done carries the deputy's name.
    /// </summary>
    public async Task<EditResult> CheckInAsync(CaseActor actor, int id, string? deputyCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (log, refusal) = await EditableAsync(actor, id, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var code = deputyCode?.Trim();
        var deputy = string.IsNullOrEmpty(code)
            ? null
            : await db.Deputies.AsNoTracking().Where(d => d.Code == code && d.IsActive).Select(d => new { d.Id, d.Name }).SingleOrDefaultAsync(cancellationToken);
        if (deputy is null)
        {
            return EditResult.Invalid("DeputyCode", string.IsNullOrEmpty(code) ? "请选择或填写到场代表。" : $"没有编号为 {code} 的在任代表，请核对。");
        }

        var already = $"{deputy.Name}已经签到过了。";
        if (await db.ReceptionLogDeputies.AnyAsync(d => d.LogId == log!.Id && d.DeputyId == deputy.Id, cancellationToken))
        {
            return EditResult.Invalid("DeputyCode", already);
        }

        db.ReceptionLogDeputies.Add(new ReceptionLogDeputy(log!.Id, deputy.Id, time.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two staff tapping the same deputy at once: the key keeps one check-in.
            db.ChangeTracker.Clear();
            return EditResult.Invalid("DeputyCode", already);
        }

        return EditResult.Done(deputy.Name);
    }

    /// <summary>Takes back a check-in made by mistake. Done carries the deputy's name.</summary>
    public async Task<EditResult> RemoveCheckInAsync(CaseActor actor, int id, string? deputyCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (log, refusal) = await EditableAsync(actor, id, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var code = deputyCode?.Trim();
        var entry = await db.ReceptionLogDeputies.Include(d => d.Deputy).SingleOrDefaultAsync(d => d.LogId == log!.Id && d.Deputy.Code == code, cancellationToken);
        if (entry is null)
        {
            return EditResult.NotFound;
        }

        db.ReceptionLogDeputies.Remove(entry);
        await db.SaveChangesAsync(cancellationToken);
        return EditResult.Done(entry.Deputy.Name);
    }

    /// <summary>Saves the counts, the summary, the mode and the place; a form read before someone else's save is refused.</summary>
    public async Task<EditResult> UpdateAsync(CaseActor actor, int id, LogUpdateInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var (log, refusal) = await EditableAsync(actor, id, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var errors = new List<FieldError>();
        CheckCount(input.PeopleReceived, nameof(LogUpdateInput.PeopleReceived), "接待人数", errors);
        CheckCount(input.SolvedOnSpot, nameof(LogUpdateInput.SolvedOnSpot), "现场解决问题数", errors);
        var summary = Clean(input.Summary);
        if (summary?.Length > ReceptionLog.SummaryMaxLength)
        {
            errors.Add(new(nameof(LogUpdateInput.Summary), $"小结最多 {ReceptionLog.SummaryMaxLength} 个字，现在是 {summary.Length} 个字。"));
        }

        var place = Clean(input.Place);
        if (place?.Length > ReceptionLog.PlaceMaxLength)
        {
            errors.Add(new(nameof(LogUpdateInput.Place), $"地点最多 {ReceptionLog.PlaceMaxLength} 个字。"));
        }

        if (input.Mode is { } mode && !Enum.IsDefined(mode))
        {
            errors.Add(new(nameof(LogUpdateInput.Mode), "请选择接待方式。"));
        }

        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        db.Entry(log!).Property(l => l.Version).OriginalValue = input.Version;
        log!.PeopleReceived = input.PeopleReceived!.Value;
        log.SolvedOnSpot = input.SolvedOnSpot!.Value;
        log.Summary = summary;
        log.Place = place;
        log.Mode = input.Mode ?? log.Mode;
        return await SaveVersionedAsync(cancellationToken) ?? EditResult.Done();
    }

    /// <summary>Adds a photo of the reception: JPG, PNG or WebP by its first bytes, at most 5 MB, at most <see cref="MaxPhotos"/>.</summary>
    public async Task<EditResult> AddPhotoAsync(CaseActor actor, int id, UploadedPhoto? photo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (log, refusal) = await EditableAsync(actor, id, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (photo is null || photo.Length == 0)
        {
            return EditResult.Invalid("Photo", "请选择一张照片。");
        }

        var fileName = Path.GetFileName(photo.FileName);
        if (photo.Length > Opinion.PhotoMaxBytes || photo.Content is null || photo.Content.Length > Opinion.PhotoMaxBytes)
        {
            return EditResult.Invalid("Photo", $"照片“{fileName}”超过 5 MB，请换一张或压缩后再上传。");
        }

        if (ImageTypes.Detect(photo.Content) is not { } contentType)
        {
            return EditResult.Invalid("Photo", $"“{fileName}”不是 JPG、PNG 或 WebP 格式的照片。");
        }

        if (await db.ReceptionLogPhotos.CountAsync(p => p.LogId == log!.Id, cancellationToken) >= MaxPhotos)
        {
            return EditResult.Invalid("Photo", $"一张登记表最多 {MaxPhotos} 张照片。");
        }

        db.ReceptionLogPhotos.Add(new ReceptionLogPhoto(log!.Id, contentType, photo.Content));
        await db.SaveChangesAsync(cancellationToken);
        return EditResult.Done();
    }

    public async Task<EditResult> RemovePhotoAsync(CaseActor actor, int id, int photoId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (log, refusal) = await EditableAsync(actor, id, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var removed = await db.ReceptionLogPhotos.Where(p => p.LogId == log!.Id && p.Id == photoId).ExecuteDeleteAsync(cancellationToken);
        return removed == 0 ? EditResult.NotFound : EditResult.Done();
    }

    /// <summary>A photo's bytes, for staff in scope only (each fetch in the audit log); null for anything else.</summary>
    public async Task<(string ContentType, byte[] Content)?> PhotoAsync(StaffScope scope, int id, int photoId, CancellationToken cancellationToken = default)
    {
        var logs = scopes.ReceptionLogs(scope);
        var photo = await db.ReceptionLogPhotos.AsNoTracking()
            .Where(p => p.Id == photoId && p.LogId == id && logs.Any(l => l.Id == p.LogId))
            .Select(p => new { p.ContentType, p.Content }).SingleOrDefaultAsync(cancellationToken);
        if (photo is null)
        {
            return null;
        }

        // Photos of a reception day show the people received: each fetch is in the audit log, as a citizen's photo is.
        await audit.WriteAsync(
            Auditing.AuditKind.Download, nameof(ReceptionLog), id.ToString(System.Globalization.CultureInfo.InvariantCulture), "LogPhotoShown",
            new { photo = photoId, bytes = photo.Content.Length }, cancellationToken);
        return (photo.ContentType, photo.Content);
    }

    /// <summary>
    /// Registers a walk-in's opinion from the log: the one intake, channel <see cref="OpinionChannel.Reception"/>, the
    /// log's id saved with the opinion, the staff member named in the history. Each opinion is at least one person
    /// received, so the log's count is raised to the number of opinions when it was lower.
    /// </summary>
    public async Task<RegistrationResult> RegisterOpinionAsync(CaseActor actor, int id, LogOpinionInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        if (OpinionWorkflow.Find(null, OpinionAction.Receive, actor.Role) is null)
        {
            return new(EditResult.Forbidden("您的账号不能登记群众意见。"));
        }

        var (log, refusal) = await EditableAsync(actor, id, cancellationToken);
        if (refusal is not null)
        {
            return new(refusal);
        }

        var stationCode = await db.Stations.Where(s => s.Id == log!.StationId).Select(s => s.Code).SingleAsync(cancellationToken);
        var content = Clean(input.Content);
        var title = Clean(input.Title) ?? DeriveTitle(content);
        var submission = new OpinionSubmission(
            title, content, null, input.Name, input.Phone, input.MayContact, Anonymous: false, [], OpinionChannel.Reception, log!.Id);
        db.ChangeTracker.Clear();
        var saved = await intake.SubmitAsync(AddressKind.Station, stationCode, submission, actor, cancellationToken);
        if (saved.Unavailable)
        {
            return new(EditResult.Invalid(saved.Errors), Unavailable: true);
        }

        if (!saved.Succeeded)
        {
            return new(EditResult.Invalid(saved.Errors));
        }

        await db.ReceptionLogs.Where(l => l.Id == id && l.PeopleReceived < db.Opinions.Count(o => o.ReceptionLogId == id))
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.PeopleReceived, l => db.Opinions.Count(o => o.ReceptionLogId == id)), cancellationToken);
        return new(EditResult.Done(saved.TrackingCode), saved.Secret);
    }

    /// <summary>
    /// Closes the log: at least one deputy checked in, or a note why none came (kept in the summary); at least as many
    /// people received as opinions registered. Station staff cannot change it afterwards.
    /// </summary>
    public async Task<EditResult> CloseAsync(CaseActor actor, int id, uint version, string? noDeputyNote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var log = await scopes.ReceptionLogs(actor.Scope).SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (log is null)
        {
            return EditResult.NotFound;
        }

        if (log.ClosedAt is not null)
        {
            return EditResult.Conflict("这张登记表已经关闭了。");
        }

        var errors = new List<FieldError>();
        var deputies = await db.ReceptionLogDeputies.CountAsync(d => d.LogId == id, cancellationToken);
        var note = Clean(noDeputyNote);
        if (deputies == 0 && note is null)
        {
            errors.Add(new("NoDeputyNote", "还没有代表签到。请先给到场代表签到，或写明没有代表到场的原因，再关闭登记表。"));
        }
        else if (note?.Length > NoteMaxLength)
        {
            errors.Add(new("NoDeputyNote", $"原因最多 {NoteMaxLength} 个字。"));
        }

        var opinions = await db.Opinions.CountAsync(o => o.ReceptionLogId == id, cancellationToken);
        if (log.PeopleReceived < opinions)
        {
            errors.Add(new(nameof(LogUpdateInput.PeopleReceived), $"接待人数（{log.PeopleReceived}）少于登记的意见数（{opinions}），请先更正接待人数。"));
        }

        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        db.Entry(log).Property(l => l.Version).OriginalValue = version;
        if (deputies == 0)
        {
            var line = $"无代表到场：{note}";
            log.Summary = log.Summary is null ? line : $"{log.Summary}\n{line}";
            if (log.Summary.Length > ReceptionLog.SummaryMaxLength)
            {
                return EditResult.Invalid("NoDeputyNote", "小结加上原因超过了字数上限，请先缩短小结。");
            }
        }

        log.ClosedAt = time.GetUtcNow();
        return await SaveVersionedAsync(cancellationToken) ?? EditResult.Done();
    }

    /// <summary>A title from the content when staff left it empty: its first line, cut at <see cref="DerivedTitleLength"/> characters.</summary>
    public static string? DeriveTitle(string? content)
    {
        var text = Clean(content);
        if (text is null)
        {
            return null;
        }

        var line = text.Split(['\n', '\r', '。', '！', '？', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? text;
        return line.Length <= DerivedTitleLength ? line : string.Concat(line.AsSpan(0, DerivedTitleLength), "…");
    }

    /// <summary>The log, tracked, if it is in the scope and the account may still change it.</summary>
    private async Task<(ReceptionLog? Log, EditResult? Refusal)> EditableAsync(CaseActor actor, int id, CancellationToken cancellationToken)
    {
        var log = await scopes.ReceptionLogs(actor.Scope).SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (log is null)
        {
            return (null, EditResult.NotFound);
        }

        return log.ClosedAt is not null && actor.Role != WorkflowActor.Office
            ? (log, EditResult.Conflict(ClosedMessage))
            : (log, null);
    }

    private async Task<EditResult?> SaveVersionedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return EditResult.Conflict(ChangedMessage);
        }
    }

    private static void CheckCount(int? value, string field, string label, List<FieldError> errors)
    {
        if (value is null || value < 0 || value > MaxCount)
        {
            errors.Add(new(field, $"{label}请填写 0–{MaxCount} 之间的整数。"));
        }
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
