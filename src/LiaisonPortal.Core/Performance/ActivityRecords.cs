using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Files;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Performance;

/// <summary>One line of the activity list and of the ledger (代表活动记录簿).</summary>
public sealed record ActivityRow(
    int Id, DateOnly Date, PerformanceFact Kind, string Title, string? Place, string RegionName, string? StationName,
    string Participants, int ParticipantCount, int EvidenceCount, string RecordedByName);

public sealed record ActivityParticipantRow(string Code, string Name, DeputyLevel Level);

public sealed record ActivityEvidenceFile(int Id, string FileName, string ContentType, int Length, DateTimeOffset AddedAt);

/// <summary>One recorded activity with everything the details page shows.</summary>
public sealed record ActivityDetail(
    int Id, PerformanceFact Kind, DateOnly Date, string Title, string? Place, string? Summary, string RegionCode, string RegionName,
    string? StationCode, string? StationName, string RecordedByName, DateTimeOffset RecordedAt, DateTimeOffset UpdatedAt, uint Version,
    IReadOnlyList<ActivityParticipantRow> Participants, IReadOnlyList<ActivityEvidenceFile> Evidence);

public sealed record ActivityStationChoice(string Code, string Name);

/// <summary>A deputy staff may tick as a participant.</summary>
public sealed record ActivityDeputyChoice(string Code, string Name, DeputyLevel Level, bool IsActive);

/// <summary>An evidence file's bytes for the download.</summary>
public sealed record ActivityEvidenceContent(string FileName, string ContentType, byte[] Content);

/// <summary>
/// 履职活动登记 (代表活动记录簿): staff record the activities deputies take part in — 视察, 调研, 向选民述职, 代表议事会… — with the
/// deputies present and evidence (photos, sign-in sheets, minutes). A congress office records for a region in its scope
/// (optionally at one of its stations), station staff for their own station; everyone sees only the activities of their
/// scope (<see cref="ScopeDirectory.DeputyActivities"/>; outside it: not found), a deputy the evidence of the activities
/// they took part in. Edits are saved against the version the form was read at. <see cref="EditResult.Code"/> carries
/// the activity's id.
/// </summary>
public sealed class ActivityRecords(ApplicationDbContext db, ScopeDirectory scopes, TimeProvider time)
{
    public const int MaxParticipants = 200;
    public const int MaxChoices = 300;
    public const int TextMaxLength = 50;

    /// <summary>The earliest activity date accepted (point rules start in 2000).</summary>
    public static readonly DateOnly EarliestDate = new(2000, 1, 1);

    public const string ChangedMessage = "这条活动记录刚被其他人修改过。请刷新页面，看过最新内容后再改。";

    /// <summary>The recorded-activity kinds, in the order forms list them.</summary>
    public static IReadOnlyList<PerformanceFact> Kinds { get; } =
        [.. Enum.GetValues<PerformanceFact>().Where(IsActivityKind).OrderBy(k => (int)k)];

    public static bool IsActivityKind(PerformanceFact kind) => kind >= PerformanceFact.Inspection && Enum.IsDefined(kind);

    public DateOnly Today => ChinaTime.Today(time);

    /// <summary>Only congress offices (region or everything) and station staff record activities.</summary>
    public static bool MayRecord(CaseActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return (actor.Role == WorkflowActor.Office && actor.Scope.ManagesRegions) || (actor.Role == WorkflowActor.Station && actor.Scope.Kind == ScopeKind.Station);
    }

    public async Task<Page<ActivityRow>> ListAsync(StaffScope scope, ActivityQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(page);
        return await Listed(scope, query).ToPageAsync(page, cancellationToken);
    }

    /// <summary>Every activity of the list (not one page), in the list's order, read one at a time: what the ledger export writes.</summary>
    public IAsyncEnumerable<ActivityRow> AllAsync(StaffScope scope, ActivityQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Listed(scope, query).AsAsyncEnumerable();
    }

