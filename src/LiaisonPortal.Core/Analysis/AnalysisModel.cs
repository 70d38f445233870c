using LiaisonPortal.Core.Organisation;

namespace LiaisonPortal.Core.Analysis;

public enum AnalysisReportState
{
    /// <summary>草稿: figures can be regenerated and the commentary edited.</summary>
    Draft = 1,

    /// <summary>已发布 (internally): figures and commentary frozen.</summary>
    Published = 2,
}

/// <summary>
/// 民情民意数据分析报告: one region's month. The figures are computed once and kept as a JSON snapshot (so a published
/// report never changes under its readers); staff add a commentary and publish it internally.
/// </summary>
public class OpinionAnalysisReport
{
    public const int CommentaryMaxLength = 8000;

    private OpinionAnalysisReport()
    {
        Figures = "{}";
    }

    public OpinionAnalysisReport(int regionId, DateOnly month, string figures, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(figures);
        RegionId = regionId;
        Month = new DateOnly(month.Year, month.Month, 1);
        Figures = figures;
        GeneratedAt = generatedAt;
        UpdatedAt = generatedAt;
        State = AnalysisReportState.Draft;
    }

    public int Id { get; private set; }

    public int RegionId { get; private set; }

    public Region Region { get; private set; } = null!;

    /// <summary>The first day of the month the report covers.</summary>
    public DateOnly Month { get; private set; }

    public AnalysisReportState State { get; set; }

    /// <summary>The computed figures as JSON (jsonb).</summary>
    public string Figures { get; set; }

    public DateTimeOffset GeneratedAt { get; set; }

    public string? Commentary { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    public string? PublishedById { get; set; }

    public string? PublishedByName { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public uint Version { get; private set; }
}
