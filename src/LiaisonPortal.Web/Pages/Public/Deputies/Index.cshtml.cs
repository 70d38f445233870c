using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace LiaisonPortal.Web.Pages.Public.Deputies;

[OutputCache(PolicyName = PublicOutputCache.Directory)]
public class IndexModel(PublicDirectory directory) : DirectoryListModel(directory)
{
    [BindProperty(SupportsGet = true, Name = "level")]
    public DeputyLevel? Level { get; set; }

    public Page<DeputyCard> Deputies { get; private set; } = null!;

    public PagerModel Pager => new(Deputies.Number, Deputies.TotalPages, "/deputies",
        new Dictionary<string, string?> { ["region"] = Region, ["level"] = Level?.ToString(), ["q"] = Text });

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Deputies = await Directory.SearchDeputiesAsync(new DeputyFilter(Region, Level, Text), new PageRequest(PageNumber), cancellationToken);
        await LoadRegionsAsync(cancellationToken);
    }
}
