using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Performance;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Performance;

/// <summary>A deputy's file as the office sees it (the same view as the deputy's own); 404 outside the office's regions.</summary>
[Authorize(Roles = Roles.Admin + "," + Roles.CongressStaff)]
public class DeputyModel(PerformanceFiles files) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "year")]
    public int? Year { get; set; }

    public PerformanceView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var year = files.YearOrThis(Year);
        var file = await files.FileAsync(Scope, code, year, cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        var path = "/Manage/Performance/Deputy/" + Uri.EscapeDataString(file.Code);
        View = new PerformanceView(file, path, FormattableString.Invariant($"/Manage/Performance/Report/{Uri.EscapeDataString(file.Code)}?year={year}"), files.Years(year));
        return Page();
    }
}
