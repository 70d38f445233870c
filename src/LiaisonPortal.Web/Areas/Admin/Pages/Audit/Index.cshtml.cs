using System.Globalization;
using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Exports;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Admin.Pages.Audit;

/// <summary>
/// 审计日志: every sign-in and sign-out, account change, case move, look at personal data, export and download, and the
/// directory's change log, newest first, 50 a page, filtered by kind, account, subject and dates; exported as CSV or a
/// workbook (the export is itself audited). Read-only: the log cannot be changed, here or in the database.
/// </summary>
public class IndexModel(AuditTrail trail, TimeProvider time, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "kind")]
    public AuditKind? Kind { get; set; }

    [BindProperty(SupportsGet = true, Name = "account")]
    public string? Account { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Subject { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public DateOnly? To { get; set; }

    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    public Page<AuditRow> Rows { get; private set; } = new([], 1, AuditTrail.PageSize, 0);

    public bool Filtered => Kind is not null || !string.IsNullOrWhiteSpace(Account) || !string.IsNullOrWhiteSpace(Subject) || From is not null || To is not null;

    public PagerModel Pager => new(Rows.Number, Rows.TotalPages, "/Admin/Audit", SortLink.Filters(Request));

    private AuditQuery Query => new(Kind, Account, Subject, From, To);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (From is { } from && To is { } to && to < from)
        {
            ModelState.AddModelError("to", localizer["结束日期不能早于开始日期。"]);
            return Page();
        }

        Rows = await trail.ListAsync(Query, PageNumber, cancellationToken);
        return Page();
    }

    /// <summary>The filtered log, every row, as CSV (UTF-8 with BOM) or, with format=xlsx, a workbook; streamed.</summary>
    public IActionResult OnGetExport([FromQuery(Name = "format")] string? format)
    {
        string[] headers =
        [
            localizer["时间"], localizer["类别"], localizer["操作"], localizer["账号"], localizer["账号编号"], localizer["来源地址"],
            localizer["对象类型"], localizer["对象"], localizer["动作代码"], localizer["详情"],
        ];
        return TableExport.Result(new ExportTable(localizer["审计日志"], headers, RowsAsync(trail.AllAsync(Query))), format,
            $"audit-{ChinaTime.Today(time).ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");
    }

    private async IAsyncEnumerable<IReadOnlyList<string?>> RowsAsync(IAsyncEnumerable<AuditRow> rows)
    {
        await foreach (var r in rows)
        {
            yield return
            [
                ChinaTime.Of(r.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), localizer[AuditLabels.Of(r.Kind)], localizer[AuditLabels.Action(r)],
                r.ActorName, r.ActorId, r.Address, r.EntityType, r.EntityKey, r.Action, r.Detail,
            ];
        }
    }
}
