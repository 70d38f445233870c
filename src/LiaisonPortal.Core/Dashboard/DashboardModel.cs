namespace LiaisonPortal.Core.Dashboard;

/// <summary>
/// One station's opinions received in one month (China time), of one category (0: not classified), counted for the
/// dashboard: a rollup of <see cref="Opinions.Opinion"/>, written only by <see cref="DashboardRollups"/> and rebuildable
/// from the opinions at any time. Merged opinions (duplicates) are not counted.
/// </summary>
public class DashboardMonth
{
    private DashboardMonth()
    {
    }

    public int StationId { get; private set; }

    /// <summary>The first day of the month the opinions were received in.</summary>
    public DateOnly Month { get; private set; }

    /// <summary>The category's id, 0 when the opinion has none yet.</summary>
    public int CategoryId { get; private set; }

    public int Received { get; private set; }

    /// <summary>Still open: received, classified, assigned, answered or fed back.</summary>
    public int InHandling { get; private set; }

    public int Closed { get; private set; }

    /// <summary>With a round-1 lead assignment (the denominator of the on-time rate).</summary>
    public int Assigned { get; private set; }

    /// <summary>The round-1 lead unit answered on or before its deadline (China dates).</summary>
    public int OnTime { get; private set; }

    /// <summary>Rated by the citizen (latest rating).</summary>
    public int Rated { get; private set; }

    /// <summary>Latest rating satisfied or basically satisfied.</summary>
    public int Satisfied { get; private set; }
}

/// <summary>
/// One station's opinions received in one month, by their round-1 lead unit (主办单位): how many it was given, answered on
/// time, answered, and the working days it took in all (assignment day to answer day, China dates, by the holiday
/// calendar). A rollup like <see cref="DashboardMonth"/>.
/// </summary>
public class DashboardUnitMonth
{
    private DashboardUnitMonth()
    {
    }

    public int StationId { get; private set; }

    public DateOnly Month { get; private set; }

    public int HandlingUnitId { get; private set; }

    public int Assigned { get; private set; }

    public int OnTime { get; private set; }

    public int Answered { get; private set; }

    public int AnswerWorkingDays { get; private set; }
}

/// <summary>
/// A station-month whose rollups are out of date: written by <see cref="DashboardInterceptor"/> in the same save (and so
/// the same transaction) as the change, consumed by <see cref="DashboardRollups.CatchUpAsync"/>. Rows are only ever
/// added and deleted (many saves may mark one month; the catch-up recounts it once). Station 0 asks for a rebuild.
/// </summary>
public class DashboardDirtyMonth
{
    private DashboardDirtyMonth()
    {
    }

    public DashboardDirtyMonth(DashboardKey key, DateTimeOffset markedAt)
    {
        StationId = key.StationId;
        Month = key.Month;
        MarkedAt = markedAt;
    }

    public long Id { get; private set; }

    public int StationId { get; private set; }

    public DateOnly Month { get; private set; }

    public DateTimeOffset MarkedAt { get; private set; }
}
