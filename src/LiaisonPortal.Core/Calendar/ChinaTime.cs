using System.Globalization;

namespace LiaisonPortal.Core.Calendar;

/// <summary>Times are stored in UTC and shown in China Standard Time (UTC+8, no daylight saving).</summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset Of(DateTimeOffset at) => at.ToOffset(Offset);

    public static DateOnly Today(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return DateOnly.FromDateTime(Of(time.GetUtcNow()).DateTime);
    }

    /// <summary>2026-11-21 09:30</summary>
    public static string Minutes(DateTimeOffset at) => Of(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
