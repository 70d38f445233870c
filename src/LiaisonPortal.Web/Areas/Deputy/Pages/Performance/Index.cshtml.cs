using LiaisonPortal.Core.Performance;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Deputy.Pages.Performance;

/// <summary>我的履职档案: the signed-in deputy's year in figures, ranks, missed minimums and what they did.</summary>
public class IndexModel(PerformanceFiles files) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "year")]
    public int? Year { get; set; }

    public PerformanceView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var year = files.YearOrThis(Year);
        var file = await files.OwnFileAsync(Scope, year, cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        View = new PerformanceView(file, "/Deputy/Performance", FormattableString.Invariant($"/Deputy/Performance/Report?year={year}"), files.Years(year));
        return Page();
    }
}
