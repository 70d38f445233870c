using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LiaisonPortal.Web.Hosting;

/// <summary>The one way staff pages hand out a stored file (suggestion attachments, activity evidence).</summary>
public static class PrivateDownload
{
    /// <summary>
    /// Always a download (FileContentResult writes Content-Disposition: attachment with filename and the RFC 5987
    /// filename*), never cached, never content-sniffed.
    /// </summary>
    public static FileContentResult Of(PageModel page, byte[] content, string contentType, string fileName)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.Response.Headers.CacheControl = "private, no-store";
        page.Response.Headers.XContentTypeOptions = "nosniff";
        return new FileContentResult(content, contentType) { FileDownloadName = fileName };
    }
}
