using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Suggestions;

/// <summary>年度代表建议办理情况报告: a printable A4 report of a year's suggestions, per lead unit, with the key suggestions.</summary>
[Authorize(Roles = Roles.Admin + "," + Roles.CongressStaff)]
public class ReportModel(SuggestionFigures figures, ScopeDirectory scopes, TimeProvider time) : ManagePageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public SuggestionFigureSet Figures { get; private set; } = null!;

    public IReadOnlyList<KeySuggestionRow> KeySuggestions { get; private set; } = [];

    public string ScopeName { get; private set; } = string.Empty;

    public DateOnly Today => ChinaTime.Today(time);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Year is null)
        {
            return Redirect($"/Manage/Suggestions/Report/{Today.Year}");
        }

        if (Year < FiguresModel.FirstYear || Year > Today.Year + 1)
        {
            return NotFound();
        }

        var filter = new FigureFilter(Year: Year);
        Figures = await figures.FiguresAsync(Scope, filter, cancellationToken);
        KeySuggestions = await figures.KeySuggestionsAsync(Scope, filter, cancellationToken);
        ScopeName = await scopes.DescribeAsync(Scope, cancellationToken);
        return Page();
    }
}
