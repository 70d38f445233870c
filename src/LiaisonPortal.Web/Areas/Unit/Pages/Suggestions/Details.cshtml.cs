using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Unit.Pages.Suggestions;

/// <summary>
/// One suggestion for a handling unit: the text, the deputies, the units of each round, the contacts and the history;
/// and the unit's own moves — a co-unit's views, a contact with the deputy, the lead unit's graded reply or sending it
/// back. Whether a move is allowed is the service's decision; the page only offers the forms that can succeed.
/// </summary>
public class DetailsModel(SuggestionDesk desk, SuggestionCases cases, SuggestionInbox inbox, IStringLocalizer<SharedResource> localizer, TimeProvider time)
    : ManagePageModel
{
    public SuggestionCase Current { get; private set; } = null!;

    public IReadOnlyList<string> MyUnitCodes { get; private set; } = [];

    /// <summary>The unit's own assignment in the current round (lead first), if it is still part of it.</summary>
    public SuggestionUnit? Mine { get; private set; }

    public DateOnly Today => ChinaTime.Today(time);

    [BindProperty]
    public uint? Version { get; set; }

    [BindProperty]
    public ViewForm View { get; set; } = new();

    [BindProperty]
    public ContactForm Contact { get; set; } = new();

    [BindProperty]
    public ReplyForm Reply { get; set; } = new();

    [BindProperty]
    public SendBackForm SendBack { get; set; } = new();

    public bool IsAssigned => Current.State == SuggestionState.Assigned;

    public bool CanView => IsAssigned && Mine is { IsLead: false };

    public bool CanReply => IsAssigned && Mine is { IsLead: true, RepliedAt: null };

    public bool CanContact => Mine is not null && Current.State is SuggestionState.Assigned or SuggestionState.Replied or SuggestionState.Closed;

    /// <summary>The co-units of the current round (still part of it).</summary>
    public IReadOnlyList<SuggestionUnit> CoUnits => [.. Current.Units.Where(u => u.Round == Current.Round && !u.IsLead && u.AssignedAt is not null && u.SentBackAt is null)];

    /// <summary>Whether this unit has recorded a contact with the deputy in the current round (needed before the reply).</summary>
    public bool ContactRecorded => Mine is { } mine && Current.Contacts.Any(c => c.Round == Current.Round && c.UnitName == mine.Name);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostViewAsync(int id, CancellationToken cancellationToken) =>
        MoveAsync(id, nameof(View), actor => cases.ViewAsync(actor, id, View.View, cancellationToken), localizer["协办意见已提交给主办单位。"], true, cancellationToken);

    public Task<IActionResult> OnPostContactAsync(int id, CancellationToken cancellationToken) =>
        MoveAsync(id, nameof(Contact), actor => cases.ContactAsync(actor, id, new ContactInput(Contact.Stage, Contact.Mode, Contact.On, Contact.Note), cancellationToken),
            localizer["沟通记录已保存。"], true, cancellationToken);

    public Task<IActionResult> OnPostReplyAsync(int id, CancellationToken cancellationToken) =>
        MoveAsync(id, nameof(Reply), actor => cases.ReplyAsync(actor, id, new ReplyInput(Reply.Content, Reply.Grade, Reply.PlannedOn, Reply.Reason), Version, cancellationToken),
            localizer["答复已提交，代表会收到通知并评价。"], true, cancellationToken);

    public Task<IActionResult> OnPostSendBackAsync(int id, CancellationToken cancellationToken) =>
        MoveAsync(id, nameof(SendBack), actor => cases.SendBackAsync(actor, id, SendBack.Reason, Version, cancellationToken),
            localizer["已退回，人大代表工委会重新交办。"], SendBack.Confirm, cancellationToken);

    /// <summary>
    /// Done: back to the suggestion with a green message. Otherwise the page again with fresh data: field messages next
    /// to the fields and the typed text kept; a refused or stale move's message at the top (403 for a move the unit may
    /// not make, e.g. a co-unit's reply).
    /// </summary>
    private async Task<IActionResult> MoveAsync(int id, string form, Func<CaseActor, Task<EditResult>> move, string done, bool confirmed, CancellationToken cancellationToken)
    {
        if (!confirmed)
        {
            ModelState.AddModelError($"{form}.Confirm", localizer["请勾选确认后再提交。"]);
        }

        if (ModelState.IsValid)
        {
            var result = await move(User.CaseActor());
            switch (result.Outcome)
            {
                case EditOutcome.Done:
                    Done(done);
                    return Redirect($"{IndexModel.Path}/Details/{id}");
                case EditOutcome.NotFound:
                    return NotFound();
                case EditOutcome.Conflict or EditOutcome.Forbidden:
                    ModelState.AddModelError(string.Empty, result.Errors.Count > 0 ? result.Errors[0].Message : SuggestionCases.ChangedMessage);
                    if (result.Outcome == EditOutcome.Forbidden)
                    {
                        Response.StatusCode = StatusCodes.Status403Forbidden;
                    }

                    break;
                default:
                    foreach (var error in result.Errors)
                    {
                        ModelState.AddModelError(error.Field.Length == 0 ? string.Empty : $"{form}.{error.Field}", error.Message);
                    }

                    break;
            }
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var found = await desk.GetAsync(Scope, id, cancellationToken);
        if (found is null)
        {
            return false;
        }

        Current = found;
        Version = found.Version;
        ModelState.Remove(nameof(Version));
        MyUnitCodes = await inbox.UnitCodesAsync(Scope, cancellationToken);
        Mine = found.Units
            .Where(u => u.Round == found.Round && u.AssignedAt is not null && u.SentBackAt is null && MyUnitCodes.Contains(u.Code))
            .OrderByDescending(u => u.IsLead)
            .FirstOrDefault();
        View.View ??= Mine?.View;

        Contact.On ??= Today;
        return true;
    }

    public sealed class ViewForm
    {
        public string? View { get; set; }
    }

    public sealed class ContactForm
    {
        public ContactStage? Stage { get; set; }

        public ContactMode? Mode { get; set; }

        public DateOnly? On { get; set; }

        public string? Note { get; set; }
    }

    public sealed class ReplyForm
    {
        public string? Content { get; set; }

        public AnswerResult? Grade { get; set; }

        public DateOnly? PlannedOn { get; set; }

        public string? Reason { get; set; }
    }

    public sealed class SendBackForm
    {
        public string? Reason { get; set; }

        public bool Confirm { get; set; }
    }
}
