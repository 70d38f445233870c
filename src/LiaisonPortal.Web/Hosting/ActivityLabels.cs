using LiaisonPortal.Core.Performance;

namespace LiaisonPortal.Web.Hosting;

/// <summary>Recorded deputies' activities (履职活动) as pages show them: the kinds as localizer keys and a badge colour each.</summary>
public static class ActivityLabels
{
    /// <summary>The kind's name (the one list of fact names, <see cref="PerformanceFacts.Name"/>), a localizer key.</summary>
    public static string Of(PerformanceFact kind) => PerformanceFacts.Name(kind);

    public static string Badge(PerformanceFact kind) => kind switch
    {
        PerformanceFact.Inspection or PerformanceFact.LawEnforcementCheck => "text-bg-primary",
        PerformanceFact.Research => "text-bg-info",
        PerformanceFact.ReportToVoters => "text-bg-success",
        PerformanceFact.DeliberationMeeting or PerformanceFact.MeetingAttendance => "text-bg-warning",
        _ => "text-bg-secondary",
    };

    /// <summary>A file's size for people: 12 KB, 3.4 MB.</summary>
    public static string Size(long bytes) => bytes < 1024 * 1024
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Max(1, (bytes + 1023) / 1024)} KB")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024d / 1024d:0.0} MB");
}
