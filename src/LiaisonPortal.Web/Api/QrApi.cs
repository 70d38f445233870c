using System.Globalization;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Web.Hosting;
using LiaisonPortal.Web.Qr;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Api;

/// <summary>
/// The QR codes of active deputies and stations: <c>/qr/deputies/{code}.png|.svg</c> and <c>/qr/stations/{code}.png|.svg</c>.
/// An image only changes with the public address or the drawing, so it is cached for 30 days under an ETag of both.
/// </summary>
public static class QrApi
{
    public const int CacheSeconds = 30 * 24 * 60 * 60;

    public static IEndpointRouteBuilder MapQrApi(this IEndpointRouteBuilder routes)
    {
        var qr = routes.MapGroup("/qr").RequireRateLimiting(PortalWeb.PublicRateLimit);
        qr.MapGet("/deputies/{code}.{format}", async (HttpContext context, PublicCache cache, QrCodes codes,
                IStringLocalizer<SharedResource> localizer, string code, string format, string? size, CancellationToken cancellationToken) =>
            await cache.IsActiveAsync(QrTarget.Deputy, code, c => Directory(context).IsActiveDeputyAsync(code, c), cancellationToken)
                ? Image(context, cache, codes.UrlOf(QrTarget.Deputy, code), format, size, localizer)
                : TypedResults.NotFound());
        qr.MapGet("/stations/{code}.{format}", async (HttpContext context, PublicCache cache, QrCodes codes,
                IStringLocalizer<SharedResource> localizer, string code, string format, string? size, CancellationToken cancellationToken) =>
            await cache.IsActiveAsync(QrTarget.Station, code, c => Directory(context).IsActiveStationAsync(code, c), cancellationToken)
                ? Image(context, cache, codes.UrlOf(QrTarget.Station, code), format, size, localizer)
                : TypedResults.NotFound());
        return routes;
    }

    /// <summary>Resolved on a cache miss only: it holds a DbContext, the costliest part of a cached image's request.</summary>
    private static PublicDirectory Directory(HttpContext context) => context.RequestServices.GetRequiredService<PublicDirectory>();

    /// <summary>The PNG (<c>?size=</c> pixels wide, 128–2048, default 512) or the SVG; If-None-Match is answered with 304.</summary>
    private static IResult Image(HttpContext context, PublicCache cache, string url, string format, string? size, IStringLocalizer<SharedResource> localizer)
    {
        QrFormat kind;
        switch (format)
        {
            case "png":
                kind = QrFormat.Png;
                break;
            case "svg":
                kind = QrFormat.Svg;
                break;
            default:
                return TypedResults.NotFound();
        }

        var pixels = QrCodes.DefaultSize;
        if (kind == QrFormat.Png && size is not null
            && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pixels) || pixels < QrCodes.MinSize || pixels > QrCodes.MaxSize))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: localizer["尺寸不正确"],
                detail: localizer["size 应为 {0} 到 {1} 之间的整数（像素）。", QrCodes.MinSize, QrCodes.MaxSize]);
        }

        var etag = QrCodes.ETagOf(url, kind, kind == QrFormat.Png ? pixels : 0);
        context.Response.Headers.CacheControl = $"public, max-age={CacheSeconds.ToString(CultureInfo.InvariantCulture)}";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        // Drawn once per URL, format and size, then served from memory (PublicCache); 304 for a matching If-None-Match.
        return kind == QrFormat.Png
            ? TypedResults.File(cache.Image(url, kind, pixels, () => QrCodes.Png(url, pixels)), "image/png", entityTag: etag)
            : TypedResults.File(cache.Image(url, kind, 0, () => System.Text.Encoding.UTF8.GetBytes(QrCodes.Svg(url))), "image/svg+xml", entityTag: etag);
    }
}
