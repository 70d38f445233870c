using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Appointments;

/// <summary>Asks before cancelling a slot: every booking holding a seat is declined with the reason and a text message.</summary>
public class CancelSlotModel(AppointmentBook book, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty]
    public CancelForm Form { get; set; } = new();

    public SlotDetail Detail { get; private set; } = null!;

    public int Holding => Detail.Bookings.Count(b => AppointmentRules.Allows(b.Status, AppointmentAction.Decline));

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await book.CancelSlotAsync(Scope, Id, Form.Reason, cancellationToken);
        if (Failure(result, nameof(Form)) is { } failure)
        {
            return failure is PageResult && !await LoadAsync(cancellationToken) ? NotFound() : failure;
        }

        Done(localizer["该时段已取消，{0} 条预约已婉拒并短信通知。", result.Code!]);
        return RedirectToPage("Slot", new { id = Id });
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

    public sealed class CancelForm
    {
        public string? Reason { get; set; }
    }
}
