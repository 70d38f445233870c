using LiaisonPortal.Core.Reception;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Reception;

/// <summary>
/// 接待日: the rules of the account's region or station (or, with ?station=, one station's overrides), the next dates
/// they give, and the two forms that add a recurring rule or a special session.
/// </summary>
public class IndexModel(ReceptionRules rules, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "station")]
    public string? StationCode { get; set; }

    [BindProperty(SupportsGet = true, Name = "region")]
    public string? RegionCode { get; set; }

    [BindProperty]
    public ReceptionRuleInput Rule { get; set; } = new() { Kind = nameof(RecurrenceKind.MonthlyWeekday), Nth = "3", Weekday = nameof(DayOfWeek.Tuesday), StartTime = "09:00", EndTime = "11:30" };

    [BindProperty]
    public ReceptionRuleInput Session { get; set; } = new() { Kind = nameof(RecurrenceKind.OneOff), StartTime = "09:00", EndTime = "11:30" };

    public RuleBook Book { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostRuleAsync(CancellationToken cancellationToken) => CreateAsync(Rule, nameof(Rule), cancellationToken);

    public Task<IActionResult> OnPostSessionAsync(CancellationToken cancellationToken)
    {
        Session.Kind = nameof(RecurrenceKind.OneOff);
        return CreateAsync(Session, nameof(Session), cancellationToken);
    }

    private async Task<IActionResult> CreateAsync(ReceptionRuleInput input, string prefix, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var result = await rules.CreateAsync(Scope, StationCode, RegionCode, input, cancellationToken);
        if (Failure(result, prefix) is { } failure)
        {
            return failure is PageResult && !await LoadAsync(cancellationToken) ? NotFound() : failure;
        }

        Done(input.Kind == nameof(RecurrenceKind.OneOff) ? localizer["已新增专题接待。"] : localizer["已新增接待日规则。"]);
        return RedirectToPage(new { station = StationCode, region = RegionCode });
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var book = await rules.ListAsync(Scope, StationCode, RegionCode, cancellationToken);
        if (book is null)
        {
            return false;
        }

        Book = book;
        return true;
    }
}
