namespace LiaisonPortal.Web.Hosting;

/// <summary>
/// The browser-side protections every answer carries, set as the response starts (so error pages, static files, the API
/// and re-executed status pages get them too):
/// <list type="bullet">
/// <item>HTML: a Content-Security-Policy that allows scripts only from the portal's own files (no inline script, no
/// event-handler attributes, no eval). Inline styles stay allowed: the pages use style attributes for computed widths
/// (dashboard bars, region indents, deputy initials) and the print layout's @page size block; a style cannot run code.</item>
/// <item>Everything else (JSON, XML, SVG QR codes, photos, CSS): <c>default-src 'none'</c>, so a file opened on its own
/// runs nothing; PDF keeps only frame-ancestors, because the browser's PDF viewer does not work under default-src 'none'.</item>
/// <item>Framing forbidden (frame-ancestors 'none' and X-Frame-Options DENY), nosniff, and no Referer to other sites:
/// citizen pages send none at all (a tracking code may be in the address), staff pages only their origin.</item>
/// </list>
/// HSTS is UseHsts's (outside Development, over HTTPS).
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string HtmlPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string OtherPolicy = "default-src 'none'; frame-ancestors 'none'";
    public const string DocumentPolicy = "frame-ancestors 'none'";
    public const string CitizenReferrerPolicy = "no-referrer";
    public const string StaffReferrerPolicy = "strict-origin-when-cross-origin";

    /// <summary>Where signed-in staff work; every other path is public.</summary>
    private static readonly string[] StaffPrefixes = ["/Admin", "/Office", "/Station", "/Unit", "/Deputy", "/Manage", "/Account", "/Activities", "/Suggestions", "/Help"];

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Decided by the address asked for, not by the error page a 404 is re-executed to.
        var staff = IsStaff(context.Request.Path);
        context.Response.OnStarting(() =>
        {
            var http = context;
            var headers = http.Response.Headers;
            var type = http.Response.ContentType ?? string.Empty;
            headers.ContentSecurityPolicy = type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) ? HtmlPolicy
                : type.StartsWith("application/pdf", StringComparison.OrdinalIgnoreCase) ? DocumentPolicy
                : OtherPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = staff ? StaffReferrerPolicy : CitizenReferrerPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    }

    private static bool IsStaff(PathString path) => StaffPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));
}
