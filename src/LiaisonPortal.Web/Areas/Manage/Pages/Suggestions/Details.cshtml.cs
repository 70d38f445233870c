using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Suggestions;

/// <summary>
/// One suggestion for the congress office: everything about it, and a form for each move the workflow table allows
/// the office in its state (review, propose, assign, key supervision). Every form posts the version it was shown with.
/// </summary>
[Authorize(Roles = Core.Accounts.Roles.Admin + "," + Core.Accounts.Roles.CongressStaff)]
public class DetailsModel(SuggestionDesk desk, SuggestionCases cases, CaseFiles files, IStringLocalizer<SharedResource> localizer) : SuggestionPageModel(desk)
{
    /// <summary>The batch the suggestion is numbered in: its deadline rule for the assignment.</summary>
    public SuggestionBatch? Batch { get; private set; }

    /// <summary>The deadline an assignment made today gets by the batch's rule and the holiday calendar.</summary>
    public DateOnly? DefaultDue { get; private set; }

    public IReadOnlyList<CaseChoice> Units { get; private set; } = [];

    /// <summary>The units proposed (拟交办) for the current round, lead first.</summary>
    public IReadOnlyList<SuggestionUnit> Proposal { get; private set; } = [];

    [BindProperty]
    public NoteForm Accept { get; set; } = new();

    [BindProperty]
    public ReasonForm Return { get; set; } = new();

    [BindProperty]
    public NoteForm Convert { get; set; } = new();

    [BindProperty]
    public UnitsForm Propose { get; set; } = new();

    [BindProperty]
    public UnitsForm Assign { get; set; } = new();

    [BindProperty]
    public KeyForm Key { get; set; } = new();

    public bool Can(SuggestionAction action) => SuggestionWorkflow.Table.Allows(Current.State, action, WorkflowActor.Office);

    public Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) => ShowAsync(id, cancellationToken);

    public Task<IActionResult> OnPostAcceptAsync(int id, CancellationToken cancellationToken) =>
        MoveAsync(id, nameof(Accept), actor => cases.AcceptAsync(actor, id, Accept.Note, Version, cancellationToken), localizer["已审核通过立案，可以拟交办了。"], cancellationToken);

    public Task<IActionResult> OnPostReturnAsync(int id, CancellationToken cancellationToken) =>
        MoveAsync(id, nameof(Return), actor => cases.ReturnAsync(actor, id, Return.Reason, Version, cancellationToken), localizer["已退回代表修改，理由代表可以看到。"], cancellationToken);

    public Task<IActionResult> OnPostConvertAsync(int id, CancellationToken cancellationToken)
    {
        if (!Convert.Confirm)
        {
            ModelState.AddModelError($"{nameof(Convert)}.{nameof(NoteForm.Confirm)}", localizer["请勾选确认后再提交。"]);
        }

        return MoveAsync(id, nameof(Convert), actor => cases.ConvertAsync(actor, id, Convert.Note, Version, cancellationToken), localizer["已转为群众意见，按群众意见的流程办理。"], cancellationToken);
    }

    public Task<IActionResult> OnPostProposeAsync(int id, CancellationToken cancellationToken) =>
        MoveAsync(id, nameof(Propose), actor => cases.ProposeAsync(actor, id, new AssignInput(Propose.LeadUnitCode, Propose.CoUnitCodes), Version, cancellationToken), localizer["拟交办单位已保存，交办会时一并交办。"], cancellationToken);

    public Task<IActionResult> OnPostAssignAsync(int id, CancellationToken cancellationToken) =>
        MoveAsync(id, nameof(Assign), actor => cases.AssignAsync(actor, id, new AssignInput(Assign.LeadUnitCode, Assign.CoUnitCodes, Assign.DueOn, Assign.Note), Version, cancellationToken), localizer["已交办，承办单位可以在代表建议办理中看到。"], cancellationToken);

    public Task<IActionResult> OnPostMarkKeyAsync(int id, CancellationToken cancellationToken) =>
        MoveAsync(id, nameof(Key), actor => cases.SuperviseAsync(actor, id, isKey: true, Key.Leader, Key.Note, cancellationToken), localizer["已列为重点督办建议。"], cancellationToken);

    public Task<IActionResult> OnPostLiftKeyAsync(int id, CancellationToken cancellationToken) =>
        MoveAsync(id, nameof(Key), actor => cases.SuperviseAsync(actor, id, isKey: false, null, Key.Note, cancellationToken), localizer["已取消重点督办。"], cancellationToken);

    protected override string PathOf(int id) => $"/Manage/Suggestions/Details/{id}";

    protected override async Task LoadedAsync(SuggestionCase found, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(found);
        Proposal = found.Units.Where(u => u.Round == found.Round && u.AssignedAt is null && u.SentBackAt is null).ToList();
        if (Can(SuggestionAction.Propose) || Can(SuggestionAction.Assign))
        {
            Units = await files.UnitsAsync(Scope, cancellationToken);
        }

        if (HttpMethods.IsGet(Request.Method))
        {
            // The forms start from the proposal; after a refused post they keep what was typed.
            var lead = Proposal.FirstOrDefault(u => u.IsLead)?.Code;
            var co = Proposal.Where(u => !u.IsLead).Select(u => u.Code).ToList();
            foreach (var unitsForm in new[] { Propose, Assign })
            {
                if (unitsForm.LeadUnitCode is null && unitsForm.CoUnitCodes.Count == 0)
                {
                    unitsForm.LeadUnitCode = lead;
                    unitsForm.CoUnitCodes = co;
                }
            }

            Key.Leader = found.KeyLeader;
        }

        if (found.BatchId is { } batchId)
        {
            Batch = (await Desk.BatchesAsync(Scope, cancellationToken)).FirstOrDefault(b => b.Id == batchId);
            if (Batch is not null && Can(SuggestionAction.Assign))
            {
                DefaultDue = await cases.DueAsync(Batch, Today, cancellationToken);
            }
        }
    }

    public sealed class NoteForm
    {
        public string? Note { get; set; }

        public bool Confirm { get; set; }
    }

    public sealed class ReasonForm
    {
        public string? Reason { get; set; }
    }

    public sealed class UnitsForm
    {
        public string? LeadUnitCode { get; set; }

        public List<string> CoUnitCodes { get; set; } = [];

        public DateOnly? DueOn { get; set; }

        public string? Note { get; set; }
    }

    public sealed class KeyForm
    {
        public string? Leader { get; set; }

        public string? Note { get; set; }
    }
}
