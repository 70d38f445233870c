using Microsoft.AspNetCore.WebUtilities;

namespace LiaisonPortal.Web.Hosting;

/// <summary>Previous/next links that keep the list's filters in the query string.</summary>
public sealed record PagerModel(int Number, int TotalPages, string Path, IReadOnlyDictionary<string, string?> Filters)
{
    public string UrlFor(int page)
    {
        var query = Filters.Where(f => !string.IsNullOrEmpty(f.Value)).ToDictionary(f => f.Key, f => f.Value);
        query["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString(Path, query);
    }
}
