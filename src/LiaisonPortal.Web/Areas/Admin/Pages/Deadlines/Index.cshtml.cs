using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Admin.Pages.Deadlines;

/// <summary>办理时限: the three working-day numbers per grade ("2310"); new assignments use them, existing deadlines stay.</summary>
public class IndexModel(CaseSettings settings, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    public IReadOnlyList<DeadlineRuleRow> Rules { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Rules = await settings.DeadlineRulesAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(Grade grade, int? forwardDays, int? reachDays, int? answerDays, CancellationToken cancellationToken)
    {
        var result = await settings.UpdateDeadlineRuleAsync(grade, forwardDays, reachDays, answerDays, cancellationToken);
        if (Failure(result, $"Input.{grade}") is { } failure)
        {
            if (failure is PageResult)
            {
                // The row that was sent shows what was typed, next to its messages.
                Rules = (await settings.DeadlineRulesAsync(cancellationToken))
                    .Select(r => r.Grade == grade ? new DeadlineRuleRow(grade, forwardDays ?? r.ForwardDays, reachDays ?? r.ReachDays, answerDays ?? r.AnswerDays) : r)
                    .ToList();
            }

            return failure;
        }

        Done(localizer["已保存“{0}”的办理时限：新交办的意见按新时限计算，已交办的不变。", localizer[OpinionCases.GradeName(grade)]]);
        return RedirectToPage();
    }
}
