using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Organisation;

/// <summary>LIKE patterns for the directory's searches, with LIKE's own characters escaped (escape character: backslash).</summary>
public static class SearchPatterns
{
    public const string Escape = "\\";

    /// <summary>"%text%", cut to <paramref name="maxLength"/>; null when there is nothing to search for.</summary>
    public static string? Contains(string? text, int maxLength)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        return "%" + EscapeLike(trimmed.Length > maxLength ? trimmed[..maxLength] : trimmed) + "%";
    }

    /// <summary>A pattern matching the region's path and everything below it; an unknown code matches nothing; no code, null.</summary>
    public static async Task<string?> SubtreeAsync(IQueryable<Region> regions, string? regionCode, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(regionCode))
        {
            return null;
        }

        var code = regionCode.Trim();
        var path = await regions.Where(r => r.Code == code).Select(r => r.Path).SingleOrDefaultAsync(cancellationToken);
        return path is null ? "/no such region/" : EscapeLike(path) + "%";
    }

    public static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
