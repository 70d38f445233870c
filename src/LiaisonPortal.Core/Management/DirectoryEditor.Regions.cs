using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Organisation;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Management;

public sealed record RegionRow(string Code, string Name, RegionLevel Level, string? ParentCode, int Children, int Stations, int Units);

/// <summary>The region tree (city → district → street → community): added to and renamed within the editor's scope.</summary>
public sealed partial class DirectoryEditor
{
    public const int MaxRegionTree = 2000;

    /// <summary>The scope's regions in tree order, with what hangs on each.</summary>
    public async Task<IReadOnlyList<RegionRow>> RegionTreeAsync(StaffScope scope, CancellationToken cancellationToken = default) =>
        await RegionRows(scope).Take(MaxRegionTree).ToListAsync(cancellationToken);

    /// <summary>Every region of the scope (no limit), in tree order, read one at a time: what the export writes.</summary>
    public IAsyncEnumerable<RegionRow> AllRegionsAsync(StaffScope scope) => RegionRows(scope).AsAsyncEnumerable();

    private IQueryable<RegionRow> RegionRows(StaffScope scope) =>
        scopes.Regions(scope).AsNoTracking().OrderBy(r => r.Path)
            .Select(r => new RegionRow(
                r.Code, r.Name, r.Level, r.Parent == null ? null : r.Parent.Code,
                db.Regions.Count(c => c.ParentId == r.Id),
                db.Stations.Count(s => s.RegionId == r.Id),
                db.HandlingUnits.Count(u => u.RegionId == r.Id)));

    /// <summary>Adds a region one level below <paramref name="parentCode"/> (a city when there is no parent: administrators only).</summary>
    public async Task<EditResult> CreateRegionAsync(StaffScope scope, string? parentCode, string? code, string? name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.ManagesRegions)
        {
            return EditResult.Forbidden("只有人大工作人员和系统管理员可以新增区域。");
        }

        var errors = RegionErrors(code, name, creating: true);
        Region? parent = null;
        if (DirectoryRules.Clean(parentCode) is { } parentValue)
        {
            parent = await scopes.Regions(scope).SingleOrDefaultAsync(r => r.Code == parentValue, cancellationToken);
            if (parent is null)
            {
                errors.Add(new FieldError("ParentCode", "上级区域不存在，或不在您的管理范围内。"));
            }
            else if (parent.Level == RegionLevel.Community)
            {
                errors.Add(new FieldError("ParentCode", "社区（村）下面不能再分区域。"));
            }
        }
        else if (scope.Kind != ScopeKind.Everything)
        {
            errors.Add(new FieldError("ParentCode", "请选择上级区域。"));
        }

        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        var trimmed = code!.Trim();
        if (await db.Regions.AnyAsync(r => r.Code == trimmed, cancellationToken))
        {
            return EditResult.Invalid("Code", $"区划代码 {trimmed} 已被使用，请换一个。");
        }

        var level = parent is null ? RegionLevel.City : parent.Level + 1;
        db.Regions.Add(new Region(trimmed, name!.Trim(), level, parent));
        return await SaveAsync("Code", "区划代码", trimmed, cancellationToken) ?? EditResult.Done(trimmed);
    }

    public async Task<EditResult> RenameRegionAsync(StaffScope scope, string code, string? name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var region = await scopes.Regions(scope).SingleOrDefaultAsync(r => r.Code == code, cancellationToken);
        if (region is null)
        {
            return EditResult.NotFound;
        }

        var errors = RegionErrors(code, name, creating: false);
        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        region.Rename(name!.Trim());
        return await SaveAsync("Code", "区划代码", code, cancellationToken) ?? EditResult.Done(code);
    }

    /// <summary>Deletes a region entered by mistake; one with sub-regions, stations, units or accounts is refused.</summary>
    public async Task<EditResult> DeleteRegionAsync(StaffScope scope, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var region = await scopes.Regions(scope).SingleOrDefaultAsync(r => r.Code == code, cancellationToken);
        if (region is null)
        {
            return EditResult.NotFound;
        }

        if (scope.Kind == ScopeKind.Region && scope.Id == region.Id)
        {
            return EditResult.Forbidden("不能删除自己所在的区域。");
        }

        var reasons = new List<string>();
        void Count(int n, string what)
        {
            if (n > 0)
            {
                reasons.Add($"{n} 个{what}");
            }
        }

        Count(await db.Regions.CountAsync(r => r.ParentId == region.Id, cancellationToken), "下级区域");
        Count(await db.Stations.CountAsync(s => s.RegionId == region.Id, cancellationToken), "家站点");
        Count(await db.HandlingUnits.CountAsync(u => u.RegionId == region.Id, cancellationToken), "承办单位");
        Count(await db.Users.CountAsync(u => u.RegionId == region.Id, cancellationToken), "工作人员账户");
        if (reasons.Count > 0)
        {
            return EditResult.Invalid(string.Empty, $"不能删除“{region.Name}”：它还有{string.Join("、", reasons)}。");
        }

        db.Regions.Remove(region);
        return await SaveAsync("Code", "区划代码", code, cancellationToken) ?? EditResult.Done(code);
    }

    private static List<FieldError> RegionErrors(string? code, string? name, bool creating)
    {
        var errors = new List<FieldError>();
        if (creating)
        {
            var trimmed = DirectoryRules.Clean(code);
            if (trimmed is null)
            {
                errors.Add(new FieldError("Code", "请填写区划代码。"));
            }
            else if (trimmed.Length > Region.CodeMaxLength || !trimmed.All(char.IsAsciiDigit))
            {
                errors.Add(new FieldError("Code", $"区划代码只能是数字，不超过 {Region.CodeMaxLength} 位，例如 990102003。"));
            }
        }

        var value = DirectoryRules.Clean(name);
        if (value is null)
        {
            errors.Add(new FieldError("Name", "请填写区域名称。"));
        }
        else if (value.Length > Region.NameMaxLength)
        {
            errors.Add(new FieldError("Name", $"区域名称不能超过 {Region.NameMaxLength} 个字。"));
        }

        return errors;
    }
}
