using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Suggestions;

/// <summary>
/// The numbering batches of the congresses in the office's regions (会议期间 / 闭会期间): the list, and the form to add
/// one or change one (/Manage/Suggestions/Batches/{id}). Bad input comes back next to the fields with what was typed.
/// </summary>
[Authorize(Roles = Core.Accounts.Roles.Admin + "," + Core.Accounts.Roles.CongressStaff)]
public class BatchesModel(SuggestionBatches batches, DirectoryEditor editor, SuggestionDesk desk, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Id { get; set; }

    [BindProperty]
    public BatchForm Input { get; set; } = new();

    [BindProperty]
    public uint? Version { get; set; }

    public IReadOnlyList<BatchRow> Rows { get; private set; } = [];

    /// <summary>The batch being changed; null when adding.</summary>
    public BatchRow? Existing { get; private set; }

    /// <summary>The congresses the office may add a batch for: the regions in its scope above the communities.</summary>
    public IReadOnlyList<RegionOption> Regions { get; private set; } = [];

    public bool IsNew => Id is null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (Existing is { } batch)
        {
            Input = new BatchForm
            {
                RegionCode = batch.RegionCode, Year = batch.Year, Kind = batch.Kind, Name = batch.Name, OpensOn = batch.OpensOn, ClosesOn = batch.ClosesOn,
                DeadlineMonths = batch.DeadlineMonths, DeadlineWorkingDays = batch.DeadlineWorkingDays,
            };
            Version = batch.Version;
        }
        else
        {
            var today = desk.Today;
            Input.RegionCode ??= (Regions.Count == 1 || Scope.Kind == Core.Accounts.ScopeKind.Region) && Regions.Count > 0 ? Regions[0].Code : null;
            Input.Year ??= today.Year;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            // A number or a date the browser sent that is not one: the model binder's message is next to the field.
            return await LoadAsync(cancellationToken) ? Page() : NotFound();
        }

        var input = new BatchInput(Input.RegionCode, Input.Year, Input.Kind, Input.Name, Input.OpensOn, Input.ClosesOn, Input.DeadlineMonths, Input.DeadlineWorkingDays);
        var result = Id is { } id
            ? await batches.UpdateAsync(Scope, id, Version, input, cancellationToken)
            : await batches.CreateAsync(Scope, input, cancellationToken);
        if (result.Succeeded)
        {
            Done(localizer["批次“{0} {1}”已保存。", Input.Year ?? 0, Input.Name?.Trim() ?? string.Empty]);
            return Redirect("/Manage/Suggestions/Batches");
        }

        if (result.Outcome == EditOutcome.Conflict)
        {
            ModelState.AddModelError(string.Empty, result.Errors[0].Message);
            if (!await LoadAsync(cancellationToken))
            {
                return NotFound();
            }

            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        var failure = Failure(result);
        return failure is PageResult && !await LoadAsync(cancellationToken) ? NotFound() : failure!;
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Rows = await batches.ListAsync(Scope, cancellationToken);
        Regions = (await editor.RegionChoicesAsync(Scope, cancellationToken)).Where(r => r.Level != RegionLevel.Community).ToList();
        if (Id is { } id)
        {
            Existing = await batches.GetAsync(Scope, id, cancellationToken);
            return Existing is not null;
        }

        return true;
    }

    public sealed class BatchForm
    {
        public string? RegionCode { get; set; }

        public int? Year { get; set; }

        public BatchKind? Kind { get; set; }

        public string? Name { get; set; }

        public DateOnly? OpensOn { get; set; }

        public DateOnly? ClosesOn { get; set; }

        public int? DeadlineMonths { get; set; }

        public int? DeadlineWorkingDays { get; set; }
    }
}
