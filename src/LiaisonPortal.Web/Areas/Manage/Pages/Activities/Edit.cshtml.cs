using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Performance;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Activities;

/// <summary>
/// 登记履职活动 / 修改: the kind, day, title, place and summary, the deputies present (ticked among the scope's deputies,
/// narrowed by a station and a name without script, or codes typed), and evidence files. A refusal re-shows everything
/// typed and ticked with the messages next to the fields; chosen files must be chosen again.
/// </summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public class EditModel(ActivityRecords records, DirectoryEditor directory, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    public const string PickIntent = "pick";

    // Ten files of 10 MB with room for the text fields and the multipart boundaries.
    private const int MaxRequestBytes = (DeputyActivityEvidence.MaxFiles * DeputyActivityEvidence.MaxBytes) + (1024 * 1024);

    [BindProperty]
    public ActivityInput Input { get; set; } = new();

    [BindProperty]
    public IList<IFormFile> Files { get; set; } = [];

    /// <summary>The deputies list's station filter (not saved).</summary>
    [BindProperty]
    public string? PickStation { get; set; }

    /// <summary>The deputies list's name or code filter (not saved).</summary>
    [BindProperty]
    public string? PickText { get; set; }

    /// <summary>"pick" when the deputies list's 筛选 button was pressed rather than 保存.</summary>
    [BindProperty]
    public string? Intent { get; set; }

    /// <summary>The record being edited; null for a new one.</summary>
    public ActivityDetail? Existing { get; private set; }

    public IReadOnlyList<RegionOption> Regions { get; private set; } = [];

    public IReadOnlyList<ActivityStationChoice> Stations { get; private set; } = [];

    public IReadOnlyList<ActivityDeputyChoice> Deputies { get; private set; } = [];

    /// <summary>Files were sent with a form that came back: they were not kept and must be chosen again.</summary>
    public bool FilesDropped { get; private set; }

    public bool IsNew => Existing is null;

    public bool StationStaff => Scope.Kind == ScopeKind.Station;

    public string Today => records.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (Existing is { } existing)
        {
            Input = new ActivityInput
            {
                Kind = existing.Kind,
                Date = existing.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                Title = existing.Title,
                Place = existing.Place,
                Summary = existing.Summary,
                ParticipantCodes = [.. existing.Participants.Select(p => p.Code)],
                Version = existing.Version,
            };
        }
        else
        {
            Input.Date = Today;
            Input.RegionCode = Regions.Count > 0 ? Regions[0].Code : null;
        }

        await ChoicesAsync(cancellationToken);
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
        if (Intent == PickIntent)
        {
            // Only the deputies list changes; nothing is saved and no message is shown for the other fields.
            ModelState.Clear();
            await ChoicesAsync(cancellationToken);
            return Page();
        }

        var uploads = new List<EvidenceUpload>();
        foreach (var file in chosen)
        {
            uploads.Add(new EvidenceUpload(file.FileName, file.Length, file.Length > DeputyActivityEvidence.MaxBytes ? null : await ReadAsync(file, cancellationToken)));
        }

        var result = await records.SaveAsync(User.CaseActor(), Existing?.Id, Input, uploads, cancellationToken);
        if (result.Succeeded)
        {
            Done(IsNew ? localizer["履职活动已登记。"] : localizer["修改已保存。"]);
            return Redirect($"/Manage/Activities/Details/{result.Code}");
        }

        switch (result.Outcome)
        {
            case EditOutcome.NotFound:
                return NotFound();
            case EditOutcome.Forbidden:
                return Forbid();
            case EditOutcome.Conflict:
                // Someone saved first: the message on top, what was typed stays; saving again overwrites with the fresh version.
                ModelState.AddModelError(string.Empty, result.Errors.Count > 0 ? result.Errors[0].Message : ActivityRecords.ChangedMessage);
                Input.Version = Existing?.Version;
                ModelState.Remove("Input.Version");
                break;
            default:
                foreach (var error in result.Errors)
                {
                    var key = error.Field switch
                    {
                        "" => string.Empty,
                        nameof(Files) => nameof(Files),
                        _ => $"{nameof(Input)}.{error.Field}",
                    };
                    ModelState.AddModelError(key, error.Message);
                }

                break;
        }

        await ChoicesAsync(cancellationToken);
        return Page();
    }

    private static async Task<byte[]> ReadAsync(IFormFile file, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>The record in the scope (404 outside it) and the form's region and station choices.</summary>
    private async Task<IActionResult?> LoadAsync(int? id, CancellationToken cancellationToken)
    {
        if (!ActivityRecords.MayRecord(User.CaseActor()))
        {
            return Forbid();
        }

        if (id is { } existingId)
        {
            Existing = await records.GetAsync(Scope, existingId, cancellationToken);
            if (Existing is null)
            {
                return NotFound();
            }
        }

        Stations = await records.StationChoicesAsync(Scope, cancellationToken);
        if (Existing is null && !StationStaff)
        {
            Regions = await directory.RegionChoicesAsync(Scope, cancellationToken);
        }

        return null;
    }

    /// <summary>The deputies to tick: those of the chosen station (the activity's own station at first), narrowed by name; the ticked ones always.</summary>
    private async Task ChoicesAsync(CancellationToken cancellationToken)
    {
        if (Request.Method == HttpMethods.Get && PickStation is null)
        {
            PickStation = Existing?.StationCode;
        }

        var all = Input.AllParticipantCodes();
        Deputies = await records.DeputyChoicesAsync(Scope, PickStation, PickText, all, cancellationToken);

        // Typed codes of deputies now in the list show as ticked boxes; the box alone then decides.
        var listed = Deputies.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        Input.ParticipantCodes = [.. all.Where(listed.Contains)];
        Input.ParticipantText = string.Join(" ", all.Where(c => !listed.Contains(c)));
    }
}
