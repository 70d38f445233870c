using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Paging;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Management;

public sealed record StaffUnitFilter(string? Text = null, string? RegionCode = null, HandlingUnitKind? Kind = null, ActiveFilter Active = ActiveFilter.All, bool Descending = false);

public sealed record UnitRow(
    string Code, string Name, HandlingUnitKind Kind, string RegionName, string? ParentName, string? ContactPerson, int SubUnits, bool IsActive,
    DateTimeOffset? ChangedAt, string? ChangedBy);

public sealed record UnitForEdit(HandlingUnitInput Input, uint Version, bool IsActive, int SubUnits, int Accounts);

public sealed record UnitChoice(string Code, string Name);

public sealed partial class DirectoryEditor
{
    /// <summary>The units in scope that match the list's filters (shared by the list and its export).</summary>
    private async Task<IQueryable<HandlingUnit>> FilterUnitsAsync(StaffScope scope, StaffUnitFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var units = scopes.HandlingUnits(scope).AsNoTracking();
        if (await SearchPatterns.SubtreeAsync(db.Regions, filter.RegionCode, cancellationToken) is { } subtree)
        {
            units = units.Where(u => EF.Functions.Like(u.Region.Path, subtree, SearchPatterns.Escape));
        }

        if (filter.Kind is { } kind)
        {
            units = units.Where(u => u.Kind == kind);
        }

        units = filter.Active switch
        {
            ActiveFilter.Active => units.Where(u => u.IsActive),
            ActiveFilter.Inactive => units.Where(u => !u.IsActive),
            _ => units,
        };
        if (SearchPatterns.Contains(filter.Text, PublicDirectory.MaxTextLength) is { } pattern)
        {
            units = units.Where(u => EF.Functions.ILike(u.Code, pattern, SearchPatterns.Escape)
                || EF.Functions.ILike(u.Name, pattern, SearchPatterns.Escape)
                || EF.Functions.ILike(u.ContactPerson!, pattern, SearchPatterns.Escape));
        }

        return units;
    }

    /// <summary>Units in code order, so sub-units (whose codes extend their parent's) follow their parent.</summary>
    public async Task<Page<UnitRow>> ListUnitsAsync(StaffScope scope, StaffUnitFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var units = await FilterUnitsAsync(scope, filter, cancellationToken);
        var ordered = filter.Descending ? units.OrderByDescending(u => u.Code) : units.OrderBy(u => u.Code);
        var result = await ordered.Select(u => new
        {
            u.Code,
            u.Name,
            u.Kind,
            RegionName = u.Region.Name,
            ParentName = u.Parent == null ? null : u.Parent.Name,
            u.ContactPerson,
            SubUnits = db.HandlingUnits.Count(c => c.ParentId == u.Id),
            u.IsActive,
            Last = db.AuditEntries.Where(a => a.EntityType == nameof(HandlingUnit) && a.EntityKey == u.Code).OrderByDescending(a => a.At).Select(a => new { a.At, a.ActorName }).FirstOrDefault(),
        }).ToPageAsync(page, cancellationToken);
        return new Page<UnitRow>(
            result.Items.Select(r => new UnitRow(r.Code, r.Name, r.Kind, r.RegionName, r.ParentName, r.ContactPerson, r.SubUnits, r.IsActive, r.Last?.At, r.Last?.ActorName)).ToList(),
            result.Number, result.Size, result.Total);
    }

    /// <summary>Active top-level units the editor may put a sub-unit under.</summary>
    public async Task<IReadOnlyList<UnitChoice>> ParentUnitChoicesAsync(StaffScope scope, CancellationToken cancellationToken = default) =>
        await scopes.HandlingUnits(scope).AsNoTracking().Where(u => u.IsActive && u.ParentId == null).OrderBy(u => u.Code)
            .Select(u => new UnitChoice(u.Code, u.Name)).ToListAsync(cancellationToken);

    public async Task<UnitForEdit?> GetUnitAsync(StaffScope scope, string code, CancellationToken cancellationToken = default)
    {
        var unit = await scopes.HandlingUnits(scope).AsNoTracking().Include(u => u.Region).Include(u => u.Parent).SingleOrDefaultAsync(u => u.Code == code, cancellationToken);
        if (unit is null)
        {
            return null;
        }

        var input = new HandlingUnitInput
        {
            Code = unit.Code,
            Name = unit.Name,
            Kind = unit.Kind.ToString(),
            RegionCode = unit.Region.Code,
            ParentCode = unit.Parent?.Code,
            ContactPerson = unit.ContactPerson,
            ContactPhone = unit.ContactPhone,
        };
        return new UnitForEdit(
            input, unit.Version, unit.IsActive,
            await db.HandlingUnits.CountAsync(u => u.ParentId == unit.Id, cancellationToken),
            await db.Users.CountAsync(u => u.HandlingUnitId == unit.Id, cancellationToken));
    }

    public async Task<EditResult> CreateUnitAsync(StaffScope scope, HandlingUnitInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.ManagesRegions)
        {
            return EditResult.Forbidden("只有人大工作人员和系统管理员可以新增承办单位。");
        }

        var (valid, errors) = DirectoryRules.Check(input, db.Model);
        if (valid is null)
        {
            return EditResult.Invalid(errors);
        }

