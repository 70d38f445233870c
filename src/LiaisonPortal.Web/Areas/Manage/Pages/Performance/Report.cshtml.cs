using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Performance;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Performance;

/// <summary>A deputy's printable 述职报告 draft for the office; 404 outside its regions.</summary>
[Authorize(Roles = Roles.Admin + "," + Roles.CongressStaff)]
public class ReportModel(PerformanceFiles files) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "year")]
    public int? Year { get; set; }

    public DeputyFile Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var file = await files.FileAsync(Scope, code, files.YearOrThis(Year), cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        Report = file;
        return Page();
    }
}
