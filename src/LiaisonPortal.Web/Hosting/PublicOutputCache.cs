using System.Globalization;
using LiaisonPortal.Core.Organisation;
using Microsoft.AspNetCore.OutputCaching;

namespace LiaisonPortal.Web.Hosting;

/// <summary>
/// Output caching of the public pages that are the same for every visitor: the home page, the stations' and deputies'
/// lists and pages (<see cref="Directory"/>, a minute) and the public figures (<see cref="Figures"/>, five minutes, the
/// page says when they were computed). Nothing else is cached: the policies are opt-in by name, and the default policy
/// they build on never stores a response that sets a cookie (the forms' antiforgery cookie), nor answers or stores for a
/// signed-in user or a request with an Authorization header, and only stores 200s to GET and HEAD. The key varies by
/// every query parameter and by the UI culture (the language switch's cookie). A directory change evicts
/// <see cref="PublicCache.DirectoryTag"/> (figures included, since they list the active stations and deputies); opinions
/// and reception logs do not, and the figures are then at most five minutes old.
/// </summary>
public static class PublicOutputCache
{
    public const string Directory = "public-directory";
    public const string Figures = "public-figures";

    public static readonly TimeSpan DirectoryDuration = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan FiguresDuration = TimeSpan.FromMinutes(5);

    /// <summary>Entries of at most this size in total (the store drops the oldest beyond it).</summary>
    public const long SizeLimit = 64L * 1024 * 1024;

    public static IServiceCollection AddPublicOutputCache(this IServiceCollection services)
    {
        services.AddOutputCache(options =>
        {
            options.SizeLimit = SizeLimit;
            options.AddPolicy(Directory, policy => Public(policy, DirectoryDuration));
            options.AddPolicy(Figures, policy => Public(policy, FiguresDuration));
        });
        services.AddSingleton<DirectoryVersionPolicy>();
        return services;
    }

    private static void Public(OutputCachePolicyBuilder policy, TimeSpan duration) => policy
        .Expire(duration)
        .SetVaryByQuery("*")
        .VaryByValue(_ => new KeyValuePair<string, string>("culture", CultureInfo.CurrentUICulture.Name))
        .Tag(PublicCache.DirectoryTag)
        .AddPolicy<DirectoryVersionPolicy>();
}

/// <summary>
/// Does not store a page rendered while the directory changed: its data may be from before the change, and the change's
/// eviction has already run.
/// </summary>
public sealed class DirectoryVersionPolicy(DirectoryChanges changes) : IOutputCachePolicy
{
    private static readonly object VersionKey = new();

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.HttpContext.Items[VersionKey] = changes.Version;
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.HttpContext.Items[VersionKey] is not long version || version != changes.Version)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
