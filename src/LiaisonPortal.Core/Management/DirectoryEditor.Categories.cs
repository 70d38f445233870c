using LiaisonPortal.Core.Organisation;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Management;

public sealed record CategoryRow(string Code, string Name, string? ParentCode, int SortOrder, bool IsActive, int Children);

/// <summary>The category tree (分类), edited by administrators only: the page is in the Admin area.</summary>
public sealed partial class DirectoryEditor
{
    /// <summary>Top-level categories in their order, each followed by its children.</summary>
    public async Task<IReadOnlyList<CategoryRow>> CategoryTreeAsync(CancellationToken cancellationToken = default)
    {
        var all = await db.Categories.AsNoTracking()
            .Select(c => new CategoryRow(c.Code, c.Name, c.Parent == null ? null : c.Parent.Code, c.SortOrder, c.IsActive, db.Categories.Count(x => x.ParentId == c.Id)))
            .ToListAsync(cancellationToken);
        var children = all.Where(c => c.ParentCode is not null).ToLookup(c => c.ParentCode);
        return all.Where(c => c.ParentCode is null).OrderBy(c => c.SortOrder).ThenBy(c => c.Code, StringComparer.Ordinal)
            .SelectMany(parent => children[parent.Code].OrderBy(c => c.SortOrder).ThenBy(c => c.Code, StringComparer.Ordinal).Prepend(parent))
            .ToList();
    }

    public async Task<EditResult> CreateCategoryAsync(string? code, string? name, string? parentCode, int sortOrder, CancellationToken cancellationToken = default)
    {
        var errors = CategoryErrors(code, name, creating: true);
        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        Category? parent = null;
        if (DirectoryRules.Clean(parentCode) is { } parentValue)
        {
            parent = await db.Categories.SingleOrDefaultAsync(c => c.Code == parentValue, cancellationToken);
            if (parent is null || parent.ParentId is not null)
            {
                return EditResult.Invalid("ParentCode", "上级分类不存在，或本身是二级分类：分类只分两级。");
            }
        }

        var trimmedCode = code!.Trim();
        if (await db.Categories.AnyAsync(c => c.Code == trimmedCode, cancellationToken))
        {
            return EditResult.Invalid("Code", $"分类编码 {trimmedCode} 已被使用，请换一个。");
        }

        db.Categories.Add(new Category(trimmedCode, name!.Trim(), parent, sortOrder));
        return await SaveAsync("Code", "分类编码", trimmedCode, cancellationToken) ?? EditResult.Done(trimmedCode);
    }

    public async Task<EditResult> UpdateCategoryAsync(string code, string? name, int sortOrder, CancellationToken cancellationToken = default)
    {
        var category = await db.Categories.SingleOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (category is null)
        {
            return EditResult.NotFound;
        }

        var errors = CategoryErrors(code, name, creating: false);
        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        category.Update(name!.Trim(), sortOrder);
        return await SaveAsync("Code", "分类编码", code, cancellationToken) ?? EditResult.Done(code);
    }

    public async Task<EditResult> SetCategoryActiveAsync(string code, bool active, CancellationToken cancellationToken = default)
    {
        var category = await db.Categories.SingleOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (category is null)
        {
            return EditResult.NotFound;
        }

        if (active)
        {
            category.Reactivate();
        }
        else
        {
            category.Deactivate();
        }

        return await SaveAsync("Code", "分类编码", code, cancellationToken) ?? EditResult.Done(code);
    }

    public async Task<EditResult> DeleteCategoryAsync(string code, CancellationToken cancellationToken = default)
    {
        var category = await db.Categories.SingleOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (category is null)
        {
            return EditResult.NotFound;
        }

        var children = await db.Categories.CountAsync(c => c.ParentId == category.Id, cancellationToken);
        if (children > 0)
        {
            return EditResult.Invalid(string.Empty, $"不能删除：分类“{category.Name}”下还有 {children} 个子分类。请先删除或移走子分类，或改为停用。");
        }

        db.Categories.Remove(category);
        return await SaveAsync("Code", "分类编码", code, cancellationToken) ?? EditResult.Done(code);
    }

    private List<FieldError> CategoryErrors(string? code, string? name, bool creating)
    {
        var errors = new List<FieldError>();
        var model = db.Model.FindEntityType(typeof(Category))!;
        if (creating)
        {
            var trimmed = DirectoryRules.Clean(code);
            if (trimmed is null)
            {
                errors.Add(new FieldError("Code", "请填写分类编码。"));
            }
            else if (trimmed.Length > Category.CodeMaxLength || !DirectoryRules.IsCode(trimmed))
            {
                errors.Add(new FieldError("Code", $"分类编码只能包含字母、数字和 . _ -，不超过 {Category.CodeMaxLength} 个字符。"));
            }
        }

        var nameValue = DirectoryRules.Clean(name);
        var max = model.FindProperty(nameof(Category.Name))!.GetMaxLength() ?? 50;
        if (nameValue is null)
        {
            errors.Add(new FieldError("Name", "请填写分类名称。"));
        }
        else if (nameValue.Length > max)
        {
            errors.Add(new FieldError("Name", $"分类名称不能超过 {max} 个字。"));
        }

        return errors;
    }
}
