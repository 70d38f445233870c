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
public class DetailsModel(SuggestionDesk desk, SuggestionCases cases, SuggestionInbox inbox, IStringLocalizer<SharedResource> localizer)
    : SuggestionPageModel(desk)
{
    public IReadOnlyList<string> MyUnitCodes { get; private set; } = [];

    /// <summary>The unit's own assignment in the current round (lead first), if it is still part of it.</summary>
    public SuggestionUnit? Mine { get; private set; }

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

    public Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) => ShowAsync(id, cancellationToken);

    public Task<IActionResult> OnPostViewAsync(int id, CancellationToken cancellationToken) =>
        MoveAsync(id, nameof(View), actor => cases.ViewAsync(actor, id, View.View, cancellationToken), localizer["协办意见已提交给主办单位。"], cancellationToken);

    public Task<IActionResult> OnPostContactAsync(int id, CancellationToken cancellationToken) =>
        MoveAsync(id, nameof(Contact), actor => cases.ContactAsync(actor, id, new ContactInput(Contact.Stage, Contact.Mode, Contact.On, Contact.Note), cancellationToken),
            localizer["沟通记录已保存。"], cancellationToken);

    public Task<IActionResult> OnPostReplyAsync(int id, CancellationToken cancellationToken) =>
        MoveAsync(id, nameof(Reply), actor => cases.ReplyAsync(actor, id, new ReplyInput(Reply.Content, Reply.Grade, Reply.PlannedOn, Reply.Reason), Version, cancellationToken),
            localizer["答复已提交，代表会收到通知并评价。"], cancellationToken);

    public Task<IActionResult> OnPostSendBackAsync(int id, CancellationToken cancellationToken)
    {
        if (!SendBack.Confirm)
        {
            ModelState.AddModelError($"{nameof(SendBack)}.{nameof(SendBackForm.Confirm)}", localizer["请勾选确认后再提交。"]);
        }

        return MoveAsync(id, nameof(SendBack), actor => cases.SendBackAsync(actor, id, SendBack.Reason, Version, cancellationToken),
            localizer["已退回，人大代表工委会重新交办。"], cancellationToken);
    }

    protected override string PathOf(int id) => $"{IndexModel.Path}/Details/{id}";

    protected override async Task LoadedAsync(SuggestionCase found, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(found);
        MyUnitCodes = await inbox.UnitCodesAsync(Scope, cancellationToken);
        Mine = found.Units
            .Where(u => u.Round == found.Round && u.AssignedAt is not null && u.SentBackAt is null && MyUnitCodes.Contains(u.Code))
            .OrderByDescending(u => u.IsLead)
            .FirstOrDefault();
        View.View ??= Mine?.View;

        Contact.On ??= Today;
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
