using LiaisonPortal.Core.Reception;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.ReceptionLogs;

/// <summary>One reception's log in the standard ledger layout (台账), for the browser's print.</summary>
public class PrintModel(Core.Reception.ReceptionLogs logs) : ManagePageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    public LogDetail Detail { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var detail = await logs.GetAsync(Scope, Id, cancellationToken);
        if (detail is null)
        {
            return NotFound();
        }

        Detail = detail;
        return Page();
    }
}
