using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Opinions;

/// <summary>
/// 个人信息查阅申请: everything held about one tracking code (an opinion's or an appointment's), for the office to hand a
/// citizen who asked in person: a printable page, and JSON, CSV or a workbook. The office's work only (a station's staff
/// send the citizen to the office); the scope is checked in the service (anything outside it is not found) and every
/// view and download is in the audit log as an export and a reveal of the phone number.
/// </summary>
[Authorize(Roles = Roles.Admin + "," + Roles.CongressStaff)]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class AccessRequestModel(CitizenDataExport export, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    public CitizenDataReport Report { get; private set; } = null!;

    public IReadOnlyList<IReadOnlyList<string?>> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        if (await export.ForStaffAsync(Scope, code, "page", cancellationToken) is not { } report)
        {
            return NotFound();
        }

        Report = report;
        Rows = AccessReports.Rows(report, localizer).ToList();
        return Page();
    }

    public async Task<IActionResult> OnGetJsonAsync(string code, CancellationToken cancellationToken) =>
        await export.ForStaffAsync(Scope, code, "json", cancellationToken) is { } report ? AccessReports.JsonFile(report) : NotFound();

    public async Task<IActionResult> OnGetExportAsync(string code, string? format, CancellationToken cancellationToken)
    {
        var kind = Core.Exports.ExportTable.ParseFormat(format) ?? Core.Exports.ExportFormat.Csv;
        return await export.ForStaffAsync(Scope, code, Core.Exports.ExportTable.Extension(kind), cancellationToken) is { } report
            ? await AccessReports.TableFileAsync(report, format, localizer, cancellationToken)
            : NotFound();
    }
}
