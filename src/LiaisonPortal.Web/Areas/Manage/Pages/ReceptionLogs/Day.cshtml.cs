using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.ReceptionLogs;

/// <summary>
/// The reception day: check deputies in, register walk-in opinions (the page stays, listing what was registered with the
/// codes to hand over), the counts, photos and summary, and closing the log. Read-only for station staff once closed.
/// </summary>
public class DayModel(Core.Reception.ReceptionLogs logs, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty]
    public CountsForm Counts { get; set; } = new();

    [BindProperty]
    public OpinionForm Opinion { get; set; } = new();

    [BindProperty]
    public CloseForm Closing { get; set; } = new();

    public LogDetail Detail { get; private set; } = null!;

    /// <summary>The opinion just registered: its code, and the secret (shown this once) when the citizen left no phone.</summary>
    public string? SavedCode { get; private set; }

    public string? SavedSecret { get; private set; }

    public bool CanEdit => !Detail.IsClosed || User.WorkflowRole() == WorkflowActor.Office;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(fillCounts: true, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnGetPhotoAsync(int photoId, CancellationToken cancellationToken)
    {
        var photo = await logs.PhotoAsync(Scope, Id, photoId, cancellationToken);
        if (photo is not { } found)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "private, no-store";
        return File(found.Content, found.ContentType);
    }

    public async Task<IActionResult> OnPostCheckInAsync(string? deputyCode, CancellationToken cancellationToken)
    {
        var result = await logs.CheckInAsync(User.CaseActor(), Id, deputyCode, cancellationToken);
        return await AnswerAsync(result, null, () => localizer["{0} 已签到。", result.Code!], cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveCheckInAsync(string? deputyCode, CancellationToken cancellationToken)
    {
        var result = await logs.RemoveCheckInAsync(User.CaseActor(), Id, deputyCode, cancellationToken);
        return await AnswerAsync(result, null, () => localizer["已撤销 {0} 的签到。", result.Code!], cancellationToken);
    }

    public async Task<IActionResult> OnPostUpdateAsync(CancellationToken cancellationToken)
    {
        var result = await logs.UpdateAsync(
            User.CaseActor(), Id, new LogUpdateInput(Counts.PeopleReceived, Counts.SolvedOnSpot, Counts.Summary, Counts.Mode, Counts.Place, Counts.Version),
            cancellationToken);
        return await AnswerAsync(result, nameof(Counts), () => localizer["已保存接待情况。"], cancellationToken);
    }

    public async Task<IActionResult> OnPostPhotoAsync(IFormFile? photo, CancellationToken cancellationToken)
    {
        UploadedPhoto? upload = null;
        if (photo is not null)
        {
            byte[]? content = null;
            if (photo.Length <= Core.Opinions.Opinion.PhotoMaxBytes)
            {
                using var buffer = new MemoryStream();
                await photo.CopyToAsync(buffer, cancellationToken);
                content = buffer.ToArray();
            }

            upload = new UploadedPhoto(photo.FileName, photo.Length, content);
        }

        var result = await logs.AddPhotoAsync(User.CaseActor(), Id, upload, cancellationToken);
        return await AnswerAsync(result, null, () => localizer["照片已上传。"], cancellationToken);
    }

    public async Task<IActionResult> OnPostRemovePhotoAsync(int photoId, CancellationToken cancellationToken)
    {
        var result = await logs.RemovePhotoAsync(User.CaseActor(), Id, photoId, cancellationToken);
        return await AnswerAsync(result, null, () => localizer["照片已删除。"], cancellationToken);
    }

    public async Task<IActionResult> OnPostOpinionAsync(CancellationToken cancellationToken)
    {
        var saved = await logs.RegisterOpinionAsync(
            User.CaseActor(), Id, new LogOpinionInput(Opinion.Title, Opinion.Content, Opinion.Name, Opinion.Phone, Opinion.MayContact), cancellationToken);
        if (saved.Unavailable)
        {
            ModelState.AddModelError(string.Empty, localizer["系统暂时无法保存，登记还没有完成。填写的内容都还在，请稍后再点一次“登记”。"]);
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return await LoadAsync(fillCounts: true, cancellationToken) ? Page() : NotFound();
        }

        if (saved.Result.Succeeded)
        {
            // Like 接待登记: the page stays (no redirect) so the secret is shown once and never travels in a cookie.
            SavedCode = saved.Result.Code;
            SavedSecret = saved.Secret;
            Opinion = new OpinionForm();
            ModelState.Clear();
            return await LoadAsync(fillCounts: true, cancellationToken) ? Page() : NotFound();
        }

        return await AnswerAsync(saved.Result, nameof(Opinion), () => string.Empty, cancellationToken);
    }

    public async Task<IActionResult> OnPostCloseAsync(CancellationToken cancellationToken)
    {
        if (!Closing.Confirm)
        {
            ModelState.AddModelError($"{nameof(Closing)}.{nameof(CloseForm.Confirm)}", localizer["请勾选确认，再关闭登记表。"]);
            return await LoadAsync(fillCounts: true, cancellationToken) ? Page() : NotFound();
        }

        var result = await logs.CloseAsync(User.CaseActor(), Id, Closing.Version, Closing.NoDeputyNote, cancellationToken);
        // A count the close refuses belongs to the counts form.
        var errors = result.Errors.Select(e => e.Field == nameof(LogUpdateInput.PeopleReceived) ? e with { Field = string.Empty } : e).ToList();
        return await AnswerAsync(result with { Errors = errors }, nameof(Closing), () => localizer["登记表已关闭。"], cancellationToken);
    }

    /// <summary>Done: back to the page with a message (post-redirect-get); otherwise the page with the messages, or 404.</summary>
    private async Task<IActionResult> AnswerAsync(EditResult result, string? prefix, Func<string> message, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            Done(message());
            return Redirect($"/Manage/ReceptionLogs/{Id}");
        }

        if (prefix is null)
        {
            result = result with { Errors = result.Errors.Select(e => e with { Field = string.Empty }).ToList() };
        }

        var failure = Failure(result, prefix ?? string.Empty)!;
        if (failure is not PageResult)
        {
            return failure;
        }

        return await LoadAsync(fillCounts: prefix != nameof(Counts), cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(bool fillCounts, CancellationToken cancellationToken)
    {
        var detail = await logs.GetAsync(Scope, Id, cancellationToken);
        if (detail is null)
        {
            return false;
        }

        Detail = detail;
        if (fillCounts)
        {
            Counts = new CountsForm
            {
                PeopleReceived = detail.PeopleReceived,
                SolvedOnSpot = detail.SolvedOnSpot,
                Summary = detail.Summary,
                Mode = detail.Mode,
                Place = detail.Place,
                Version = detail.Version,
            };
        }

        Closing.Version = detail.Version;
        return true;
    }

    public sealed class CountsForm
    {
        public int? PeopleReceived { get; set; }

        public int? SolvedOnSpot { get; set; }

        public string? Summary { get; set; }

        public ReceptionMode? Mode { get; set; }

        public string? Place { get; set; }

        public uint Version { get; set; }
    }

    public sealed class OpinionForm
    {
        public string? Title { get; set; }

        public string? Content { get; set; }

        public string? Name { get; set; }

        public string? Phone { get; set; }

        public bool MayContact { get; set; }
    }

    public sealed class CloseForm
    {
        public uint Version { get; set; }

        public string? NoDeputyNote { get; set; }

        public bool Confirm { get; set; }
    }
}
