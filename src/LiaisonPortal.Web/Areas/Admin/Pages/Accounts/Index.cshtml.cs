using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Admin.Pages.Accounts;

/// <summary>账号管理: every staff account with its role, two-step state, initial-password and lockout marks; search and pages.</summary>
public class IndexModel(AccountSecurity security, TimeProvider time) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    /// <summary>The page number, from the query string only (the route value "page" is the page's own path).</summary>
    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    public Page<AccountRow> Rows { get; private set; } = new([], 1, PageRequest.DefaultSize, 0);

    public DateTimeOffset Now => time.GetUtcNow();

    public PagerModel Pager => new(Rows.Number, Rows.TotalPages, "/Admin/Accounts", SortLink.Filters(Request));

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Rows = await security.ListAsync(Text, new PageRequest(PageNumber), cancellationToken);
}