    private IQueryable<ActivityRow> Listed(StaffScope scope, ActivityQuery query)
    {
        var rows = scopes.DeputyActivities(scope).AsNoTracking();
        if (query.Kind is { } kind)
        {
            rows = rows.Where(a => a.Kind == kind);
        }

        if (query.From is { } from)
        {
            rows = rows.Where(a => a.Date >= from);
        }

        if (query.To is { } to)
        {
            rows = rows.Where(a => a.Date <= to);
        }

        if (!string.IsNullOrWhiteSpace(query.StationCode))
        {
            var station = query.StationCode.Trim();
            rows = rows.Where(a => a.Station != null && a.Station.Code == station);
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var code = query.Text.Trim();
            var pattern = SearchPatterns.Contains(code, TextMaxLength);
            rows = rows.Where(a => EF.Functions.ILike(a.Title, pattern!, SearchPatterns.Escape)
                || db.DeputyActivityParticipants.Any(p => p.ActivityId == a.Id && (EF.Functions.ILike(p.Deputy.Name, pattern!, SearchPatterns.Escape) || p.Deputy.Code == code)));
        }

        return rows.OrderByDescending(a => a.Date).ThenByDescending(a => a.Id)
            .Select(a => new ActivityRow(
                a.Id, a.Date, a.Kind, a.Title, a.Place, a.Region.Name, a.Station == null ? null : a.Station.Name,
                string.Join("、", db.DeputyActivityParticipants.Where(p => p.ActivityId == a.Id).OrderBy(p => p.Deputy.Code).Select(p => p.Deputy.Name)),
                db.DeputyActivityParticipants.Count(p => p.ActivityId == a.Id),
                db.DeputyActivityEvidence.Count(e => e.ActivityId == a.Id),
                a.RecordedByName));
    }

