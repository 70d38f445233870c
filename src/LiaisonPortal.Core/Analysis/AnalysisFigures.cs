using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Suggestions;

namespace LiaisonPortal.Core.Analysis;

/// <summary>
/// The month's totals. 满意率 is defined as everywhere else (<see cref="Openness.OpenFigures"/>,
/// <see cref="FigureCounts.SatisfactionRate"/>): satisfied + basically satisfied over rated opinions, by each opinion's
/// latest evaluation.
/// </summary>
/// <param name="Received">Opinions received in the month (China time) at stations in the region's subtree, merged duplicates left out.</param>
/// <param name="Closed">Of those, closed (已办结) when the report was generated.</param>
/// <param name="Refused">Of those, refused (不予受理).</param>
/// <param name="OverdueNow">Of those, flagged overdue (超期) when the report was generated.</param>
public sealed record AnalysisTotals(int Received, int Closed, int Refused, int OverdueNow, int Rated, int Satisfied)
{
    [JsonIgnore]
    public decimal? ClosedRate => FigureCounts.Rate(Closed, Received);

    [JsonIgnore]
    public decimal? SatisfactionRate => FigureCounts.Rate(Satisfied, Rated);
}

/// <summary>Opinions of the month by channel (来源渠道).</summary>
public sealed record ChannelCount(OpinionChannel Channel, int Opinions);

/// <summary>
/// A top-level category (大类; an opinion classified in a sub-category counts for its parent), with the month's count,
/// the previous month's and the same month last year's (null when the region had no opinions that month at all).
/// </summary>
/// <param name="Code">Null for 未分类.</param>
public sealed record CategoryTrend(string? Code, string Name, int Opinions, int PreviousMonth, int? SameMonthLastYear)
{
    [JsonIgnore]
    public int Change => Opinions - PreviousMonth;
}

/// <summary>A station with the month's and the previous month's opinions.</summary>
public sealed record StationCount(string Code, string Name, int Opinions, int PreviousMonth);

/// <summary>
/// 重复反映: the same category at the same station at least <see cref="OpinionAnalysis.RepeatThreshold"/> times in the month.
/// <see cref="SimilarOpinions"/> is the largest group among them whose texts look alike by the duplicate finder's
/// measure (<see cref="DuplicateFinder.Similarity"/> ≥ <see cref="DuplicateFinder.Threshold"/>), 0 when none do;
/// <see cref="SampleTitle"/> is the title of that group's first opinion (or of the first opinion).
/// </summary>
public sealed record RepeatedComplaint(string StationCode, string StationName, string? CategoryCode, string CategoryName, int Opinions, int SimilarOpinions, string SampleTitle);

/// <summary>
/// A handling unit with overdue assignments among the month's opinions (lead and co-units, every round).
/// </summary>
/// <param name="Assignments">交办件次: the unit's assignments on the month's opinions.</param>
/// <param name="OverdueNow">超期未答复: still open after the deadline when the report was generated.</param>
/// <param name="AnsweredLate">逾期答复: answered after the deadline (China dates).</param>
/// <param name="AverageOverdueWorkingDays">Average working days past the deadline (to the answer, or to the report's date) of those two kinds, by the working-day calendar.</param>
public sealed record UnitOverdue(string Code, string Name, int Assignments, int OverdueNow, int AnsweredLate, decimal AverageOverdueWorkingDays)
{
    [JsonIgnore]
    public int Overdue => OverdueNow + AnsweredLate;
}

/// <summary>
/// The figures of one region's month as the report keeps them (the JSON snapshot in
/// <see cref="OpinionAnalysisReport.Figures"/>): computed once, frozen when the report is published.
/// </summary>
/// <param name="AsOf">The China date the figures were computed (the "now" of overdue and closed).</param>
/// <param name="MonthToDate">The month had not ended when the figures were computed (本月至今).</param>
/// <param name="BaselineOpinions">How many opinions of the previous months the hot topics were compared with.</param>
public sealed record AnalysisFigures(
    int Schema,
    string RegionCode,
    string RegionName,
    DateOnly Month,
    DateOnly AsOf,
    bool MonthToDate,
    AnalysisTotals Totals,
    int PreviousMonthReceived,
    int? SameMonthLastYearReceived,
    IReadOnlyList<ChannelCount> Channels,
    IReadOnlyList<CategoryTrend> Categories,
    IReadOnlyList<HotTopic> HotTopics,
    int BaselineOpinions,
    IReadOnlyList<StationCount> Stations,
    IReadOnlyList<RepeatedComplaint> Repeated,
    IReadOnlyList<UnitOverdue> Units)
{
    public const int CurrentSchema = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static AnalysisFigures? FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) || json.Trim() == "{}" ? null : JsonSerializer.Deserialize<AnalysisFigures>(json, Json);
}
