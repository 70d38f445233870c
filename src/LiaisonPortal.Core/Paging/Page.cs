using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Paging;

/// <summary>A page asked for: numbers from 1, sizes clamped to 1–100 so no request can ask for everything.</summary>
public sealed record PageRequest
{
    public const int DefaultSize = 20;
    public const int MaxSize = 100;

    public PageRequest(int? number = null, int? size = null)
    {
        // Capped so that the offset, (Number - 1) * Size, stays an int: ?page=2147483647 is an empty last page, not an error.
        Number = Math.Clamp(number ?? 1, 1, int.MaxValue / MaxSize);
        Size = Math.Clamp(size ?? DefaultSize, 1, MaxSize);
    }

    public int Number { get; }

    public int Size { get; }
}

/// <summary>The one paging helper: a page of items with the totals a pager needs.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Number, int Size, int Total)
{
    public int TotalPages => Total == 0 ? 0 : (Total + Size - 1) / Size;

    public bool HasPrevious => Number > 1;

    public bool HasNext => Number < TotalPages;
}

public static class PageExtensions
{
    /// <summary>Counts, then reads one page; the query must already be ordered.</summary>
    public static async Task<Page<T>> ToPageAsync<T>(this IQueryable<T> query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.Skip((page.Number - 1) * page.Size).Take(page.Size).ToListAsync(cancellationToken);
        return new Page<T>(items, page.Number, page.Size, total);
    }
}
