using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Paging;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Management;

public enum StationSort
{
    Code = 0,
    Name = 1,
    Region = 2,
    Changed = 3,
}

public sealed record StaffStationFilter(string? Text = null, string? RegionCode = null, StationKind? Kind = null, ActiveFilter Active = ActiveFilter.All, StationSort Sort = StationSort.Code, bool Descending = false);

public sealed record StationRow(
    string Code, string Name, StationKind Kind, string RegionName, string Address, bool IsActive, int DeputyCount, int StandardMet,
    DateTimeOffset? ChangedAt, string? ChangedBy);

public sealed record StandardCheckRow(StandardItem Item, bool IsMet, string? Note, string? CheckedBy, DateTimeOffset? CheckedAt);

public sealed record StationForEdit(StationInput Input, uint Version, bool IsActive, string RegionName, IReadOnlyList<StandardCheckRow> Standard, int DeputyCount);

public sealed record StandardAnswer(StandardItem Item, bool IsMet, string? Note);

public sealed partial class DirectoryEditor
{
    /// <summary>The stations in scope that match the list's filters (shared by the list and its export).</summary>
    private async Task<IQueryable<Station>> FilterStationsAsync(StaffScope scope, StaffStationFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var stations = scopes.Stations(scope).AsNoTracking();
        if (await SearchPatterns.SubtreeAsync(db.Regions, filter.RegionCode, cancellationToken) is { } subtree)
        {
            stations = stations.Where(s => EF.Functions.Like(s.Region.Path, subtree, SearchPatterns.Escape));
        }

        if (filter.Kind is { } kind)
        {
            stations = stations.Where(s => s.Kind == kind);
        }

        stations = filter.Active switch
        {
            ActiveFilter.Active => stations.Where(s => s.IsActive),
            ActiveFilter.Inactive => stations.Where(s => !s.IsActive),
            _ => stations,
        };
        if (SearchPatterns.Contains(filter.Text, PublicDirectory.MaxTextLength) is { } pattern)
        {
            stations = stations.Where(s => EF.Functions.ILike(s.Code, pattern, SearchPatterns.Escape)
                || EF.Functions.ILike(s.Name, pattern, SearchPatterns.Escape)
                || EF.Functions.ILike(s.Address, pattern, SearchPatterns.Escape));
        }

        return stations;
    }

    public async Task<Page<StationRow>> ListStationsAsync(StaffScope scope, StaffStationFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var stations = await FilterStationsAsync(scope, filter, cancellationToken);
        var rows = stations.Select(s => new
        {
            s.Code,
            s.Name,
            s.Kind,
            RegionName = s.Region.Name,
            RegionPath = s.Region.Path,
            s.Address,
            s.IsActive,
            Deputies = db.DeputyStations.Count(e => e.StationId == s.Id),
            Met = db.StationStandardChecks.Count(c => c.StationId == s.Id && c.IsMet),
            Last = db.AuditEntries.Where(a => a.EntityType == nameof(Station) && a.EntityKey == s.Code).OrderByDescending(a => a.At).Select(a => new { a.At, a.ActorName }).FirstOrDefault(),
        });
        rows = (filter.Sort, filter.Descending) switch
        {
            (StationSort.Name, false) => rows.OrderBy(r => r.Name).ThenBy(r => r.Code),
            (StationSort.Name, true) => rows.OrderByDescending(r => r.Name).ThenBy(r => r.Code),
            (StationSort.Region, false) => rows.OrderBy(r => r.RegionPath).ThenBy(r => r.Code),
            (StationSort.Region, true) => rows.OrderByDescending(r => r.RegionPath).ThenBy(r => r.Code),
            (StationSort.Changed, false) => rows.OrderBy(r => r.Last!.At).ThenBy(r => r.Code),
            (StationSort.Changed, true) => rows.OrderByDescending(r => r.Last!.At).ThenBy(r => r.Code),
            (_, true) => rows.OrderByDescending(r => r.Code),
            _ => rows.OrderBy(r => r.Code),
        };
        var result = await rows.ToPageAsync(page, cancellationToken);
        return new Page<StationRow>(
            result.Items.Select(r => new StationRow(r.Code, r.Name, r.Kind, r.RegionName, r.Address, r.IsActive, r.Deputies, r.Met, r.Last?.At, r.Last?.ActorName)).ToList(),
            result.Number, result.Size, result.Total);
    }

