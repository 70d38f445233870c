using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Appointments;

/// <summary>One slot and its bookings (phones masked); confirm from the list, the rest on each booking's page. Prints as a sign-in list.</summary>
public class SlotModel(AppointmentBook book, TimeProvider time, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    public SlotDetail Detail { get; private set; } = null!;

    /// <summary>Only an upcoming slot that is still open can be cancelled.</summary>
    public bool CanCancel => !Detail.Slot.IsCancelled && Detail.Slot.StartsAt > time.GetUtcNow();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostConfirmAsync(int booking, uint version, CancellationToken cancellationToken)
    {
        var result = await book.ConfirmAsync(Scope, booking, version, cancellationToken);
        if (Failure(result) is { } failure)
        {
            return failure is PageResult && !await LoadAsync(cancellationToken) ? NotFound() : failure;
        }

        Done(localizer["已确认预约 {0}，已短信通知群众。", TrackingCodes.Display(result.Code!)]);
        return RedirectToPage(new { id = Id });
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var detail = await book.GetSlotAsync(Scope, Id, cancellationToken);
        if (detail is null)
        {
            return false;
        }

        Detail = detail;
        return true;
    }
}
