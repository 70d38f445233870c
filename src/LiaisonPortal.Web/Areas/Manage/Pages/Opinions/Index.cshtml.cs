using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Opinions;

/// <summary>群众意见: the opinions received in the account's scope, newest first.</summary>
public class IndexModel(OpinionDesk desk) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "state")]
    public OpinionState? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "station")]
    public string? Station { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public Page<OpinionRow> Opinions { get; private set; } = null!;

    public PagerModel Pager => new(Opinions.Number, Opinions.TotalPages, "/Manage/Opinions", SortLink.Filters(Request));

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Opinions = await desk.ListAsync(Scope, new OpinionListFilter(State, Station, Text), new PageRequest(PageNumber), cancellationToken);
}