    public async Task<StationForEdit?> GetStationAsync(StaffScope scope, string code, CancellationToken cancellationToken = default)
    {
        var station = await scopes.Stations(scope).AsNoTracking().Include(s => s.Region).SingleOrDefaultAsync(s => s.Code == code, cancellationToken);
        if (station is null)
        {
            return null;
        }

        var checks = await db.StationStandardChecks.AsNoTracking().Where(c => c.StationId == station.Id).ToDictionaryAsync(c => c.Item, cancellationToken);
        var standard = Enum.GetValues<StandardItem>()
            .Select(item => checks.TryGetValue(item, out var c)
                ? new StandardCheckRow(item, c.IsMet, c.Note, c.CheckedBy, c.CheckedAt)
                : new StandardCheckRow(item, false, null, null, null))
            .ToList();
        var deputies = await db.DeputyStations.CountAsync(e => e.StationId == station.Id, cancellationToken);
        var input = new StationInput
        {
            Code = station.Code,
            Name = station.Name,
            Kind = station.Kind.ToString(),
            RegionCode = station.Region.Code,
            Address = station.Address,
            OpeningHours = station.OpeningHours,
            ContactPhone = station.ContactPhone,
            ManagerName = station.ManagerName,
            ManagerPhone = station.ManagerPhone,
            Latitude = station.Latitude?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Longitude = station.Longitude?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return new StationForEdit(input, station.Version, station.IsActive, station.Region.Name, standard, deputies);
    }

    public async Task<EditResult> CreateStationAsync(StaffScope scope, StationInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.ManagesRegions)
        {
            return EditResult.Forbidden("只有人大工作人员和系统管理员可以新建家站点。");
        }

        var (valid, errors) = DirectoryRules.Check(input, db.Model);
        if (valid is null)
        {
            return EditResult.Invalid(errors);
        }

        var region = await scopes.Regions(scope).SingleOrDefaultAsync(r => r.Code == valid.RegionCode, cancellationToken);
        if (region is null)
        {
            return EditResult.Invalid(nameof(StationInput.RegionCode), "所选区域不存在，或不在您的管理范围内。");
        }

        if (await db.Stations.AnyAsync(s => s.Code == valid.Code, cancellationToken))
        {
            return EditResult.Invalid(nameof(StationInput.Code), $"统一编号 {valid.Code} 已被使用，请换一个。");
        }

        var station = new Station(valid.Code, valid.Name, valid.Kind, region, valid.Address);
        Apply(station, valid);
        db.Stations.Add(station);
        return await SaveAsync(nameof(StationInput.Code), "统一编号", valid.Code, cancellationToken) ?? EditResult.Done(valid.Code);
    }

    public async Task<EditResult> UpdateStationAsync(StaffScope scope, string code, uint version, StationInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var station = await scopes.Stations(scope).Include(s => s.Region).SingleOrDefaultAsync(s => s.Code == code, cancellationToken);
        if (station is null)
        {
            return EditResult.NotFound;
        }

        // The unified number is printed on doors and QR codes: it is never edited.
        input.Code = station.Code;
        var (valid, errors) = DirectoryRules.Check(input, db.Model);
        if (valid is null)
        {
            return EditResult.Invalid(errors);
        }

        var region = station.Region;
        if (valid.RegionCode != station.Region.Code)
        {
            region = await scopes.Regions(scope).SingleOrDefaultAsync(r => r.Code == valid.RegionCode, cancellationToken);
            if (region is null)
            {
                return EditResult.Invalid(nameof(StationInput.RegionCode), "所选区域不存在，或不在您的管理范围内。");
            }
        }

        db.Entry(station).Property(s => s.Version).OriginalValue = version;
        station.Update(valid.Name, valid.Kind, region, valid.Address);
        Apply(station, valid);
        return await SaveAsync(nameof(StationInput.Code), "统一编号", valid.Code, cancellationToken) ?? EditResult.Done(valid.Code);
    }

