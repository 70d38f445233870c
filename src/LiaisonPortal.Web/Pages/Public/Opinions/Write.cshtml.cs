using System.Globalization;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Pages.Public.Opinions;

/// <summary>What the citizen types, kept as text so that nothing is lost when the form comes back with a message.</summary>
public sealed class OpinionForm
{
    public string? Title { get; set; }

    public string? Content { get; set; }

    public string? CategoryCode { get; set; }

    public string? Name { get; set; }

    public string? Phone { get; set; }

    public bool MayContact { get; set; }

    public bool Anonymous { get; set; }
}

/// <summary>
/// 扫码说事: the form a QR code opens, addressed to a deputy (/d/{code}) or a station (/s/{code}). No JavaScript;
/// every refusal — a wrong field, an expired page, too many submissions, a database hiccup — re-shows the form with
/// what was typed and a plain message.
/// </summary>
[IgnoreAntiforgeryToken]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
[RequestSizeLimit(MaxRequestBytes)]
public class WriteModel(
    CitizenLimits limits,
    PublicCache cache,
    IAntiforgery antiforgery,
    IDataProtectionProvider protection,
    TimeProvider time,
    IConfiguration configuration,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const string SubmittedKey = "OpinionSubmitted";

    // Three photos of 5 MB each with room for the text fields and the multipart boundaries.
    private const int MaxRequestBytes = (3 * 5 * 1024 * 1024) + (1024 * 1024);

    private readonly IDataProtector clock = protection.CreateProtector("LiaisonPortal.OpinionForm.Started.v1");

    [BindProperty]
    public OpinionForm Input { get; set; } = new();

    [BindProperty]
    public IList<IFormFile> Photos { get; set; } = [];

    /// <summary>A field people never see (the honeypot): only robots fill it in.</summary>
    [BindProperty(Name = "website")]
    public string? Trap { get; set; }

    /// <summary>When the form was shown, protected so that it cannot be forged.</summary>
    [BindProperty]
    public string? Started { get; set; }

    public OpinionAddress Address { get; private set; } = null!;

    public IReadOnlyList<OpinionCategoryOption> Categories { get; private set; } = [];

    /// <summary>A message for the whole form (expired page, too many submissions, database trouble).</summary>
    public string? FormMessage { get; private set; }

    /// <summary>
    /// Resolved only when needed (a cache miss, a submission): it holds a DbContext, whose creation would otherwise be most
    /// of a warm landing page's work besides the drawing.
    /// </summary>
    private OpinionIntake Intake => HttpContext.RequestServices.GetRequiredService<OpinionIntake>();

    public string KindSegment => Address.Kind == AddressKind.Deputy ? "d" : "s";

    public async Task<IActionResult> OnGetAsync(string kind, string code, CancellationToken cancellationToken)
    {
        if (await LoadAsync(kind, code, cancellationToken) is { } missing)
        {
            return missing;
        }

        Started = StampNow();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string kind, string code, CancellationToken cancellationToken)
    {
        if (await LoadAsync(kind, code, cancellationToken) is { } missing)
        {
            return missing;
        }

        var started = StartedAt();
        // A form that comes back keeps a good stamp: the citizen has already spent the time, and pressing "submit" again
        // (after a database hiccup, an expired page) must not count as too fast.
        Started = started is null ? StampNow() : Started;
        if (!Address.IsActive)
        {
            return Page();
        }

        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return Refuse(StatusCodes.Status400BadRequest, localizer["页面已过期。您填写的内容都还在，请再点一次“提交”。"]);
        }

        if (!string.IsNullOrEmpty(Trap))
        {
            return Refuse(StatusCodes.Status400BadRequest, localizer["提交没有成功，请检查后再点一次“提交”。"]);
        }

        var minimum = TimeSpan.FromSeconds(configuration.GetValue("Citizens:MinimumFillSeconds", 3));
        if (started is null || time.GetUtcNow() - started.Value < minimum)
        {
            return Refuse(StatusCodes.Status400BadRequest, localizer["提交得太快了，请核对内容后再点一次“提交”。"]);
        }

        var address = CitizenLimits.AddressOf(HttpContext);
        var phone = CitizenPhones.Normalize(Input.Phone);
        if (!limits.MayPost(address) || (phone is not null && !limits.MayPostWith(phone)))
        {
            Response.Headers.RetryAfter = "3600";
            return Refuse(StatusCodes.Status429TooManyRequests, localizer["提交次数过多，请一小时后再试。您填写的内容都还在；着急的事情也可以直接拨打联络站电话。"]);
        }

        var photos = new List<UploadedPhoto>();
        foreach (var file in Photos.Where(f => f.Length > 0))
        {
            photos.Add(new UploadedPhoto(file.FileName, file.Length, file.Length <= Opinion.PhotoMaxBytes ? await ReadAsync(file, cancellationToken) : null));
        }

        var submission = new OpinionSubmission(
            Input.Title, Input.Content, Input.CategoryCode, Input.Name, Input.Phone, Input.MayContact, Input.Anonymous, photos, OpinionChannel.Qr);
        SubmissionResult result;
        try
        {
            result = await Intake.SubmitAsync(Address.Kind, Address.Code, submission, cancellationToken);
        }
        catch (Exception exception) when (DatabaseOutage.Handle(exception))
        {
            // The database went away before the save itself (looking up the address or the category): nothing was saved.
            result = new SubmissionResult([], Unavailable: true);
        }

        if (result.Unavailable)
        {
            Response.Headers.RetryAfter = "30";
            return Refuse(StatusCodes.Status503ServiceUnavailable, localizer["系统暂时无法保存，您的意见还没有提交。填写的内容都还在，请稍等片刻再点一次“提交”。"]);
        }

        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var key = error.Field switch
                {
                    "" => string.Empty,
                    nameof(Photos) => nameof(Photos),
                    _ => $"{nameof(Input)}.{error.Field}",
                };
                ModelState.AddModelError(key, localizer[error.Message]);
            }

            return Page();
        }

        limits.Posted(address, phone);
        TempData[SubmittedKey] = result.Secret is null ? result.TrackingCode : $"{result.TrackingCode}|{result.Secret}";
        return RedirectToPage("Submitted");
    }

    private PageResult Refuse(int status, string message)
    {
        FormMessage = message;
        Response.StatusCode = status;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string kind, string code, CancellationToken cancellationToken)
    {
        var addressKind = kind switch
        {
            "d" => AddressKind.Deputy,
            "s" => AddressKind.Station,
            _ => (AddressKind?)null,
        };
        // Both come from memory once warm: a scan of a printed card costs no database round trip (PublicCache).
        var address = addressKind is null ? null
            : await cache.AddressAsync(addressKind.Value, code, c => Intake.AddressAsync(addressKind.Value, code, c), cancellationToken);
        if (address is null)
        {
            return NotFound();
        }

        Address = address;
        Categories = address.IsActive ? await cache.CategoriesAsync(c => Intake.CategoriesAsync(c), cancellationToken) : [];
        return null;
    }

    private string StampNow() => clock.Protect(time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    private DateTimeOffset? StartedAt()
    {
        try
        {
            return Started is not null && long.TryParse(clock.Unprotect(Started), CultureInfo.InvariantCulture, out var milliseconds)
                ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
                : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private static async Task<byte[]> ReadAsync(IFormFile file, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