        var (region, parent, error) = await UnitPlaceAsync(scope, valid, null, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (await db.HandlingUnits.AnyAsync(u => u.Code == valid.Code, cancellationToken))
        {
            return EditResult.Invalid(nameof(HandlingUnitInput.Code), $"单位编码 {valid.Code} 已被使用，请换一个。");
        }

        var unit = new HandlingUnit(valid.Code, valid.Name, valid.Kind, region!, parent) { ContactPerson = valid.ContactPerson, ContactPhone = valid.ContactPhone };
        db.HandlingUnits.Add(unit);
        return await SaveAsync(nameof(HandlingUnitInput.Code), "单位编码", valid.Code, cancellationToken) ?? EditResult.Done(valid.Code);
    }

    public async Task<EditResult> UpdateUnitAsync(StaffScope scope, string code, uint version, HandlingUnitInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var unit = await scopes.HandlingUnits(scope).Include(u => u.Region).Include(u => u.Parent).SingleOrDefaultAsync(u => u.Code == code, cancellationToken);
        if (unit is null)
        {
            return EditResult.NotFound;
        }

        if (!scope.ManagesRegions)
        {
            return EditResult.Forbidden("只有人大工作人员和系统管理员可以修改承办单位。");
        }

        input.Code = unit.Code;
        var (valid, errors) = DirectoryRules.Check(input, db.Model);
        if (valid is null)
        {
            return EditResult.Invalid(errors);
        }

        var (region, parent, error) = await UnitPlaceAsync(scope, valid, unit, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        db.Entry(unit).Property(u => u.Version).OriginalValue = version;
        unit.Update(valid.Name, valid.Kind, region!, parent);
        unit.ContactPerson = valid.ContactPerson;
        unit.ContactPhone = valid.ContactPhone;
        return await SaveAsync(nameof(HandlingUnitInput.Code), "单位编码", code, cancellationToken) ?? EditResult.Done(code);
    }

    public async Task<EditResult> SetUnitActiveAsync(StaffScope scope, string code, bool active, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var unit = await scopes.HandlingUnits(scope).SingleOrDefaultAsync(u => u.Code == code, cancellationToken);
        if (unit is null)
        {
            return EditResult.NotFound;
        }

        if (!scope.ManagesRegions)
        {
            return EditResult.Forbidden("只有人大工作人员和系统管理员可以停用或启用承办单位。");
        }

        if (active)
        {
            unit.Reactivate();
        }
        else
        {
            unit.Deactivate();
        }

        return await SaveAsync(nameof(HandlingUnitInput.Code), "单位编码", code, cancellationToken) ?? EditResult.Done(code);
    }

    public async Task<EditResult> DeleteUnitAsync(StaffScope scope, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var unit = await scopes.HandlingUnits(scope).SingleOrDefaultAsync(u => u.Code == code, cancellationToken);
        if (unit is null)
        {
            return EditResult.NotFound;
        }

        if (!scope.ManagesRegions)
        {
            return EditResult.Forbidden("只有人大工作人员和系统管理员可以删除承办单位。");
        }

        var subUnits = await db.HandlingUnits.CountAsync(u => u.ParentId == unit.Id, cancellationToken);
        var accounts = await db.Users.CountAsync(u => u.HandlingUnitId == unit.Id, cancellationToken);
        if (subUnits > 0 || accounts > 0)
        {
            var reasons = new List<string>();
            if (subUnits > 0)
            {
                reasons.Add($"它有 {subUnits} 个下级单位");
            }

            if (accounts > 0)
            {
                reasons.Add($"{accounts} 个工作人员账户属于它");
            }

            return EditResult.Invalid(string.Empty, $"不能删除：{string.Join("，", reasons)}。请改为“停用”，历史记录会保留。");
        }

        db.HandlingUnits.Remove(unit);
        return await SaveAsync(nameof(HandlingUnitInput.Code), "单位编码", code, cancellationToken) ?? EditResult.Done(code);
    }

    /// <summary>The unit's region (in scope) and parent (an active top-level unit in scope; never when the unit has sub-units).</summary>
    private async Task<(Region? Region, HandlingUnit? Parent, EditResult? Error)> UnitPlaceAsync(
        StaffScope scope, ValidHandlingUnit valid, HandlingUnit? unit, CancellationToken cancellationToken)
    {
        var region = unit is not null && unit.Region.Code == valid.RegionCode
            ? unit.Region
            : await scopes.Regions(scope).SingleOrDefaultAsync(r => r.Code == valid.RegionCode, cancellationToken);
        if (region is null)
        {
            return (null, null, EditResult.Invalid(nameof(HandlingUnitInput.RegionCode), "所选区域不存在，或不在您的管理范围内。"));
        }

        if (valid.ParentCode is null)
        {
            return (region, null, null);
        }

        var parent = await scopes.HandlingUnits(scope).SingleOrDefaultAsync(u => u.Code == valid.ParentCode, cancellationToken);
        if (parent is null)
        {
            return (region, null, EditResult.Invalid(nameof(HandlingUnitInput.ParentCode), $"上级单位 {valid.ParentCode} 不存在，或不在您的管理范围内。"));
        }

        if (parent.ParentId is not null)
        {
            return (region, null, EditResult.Invalid(nameof(HandlingUnitInput.ParentCode), "上级单位本身是下级单位：承办单位只分两级。"));
        }

        if (unit is not null && await db.HandlingUnits.AnyAsync(u => u.ParentId == unit.Id, cancellationToken))
        {
            return (region, null, EditResult.Invalid(nameof(HandlingUnitInput.ParentCode), "该单位有下级单位，不能再成为其他单位的下级。"));
        }

        return (region, parent, null);
    }
}
