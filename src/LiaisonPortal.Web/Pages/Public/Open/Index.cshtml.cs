using LiaisonPortal.Core.Openness;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace LiaisonPortal.Web.Pages.Public.Open;

/// <summary>
/// 履职公开: a region's figures for a year, aggregates only (small counts suppressed by <see cref="Disclosure"/>). Output-cached
/// (<see cref="PublicOutputCache.Figures"/>): the page says when its figures were computed.
/// </summary>
[OutputCache(PolicyName = PublicOutputCache.Figures)]
public class IndexModel(PublicDirectory directory, OpenFigures figures, TimeProvider time) : DirectoryListModel(directory)
{
    /// <summary>When the figures were computed (China time, to the minute): the page is output-cached for five minutes.</summary>
    public string ComputedAt { get; } = Core.Calendar.ChinaTime.Minutes(time.GetUtcNow());

    /// <summary>A year that does not parse or is not offered falls back to this year.</summary>
    [BindProperty(SupportsGet = true, Name = "year")]
    public int? Year { get; set; }

    /// <summary>The page of the deputies' table.</summary>
    [FromQuery(Name = "page")]
    public int? DeputyPage { get; set; }

    public IReadOnlyList<int> Years { get; private set; } = [];

    public PagerModel? Pager { get; private set; }

    public OpenFigureSet? Figures { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Years = figures.Years();
        Figures = await figures.FiguresAsync(Region, Year, DeputyPage ?? 1, cancellationToken);
        if (Figures is { } f)
        {
            Pager = new PagerModel(f.Deputies.Number, f.Deputies.TotalPages, "/open", new Dictionary<string, string?>
            {
                ["region"] = f.Region.Code,
                ["year"] = f.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }
        await LoadRegionsAsync(cancellationToken);
    }

    /// <summary>The address of this page for another region, keeping the year.</summary>
    public string Link(string regionCode) =>
        "/open?region=" + Uri.EscapeDataString(regionCode) + (Figures is { } f ? "&year=" + f.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty);
}
