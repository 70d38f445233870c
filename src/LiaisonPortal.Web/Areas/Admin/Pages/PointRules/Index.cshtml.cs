using System.Globalization;
using LiaisonPortal.Core.Performance;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Admin.Pages.PointRules;

/// <summary>A rule's row as the form shows it: what is stored, or what was typed when it was refused.</summary>
public sealed record PointRuleForm(PerformanceFact Fact, string Points, string CapPeriod, string Cap, string Minimum, uint Version);

/// <summary>积分规则: a year's points, caps and yearly minimums per fact; a saved change recomputes the year's points at once.</summary>
public class IndexModel(Core.Performance.PointRules rules, PerformanceFiles files, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "year")]
    public int? Year { get; set; }

    public int TheYear { get; private set; }

    public IReadOnlyList<int> Years { get; private set; } = [];

    public IReadOnlyList<PointRuleForm> Rules { get; private set; } = [];

    public IReadOnlyList<PointRuleRow> Stored { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(null, cancellationToken);

    public async Task<IActionResult> OnPostAsync(PerformanceFact fact, string? points, string? capPeriod, string? cap, string? minimum, uint version, CancellationToken cancellationToken)
    {
        TheYear = files.YearOrThis(Year);
        var prefix = $"Input.{fact}";
        var typed = new PointRuleForm(fact, points?.Trim() ?? string.Empty, capPeriod?.Trim() ?? string.Empty, cap?.Trim() ?? string.Empty, minimum?.Trim() ?? string.Empty, version);
        var period = Enum.TryParse<PointCapPeriod>(typed.CapPeriod, out var p) && Enum.IsDefined(p) ? p : (PointCapPeriod?)null;
        var parsed = new[] { ("Points", typed.Points), ("Cap", typed.Cap), ("YearlyMinimum", typed.Minimum) }
            .Where(f => f.Item2.Length > 0 && !int.TryParse(f.Item2, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            .ToList();
        foreach (var (field, _) in parsed)
        {
            ModelState.AddModelError($"{prefix}.{field}", localizer["请填写整数。"]);
        }

        if (parsed.Count > 0)
        {
            await LoadAsync(typed, cancellationToken);
            return Page();
        }

        var input = new PointRuleInput(Int(typed.Points), period, Int(typed.Cap), Int(typed.Minimum), version);
        var result = await rules.UpdateAsync(TheYear, fact, input, cancellationToken);
        if (Failure(result, prefix) is { } failure)
        {
            if (failure is PageResult)
            {
                // Bad input: the row shows what was typed; a conflict: the row shows what the other person saved.
                await LoadAsync(result.Outcome == Core.Management.EditOutcome.Invalid ? typed : null, cancellationToken);
            }

            return failure;
        }

        Done(localizer["已保存“{0}”的积分规则，{1}年的积分已按新规则重算。", localizer[PerformanceFacts.Name(fact)], TheYear]);
        return Redirect(FormattableString.Invariant($"/Admin/PointRules?year={TheYear}"));
    }

    private static int? Int(string text) => text.Length == 0 ? null : int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private async Task LoadAsync(PointRuleForm? typed, CancellationToken cancellationToken)
    {
        TheYear = files.YearOrThis(Year);
        Years = [.. files.Years(TheYear).Prepend(files.Today.Year + 1).Distinct().OrderDescending()];
        Stored = await rules.ForYearAsync(TheYear, cancellationToken);
        Rules = Stored.Select(r => typed is not null && typed.Fact == r.Fact
                ? typed
                : new PointRuleForm(r.Fact, N(r.Points), r.CapPeriod?.ToString() ?? string.Empty, N(r.Cap), N(r.YearlyMinimum), r.Version))
            .ToList();
    }

    private static string N(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
}
