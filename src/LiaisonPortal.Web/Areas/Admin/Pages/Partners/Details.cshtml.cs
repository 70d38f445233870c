using System.Globalization;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Exports;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Core.Partners;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Admin.Pages.Partners;

/// <summary>
/// One partner system: its settings and key, 重新生成密钥 and 吊销密钥 (each confirmed; a new key is shown once, straight
/// from the POST), and its call log (调用日志) with filters, 50 a page, exported as CSV or a workbook.
/// </summary>
public class DetailsModel(PartnerSystems partners, PartnerDirectory directory, TimeProvider time, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [FromRoute]
    public int Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "outcome")]
    public PartnerCallOutcome? Outcome { get; set; }

    [BindProperty(SupportsGet = true, Name = "op")]
    public string? Operation { get; set; }

    /// <summary>The page number, from the query string only (the route value "page" is the page's own path).</summary>
    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    public PartnerDetail Partner { get; private set; } = null!;

    public Page<PartnerCallRow> Calls { get; private set; } = new([], 1, PartnerDirectory.CallPageSize, 0);

    /// <summary>Set only in the answer to the POST that replaced the key.</summary>
    public PartnerCredentials? Credentials { get; private set; }

    public bool Filtered => From is not null || To is not null || Outcome is not null || !string.IsNullOrWhiteSpace(Operation);

    public PartnerCallQuery Query => new(From, To, Outcome, string.IsNullOrWhiteSpace(Operation) ? null : Operation.Trim());

    public PagerModel Pager => new(Calls.Number, Calls.TotalPages, $"/Admin/Partners/Details/{Id}", SortLink.Filters(Request));

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    /// <summary>The filtered call log, every row, as CSV (UTF-8 with BOM) or, with format=xlsx, a workbook; streamed.</summary>
    public async Task<IActionResult> OnGetExportAsync([FromQuery(Name = "format")] string? format, CancellationToken cancellationToken)
    {
        var partner = await directory.GetAsync(Id, cancellationToken);
        if (partner is null)
        {
            return NotFound();
        }

        string[] headers =
        [
            localizer["时间"], localizer["方法"], localizer["路径"], localizer["操作"], localizer["状态码"], localizer["耗时（毫秒）"],
            localizer["来源地址"], localizer["生成的查询码"], localizer["错误"],
        ];
        return TableExport.Result(new ExportTable(localizer["调用日志"], headers, RowsAsync(directory.AllCallsAsync(Id, Query))), format,
            $"partner-{Id.ToString(CultureInfo.InvariantCulture)}-calls-{ChinaTime.Today(time).ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");
    }

    /// <summary>吊销密钥: every later call with the key answers 403.</summary>
    public async Task<IActionResult> OnPostRevokeAsync([FromForm] uint version, CancellationToken cancellationToken)
    {
        var result = await partners.RevokeAsync(Id, version, cancellationToken);
        if (result.Succeeded)
        {
            Done(localizer["已吊销密钥：该平台的调用从现在起一律被拒绝（403）。"]);
            return RedirectToPage(new { id = Id });
        }

        return await RefusedAsync(result, cancellationToken);
    }

    /// <summary>重新生成密钥: a new key and webhook secret, shown once in this answer; the old key stops working at once.</summary>
    public async Task<IActionResult> OnPostReplaceKeyAsync([FromForm] uint version, CancellationToken cancellationToken)
    {
        var (result, credentials) = await partners.ReplaceKeyAsync(Id, version, cancellationToken);
        if (!result.Succeeded)
        {
            return await RefusedAsync(result, cancellationToken);
        }

        Credentials = credentials;
        CreateModel.NoStore(Response);
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<IActionResult> RefusedAsync(EditResult result, CancellationToken cancellationToken)
    {
        if (result.Outcome == EditOutcome.NotFound || !await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        // The service's own words: the key is already revoked, or someone changed the partner first (the page now shows its state).
        ModelState.AddModelError(string.Empty, result.Errors.Count > 0 ? result.Errors[0].Message : localizer["这个对接平台刚被其他人修改过，请看过下面的最新状态后再操作。"]);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (await directory.GetAsync(Id, cancellationToken) is not { } partner)
        {
            return false;
        }

        Partner = partner;
        Calls = await directory.CallsAsync(Id, Query, PageNumber, cancellationToken);
        return true;
    }

    private async IAsyncEnumerable<IReadOnlyList<string?>> RowsAsync(IAsyncEnumerable<PartnerCallRow> rows)
    {
        await foreach (var r in rows)
        {
            yield return
            [
                ChinaTime.Of(r.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r.Method, r.Path, localizer[PartnerLabels.Call(r.Operation)],
                r.Status.ToString(CultureInfo.InvariantCulture), r.DurationMs.ToString(CultureInfo.InvariantCulture), r.Address, r.ServiceRequestId, r.Error,
            ];
        }
    }
}
