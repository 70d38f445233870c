namespace LiaisonPortal.Core.Organisation;

/// <summary>分级 of an opinion.</summary>
public enum Grade
{
    Normal = 1,
    Important = 2,
    Urgent = 3,
}

/// <summary>分类: a two-level tree an administrator edits.</summary>
public class Category
{
    public const int CodeMaxLength = 32;

    private Category()
    {
        Code = string.Empty;
        Name = string.Empty;
    }

    public Category(string code, string name, Category? parent = null, int sortOrder = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (parent?.Parent is not null)
        {
            throw new ArgumentException("Categories have two levels only.", nameof(parent));
        }

        Code = code;
        Name = name;
        Parent = parent;
        SortOrder = sortOrder;
        IsActive = true;
    }

    public int Id { get; private set; }

    public string Code { get; private set; }

    public string Name { get; private set; }

    public int? ParentId { get; private set; }

    public Category? Parent { get; private set; }

    public int SortOrder { get; private set; }

    public bool IsActive { get; private set; }

    public void Update(string name, int sortOrder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        SortOrder = sortOrder;
    }

    public void Deactivate() => IsActive = false;

    public void Reactivate() => IsActive = true;
}