    /// <summary>关闭 / 重新启用: the normal way to retire a station; its code and history stay.</summary>
    public async Task<EditResult> SetStationActiveAsync(StaffScope scope, string code, bool active, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var station = await scopes.Stations(scope).SingleOrDefaultAsync(s => s.Code == code, cancellationToken);
        if (station is null)
        {
            return EditResult.NotFound;
        }

        if (!scope.ManagesRegions)
        {
            return EditResult.Forbidden("只有人大工作人员和系统管理员可以关闭或启用家站点。");
        }

        if (active)
        {
            station.Reopen();
        }
        else
        {
            station.Close();
        }

        return await SaveAsync(nameof(StationInput.Code), "统一编号", code, cancellationToken) ?? EditResult.Done(code);
    }

    /// <summary>Deletes a station entered by mistake; one that deputies or accounts refer to is refused with the reason.</summary>
    public async Task<EditResult> DeleteStationAsync(StaffScope scope, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var station = await scopes.Stations(scope).SingleOrDefaultAsync(s => s.Code == code, cancellationToken);
        if (station is null)
        {
            return EditResult.NotFound;
        }

        if (!scope.ManagesRegions)
        {
            return EditResult.Forbidden("只有人大工作人员和系统管理员可以删除家站点。");
        }

        var deputies = await db.DeputyStations.CountAsync(e => e.StationId == station.Id, cancellationToken);
        var accounts = await db.Users.CountAsync(u => u.StationId == station.Id, cancellationToken);
        if (deputies > 0 || accounts > 0)
        {
            var reasons = new List<string>();
            if (deputies > 0)
            {
                reasons.Add($"{deputies} 位代表编入该站");
            }

            if (accounts > 0)
            {
                reasons.Add($"{accounts} 个工作人员账户属于该站");
            }

            return EditResult.Invalid(string.Empty, $"不能删除：{string.Join("，", reasons)}。请改为“关闭”，统一编号和历史记录都会保留。");
        }

        db.Stations.Remove(station);
        return await SaveAsync(nameof(StationInput.Code), "统一编号", code, cancellationToken) ?? EditResult.Done(code);
    }

    /// <summary>Records a 八有 inspection: every answered item gets the inspector's name and the time.</summary>
    public async Task<EditResult> RecordStandardAsync(StaffScope scope, string code, IReadOnlyList<StandardAnswer> answers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(answers);
        var station = await scopes.Stations(scope).SingleOrDefaultAsync(s => s.Code == code, cancellationToken);
        if (station is null)
        {
            return EditResult.NotFound;
        }

        if (!scope.ManagesRegions)
        {
            return EditResult.Forbidden("“八有”检查由人大工作人员记录。");
        }

        var tooLong = answers.FirstOrDefault(a => (a.Note?.Trim().Length ?? 0) > StationStandardCheck.NoteMaxLength);
        if (tooLong is not null)
        {
            return EditResult.Invalid($"Note{(int)tooLong.Item}", $"说明不能超过 {StationStandardCheck.NoteMaxLength} 个字。");
        }

        var existing = await db.StationStandardChecks.Where(c => c.StationId == station.Id).ToDictionaryAsync(c => c.Item, cancellationToken);
        var now = time.GetUtcNow();
        foreach (var answer in answers.Where(a => Enum.IsDefined(a.Item)).DistinctBy(a => a.Item))
        {
            if (existing.TryGetValue(answer.Item, out var check))
            {
                check.Record(answer.IsMet, answer.Note, actor.Name, now);
            }
            else
            {
                db.StationStandardChecks.Add(new StationStandardCheck(station.Id, answer.Item, answer.IsMet, answer.Note, actor.Name, now));
            }
        }

        return await SaveAsync(nameof(StationInput.Code), "统一编号", code, cancellationToken) ?? EditResult.Done(code);
    }

    private static void Apply(Station station, ValidStation valid)
    {
        station.OpeningHours = valid.OpeningHours;
        station.ContactPhone = valid.ContactPhone;
        station.ManagerName = valid.ManagerName;
        station.ManagerPhone = valid.ManagerPhone;
        if (valid.Latitude is { } latitude && valid.Longitude is { } longitude)
        {
            station.Locate(latitude, longitude);
        }
        else
        {
            station.Unlocate();
        }
    }
}
