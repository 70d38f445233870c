using System.Security.Claims;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Workflow;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Hosting;

/// <summary>
/// The case page for every role (office and station under /Manage, units under /Unit, deputies under /Deputy): one
/// reading of the case, and one form per move the workflow table allows the account's role in the case's state. Every
/// form posts the version it was shown with; a refused or stale move comes back with the message and fresh data.
/// </summary>
public abstract class CasePageModel(CaseFiles files, OpinionCases cases, OpinionDesk desk, CaseAids aids, IStringLocalizer<SharedResource> localizer, TimeProvider time) : ManagePageModel
{
    /// <summary>Where the area's queue lives, e.g. "/Manage/Opinions".</summary>
    public abstract string QueuePath { get; }

    /// <summary>The queue's name in the breadcrumbs (a localizer key).</summary>
    public abstract string QueueTitle { get; }

    public CaseFile Current { get; private set; } = null!;

    public WorkflowActor Role => User.WorkflowRole();

    /// <summary>The classification the admins' keyword rules suggest; staff confirm or change it.</summary>
    public ClassificationSuggestion? Suggestion { get; private set; }

    /// <summary>Recent similar cases at the same station or to the same deputy: merging is a click away.</summary>
    public IReadOnlyList<DuplicateCandidate> Duplicates { get; private set; } = [];

    /// <summary>Reply templates for the answer or feedback form this reader has, for the case's category.</summary>
    public IReadOnlyList<TemplateRow> Templates { get; private set; } = [];

    /// <summary>A template chosen with ?template=: the form starts from it, with the case's facts filled in.</summary>
    [BindProperty(SupportsGet = true, Name = "template")]
    public int? TemplateId { get; set; }

    /// <summary>A likely duplicate chosen with ?mergeInto=: the merge form starts with its code.</summary>
    [BindProperty(SupportsGet = true, Name = "mergeInto")]
    public string? MergeInto { get; set; }

    /// <summary>The version (xmin) the forms were shown with.</summary>
    [BindProperty]
    public uint? Version { get; set; }

    [BindProperty]
    public ClassifyForm Classify { get; set; } = new();

    [BindProperty]
    public AssignForm Assign { get; set; } = new();

    [BindProperty]
    public ReasonForm Refuse { get; set; } = new();

    [BindProperty]
    public MergeForm Merge { get; set; } = new();

    [BindProperty]
    public ReasonForm Escalate { get; set; } = new();

    [BindProperty]
    public MessageForm Feedback { get; set; } = new();

    [BindProperty]
    public SuperviseForm Supervise { get; set; } = new();

    [BindProperty]
    public MessageForm Progress { get; set; } = new();

    [BindProperty]
    public AnswerForm Answer { get; set; } = new();

    [BindProperty]
    public ReasonForm Return { get; set; } = new();

    public IReadOnlyList<CaseChoice> Categories { get; private set; } = [];

    public IReadOnlyList<CaseChoice> Units { get; private set; } = [];

    /// <summary>The deadline an assignment made today gets by the grade's rule and the holiday calendar.</summary>
    public DateOnly? DefaultDue { get; private set; }

    /// <summary>The full number, only right after "显示完整号码".</summary>
    public string? RevealedPhone { get; private set; }

    public DateOnly Today => ChinaTime.Today(time);

    /// <summary>
    /// The text typed into a move that could not be made because the case changed meanwhile: shown again above the case,
    /// since the form it was typed into may be gone now (an assignment made by someone else leaves no assign form).
    /// </summary>
    public IReadOnlyList<string> Unsaved { get; private set; } = [];

    /// <summary>Whether the account may make this move now: the workflow table, and for a unit its own open assignment.</summary>
    public bool Can(OpinionAction action)
    {
        if (OpinionWorkflow.Find(Current.State, action, Role) is null)
        {
            return false;
        }

        return Role != WorkflowActor.Unit || action switch
        {
            OpinionAction.Progress or OpinionAction.Answer => Current.MyOpenAssignment is not null,
            OpinionAction.Return => Current.MyOpenAssignment is { IsLead: true },
            _ => true,
        };
    }

