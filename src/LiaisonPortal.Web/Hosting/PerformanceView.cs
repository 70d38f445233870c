using LiaisonPortal.Core.Performance;

namespace LiaisonPortal.Web.Hosting;

/// <summary>
/// A performance file as the shared partials show it, for the deputy (/Deputy/Performance) and the office
/// (/Manage/Performance/Deputy/{code}): the file, where the year select goes, the printable report's address and the
/// years offered.
/// </summary>
public sealed record PerformanceView(DeputyFile File, string Path, string ReportUrl, IReadOnlyList<int> Years)
{
    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A cap as the pages show it, e.g. 每年 24 分; 不封顶 without one (both are localizer keys with the cap as argument).</summary>
    public static (string Format, int? Cap) CapText(PointCapPeriod? period, int? cap) => period switch
    {
        PointCapPeriod.Month => ("每月最多 {0} 分", cap),
        PointCapPeriod.Quarter => ("每季度最多 {0} 分", cap),
        PointCapPeriod.Year => ("每年最多 {0} 分", cap),
        _ => ("不封顶", null),
    };

    /// <summary>The evidence download of the activities' pages.</summary>
    public static string EvidenceUrl(int activityId, int fileId) =>
        FormattableString.Invariant($"/Activities/Files/{activityId}/{fileId}");
}
