using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Pages.Public.Opinions;

/// <summary>
/// 查询进度 for opinions and appointments alike: the tracking code and a proof (the phone's last four digits or the secret) show the timeline in plain
/// words. A wrong combination and an unknown code get the same answer, and wrong tries are limited.
/// </summary>
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class TrackModel(
    OpinionTracking tracking, AppointmentBook appointments, CitizenDataExport export, CitizenLimits limits, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public string? Proof { get; set; }

    [BindProperty]
    public Rating? Rating { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    public TrackedOpinion? Opinion { get; private set; }

    /// <summary>Set when the code belongs to an appointment (约见) rather than an opinion.</summary>
    public AppointmentTracking? Appointment { get; private set; }

    /// <summary>The numbers of the deputies' suggestions the opinion was written into, if any.</summary>
    public IReadOnlyList<string> SuggestionNumbers { get; private set; } = [];

    public string? Message { get; private set; }

    /// <summary>
    /// Set when the code's citizen data was anonymised (the retention period ran out) and the proof cannot be checked any
    /// more: the page says so instead of "not found", whatever proof was typed, and shows nothing of the case.
    /// </summary>
    public DateTimeOffset? AnonymisedAt { get; private set; }

    /// <summary>json, csv or xlsx: the citizen's own data download (下载我的信息).</summary>
    [BindProperty]
    public string? Format { get; set; }

    public string? Notice { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LookUpAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRateAsync(CancellationToken cancellationToken)
    {
        if (Rating is null)
        {
            await LookUpAsync(cancellationToken);
            if (Opinion is not null)
            {
                ModelState.AddModelError(nameof(Rating), localizer["请选择满意、基本满意或不满意。"]);
            }

            return Page();
        }

        if (Comment is { Length: > OpinionTracking.CommentMaxLength })
        {
            await LookUpAsync(cancellationToken);
            ModelState.AddModelError(nameof(Comment), localizer["意见最多 {0} 个字，现在是 {1} 个字。", OpinionTracking.CommentMaxLength, Comment.Length]);
            return Page();
        }

        var outcome = await tracking.RateAsync(Code, Proof, Rating.Value, Comment, cancellationToken);
        await LookUpAsync(cancellationToken);
        if (Opinion is not null)
        {
            Notice = outcome switch
            {
                RatingOutcome.Done when Rating == Core.Opinions.Rating.Unsatisfied => localizer["已收到您的评价。这件事将重新办理，办理后会再请您评价。"],
                RatingOutcome.Done => localizer["谢谢您的评价。"],
                _ => localizer["这次答复已经评价过了。"],
            };
            Comment = null;
        }

        return Page();
    }

    /// <summary>
    /// 下载我的信息: everything held about the citizen's own opinion, after the same proof and under the same limit on wrong
    /// tries as the lookup; the phone number masked. A wrong proof shows the form again with the lookup's message.
    /// </summary>
    public async Task<IActionResult> OnPostDownloadAsync(CancellationToken cancellationToken)
    {
        var code = TrackingCodes.Normalize(Code);
        var address = CitizenLimits.AddressOf(HttpContext);
        if (code.Length > 0 && !string.IsNullOrWhiteSpace(Proof) && limits.MayLookUp(address, code))
        {
            var format = Format?.Trim().ToUpperInvariant() switch
            {
                "CSV" => "csv",
                "XLSX" => "xlsx",
                _ => "json",
            };
            if (await export.ForCitizenAsync(code, Proof, format, cancellationToken) is { } report)
            {
                return format == "json" ? AccessReports.JsonFile(report) : await AccessReports.TableFileAsync(report, format, localizer, cancellationToken);
            }
        }

        await LookUpAsync(cancellationToken);
        return Page();
    }

    private async Task LookUpAsync(CancellationToken cancellationToken)
    {
        var code = TrackingCodes.Normalize(Code);
        if (code.Length == 0 || string.IsNullOrWhiteSpace(Proof))
        {
            Message = localizer["请输入查询码，以及手机号码后四位或查询密码。"];
            return;
        }

        var address = CitizenLimits.AddressOf(HttpContext);
        if (!limits.MayLookUp(address, code))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = "3600";
            Message = localizer["查询错误次数过多，请一小时后再试。忘记查询码的，可以带上身份证件到联络站查询。"];
            return;
        }

        Opinion = await tracking.FindAsync(code, Proof, cancellationToken);
        SuggestionNumbers = Opinion is null ? [] : await tracking.SuggestionNumbersAsync(Opinion.Code, cancellationToken);
        Appointment = Opinion is null ? await appointments.TrackAsync(code, Proof.Trim(), cancellationToken) : null;
        if (Opinion is null && Appointment is null)
        {
            limits.LookupFailed(address, code);
            AnonymisedAt = await tracking.AnonymisedAtAsync(code, cancellationToken);
            Message = AnonymisedAt is null ? localizer["没有找到。请核对查询码，以及手机号码后四位或查询密码。"].Value : null;
        }
    }
}
