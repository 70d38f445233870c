using LiaisonPortal.Core.Auditing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LiaisonPortal.Web.Hosting;

/// <summary>The one way staff pages hand out a stored file (suggestion attachments, activity evidence); each one is in the audit log.</summary>
public static class PrivateDownload
{
    /// <summary>
    /// Always a download (FileContentResult writes Content-Disposition: attachment with filename and the RFC 5987
    /// filename*), never cached, never content-sniffed.
    /// </summary>
    public static async Task<FileContentResult> OfAsync(PageModel page, byte[] content, string contentType, string fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(content);
        await page.HttpContext.RequestServices.GetRequiredService<AuditLog>().WriteAsync(
            AuditKind.Download, "File", page.Request.Path.Value ?? fileName, "Downloaded", new { file = fileName, bytes = content.Length }, cancellationToken);
        page.Response.Headers.CacheControl = "private, no-store";
        page.Response.Headers.XContentTypeOptions = "nosniff";
        return new FileContentResult(content, contentType) { FileDownloadName = fileName };
    }
}
