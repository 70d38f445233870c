using LiaisonPortal.Core.Performance;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Deputy.Pages.Performance;

/// <summary>The deputy's own printable 述职报告 draft for a year.</summary>
public class ReportModel(PerformanceFiles files) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "year")]
    public int? Year { get; set; }

    public DeputyFile Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var file = await files.OwnFileAsync(Scope, files.YearOrThis(Year), cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        Report = file;
        return Page();
    }
}