    public async Task<ActivityDetail?> GetAsync(StaffScope scope, int id, CancellationToken cancellationToken = default)
    {
        var activity = await scopes.DeputyActivities(scope).AsNoTracking().Where(a => a.Id == id)
            .Select(a => new
            {
                a.Id, a.Kind, a.Date, a.Title, a.Place, a.Summary, RegionCode = a.Region.Code, RegionName = a.Region.Name,
                StationCode = a.Station == null ? null : a.Station.Code, StationName = a.Station == null ? null : a.Station.Name,
                a.RecordedByName, a.RecordedAt, a.UpdatedAt, a.Version,
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (activity is null)
        {
            return null;
        }

        var participants = await db.DeputyActivityParticipants.AsNoTracking().Where(p => p.ActivityId == id).OrderBy(p => p.Deputy.Code)
            .Select(p => new ActivityParticipantRow(p.Deputy.Code, p.Deputy.Name, p.Deputy.Level)).ToListAsync(cancellationToken);
        var evidence = await db.DeputyActivityEvidence.AsNoTracking().Where(e => e.ActivityId == id).OrderBy(e => e.Id)
            .Select(e => new ActivityEvidenceFile(e.Id, e.FileName, e.ContentType, e.Length, e.AddedAt)).ToListAsync(cancellationToken);
        return new ActivityDetail(
            activity.Id, activity.Kind, activity.Date, activity.Title, activity.Place, activity.Summary, activity.RegionCode, activity.RegionName,
            activity.StationCode, activity.StationName, activity.RecordedByName, activity.RecordedAt, activity.UpdatedAt, activity.Version,
            participants, evidence);
    }

    /// <summary>The stations of the scope, for the list's filter and the form's station choice.</summary>
    public async Task<IReadOnlyList<ActivityStationChoice>> StationChoicesAsync(StaffScope scope, CancellationToken cancellationToken = default) =>
        await scopes.Stations(scope).AsNoTracking().OrderBy(s => s.Code)
            .Select(s => new ActivityStationChoice(s.Code, s.Name)).ToListAsync(cancellationToken);

    /// <summary>
    /// Deputies in the scope to tick: those enrolled at <paramref name="stationCode"/> (every one in the scope when
    /// empty), narrowed by a name or code, active ones only; the deputies already <paramref name="chosen"/> always come too.
    /// </summary>
    public async Task<IReadOnlyList<ActivityDeputyChoice>> DeputyChoicesAsync(
        StaffScope scope, string? stationCode, string? text, IReadOnlyCollection<string> chosen, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        var deputies = scopes.Deputies(scope).AsNoTracking();
        var listed = deputies.Where(d => d.IsActive);
        if (!string.IsNullOrWhiteSpace(stationCode))
        {
            var station = stationCode.Trim();
            listed = listed.Where(d => db.DeputyStations.Any(e => e.DeputyId == d.Id && e.Station.Code == station));
        }

        if (!string.IsNullOrWhiteSpace(text))
        {
            var code = text.Trim();
            var pattern = SearchPatterns.Contains(code, TextMaxLength);
            listed = listed.Where(d => EF.Functions.ILike(d.Name, pattern!, SearchPatterns.Escape) || d.Code == code);
        }

        var codes = chosen.Select(c => c.Trim()).ToList();
        var found = await listed.OrderBy(d => d.Code).Take(MaxChoices)
            .Select(d => new ActivityDeputyChoice(d.Code, d.Name, d.Level, d.IsActive)).ToListAsync(cancellationToken);
        var ticked = codes.Count == 0
            ? []
            : await deputies.Where(d => codes.Contains(d.Code))
                .Select(d => new ActivityDeputyChoice(d.Code, d.Name, d.Level, d.IsActive)).ToListAsync(cancellationToken);
        return [.. ticked.Concat(found).DistinctBy(d => d.Code).OrderBy(d => d.Code, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Records a new activity (<paramref name="id"/> null) or saves an edit of one in the scope against
    /// <see cref="ActivityInput.Version"/>: the checks, the deputies present, new evidence files, and the files ticked
    /// for removal. All or nothing.
    /// </summary>
    public async Task<EditResult> SaveAsync(CaseActor actor, int? id, ActivityInput input, IReadOnlyList<EvidenceUpload> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(files);
        if (!MayRecord(actor))
        {
            return EditResult.Forbidden("只有人大代表工委和联络站工作人员可以登记代表履职活动。");
        }

        DeputyActivity? activity = null;
        if (id is { } existing)
        {
            activity = await scopes.DeputyActivities(actor.Scope).Include(a => a.Participants).SingleOrDefaultAsync(a => a.Id == existing, cancellationToken);
            if (activity is null)
            {
                return EditResult.NotFound;
            }

            if (input.Version is not { } version || version != activity.Version)
            {
                db.ChangeTracker.Clear();
                return EditResult.Conflict(ChangedMessage);
            }

            db.Entry(activity).Property(a => a.Version).OriginalValue = version;
        }

        var errors = new List<FieldError>();
        var kind = input.Kind is { } k && IsActivityKind(k) ? k : (PerformanceFact?)null;
        if (kind is null)
        {
            errors.Add(new(nameof(ActivityInput.Kind), "请选择活动类别。"));
        }

        var date = CheckDate(input.Date, errors);
        var title = Clean(input.Title);
        if (title is null)
        {
            errors.Add(new(nameof(ActivityInput.Title), "请填写活动名称，例如“视察老旧小区加装电梯工作”。"));
        }
        else if (title.Length > DeputyActivity.TitleMaxLength)
        {
            errors.Add(new(nameof(ActivityInput.Title), $"活动名称最多 {DeputyActivity.TitleMaxLength} 个字，现在是 {title.Length} 个字。"));
        }

        var place = Clean(input.Place);
        if (place?.Length > DeputyActivity.PlaceMaxLength)
        {
            errors.Add(new(nameof(ActivityInput.Place), $"地点最多 {DeputyActivity.PlaceMaxLength} 个字，现在是 {place.Length} 个字。"));
        }

        var summary = Clean(input.Summary);
        if (summary?.Length > DeputyActivity.SummaryMaxLength)
        {
            errors.Add(new(nameof(ActivityInput.Summary), $"活动情况最多 {DeputyActivity.SummaryMaxLength} 个字，现在是 {summary.Length} 个字。"));
        }

        var (regionId, stationId) = activity is null ? await PlaceAsync(actor.Scope, input, errors, cancellationToken) : (activity.RegionId, activity.StationId);
        var participants = await ParticipantsAsync(actor.Scope, input, errors, cancellationToken);
        var (uploads, removed) = await EvidenceAsync(activity?.Id, input, files, errors, cancellationToken);
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return EditResult.Invalid(errors);
        }

        var now = time.GetUtcNow();
        if (activity is null)
        {
            activity = new DeputyActivity(regionId!.Value, stationId, kind!.Value, date!.Value, title!, actor.UserId ?? string.Empty, actor.Name, now);
            db.DeputyActivities.Add(activity);
        }

        activity.Kind = kind!.Value;
        activity.Date = date!.Value;
        activity.Title = title!;
        activity.Place = place;
        activity.Summary = summary;
        // Always written, so the version is checked even when only the deputies or the files change.
        activity.UpdatedAt = now;
        foreach (var gone in activity.Participants.Where(p => !participants.Contains(p.DeputyId)).Select(p => p.DeputyId).ToList())
        {
            activity.RemoveParticipant(gone);
        }

        foreach (var deputyId in participants)
        {
            activity.AddParticipant(deputyId);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            if (removed.Count > 0)
            {
                await db.DeputyActivityEvidence.Where(e => e.ActivityId == activity.Id && removed.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
            }

            db.DeputyActivityEvidence.AddRange(uploads.Select(u => new DeputyActivityEvidence(activity.Id, u.Name, u.Type, u.Content, now)));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return EditResult.Conflict(ChangedMessage);
        }

        return EditResult.Done(activity.Id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Deletes an activity in the scope with its deputies and evidence (the database cascades); confirmed on the page first.</summary>
    public async Task<EditResult> DeleteAsync(CaseActor actor, int id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!MayRecord(actor))
        {
            return EditResult.Forbidden("只有人大代表工委和联络站工作人员可以删除代表履职活动。");
        }

        var deleted = await scopes.DeputyActivities(actor.Scope).Where(a => a.Id == id).ExecuteDeleteAsync(cancellationToken);
        return deleted == 1 ? EditResult.Done() : EditResult.NotFound;
    }

    /// <summary>An evidence file for staff whose scope covers the activity, or a deputy who took part in it; null otherwise.</summary>
    public async Task<ActivityEvidenceContent?> EvidenceFileAsync(StaffScope scope, int activityId, int fileId, CancellationToken cancellationToken = default)
    {
        var visible = scopes.DeputyActivities(scope);
        return await db.DeputyActivityEvidence.AsNoTracking()
            .Where(e => e.Id == fileId && e.ActivityId == activityId && visible.Any(a => a.Id == e.ActivityId))
            .Select(e => new ActivityEvidenceContent(e.FileName, e.ContentType, e.Content))
            .SingleOrDefaultAsync(cancellationToken);
    }

    private DateOnly? CheckDate(string? text, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new(nameof(ActivityInput.Date), "请填写活动日期。"));
            return null;
        }

        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(new(nameof(ActivityInput.Date), "请按“年-月-日”填写活动日期，例如 2026-05-19。"));
            return null;
        }

        if (date > Today)
        {
            errors.Add(new(nameof(ActivityInput.Date), "这里登记已经开展的活动，日期不能晚于今天。"));
            return null;
        }

        if (date < EarliestDate)
        {
            errors.Add(new(nameof(ActivityInput.Date), $"活动日期不能早于 {EarliestDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}。"));
            return null;
        }

        return date;
    }

    /// <summary>Where a new record belongs: station staff's own station (and its region); an office's chosen region and optional station.</summary>
    private async Task<(int? RegionId, int? StationId)> PlaceAsync(StaffScope scope, ActivityInput input, List<FieldError> errors, CancellationToken cancellationToken)
    {
        if (scope.Kind == ScopeKind.Station)
        {
            var own = await scopes.Stations(scope).Select(s => new { s.Id, s.RegionId }).SingleAsync(cancellationToken);
            return (own.RegionId, own.Id);
        }

        var regionCode = input.RegionCode?.Trim();
        var region = string.IsNullOrEmpty(regionCode)
            ? null
            : await scopes.Regions(scope).Where(r => r.Code == regionCode).Select(r => new { r.Id, r.Path }).SingleOrDefaultAsync(cancellationToken);
        if (region is null)
        {
            errors.Add(new(nameof(ActivityInput.RegionCode), string.IsNullOrEmpty(regionCode) ? "请选择活动所属的行政区划。" : "所选行政区划不在您的管理范围内。"));
        }

        var stationCode = input.StationCode?.Trim();
        if (string.IsNullOrEmpty(stationCode))
        {
            return (region?.Id, null);
        }

        var station = await scopes.Stations(scope).Where(s => s.Code == stationCode).Select(s => new { s.Id, s.Region.Path }).SingleOrDefaultAsync(cancellationToken);
        if (station is null)
        {
            errors.Add(new(nameof(ActivityInput.StationCode), "所选家站点不存在，或不在您的管理范围内。"));
            return (region?.Id, null);
        }

        if (region is not null && !station.Path.StartsWith(region.Path, StringComparison.Ordinal))
        {
            errors.Add(new(nameof(ActivityInput.StationCode), "所选家站点不在所选行政区划内，请重新选择。"));
        }

        return (region?.Id, station.Id);
    }

    /// <summary>The deputies present: at least one, every code a deputy in the scope.</summary>
    private async Task<HashSet<int>> ParticipantsAsync(StaffScope scope, ActivityInput input, List<FieldError> errors, CancellationToken cancellationToken)
    {
        if (input.ParticipantText?.Length > ActivityInput.ParticipantTextMaxLength)
        {
            errors.Add(new(nameof(ActivityInput.ParticipantCodes), "填写的代表编号太长了，请只填写参加活动的代表编号。"));
            return [];
        }

        var codes = input.AllParticipantCodes();
        if (codes.Count == 0)
        {
            errors.Add(new(nameof(ActivityInput.ParticipantCodes), "请至少选择一位参加活动的代表。"));
            return [];
        }

        if (codes.Count > MaxParticipants)
        {
            errors.Add(new(nameof(ActivityInput.ParticipantCodes), $"一次活动最多登记 {MaxParticipants} 位代表。"));
            return [];
        }

        var found = await scopes.Deputies(scope).Where(d => codes.Contains(d.Code)).Select(d => new { d.Id, d.Code }).ToListAsync(cancellationToken);
        var unknown = codes.Except(found.Select(d => d.Code), StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            errors.Add(new(nameof(ActivityInput.ParticipantCodes), $"代表编号 {string.Join("、", unknown)} 不存在，或不是您管理范围内家站点的代表。"));
        }

        return [.. found.Select(d => d.Id)];
    }

    /// <summary>The new files checked by their first bytes and size, the files to remove, and the count after both.</summary>
    private async Task<(List<(string Name, string Type, byte[] Content)> Uploads, List<int> Removed)> EvidenceAsync(
        int? activityId, ActivityInput input, IReadOnlyList<EvidenceUpload> files, List<FieldError> errors, CancellationToken cancellationToken)
    {
        var uploads = new List<(string Name, string Type, byte[] Content)>();
        var megabytes = DeputyActivityEvidence.MaxBytes / 1024 / 1024;
        foreach (var file in files.Where(f => f.Length > 0))
        {
            var name = AttachmentTypes.SafeName(file.FileName);
            if (file.Content is null || file.Length > DeputyActivityEvidence.MaxBytes || file.Content.Length > DeputyActivityEvidence.MaxBytes)
            {
                errors.Add(new("Files", $"文件“{name}”超过 {megabytes} MB，请压缩或拆分后再上传。"));
            }
            else if (AttachmentTypes.Detect(file.FileName, file.Content) is not { } type)
            {
                errors.Add(new("Files", $"文件“{name}”不是 PDF、Word、Excel 或图片（JPG、PNG、WebP），不能作为佐证材料。"));
            }
            else
            {
                uploads.Add((name, type, file.Content));
            }
        }

        var existing = activityId is { } id
            ? await db.DeputyActivityEvidence.Where(e => e.ActivityId == id).Select(e => e.Id).ToListAsync(cancellationToken)
            : [];
        var removed = existing.Intersect(input.RemoveEvidence).ToList();
        var total = existing.Count - removed.Count + files.Count(f => f.Length > 0);
        if (total > DeputyActivityEvidence.MaxFiles)
        {
            errors.Add(new("Files", existing.Count - removed.Count > 0
                ? $"佐证材料最多 {DeputyActivityEvidence.MaxFiles} 个文件，这条记录已有 {existing.Count - removed.Count} 个，这次最多再上传 {Math.Max(0, DeputyActivityEvidence.MaxFiles - existing.Count + removed.Count)} 个。"
                : $"佐证材料最多 {DeputyActivityEvidence.MaxFiles} 个文件，这次选了 {files.Count(f => f.Length > 0)} 个。"));
        }

        return (uploads, removed);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
