namespace LiaisonPortal.Core.Organisation;

public enum RegionLevel
{
    City = 1,
    District = 2,
    Street = 3,
    Community = 4,
}

/// <summary>行政区划: city → district/county → street/township → community/village.</summary>
public class Region
{
    public const int CodeMaxLength = 32;
    public const int NameMaxLength = 100;

    private Region()
    {
        Code = string.Empty;
        Name = string.Empty;
        Path = string.Empty;
    }

    public Region(string code, string name, RegionLevel level, Region? parent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (parent is not null && parent.Level >= level)
        {
            throw new ArgumentException("A region must sit below its parent's level.", nameof(level));
        }

        Code = code;
        Name = name;
        Level = level;
        Parent = parent;
        Path = (parent?.Path ?? "/") + code + "/";
    }

    public int Id { get; private set; }

    public string Code { get; private set; }

    public string Name { get; private set; }

    public RegionLevel Level { get; private set; }

    public int? ParentId { get; private set; }

    public Region? Parent { get; private set; }

    /// <summary>Codes from the root down, e.g. "/3202/320211/"; a subtree is every path with this prefix.</summary>
    public string Path { get; private set; }

    public void Rename(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }
}
