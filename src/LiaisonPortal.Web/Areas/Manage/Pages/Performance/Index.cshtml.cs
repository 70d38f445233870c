using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Exports;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Core.Performance;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Performance;

/// <summary>履职档案 · 积分排名: the active deputies in the office's regions, highest total first, paged, with filters and exports.</summary>
[Authorize(Roles = Roles.Admin + "," + Roles.CongressStaff)]
public class IndexModel(PerformanceFiles files, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "year")]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true, Name = "station")]
    public string? Station { get; set; }

    [BindProperty(SupportsGet = true, Name = "level")]
    public DeputyLevel? Level { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    public PerformanceRanking Ranking { get; private set; } = null!;

    public Page<RankingRow> Rows { get; private set; } = new([], 1, PageRequest.DefaultSize, 0);

    public IReadOnlyList<int> Years { get; private set; } = [];

    public int TheYear { get; private set; }

    public bool Filtered => !string.IsNullOrWhiteSpace(Station) || Level is not null || !string.IsNullOrWhiteSpace(Text);

    public PagerModel Pager => new(Rows.Number, Rows.TotalPages, "/Manage/Performance", SortLink.Filters(Request));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var page = new PageRequest(PageNumber);
        Rows = new Page<RankingRow>(Ranking.Rows.Skip((page.Number - 1) * page.Size).Take(page.Size).ToList(), page.Number, page.Size, Ranking.Rows.Count);
    }

    /// <summary>Every filtered row (not one page) with each fact's count and points, as CSV or, with format=xlsx, a workbook.</summary>
    public async Task<IActionResult> OnGetExportAsync([FromQuery(Name = "format")] string? format, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var headers = new List<string>
        {
            localizer["同级排名"], localizer["代表编号"], localizer["姓名"], localizer["层级"], localizer["区县"], localizer["家站点"], localizer["站内排名"], localizer["履职积分"],
        };
        foreach (var fact in PerformanceFacts.All)
        {
            var name = localizer[PerformanceFacts.Name(fact)].Value;
            headers.Add(localizer["{0}次数", name]);
            headers.Add(localizer["{0}积分", name]);
        }

        var rows = Ranking.Rows.Select(r => (IReadOnlyList<string?>)
            [
                Rank(r.LevelRank), r.Code, r.Name, localizer[DirectoryLabels.Of(r.Level)], r.AreaName, r.StationName, r.Station is null ? null : Rank(r.Station),
                N(r.Score.Total), .. r.Score.Facts.SelectMany(f => new[] { N(f.Count), N(f.Points) }),
            ]);
        return TableExport.Result(new ExportTable(localizer["履职积分排名"], headers, ExportTable.From(rows)), format,
            FormattableString.Invariant($"performance-{TheYear}"));
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Rank(RankPlace place) => FormattableString.Invariant($"{place.Rank}/{place.Of}");

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        TheYear = files.YearOrThis(Year);
        Years = files.Years(TheYear);
        Ranking = await files.RankingsAsync(Scope, TheYear, new RankingQuery(Station, Level, Text), cancellationToken);
    }
}
