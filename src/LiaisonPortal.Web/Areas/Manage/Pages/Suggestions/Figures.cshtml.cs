using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Suggestions;

/// <summary>代表建议办理统计: a year's figures by batch, lead unit and category, on screen and as CSV.</summary>
[Authorize(Roles = Core.Accounts.Roles.Admin + "," + Core.Accounts.Roles.CongressStaff)]
public class FiguresModel(SuggestionFigures figures, TimeProvider time) : ManagePageModel
{
    public const int FirstYear = 2000;

    /// <summary>The batches' year; this year when not given or out of range.</summary>
    [BindProperty(SupportsGet = true, Name = "year")]
    public int? Year { get; set; }

    public SuggestionFigureSet Figures { get; private set; } = null!;

    public IReadOnlyList<int> Years { get; private set; } = [];

    public int ThisYear => ChinaTime.Today(time).Year;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return File(SuggestionFigures.Csv(Figures), "text/csv; charset=utf-8", $"suggestion-figures-{Year}.csv");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (Year is not { } year || year < FirstYear || year > ThisYear + 1)
        {
            Year = ThisYear;
        }

        Years = [.. (await figures.YearsAsync(Scope, cancellationToken)).Append(ThisYear).Append(Year.Value).Distinct().OrderDescending()];
        Figures = await figures.FiguresAsync(Scope, new FigureFilter(Year: Year), cancellationToken);
    }
}
