using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Pages.Public.Appointments;

/// <summary>约见代表 from a deputy's page (/d/{code}/book) or a station's (/s/{code}/book): pick a slot, name, phone, topic.</summary>
[EnableRateLimiting(PortalWeb.PublicRateLimit)]
public class BookModel(AppointmentBook book, CitizenLimits limits, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const string CodeKey = "BookedCode";
    public const string TargetKey = "BookedWith";

    /// <summary>"d" for a deputy, "s" for a station (the route's first segment).</summary>
    [BindProperty(SupportsGet = true)]
    public string Kind { get; set; } = "s";

    [BindProperty(SupportsGet = true)]
    public string Code { get; set; } = string.Empty;

    [BindProperty]
    public BookingInput Input { get; set; } = new();

    /// <summary>Hidden from people; a robot that fills every field fills this one.</summary>
    [BindProperty]
    public string? Website { get; set; }

    public BookingTarget Target { get; private set; } = null!;

    public string? Alert { get; private set; }

    public BookingTargetKind TargetKind => Kind == "d" ? BookingTargetKind.Deputy : BookingTargetKind.Station;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Binding messages are English and about types; the service checks every field and says it in Chinese.
        ModelState.Clear();
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (!string.IsNullOrEmpty(Website))
        {
            Alert = localizer["提交未成功，请检查后再试。"];
            return Page();
        }

        var address = CitizenLimits.AddressOf(HttpContext);
        if (!limits.MayPost(address))
        {
            return Limited(localizer["提交太频繁了，请过一会儿再试。"]);
        }

        var phone = CitizenPhones.Normalize(Input.Phone);
        if (phone is not null && !limits.MayPostWith(phone))
        {
            return Limited(localizer["这个手机号码今天的预约次数已达上限，请明天再试，或致电联络站。"]);
        }

        var result = await book.BookAsync(TargetKind, Code, Input, cancellationToken);
        switch (result.Outcome)
        {
            case EditOutcome.Done:
                limits.Posted(address, phone);
                TempData[CodeKey] = result.Code;
                TempData[TargetKey] = Target.Name;
                return Redirect("/book/done");
            case EditOutcome.NotFound:
                return NotFound();
            default:
                foreach (var error in result.Errors)
                {
                    ModelState.AddModelError(error.Field.Length == 0 ? string.Empty : $"{nameof(Input)}.{error.Field}", error.Message);
                }

                Alert = localizer["请按提示修改后再提交。"];
                // Seats may have changed while the citizen typed.
                await LoadAsync(cancellationToken);
                return Page();
        }
    }

    /// <summary>The class of a field's wrapper: marked when the field has a message.</summary>
    public string FieldClass(string field) =>
        ModelState.TryGetValue($"{nameof(Input)}.{field}", out var entry) && entry.Errors.Count > 0 ? "form-field invalid" : "form-field";

    private PageResult Limited(string message)
    {
        Alert = message;
        Response.Headers.RetryAfter = "3600";
        return new PageResult { StatusCode = StatusCodes.Status429TooManyRequests };
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (Kind is not ("d" or "s"))
        {
            return false;
        }

        var target = await book.FindTargetAsync(TargetKind, Code, cancellationToken);
        if (target is null)
        {
            return false;
        }

        Target = target;
        return true;
    }
}
