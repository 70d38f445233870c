using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Paging;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Management;

public enum DeputySort
{
    Code = 0,
    Name = 1,
    Level = 2,
    Changed = 3,
}

public sealed record StaffDeputyFilter(string? Text = null, string? RegionCode = null, DeputyLevel? Level = null, ActiveFilter Active = ActiveFilter.All, DeputySort Sort = DeputySort.Code, bool Descending = false);

public sealed record DeputyRow(
    string Code, string Name, DeputyLevel Level, Gender Gender, string? ProfessionalGroup, string? PrimaryStation, int StationCount,
    bool HasPhoto, bool IsActive, DateTimeOffset? ChangedAt, string? ChangedBy);

/// <summary>A station the deputy is enrolled in; <see cref="InScope"/> is false for stations the editor cannot change.</summary>
public sealed record Enrolment(string Code, string Name, bool IsPrimary, bool InScope);

public sealed record DeputyForEdit(DeputyInput Input, uint Version, bool IsActive, IReadOnlyList<Enrolment> Enrolments, bool HasPhoto, DateTimeOffset? PhotoUpdatedAt, int LinkedAccounts);

public sealed record StationChoice(string Code, string Name, string RegionName);

public sealed record PhotoFile(string ContentType, byte[] Content, DateTimeOffset UpdatedAt);

public sealed partial class DirectoryEditor
{
    /// <summary>The deputies in scope that match the list's filters (shared by the list and its export).</summary>
    private async Task<IQueryable<Deputy>> FilterDeputiesAsync(StaffScope scope, StaffDeputyFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var deputies = scopes.Deputies(scope).AsNoTracking();
        if (await SearchPatterns.SubtreeAsync(db.Regions, filter.RegionCode, cancellationToken) is { } subtree)
        {
            deputies = deputies.Where(d => db.DeputyStations.Any(e => e.DeputyId == d.Id && EF.Functions.Like(e.Station.Region.Path, subtree, SearchPatterns.Escape)));
        }

        if (filter.Level is { } level)
        {
            deputies = deputies.Where(d => d.Level == level);
        }

        deputies = filter.Active switch
        {
            ActiveFilter.Active => deputies.Where(d => d.IsActive),
            ActiveFilter.Inactive => deputies.Where(d => !d.IsActive),
            _ => deputies,
        };
        if (SearchPatterns.Contains(filter.Text, PublicDirectory.MaxTextLength) is { } pattern)
        {
            deputies = deputies.Where(d => EF.Functions.ILike(d.Code, pattern, SearchPatterns.Escape)
                || EF.Functions.ILike(d.Name, pattern, SearchPatterns.Escape)
                || EF.Functions.ILike(d.Occupation!, pattern, SearchPatterns.Escape)
                || EF.Functions.ILike(d.ProfessionalGroup!, pattern, SearchPatterns.Escape));
        }

        return deputies;
    }

    public async Task<Page<DeputyRow>> ListDeputiesAsync(StaffScope scope, StaffDeputyFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var deputies = await FilterDeputiesAsync(scope, filter, cancellationToken);
        var rows = deputies.Select(d => new
        {
            d.Code,
            d.Name,
            d.Level,
            d.Gender,
            d.ProfessionalGroup,
            Primary = db.DeputyStations.Where(e => e.DeputyId == d.Id && e.IsPrimary).Select(e => e.Station.Name).FirstOrDefault(),
            Stations = db.DeputyStations.Count(e => e.DeputyId == d.Id),
            HasPhoto = db.DeputyPhotos.Any(p => p.DeputyId == d.Id),
            d.IsActive,
            Last = db.AuditEntries.Where(a => a.EntityType == nameof(Deputy) && a.EntityKey == d.Code).OrderByDescending(a => a.At).Select(a => new { a.At, a.ActorName }).FirstOrDefault(),
        });
        rows = (filter.Sort, filter.Descending) switch
        {
            (DeputySort.Name, false) => rows.OrderBy(r => r.Name).ThenBy(r => r.Code),
            (DeputySort.Name, true) => rows.OrderByDescending(r => r.Name).ThenBy(r => r.Code),
            (DeputySort.Level, false) => rows.OrderBy(r => r.Level).ThenBy(r => r.Code),
            (DeputySort.Level, true) => rows.OrderByDescending(r => r.Level).ThenBy(r => r.Code),
            (DeputySort.Changed, false) => rows.OrderBy(r => r.Last!.At).ThenBy(r => r.Code),
            (DeputySort.Changed, true) => rows.OrderByDescending(r => r.Last!.At).ThenBy(r => r.Code),
            (_, true) => rows.OrderByDescending(r => r.Code),
            _ => rows.OrderBy(r => r.Code),
        };
        var result = await rows.ToPageAsync(page, cancellationToken);
        return new Page<DeputyRow>(
            result.Items.Select(r => new DeputyRow(r.Code, r.Name, r.Level, r.Gender, r.ProfessionalGroup, r.Primary, r.Stations, r.HasPhoto, r.IsActive, r.Last?.At, r.Last?.ActorName)).ToList(),
            result.Number, result.Size, result.Total);
    }

