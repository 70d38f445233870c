using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Deputy.Pages.Suggestions;

/// <summary>
/// 写建议: a new suggestion (perhaps from opinions picked on 群众给我的意见, ?from=CODE&amp;from=CODE), or the deputy's
/// draft or returned suggestion. 保存草稿 or 提交 through <see cref="SuggestionCases.SaveAsync"/>; a refusal re-shows
/// everything typed and chosen with the messages next to the fields (files must be chosen again).
/// </summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public class EditModel(SuggestionDesk desk, SuggestionCases cases, CaseFiles files, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    public const string SubmitIntent = "submit";

    // Five files of 10 MB with room for the text fields and the multipart boundaries.
    private const int MaxRequestBytes = (SuggestionAttachment.MaxFiles * SuggestionAttachment.MaxBytes) + (1024 * 1024);

    [BindProperty]
    public SuggestionForm Input { get; set; } = new();

    [BindProperty]
    public IList<IFormFile> Files { get; set; } = [];

    [BindProperty]
    public uint? Version { get; set; }

    /// <summary>Which button was pressed: 提交 ("submit") or 保存草稿.</summary>
    [BindProperty]
    public string? Intent { get; set; }

    /// <summary>Opinions chosen on the opinion list or page (tracking codes), for a new suggestion.</summary>
    [BindProperty(SupportsGet = true, Name = "from")]
    public List<string> From { get; set; } = [];

    /// <summary>The suggestion being edited; null for a new one.</summary>
    public SuggestionCase? Existing { get; private set; }

    /// <summary>The office's reasons when it returned the suggestion.</summary>
    public string? ReturnReason { get; private set; }

    public IReadOnlyList<CaseChoice> Categories { get; private set; } = [];

    public IReadOnlyList<DeputyName> Colleagues { get; private set; } = [];

    public IReadOnlyList<OpinionChoice> Opinions { get; private set; } = [];

    /// <summary>Files were sent with a form that came back: they were not kept and must be chosen again.</summary>
    public bool FilesDropped { get; private set; }

    public bool IsNew => Existing is null;

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (Existing is { } existing)
        {
            var colleagues = Colleagues.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
            Input = new SuggestionForm
            {
                Title = existing.Title,
                Content = existing.Content,
                CategoryCode = existing.CategoryCode,
                CosignerCodes = [.. existing.Cosigners.Where(c => colleagues.Contains(c.Code)).Select(c => c.Code)],
                CosignerText = string.Join(" ", existing.Cosigners.Where(c => !colleagues.Contains(c.Code)).Select(c => c.Code)),
                SourceCodes = [.. existing.Sources.Select(s => s.TrackingCode)],
            };
        }
        else
        {
            Input.SourceCodes = [.. Opinions.Where(o => From.Select(Core.Citizens.TrackingCodes.Normalize).Contains(o.TrackingCode)).Select(o => o.TrackingCode)];
            if (Input.SourceCodes.Count == 1 && Opinions.FirstOrDefault(o => o.TrackingCode == Input.SourceCodes[0]) is { } only
                && localizer["关于{0}的建议", only.Title].Value is { Length: <= Suggestion.TitleMaxLength } title)
            {
                Input.Title = title;
            }
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }

        var chosen = Files.Where(f => f.Length > 0).ToList();
        FilesDropped = chosen.Count > 0;
        if (chosen.Count + (Existing?.Files.Count ?? 0) > SuggestionAttachment.MaxFiles)
        {
            ModelState.AddModelError(nameof(Files), localizer["附件最多 {0} 个，这件建议已有 {1} 个。", SuggestionAttachment.MaxFiles, Existing?.Files.Count ?? 0]);
            return Page();
        }

        if (chosen.FirstOrDefault(f => f.Length > SuggestionAttachment.MaxBytes) is { } large)
        {
            ModelState.AddModelError(nameof(Files), localizer["附件 {0} 超过 {1} MB。", large.FileName, SuggestionAttachment.MaxBytes / 1024 / 1024]);
            return Page();
        }

        var uploads = new List<SuggestionUpload>();
        foreach (var file in chosen)
        {
            uploads.Add(new SuggestionUpload(file.FileName, await ReadAsync(file, cancellationToken)));
        }

        var submit = Intent == SubmitIntent;
        var input = new SuggestionInput(Input.Title, Input.Content, Input.CategoryCode, Input.AllCosignerCodes(), Input.SourceCodes);
        var result = await cases.SaveAsync(User.CaseActor(), Existing?.Id, input, uploads, submit, Existing is null ? null : Version, cancellationToken);
        if (result.Succeeded)
        {
            var savedId = int.Parse(result.Code!, System.Globalization.CultureInfo.InvariantCulture);
            if (submit)
            {
                var number = (await desk.GetAsync(Scope, savedId, cancellationToken))?.Number;
                Done(localizer["建议已提交，编号 {0}。人大常委会审核后交有关部门办理。", number ?? string.Empty]);
                return Redirect($"/Deputy/Suggestions/Details/{savedId}");
            }

            Done(localizer["草稿已保存。可以继续修改，写好后点“提交”。"]);
            return Redirect($"/Deputy/Suggestions/Edit/{savedId}");
        }

        switch (result.Outcome)
        {
            case EditOutcome.NotFound:
                return NotFound();
            case EditOutcome.Forbidden:
                return Forbid();
            case EditOutcome.Conflict:
                // Stale or not editable any more: the message on top; the typed text stays, with the fresh version.
                ModelState.AddModelError(string.Empty, result.Errors.Count > 0 ? result.Errors[0].Message : SuggestionCases.ChangedMessage);
                Version = Existing?.Version;
                ModelState.Remove(nameof(Version));
                return Page();
            default:
                foreach (var error in result.Errors)
                {
                    var key = error.Field switch
                    {
                        "" => string.Empty,
                        nameof(Files) => nameof(Files),
                        _ => $"{nameof(Input)}.{error.Field}",
                    };
                    ModelState.AddModelError(key, localizer[error.Message]);
                }

                return Page();
        }
    }

    /// <summary>Removes an attachment of the draft; what was typed in the form stays on the page (not yet saved).</summary>
    public async Task<IActionResult> OnPostRemoveFileAsync(int? id, int fileId, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            return NotFound();
        }

        var result = await cases.RemoveAttachmentAsync(User.CaseActor(), id.Value, fileId, cancellationToken);
        if (result.Outcome == EditOutcome.NotFound)
        {
            return NotFound();
        }

        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }

        FilesDropped = Files.Any(f => f.Length > 0);
        if (result.Succeeded)
        {
            ViewData["Removed"] = localizer["附件已删除。表单里的其他修改还没有保存，请点“保存草稿”或“提交”。"].Value;
        }
        else
        {
            ModelState.AddModelError(string.Empty, result.Errors.Count > 0 ? result.Errors[0].Message : SuggestionCases.ChangedMessage);
        }

        return Page();
    }

    private static async Task<byte[]> ReadAsync(IFormFile file, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>The suggestion (only the lead deputy's draft or returned one may be edited) and the form's choices.</summary>
    private async Task<IActionResult?> LoadAsync(int? id, CancellationToken cancellationToken)
    {
        if (id is { } existingId)
        {
            var found = await desk.GetAsync(Scope, existingId, cancellationToken);
            if (found is null || !(await desk.LedAsync(Scope, [existingId], cancellationToken)).Contains(existingId))
            {
                return NotFound();
            }

            if (found.State is not (SuggestionState.Draft or SuggestionState.Returned))
            {
                Done(localizer["这件建议已提交，不能再修改。"]);
                return Redirect($"/Deputy/Suggestions/Details/{existingId}");
            }

            Existing = found;
            if (Request.Method == HttpMethods.Get || Version is null)
            {
                Version = found.Version;
            }

            ReturnReason = found.State == SuggestionState.Returned ? found.Steps.LastOrDefault(s => s.Action == SuggestionAction.Return)?.Note : null;
        }

        Categories = await files.CategoriesAsync(cancellationToken);
        Colleagues = await desk.ColleaguesAsync(Scope, cancellationToken);
        IReadOnlyCollection<string> chosen = Request.Method == HttpMethods.Get ? [.. From, .. Existing?.Sources.Select(s => s.TrackingCode) ?? []] : Input.SourceCodes;
        Opinions = await desk.OpinionChoicesAsync(Scope, chosen, cancellationToken);
        return null;
    }
}

/// <summary>What the deputy types and picks, kept as posted so nothing is lost when the form comes back.</summary>
public sealed class SuggestionForm
{
    public string? Title { get; set; }

    public string? Content { get; set; }

    public string? CategoryCode { get; set; }

    /// <summary>Co-signers ticked among the deputies sharing a station.</summary>
    public List<string> CosignerCodes { get; set; } = [];

    /// <summary>Other co-signers' codes, typed (separated by spaces, commas or 、).</summary>
    public string? CosignerText { get; set; }

    /// <summary>Tracking codes of the source opinions.</summary>
    public List<string> SourceCodes { get; set; } = [];

    public IReadOnlyList<string> AllCosignerCodes() =>
        [.. CosignerCodes, .. (CosignerText ?? string.Empty).Split([',', '，', '、', ' ', '\n', '\r', '\t', ';', '；'], StringSplitOptions.RemoveEmptyEntries)];
}
