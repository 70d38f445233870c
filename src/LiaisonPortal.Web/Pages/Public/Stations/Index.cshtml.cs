using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace LiaisonPortal.Web.Pages.Public.Stations;

[OutputCache(PolicyName = PublicOutputCache.Directory)]
public class IndexModel(PublicDirectory directory, PublicReception reception) : DirectoryListModel(directory)
{
    /// <summary>A kind that does not parse is left out of the filter rather than failing the page.</summary>
    [BindProperty(SupportsGet = true, Name = "kind")]
    public StationKind? Kind { get; set; }

    public Page<StationCard> Stations { get; private set; } = null!;

    /// <summary>Each listed station's next reception day, by code (missing: none within the horizon).</summary>
    public IReadOnlyDictionary<string, ReceptionDay> NextDays { get; private set; } = new Dictionary<string, ReceptionDay>();

    public PagerModel Pager => new(Stations.Number, Stations.TotalPages, "/stations",
        new Dictionary<string, string?> { ["region"] = Region, ["kind"] = Kind?.ToString(), ["q"] = Text });

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Stations = await Directory.SearchStationsAsync(new StationFilter(Region, Kind, Text), new PageRequest(PageNumber), cancellationToken);
        NextDays = await reception.NextDayOfAsync(Stations.Items.Select(s => s.Code).ToList(), cancellationToken);
        await LoadRegionsAsync(cancellationToken);
    }
}
