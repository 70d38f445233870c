using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Appointments;

/// <summary>One booking: confirm it, propose another slot of the same station, or decline it with a reason; show the full phone number.</summary>
public class BookingModel(AppointmentBook book, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty]
    public uint Version { get; set; }

    [BindProperty]
    public ReplyForm Form { get; set; } = new();

    public AppointmentDetail Detail { get; private set; } = null!;

    /// <summary>The full number, only on the answer to 显示号码.</summary>
    public string? Phone { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostShowPhoneAsync(CancellationToken cancellationToken)
    {
        Phone = await book.RevealPhoneAsync(Scope, Id, cancellationToken);
        return Phone is not null && await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken) =>
        await AnswerAsync(await book.ConfirmAsync(Scope, Id, Version, cancellationToken), localizer["已确认，已短信通知群众。"], cancellationToken);

    public async Task<IActionResult> OnPostRescheduleAsync(CancellationToken cancellationToken) =>
        await AnswerAsync(await book.RescheduleAsync(Scope, Id, Version, Form.ToSlotId, Form.Message, cancellationToken), localizer["已改约到新的时段，已短信通知群众。"], cancellationToken);

    public async Task<IActionResult> OnPostDeclineAsync(CancellationToken cancellationToken) =>
        await AnswerAsync(await book.DeclineAsync(Scope, Id, Version, Form.Reason, cancellationToken), localizer["已婉拒，原因已告知群众，名额已释放。"], cancellationToken);

    private async Task<IActionResult> AnswerAsync(Core.Management.EditResult result, string done, CancellationToken cancellationToken)
    {
        if (Failure(result, nameof(Form)) is { } failure)
        {
            return failure is PageResult && !await LoadAsync(cancellationToken) ? NotFound() : failure;
        }

        Done(done);
        return RedirectToPage(new { id = Id });
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var detail = await book.GetAppointmentAsync(Scope, Id, cancellationToken);
        if (detail is null)
        {
            return false;
        }

        Detail = detail;
        Version = detail.Booking.Version;
        ModelState.Remove(nameof(Version));
        return true;
    }

    public sealed class ReplyForm
    {
        public int? ToSlotId { get; set; }

        public string? Message { get; set; }

        public string? Reason { get; set; }
    }
}
