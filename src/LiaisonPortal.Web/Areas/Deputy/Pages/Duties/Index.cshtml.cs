using System.Globalization;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Deputy.Pages.Duties;

/// <summary>我的值班: the deputy's duties with a confirm button, and the dates they cannot be on duty.</summary>
public class IndexModel(DutyRoster roster, TimeProvider time, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    public MyDuties Mine { get; private set; } = new([], []);

    public DateOnly Today { get; private set; }

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostConfirmAsync(int id, CancellationToken cancellationToken) =>
        await AfterAsync(await roster.ConfirmAsync(Scope, id, cancellationToken), localizer["已确认值班。"], cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(string? date, string? note, CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            ModelState.AddModelError(string.Empty, localizer["请填写日期，例如 2026-05-20。"]);
            await LoadAsync(cancellationToken);
            return Page();
        }

        return await AfterAsync(await roster.SetUnavailableAsync(Scope, day, true, note, cancellationToken), localizer["已登记 {0} 不能值班。", Day(day)], cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveAsync(string? date, CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return NotFound();
        }

        return await AfterAsync(await roster.SetUnavailableAsync(Scope, day, false, cancellationToken: cancellationToken), localizer["已删除 {0}。", Day(day)], cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(EditResult result, string message, CancellationToken cancellationToken)
    {
        switch (result.Outcome)
        {
            case EditOutcome.Done:
                Done(message);
                return RedirectToPage();
            case EditOutcome.NotFound:
                return NotFound();
            default:
                foreach (var error in result.Errors)
                {
                    ModelState.AddModelError(string.Empty, localizer[error.Message]);
                }

                await LoadAsync(cancellationToken);
                return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Today = ChinaTime.Today(time);
        Mine = await roster.MyDutiesAsync(Scope, cancellationToken);
    }
}
