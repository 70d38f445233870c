using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Web.Qr;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace LiaisonPortal.Web.Hosting;

/// <summary>
/// What the citizens' side keeps in memory so that a QR scan costs no database round trip: the landing page's address
/// and categories, whether a QR code's deputy or station is active, and the QR images themselves. Directory data is
/// dropped at once when <see cref="DirectoryChanges"/> fires (a deputy who left, a renamed station, a changed category
/// list), and after <see cref="DirectoryLifetime"/> in any case (another instance sharing the database may have changed
/// it). The same change evicts the output cache's <see cref="DirectoryTag"/>. Unknown codes are not kept. The QR images
/// depend only on the URL they encode (public base URL + code), the format and the size, so they are never stale; both
/// caches are bounded and drop the least used entries first.
/// </summary>
public sealed partial class PublicCache : IDisposable
{
    /// <summary>The output cache tag of every public page that shows directory data.</summary>
    public const string DirectoryTag = "public-directory";

    public static readonly TimeSpan DirectoryLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Directory entries (addresses, active flags, the category list): at most this many.</summary>
    public const long DirectoryEntries = 50_000;

    /// <summary>QR image bytes kept: at most this many.</summary>
    public const long ImageBytes = 64L * 1024 * 1024;

    private static readonly object CategoriesKey = new();

    private readonly DirectoryChanges _changes;
    private readonly IOutputCacheStore _outputCache;
    private readonly ILogger<PublicCache> _logger;
    private readonly MemoryCache _directory = new(new MemoryCacheOptions { SizeLimit = DirectoryEntries, CompactionPercentage = 0.25 });
    private readonly MemoryCache _images = new(new MemoryCacheOptions { SizeLimit = ImageBytes, CompactionPercentage = 0.25 });
    private readonly IDisposable _subscription;

    public PublicCache(DirectoryChanges changes, IOutputCacheStore outputCache, ILogger<PublicCache> logger)
    {
        ArgumentNullException.ThrowIfNull(changes);
        _changes = changes;
        _outputCache = outputCache;
        _logger = logger;
        _subscription = ChangeToken.OnChange(changes.Watch, EvictPages);
    }

    /// <summary>The landing page's address of a deputy (or station); null (not kept) when no such code exists.</summary>
    public Task<OpinionAddress?> AddressAsync(
        AddressKind kind, string code, Func<CancellationToken, Task<OpinionAddress?>> load, CancellationToken cancellationToken) =>
        GetAsync(new AddressKey(kind, code), load, keep: address => address is not null, cancellationToken);

    /// <summary>The top-level active categories offered by the form.</summary>
    public async Task<IReadOnlyList<OpinionCategoryOption>> CategoriesAsync(
        Func<CancellationToken, Task<IReadOnlyList<OpinionCategoryOption>>> load, CancellationToken cancellationToken) =>
        (await GetAsync(CategoriesKey, load, keep: _ => true, cancellationToken))!;

    /// <summary>Whether a QR code's deputy or station is active (an unknown code is remembered as not active until the directory changes).</summary>
    public Task<bool> IsActiveAsync(QrTarget target, string code, Func<CancellationToken, Task<bool>> load, CancellationToken cancellationToken) =>
        GetAsync(new ActiveKey(target, code), load, keep: _ => true, cancellationToken);

    /// <summary>A QR image's bytes, drawn once per URL, format and size.</summary>
    public byte[] Image(string url, QrFormat format, int size, Func<byte[]> draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        var key = new ImageKey(url, format, size);
        if (_images.TryGetValue(key, out byte[]? bytes) && bytes is not null)
        {
            return bytes;
        }

        bytes = draw();
        _images.Set(key, bytes, new MemoryCacheEntryOptions { Size = bytes.Length, SlidingExpiration = TimeSpan.FromDays(1) });
        return bytes;
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _directory.Dispose();
        _images.Dispose();
    }

    private async Task<T> GetAsync<T>(object key, Func<CancellationToken, Task<T>> load, Func<T, bool> keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (_directory.TryGetValue(key, out T? value))
        {
            return value!;
        }

        // The token is taken before the read: a change that lands while it runs expires the entry at once.
        var token = _changes.Watch();
        value = await load(cancellationToken);
        if (keep(value))
        {
            using var entry = _directory.CreateEntry(key);
            entry.Value = value;
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = DirectoryLifetime;
            entry.AddExpirationToken(token);
        }

        return value;
    }

    private void EvictPages()
    {
        var eviction = _outputCache.EvictByTagAsync(DirectoryTag, CancellationToken.None);
        if (!eviction.IsCompletedSuccessfully)
        {
            _ = eviction.AsTask().ContinueWith(
                t => LogEvictionFailed(_logger, t.Exception!), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Evicting the public pages from the output cache failed")]
    private static partial void LogEvictionFailed(ILogger logger, Exception exception);

    private sealed record AddressKey(AddressKind Kind, string Code);

    private sealed record ActiveKey(QrTarget Target, string Code);

    private sealed record ImageKey(string Url, QrFormat Format, int Size);
}
