using Microsoft.AspNetCore.WebUtilities;

namespace LiaisonPortal.Web.Hosting;

/// <summary>Column headers of the staff lists: a link that sorts by the column, ascending first, then descending.</summary>
public static class SortLink
{
    public static string Url(HttpRequest request, string column)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(p => p.Key is not ("sort" or "desc" or "page"))
            .ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        var current = request.Query["sort"].ToString();
        var descending = request.Query["desc"] == "true";
        query["sort"] = column;
        if (string.Equals(current, column, StringComparison.OrdinalIgnoreCase) && !descending)
        {
            query["desc"] = "true";
        }

        return QueryHelpers.AddQueryString(request.Path, query);
    }

    /// <summary>"▲" or "▼" on the column the list is sorted by.</summary>
    public static string Arrow(HttpRequest request, string column)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.Equals(request.Query["sort"], column, StringComparison.OrdinalIgnoreCase)
            ? request.Query["desc"] == "true" ? " ▼" : " ▲"
            : string.Empty;
    }

    /// <summary>The current list's query without its page number, for the pager.</summary>
    public static Dictionary<string, string?> Filters(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return QueryHelpers.ParseQuery(request.QueryString.Value).Where(p => p.Key != "page").ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
    }

    /// <summary>The current list with the same filters, as a CSV ledger (the page's Export handler).</summary>
    public static string ExportUrl(HttpRequest request)
    {
        var query = Filters(request);
        query.Remove("sort");
        query.Remove("desc");
        query["handler"] = "Export";
        return QueryHelpers.AddQueryString(request.Path, query);
    }
}
