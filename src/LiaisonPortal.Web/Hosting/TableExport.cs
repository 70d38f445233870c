using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Exports;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace LiaisonPortal.Web.Hosting;

/// <summary>
/// A staff list's export as the response: <c>?handler=Export&amp;format=csv|xlsx</c> on the list's own page, with its
/// filters. CSV is written straight to the response body as the rows come from the database; a workbook is written to a
/// temporary file first (a zip needs a seekable stream) and then copied, so memory stays flat either way. Every
/// export is written to the audit log (who, which list, which filters, which format) before the first row is sent.
/// </summary>
public static class TableExport
{
    /// <summary>The page handler's one line: the table in the asked format (CSV when none or unknown), named <paramref name="fileName"/>.csv/.xlsx.</summary>
    public static IActionResult Result(ExportTable table, string? format, string fileName) =>
        new TableExportResult(table, ExportTable.ParseFormat(format) ?? ExportFormat.Csv, fileName);

    /// <summary>The same list with its filters, as an export link in <paramref name="format"/> ("csv" or "xlsx").</summary>
    public static string Url(HttpRequest request, string format)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = SortLink.Filters(request);
        query.Remove("sort");
        query.Remove("desc");
        query.Remove("after");
        query["handler"] = "Export";
        query["format"] = format;
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(request.Path, query);
    }

    private sealed class TableExportResult(ExportTable table, ExportFormat format, string fileName) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var response = context.HttpContext.Response;
            var cancellationToken = context.HttpContext.RequestAborted;
            var request = context.HttpContext.Request;
            await context.HttpContext.RequestServices.GetRequiredService<AuditLog>().WriteAsync(
                AuditKind.Export, "Export", request.Path.Value ?? fileName, "Exported",
                new { file = $"{fileName}.{ExportTable.Extension(format)}", query = request.QueryString.Value }, cancellationToken);
            response.ContentType = ExportTable.ContentType(format);
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName($"{fileName}.{ExportTable.Extension(format)}");
            response.Headers.ContentDisposition = disposition.ToString();
            response.Headers.CacheControl = "no-store";
            context.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            if (format == ExportFormat.Csv)
            {
                await TableWriter.WriteCsvAsync(table, response.Body, cancellationToken);
                return;
            }

            var path = Path.GetTempFileName();
            await using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await TableWriter.WriteXlsxAsync(table, file, cancellationToken);
            response.ContentLength = file.Length;
            file.Position = 0;
            await file.CopyToAsync(response.Body, cancellationToken);
        }
    }
}