    public bool CanAnyMove => Enum.GetValues<OpinionAction>().Any(a => a is not (OpinionAction.Receive or OpinionAction.Evaluate or OpinionAction.Reopen or OpinionAction.AutoClose or OpinionAction.Close) && Can(a));

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken) =>
        await LoadAsync(code, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRevealAsync(string code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(code, cancellationToken))
        {
            return NotFound();
        }

        RevealedPhone = await desk.RevealPhoneAsync(Scope, Current.Case.Code, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    /// <summary>A photo, for staff in scope only; never cached by shared caches.</summary>
    public async Task<IActionResult> OnGetPhotoAsync(string code, int id, CancellationToken cancellationToken)
    {
        var photo = await desk.PhotoAsync(Scope, Core.Citizens.TrackingCodes.Normalize(code), id, cancellationToken);
        if (photo is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "private, max-age=3600";
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(photo.Content, photo.ContentType);
    }

    public Task<IActionResult> OnPostClassifyAsync(string code, CancellationToken cancellationToken) =>
        MoveAsync(code, nameof(Classify), actor => cases.ClassifyAsync(actor, code, Classify.CategoryCode, Classify.Grade, Version, cancellationToken), localizer["已分类。"], cancellationToken);

    public Task<IActionResult> OnPostAssignAsync(string code, CancellationToken cancellationToken) =>
        MoveAsync(code, nameof(Assign), actor => cases.AssignAsync(actor, code, new AssignInput(Assign.LeadUnitCode, Assign.CoUnitCodes, Assign.DueOn, Assign.Note), Version, cancellationToken), localizer["已交办，承办单位可在收件箱中看到。"], cancellationToken);

    public Task<IActionResult> OnPostRefuseAsync(string code, CancellationToken cancellationToken) =>
        MoveAsync(code, nameof(Refuse), actor => cases.RefuseAsync(actor, code, Refuse.Reason, Version, cancellationToken), localizer["已不予受理，理由已告知群众。"], Refuse.Confirm, cancellationToken);

    public Task<IActionResult> OnPostMergeAsync(string code, CancellationToken cancellationToken) =>
        MoveAsync(code, nameof(Merge), actor => cases.MergeAsync(actor, code, Merge.IntoCode, Version, cancellationToken), localizer["已合并办理。"], Merge.Confirm, cancellationToken);

    public Task<IActionResult> OnPostEscalateAsync(string code, CancellationToken cancellationToken) =>
        MoveAsync(code, nameof(Escalate), actor => cases.EscalateAsync(actor, code, Escalate.Note, Version, cancellationToken), localizer["已上报上级人大常委会。"], Escalate.Confirm, cancellationToken);

    public Task<IActionResult> OnPostFeedbackAsync(string code, CancellationToken cancellationToken) =>
        MoveAsync(code, nameof(Feedback), actor => cases.FeedBackAsync(actor, code, Feedback.Message, Version, cancellationToken), localizer["已反馈给群众，群众可以评价了。"], cancellationToken);

    public Task<IActionResult> OnPostSuperviseAsync(string code, CancellationToken cancellationToken) =>
        MoveAsync(code, nameof(Supervise), actor => cases.SuperviseAsync(actor, code, Supervise.Level ?? (SupervisionLevel)(-1), Supervise.Note, cancellationToken), localizer["督办已记录。"], cancellationToken);

    public Task<IActionResult> OnPostProgressAsync(string code, CancellationToken cancellationToken) =>
        MoveAsync(code, nameof(Progress), actor => cases.ProgressAsync(actor, code, Progress.Note, cancellationToken), localizer["办理进展已记录。"], cancellationToken);

    public Task<IActionResult> OnPostAnswerAsync(string code, CancellationToken cancellationToken) =>
        MoveAsync(code, nameof(Answer), actor => cases.AnswerAsync(actor, code, new AnswerInput(Answer.Content, Answer.Result, Answer.Final, Answer.PlannedOn, Answer.Reason), Version, cancellationToken), localizer["答复已提交，反馈给群众前由人大审核。"], cancellationToken);

    public Task<IActionResult> OnPostReturnAsync(string code, CancellationToken cancellationToken) =>
        MoveAsync(code, nameof(Return), actor => cases.ReturnAsync(actor, code, Return.Reason, Version, cancellationToken), localizer["已退回，人大工作人员会重新交办。"], cancellationToken);

    protected CaseActor Actor => User.CaseActor();

    protected Task<IActionResult> MoveAsync(string code, string form, Func<CaseActor, Task<EditResult>> move, string done, CancellationToken cancellationToken) =>
        MoveAsync(code, form, move, done, confirmed: true, cancellationToken);

    /// <summary>
    /// Makes one move. Done: back to the case with a green message (post-redirect-get). Otherwise the page again with
    /// fresh data, the messages next to the form's fields and the typed input kept.
    /// </summary>
    protected async Task<IActionResult> MoveAsync(string code, string form, Func<CaseActor, Task<EditResult>> move, string done, bool confirmed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(move);
        if (!confirmed)
        {
            ModelState.AddModelError($"{form}.Confirm", localizer["请勾选确认后再提交。"]);
        }

        if (!ModelState.IsValid)
        {
            return await LoadAsync(code, cancellationToken) ? Page() : NotFound();
        }

        var result = await move(Actor);
        if (result.Succeeded)
        {
            Done(done);
            return Redirect(QueuePath + "/Details/" + Uri.EscapeDataString(Core.Citizens.TrackingCodes.Normalize(code)));
        }

        if (result.Outcome == EditOutcome.Conflict)
        {
            // A refused or stale move: the message stays at the top, where the fresh state is explained.
            ModelState.AddModelError(string.Empty, result.Errors.Count > 0 ? result.Errors[0].Message : OpinionCases.ChangedMessage);
            Unsaved = TypedText(form);
            return await LoadAsync(code, cancellationToken) ? Page() : NotFound();
        }

        var failure = Failure(result, form);
        return failure is PageResult && !await LoadAsync(code, cancellationToken) ? NotFound() : failure!;
    }

    private List<string> TypedText(string form)
    {
        string?[] typed = form switch
        {
            nameof(Assign) => [Assign.Note],
            nameof(Answer) => [Answer.Content, Answer.Reason],
            nameof(Feedback) => [Feedback.Message],
            nameof(Refuse) => [Refuse.Reason],
            nameof(Escalate) => [Escalate.Note],
            nameof(Return) => [Return.Reason],
            nameof(Progress) => [Progress.Note],
            nameof(Supervise) => [Supervise.Note],
            _ => [],
        };
        return typed.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!).ToList();
    }

    protected async Task<bool> LoadAsync(string code, CancellationToken cancellationToken)
    {
        var found = await files.GetAsync(Scope, code, cancellationToken);
        if (found is null)
        {
            return false;
        }

        Current = found;
        Version = found.Version;
        ModelState.Remove(nameof(Version));
        if (Role is WorkflowActor.Office or WorkflowActor.Station && (Can(OpinionAction.Classify) || Can(OpinionAction.Assign)))
        {
            Categories = await files.CategoriesAsync(cancellationToken);
            Classify.CategoryCode ??= found.CategoryCode;
            Classify.Grade ??= found.Case.Grade;
        }

        if (Can(OpinionAction.Assign))
        {
            Units = await files.UnitsAsync(Scope, cancellationToken);
            DefaultDue = await cases.AnswerDueAsync(found.Case.Grade ?? Grade.Normal, Today, cancellationToken);
        }

        if (Can(OpinionAction.Classify))
        {
            Suggestion = await aids.Settings.SuggestAsync(found.Case.Title, found.Case.Content, cancellationToken);
            if (Classify.CategoryCode is null && Suggestion is not null)
            {
                Classify.CategoryCode = Suggestion.CategoryCode;
                Classify.Grade ??= Suggestion.Grade;
            }
        }

        if (Can(OpinionAction.Merge))
        {
            Duplicates = await aids.Duplicates.LikelyDuplicatesAsync(Scope, found.Case.Code, cancellationToken);
            Merge.IntoCode ??= MergeInto;
        }

        var kind = Can(OpinionAction.FeedBack) ? TemplateKind.Feedback : Can(OpinionAction.Answer) ? TemplateKind.Answer : (TemplateKind?)null;
        if (kind is { } templateKind)
        {
            Templates = await aids.Settings.TemplatesForAsync(templateKind, found.CategoryCode, cancellationToken);
            if (Templates.FirstOrDefault(t => t.Id == TemplateId) is { } chosen)
            {
                var facts = new TemplateFacts(found.Case.Code, found.Case.Title, DateOnly.FromDateTime(ChinaTime.Of(found.Case.ReceivedAt).DateTime), found.Assignments.Where(a => a.IsLead).OrderByDescending(a => a.Round).FirstOrDefault()?.UnitName);
                var text = CaseSettings.FillTemplate(chosen.Body, facts);
                if (templateKind == TemplateKind.Feedback)
                {
                    Feedback.Message = text;
                }
                else
                {
                    Answer.Content = text;
                }
            }
        }

        if (Can(OpinionAction.FeedBack) && string.IsNullOrEmpty(Feedback.Message))
        {
            Feedback.Message = found.LeadAnswer?.Answer;
        }

        Supervise.Level ??= found.Supervision;
        return true;
    }

    public sealed class ClassifyForm
    {
        public string? CategoryCode { get; set; }

        public Grade? Grade { get; set; }
    }

    public sealed class AssignForm
    {
        public string? LeadUnitCode { get; set; }

        public List<string> CoUnitCodes { get; set; } = [];

        public DateOnly? DueOn { get; set; }

        public string? Note { get; set; }
    }

    public sealed class ReasonForm
    {
        public string? Reason { get; set; }

        public string? Note { get; set; }

        public bool Confirm { get; set; }
    }

    public sealed class MergeForm
    {
        public string? IntoCode { get; set; }

        public bool Confirm { get; set; }
    }

    public sealed class MessageForm
    {
        public string? Message { get; set; }

        public string? Note { get; set; }
    }

    public sealed class SuperviseForm
    {
        public SupervisionLevel? Level { get; set; }

        public string? Note { get; set; }
    }

    public sealed class AnswerForm
    {
        public string? Content { get; set; }

        public AnswerResult? Result { get; set; }

        public DateOnly? PlannedOn { get; set; }

        public string? Reason { get; set; }

        public bool Final { get; set; } = true;
    }
}
