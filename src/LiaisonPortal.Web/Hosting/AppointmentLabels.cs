using System.Globalization;
using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Calendar;

namespace LiaisonPortal.Web.Hosting;

/// <summary>Appointment words and times as pages show them: statuses as localizer keys, times in China time.</summary>
public static class AppointmentLabels
{
    public static string Of(AppointmentStatus status) => AppointmentRules.NameOf(status);

    /// <summary>A badge colour for the staff pages.</summary>
    public static string Badge(AppointmentStatus status) => status switch
    {
        AppointmentStatus.Requested => "text-bg-warning",
        AppointmentStatus.Confirmed => "text-bg-success",
        AppointmentStatus.Rescheduled => "text-bg-info",
        _ => "text-bg-secondary",
    };

    /// <summary>Month, day, weekday and the hours (May 20 Wed 09:00–11:00), China time, in the page's culture.</summary>
    public static string When(DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        var culture = CultureInfo.CurrentCulture;
        var start = ChinaTime.Of(startsAt);
        var end = ChinaTime.Of(endsAt);
        return start.ToString(culture.DateTimeFormat.MonthDayPattern + " ddd HH:mm", culture) + "–" + end.ToString("HH:mm", culture);
    }

    /// <summary>The same with the year, for staff lists.</summary>
    public static string WhenWithYear(DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        var culture = CultureInfo.CurrentCulture;
        var start = ChinaTime.Of(startsAt);
        return start.ToString("yyyy-MM-dd ddd HH:mm", culture) + "–" + ChinaTime.Of(endsAt).ToString("HH:mm", culture);
    }

    public static string At(DateTimeOffset at) => ChinaTime.Minutes(at);
}
