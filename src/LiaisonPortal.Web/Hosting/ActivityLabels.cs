using LiaisonPortal.Core.Performance;

namespace LiaisonPortal.Web.Hosting;

/// <summary>Recorded deputies' activities (履职活动) as pages show them: the kinds as localizer keys and a badge colour each.</summary>
public static class ActivityLabels
{
    public static string Of(PerformanceFact kind) => kind switch
    {
        PerformanceFact.Inspection => "视察",
        PerformanceFact.Research => "调研",
        PerformanceFact.ReportToVoters => "向选民述职",
        PerformanceFact.DeliberationMeeting => "代表议事会",
        PerformanceFact.LawEnforcementCheck => "执法检查",
        PerformanceFact.MeetingAttendance => "列席会议",
        PerformanceFact.Training => "学习培训",
        PerformanceFact.OtherActivity => "其他履职活动",
        _ => kind.ToString(),
    };

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