    /// <summary>Active stations the editor may enrol deputies in, for the form's choices.</summary>
    public async Task<IReadOnlyList<StationChoice>> StationChoicesAsync(StaffScope scope, CancellationToken cancellationToken = default) =>
        scope.ManagesRegions
            ? await scopes.Stations(scope).AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.Region.Path).ThenBy(s => s.Code)
                .Select(s => new StationChoice(s.Code, s.Name, s.Region.Name)).ToListAsync(cancellationToken)
            : [];

    public async Task<DeputyForEdit?> GetDeputyAsync(StaffScope scope, string code, CancellationToken cancellationToken = default)
    {
        var deputy = await scopes.Deputies(scope).AsNoTracking().SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (deputy is null)
        {
            return null;
        }

        var inScope = scopes.Stations(scope).Select(s => s.Id);
        var enrolments = await db.DeputyStations.AsNoTracking().Where(e => e.DeputyId == deputy.Id)
            .OrderByDescending(e => e.IsPrimary).ThenBy(e => e.Station.Code)
            .Select(e => new Enrolment(e.Station.Code, e.Station.Name, e.IsPrimary, scope.ManagesRegions && inScope.Contains(e.StationId)))
            .ToListAsync(cancellationToken);
        var photo = await db.DeputyPhotos.Where(p => p.DeputyId == deputy.Id).Select(p => (DateTimeOffset?)p.UpdatedAt).SingleOrDefaultAsync(cancellationToken);
        var accounts = await db.Users.CountAsync(u => u.DeputyId == deputy.Id, cancellationToken);
        var input = new DeputyInput
        {
            Code = deputy.Code,
            Name = deputy.Name,
            Gender = deputy.Gender.ToString(),
            Level = deputy.Level.ToString(),
            Constituency = deputy.Constituency,
            Delegation = deputy.Delegation,
            Occupation = deputy.Occupation,
            ProfessionalGroup = deputy.ProfessionalGroup,
            Commitment = deputy.Commitment,
            TermStart = deputy.TermStart?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            TermEnd = deputy.TermEnd?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            PrivatePhone = deputy.PrivatePhone,
            StationCodes = enrolments.Select(e => e.Code).ToList(),
            PrimaryStationCode = enrolments.FirstOrDefault(e => e.IsPrimary)?.Code,
        };
        return new DeputyForEdit(input, deputy.Version, deputy.IsActive, enrolments, photo is not null, photo, accounts);
    }

    public async Task<EditResult> CreateDeputyAsync(StaffScope scope, DeputyInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.ManagesRegions)
        {
            return EditResult.Forbidden("只有人大工作人员和系统管理员可以新增代表。");
        }

        var (valid, errors) = DirectoryRules.Check(input, db.Model);
        if (valid is null)
        {
            return EditResult.Invalid(errors);
        }

        var (stations, stationError) = await StationsInScopeAsync(scope, valid.StationCodes, [], cancellationToken);
        if (stationError is not null)
        {
            return stationError;
        }

        if (await db.Deputies.AnyAsync(d => d.Code == valid.Code, cancellationToken))
        {
            return EditResult.Invalid(nameof(DeputyInput.Code), $"代表编号 {valid.Code} 已被使用，请换一个。");
        }

        var deputy = new Deputy(valid.Code, valid.Name, valid.Gender, valid.Level);
        Apply(deputy, valid);
        // The primary station first, so EnrolIn marks it primary.
        foreach (var station in stations.OrderByDescending(s => s.Code == valid.PrimaryStationCode))
        {
            deputy.EnrolIn(station);
        }

        db.Deputies.Add(deputy);
        return await SaveAsync(nameof(DeputyInput.Code), "代表编号", valid.Code, cancellationToken) ?? EditResult.Done(valid.Code);
    }

    public async Task<EditResult> UpdateDeputyAsync(StaffScope scope, string code, uint version, DeputyInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var deputy = await scopes.Deputies(scope).Include(d => d.Stations).ThenInclude(e => e.Station).SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (deputy is null)
        {
            return EditResult.NotFound;
        }

        if (!scope.ManagesRegions)
        {
            return EditResult.Forbidden("只有人大工作人员和系统管理员可以修改代表信息。");
        }

        // The code is printed on the deputy's contact card: it is never edited.
        input.Code = deputy.Code;
        var (valid, errors) = DirectoryRules.Check(input, db.Model);
        if (valid is null)
        {
            return EditResult.Invalid(errors);
        }

        // Only enrolments in the editor's own stations change; those elsewhere are kept as they are.
        var editable = await scopes.Stations(scope).Select(s => s.Id).ToListAsync(cancellationToken);
        var current = deputy.Stations.Select(e => e.Station.Code).ToList();
        var (wanted, stationError) = await StationsInScopeAsync(scope, valid.StationCodes, current, cancellationToken);
        if (stationError is not null)
        {
            return stationError;
        }

        var wantedIds = wanted.Select(s => s.Id).ToHashSet();
        db.Entry(deputy).Property(d => d.Version).OriginalValue = version;
        // Always update the deputy's row, so its xmin is checked even when only the enrolments change.
        db.Entry(deputy).Property(d => d.Name).IsModified = true;
        deputy.Update(valid.Name, valid.Gender, valid.Level);
        Apply(deputy, valid);
        foreach (var leaving in deputy.Stations.Where(e => editable.Contains(e.StationId) && !wantedIds.Contains(e.StationId)).ToList())
        {
            deputy.Leave(leaving.StationId);
        }

        foreach (var station in wanted)
        {
            deputy.EnrolIn(station);
        }

        // The one-primary index is checked row by row, so a change of primary is two saves in one transaction.
        var target = deputy.Stations.FirstOrDefault(e => e.Station.Code == valid.PrimaryStationCode && input.PrimaryStationCode is not null)
            ?? deputy.Stations.FirstOrDefault(e => e.IsPrimary)
            ?? deputy.Stations.FirstOrDefault();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var other in deputy.Stations.Where(e => e.IsPrimary && e != target))
        {
            other.IsPrimary = false;
        }

        var needsSecondStep = target is not null && !target.IsPrimary;
        if (await SaveAsync(nameof(DeputyInput.Code), "代表编号", code, cancellationToken) is { } failed)
        {
            return failed;
        }

        if (needsSecondStep)
        {
            target!.IsPrimary = true;
            if (await SaveAsync(nameof(DeputyInput.Code), "代表编号", code, cancellationToken) is { } failedAgain)
            {
                return failedAgain;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return EditResult.Done(code);
    }

    /// <summary>停用 / 重新启用: a deputy whose term ended keeps their code; their card lands on a friendly page.</summary>
    public async Task<EditResult> SetDeputyActiveAsync(StaffScope scope, string code, bool active, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var deputy = await scopes.Deputies(scope).SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (deputy is null)
        {
            return EditResult.NotFound;
        }

        if (!scope.ManagesRegions)
        {
            return EditResult.Forbidden("只有人大工作人员和系统管理员可以停用或启用代表。");
        }

        if (active)
        {
            deputy.Reactivate();
        }
        else
        {
            deputy.Deactivate();
        }

        return await SaveAsync(nameof(DeputyInput.Code), "代表编号", code, cancellationToken) ?? EditResult.Done(code);
    }

    public async Task<EditResult> DeleteDeputyAsync(StaffScope scope, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var deputy = await scopes.Deputies(scope).Include(d => d.Stations).ThenInclude(e => e.Station).SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (deputy is null)
        {
            return EditResult.NotFound;
        }

        if (!scope.ManagesRegions)
        {
            return EditResult.Forbidden("只有人大工作人员和系统管理员可以删除代表。");
        }

        var accounts = await db.Users.CountAsync(u => u.DeputyId == deputy.Id, cancellationToken);
        if (accounts > 0)
        {
            return EditResult.Invalid(string.Empty, $"不能删除：有 {accounts} 个代表账户关联这位代表。请改为“停用”，代表编号和历史记录都会保留。");
        }

        var editable = await scopes.Stations(scope).Select(s => s.Id).ToListAsync(cancellationToken);
        if (deputy.Stations.Any(e => !editable.Contains(e.StationId)))
        {
            return EditResult.Invalid(string.Empty, "不能删除：这位代表还编入了您管理范围以外的家站点。请联系上级人大工作人员处理，或改为从本辖区家站点移出。");
        }

        db.Deputies.Remove(deputy);
        return await SaveAsync(nameof(DeputyInput.Code), "代表编号", code, cancellationToken) ?? EditResult.Done(code);
    }

    /// <summary>Accepts a JPEG, PNG or WebP photo of at most 2 MB, recognised by its first bytes, not by its name.</summary>
    public async Task<EditResult> SetPhotoAsync(StaffScope scope, string code, byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var deputy = await scopes.Deputies(scope).SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (deputy is null)
        {
            return EditResult.NotFound;
        }

        if (!scope.ManagesRegions)
        {
            return EditResult.Forbidden("只有人大工作人员和系统管理员可以更换代表照片。");
        }

        if (content.Length == 0)
        {
            return EditResult.Invalid("Photo", "请选择一张照片。");
        }

        if (content.Length > DeputyPhoto.MaxBytes)
        {
            return EditResult.Invalid("Photo", "照片不能超过 2 MB，请压缩后再上传。");
        }

        if (Files.ImageTypes.Detect(content) is not { } contentType)
        {
            return EditResult.Invalid("Photo", "只支持 JPG、PNG 或 WebP 格式的照片。");
        }

        var photo = await db.DeputyPhotos.SingleOrDefaultAsync(p => p.DeputyId == deputy.Id, cancellationToken);
        if (photo is null)
        {
            db.DeputyPhotos.Add(new DeputyPhoto(deputy.Id, contentType, content, time.GetUtcNow()));
        }
        else
        {
            photo.Replace(contentType, content, time.GetUtcNow());
        }

        return await SaveAsync(nameof(DeputyInput.Code), "代表编号", code, cancellationToken) ?? EditResult.Done(code);
    }

    public async Task<EditResult> RemovePhotoAsync(StaffScope scope, string code, CancellationToken cancellationToken = default)
    {
        var deputy = await scopes.Deputies(scope).SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (deputy is null)
        {
            return EditResult.NotFound;
        }

        if (!scope.ManagesRegions)
        {
            return EditResult.Forbidden("只有人大工作人员和系统管理员可以删除代表照片。");
        }

        await db.DeputyPhotos.Where(p => p.DeputyId == deputy.Id).LoadAsync(cancellationToken);
        db.DeputyPhotos.RemoveRange(db.DeputyPhotos.Local.Where(p => p.DeputyId == deputy.Id).ToList());
        return await SaveAsync(nameof(DeputyInput.Code), "代表编号", code, cancellationToken) ?? EditResult.Done(code);
    }

    /// <summary>An active deputy's photo for the public pages; null when there is none.</summary>
    public async Task<PhotoFile?> PublicPhotoAsync(string code, CancellationToken cancellationToken = default) =>
        await db.DeputyPhotos.AsNoTracking()
            .Where(p => db.Deputies.Any(d => d.Id == p.DeputyId && d.Code == code && d.IsActive))
            .Select(p => new PhotoFile(p.ContentType, p.Content, p.UpdatedAt))
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>The stations asked for, each of which must exist and be in scope (or already be one of <paramref name="kept"/>).</summary>
    private async Task<(List<Station> Stations, EditResult? Error)> StationsInScopeAsync(
        StaffScope scope, IReadOnlyList<string> codes, IReadOnlyList<string> kept, CancellationToken cancellationToken)
    {
        var inScope = await scopes.Stations(scope).Where(s => codes.Contains(s.Code)).ToListAsync(cancellationToken);
        var missing = codes.Except(inScope.Select(s => s.Code)).Except(kept).ToList();
        if (missing.Count > 0)
        {
            return ([], EditResult.Invalid(nameof(DeputyInput.StationCodes), $"家站点 {string.Join("、", missing)} 不存在，或不在您的管理范围内。"));
        }

        if (scope.Kind == ScopeKind.Region && inScope.Count == 0)
        {
            return ([], EditResult.Invalid(nameof(DeputyInput.StationCodes), "请至少选择一个您管理范围内的家站点，否则您将看不到这位代表。"));
        }

        return (inScope, null);
    }

    private static void Apply(Deputy deputy, ValidDeputy valid)
    {
        deputy.Constituency = valid.Constituency;
        deputy.Delegation = valid.Delegation;
        deputy.Occupation = valid.Occupation;
        deputy.ProfessionalGroup = valid.ProfessionalGroup;
        deputy.Commitment = valid.Commitment;
        deputy.TermStart = valid.TermStart;
        deputy.TermEnd = valid.TermEnd;
        deputy.PrivatePhone = valid.PrivatePhone;
    }
}
