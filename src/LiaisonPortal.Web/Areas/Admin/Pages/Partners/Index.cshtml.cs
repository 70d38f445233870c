using LiaisonPortal.Core.Paging;
using LiaisonPortal.Core.Partners;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Admin.Pages.Partners;

/// <summary>对接平台: every partner system with its key's prefix, what it may do, and its calls of the last 24 hours.</summary>
public class IndexModel(PartnerDirectory directory) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public PartnerStatusFilter Status { get; set; }

    /// <summary>The page number, from the query string only (the route value "page" is the page's own path).</summary>
    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    public Page<PartnerRow> Rows { get; private set; } = new([], 1, PageRequest.DefaultSize, 0);

    public bool Filtered => !string.IsNullOrWhiteSpace(Text) || Status != PartnerStatusFilter.All;

    public PagerModel Pager => new(Rows.Number, Rows.TotalPages, "/Admin/Partners", SortLink.Filters(Request));

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Rows = await directory.ListAsync(Text, Status, new PageRequest(PageNumber), cancellationToken);
}
