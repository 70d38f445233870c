using System.Globalization;
using System.Security.Claims;
using LiaisonPortal.Core.Analysis;
using LiaisonPortal.Core.Exports;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Analysis;

/// <summary>
/// One monthly analysis report: the frozen figures with links into the case list, the commentary editor and publishing
/// for a draft, printing on A4 (the commentary printed as text), and the report's tables as CSV or a workbook.
/// </summary>
[Authorize(Roles = Core.Accounts.Roles.Admin + "," + Core.Accounts.Roles.CongressStaff)]
public class ReportModel(OpinionAnalysis analysis, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty]
    public string? Commentary { get; set; }

    [BindProperty]
    public uint? Version { get; set; }

    /// <summary>The publish confirmation box.</summary>
    [BindProperty]
    public bool Confirm { get; set; }

    public AnalysisReportView Report { get; private set; } = null!;

    /// <summary>After a conflict: the commentary someone else saved, shown beside what this person typed.</summary>
    public string? LatestCommentary { get; private set; }

    public bool IsDraft => Report.State == AnalysisReportState.Draft;

    public AnalysisFigures Figures => Report.Figures;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Commentary = Report.Commentary;
        Version = Report.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostCommentaryAsync(CancellationToken cancellationToken)
    {
        var result = await analysis.SaveCommentaryAsync(Scope, Id, Version, Commentary, cancellationToken);
        if (result.Succeeded)
        {
            Done(localizer["评述已保存。"]);
            return Redirect($"/Manage/Analysis/Report/{Id}");
        }

        return await AgainAsync(result, cancellationToken);
    }

    /// <summary>Saves the commentary as typed and publishes, when the box is ticked.</summary>
    public async Task<IActionResult> OnPostPublishAsync(CancellationToken cancellationToken)
    {
        if (!Confirm)
        {
            ModelState.AddModelError(nameof(Confirm), localizer["请勾选“确认发布”：发布后报告冻结，不能再修改评述或重新生成。"]);
            return await LoadAsync(cancellationToken) ? Page() : NotFound();
        }

        var saved = await analysis.SaveCommentaryAsync(Scope, Id, Version, Commentary, cancellationToken);
        if (!saved.Succeeded)
        {
            return await AgainAsync(saved, cancellationToken);
        }

        var current = await analysis.GetAsync(Scope, Id, cancellationToken);
        var result = await analysis.PublishAsync(Scope, Id, current?.Version, User.FindFirstValue(ClaimTypes.NameIdentifier), User.DisplayName(), cancellationToken);
        if (result.Succeeded)
        {
            Done(localizer["报告已发布。"]);
            return Redirect($"/Manage/Analysis/Report/{Id}");
        }

        return await AgainAsync(result, cancellationToken);
    }

    public async Task<IActionResult> OnPostRegenerateAsync(CancellationToken cancellationToken)
    {
        var result = await analysis.RegenerateAsync(Scope, Id, cancellationToken);
        if (result.Succeeded)
        {
            Done(localizer["已按最新数据重新生成，评述保留。"]);
            return Redirect($"/Manage/Analysis/Report/{Id}");
        }

        return await AgainAsync(result, cancellationToken);
    }

    /// <summary>The report's tables, one after another, as CSV (format=csv, the default) or a workbook (format=xlsx).</summary>
    public async Task<IActionResult> OnGetExportAsync([FromQuery(Name = "format")] string? format, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        string[] headers = [localizer["部分"], localizer["项目"], localizer["编码"], localizer["本月"], localizer["占比"], localizer["上月"], localizer["较上月"], localizer["去年同月"], localizer["说明"]];
        return TableExport.Result(
            new ExportTable(localizer["民情分析"], headers, ExportTable.From(ExportRows())),
            format,
            $"opinion-analysis-{Report.RegionCode}-{Figures.Month.ToString("yyyyMM", CultureInfo.InvariantCulture)}");
    }

    /// <summary>The case list filtered to the report's month (and the given filters).</summary>
    public string OpinionsUrl(params (string Key, string? Value)[] filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var query = new Dictionary<string, string?>
        {
            ["from"] = Figures.Month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = Figures.Month.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in filters.Where(f => f.Value is not null))
        {
            query[key] = value;
        }

        return QueryHelpers.AddQueryString("/Manage/Opinions", query);
    }

    public static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string P(decimal? rate) => FigureCounts.Percent(rate);

    /// <summary>"+3（+33.3%）", "-2（-50.0%）", "+4" (nothing before), "0".</summary>
    public static string Change(int now, int before)
    {
        var diff = now - before;
        if (diff == 0)
        {
            return "0";
        }

        var sign = diff.ToString("+0;-0", CultureInfo.InvariantCulture);
        return before == 0 ? sign : $"{sign}（{FigureCounts.Points((decimal)diff / before * 100m)}%）";
    }

    private IEnumerable<IReadOnlyList<string?>> ExportRows()
    {
        var f = Figures;
        var t = f.Totals;
        string L(string text) => localizer[text];
        string? Last(int? value) => value is { } v ? N(v) : null;
        yield return [L("总体"), L("收到意见"), null, N(t.Received), null, N(f.PreviousMonthReceived), Change(t.Received, f.PreviousMonthReceived), Last(f.SameMonthLastYearReceived), f.MonthToDate ? L("本月至今") : null];
        yield return [L("总体"), L("已办结"), null, N(t.Closed), P(t.ClosedRate), null, null, null, null];
        yield return [L("总体"), L("不予受理"), null, N(t.Refused), P(FigureCounts.Rate(t.Refused, t.Received)), null, null, null, null];
        yield return [L("总体"), L("超期"), null, N(t.OverdueNow), P(FigureCounts.Rate(t.OverdueNow, t.Received)), null, null, null, L("生成报告时")];
        yield return [L("总体"), L("满意率"), null, N(t.Satisfied), P(t.SatisfactionRate), null, null, null, localizer["满意和基本满意 {0} 件 ÷ 已评价 {1} 件", t.Satisfied, t.Rated]];
        foreach (var c in f.Channels)
        {
            yield return [L("来源渠道"), L(OpinionLabels.Of(c.Channel)), c.Channel.ToString(), N(c.Opinions), P(FigureCounts.Rate(c.Opinions, t.Received)), null, null, null, null];
        }

        foreach (var c in f.Categories)
        {
            yield return [L("分类"), L(c.Name), c.Code, N(c.Opinions), P(FigureCounts.Rate(c.Opinions, t.Received)), N(c.PreviousMonth), Change(c.Opinions, c.PreviousMonth), Last(c.SameMonthLastYear), null];
        }

        foreach (var h in f.HotTopics)
        {
            yield return [L("热点词"), h.Term, null, N(h.Opinions), P(h.Share), null, null, null,
                h.Lift is { } lift ? localizer["前三个月占比 {0}，为其 {1} 倍", P(h.BaselineShare), lift.ToString("0.0", CultureInfo.InvariantCulture)] : L("前三个月没有可比数据")];
        }

        foreach (var s in f.Stations)
        {
            yield return [L("意见较多的联络站"), s.Name, s.Code, N(s.Opinions), P(FigureCounts.Rate(s.Opinions, t.Received)), N(s.PreviousMonth), Change(s.Opinions, s.PreviousMonth), null, null];
        }

        foreach (var r in f.Repeated)
        {
            yield return [L("重复反映"), $"{r.StationName} · {L(r.CategoryName)}", r.StationCode, N(r.Opinions), null, null, null, null,
                r.SimilarOpinions > 0 ? localizer["其中 {0} 件内容相近，如“{1}”", r.SimilarOpinions, r.SampleTitle] : localizer["如“{0}”", r.SampleTitle]];
        }

        foreach (var u in f.Units)
        {
            yield return [L("超期承办单位"), u.Name, u.Code, N(u.Overdue), P(FigureCounts.Rate(u.Overdue, u.Assignments)), null, null, null,
                localizer["交办 {0} 件次，超期未答复 {1}，逾期答复 {2}，平均超期 {3} 个工作日", u.Assignments, u.OverdueNow, u.AnsweredLate, u.AverageOverdueWorkingDays.ToString("0.0", CultureInfo.InvariantCulture)]];
        }

        if (!string.IsNullOrEmpty(Report.Commentary))
        {
            yield return [L("评述"), null, null, null, null, null, null, null, Report.Commentary];
        }
    }

    private async Task<IActionResult> AgainAsync(EditResult result, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (result.Outcome == EditOutcome.Conflict)
        {
            ModelState.AddModelError(string.Empty, result.Errors[0].Message);
            if (IsDraft)
            {
                // What this person typed stays in the box; the latest saved text is shown beside it, and the next save
                // is made on the version they have now seen.
                LatestCommentary = Report.Commentary;
                Version = Report.Version;
            }

            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        if (result.Outcome != EditOutcome.Invalid)
        {
            return Failure(result)!;
        }

        foreach (var error in result.Errors)
        {
            ModelState.AddModelError(error.Field, error.Message);
        }

        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var report = await analysis.GetAsync(Scope, Id, cancellationToken);
        if (report is null)
        {
            return false;
        }

        Report = report;
        return true;
    }
}
