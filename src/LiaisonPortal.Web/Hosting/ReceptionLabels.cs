using System.Globalization;
using LiaisonPortal.Core.Reception;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Hosting;

/// <summary>Reception-day words as pages show them: modes and weekdays as localizer keys, a rule as one sentence.</summary>
public static class ReceptionLabels
{
    public static string Of(ReceptionMode mode) => mode switch
    {
        ReceptionMode.AtStation => "到站接待",
        ReceptionMode.Visit => "走访接待",
        ReceptionMode.Online => "在线接待",
        ReceptionMode.Mobile => "流动接待",
        _ => mode.ToString(),
    };

    public static string Of(HolidayPolicy policy) => policy == HolidayPolicy.Skip ? "遇节假日取消" : "遇节假日顺延";

    /// <summary>The same, to end a sentence describing a rule.</summary>
    public static string Suffix(HolidayPolicy policy) => policy == HolidayPolicy.Skip ? "，遇节假日取消" : "，遇节假日顺延";

    public static string Of(DayOfWeek weekday) => weekday switch
    {
        DayOfWeek.Monday => "星期一",
        DayOfWeek.Tuesday => "星期二",
        DayOfWeek.Wednesday => "星期三",
        DayOfWeek.Thursday => "星期四",
        DayOfWeek.Friday => "星期五",
        DayOfWeek.Saturday => "星期六",
        _ => "星期日",
    };

    public static string Nth(int nth) => nth switch
    {
        1 => "第一个",
        2 => "第二个",
        3 => "第三个",
        4 => "第四个",
        5 => "第五个",
        _ => "最后一个",
    };

    /// <summary>Monday first, as a Chinese calendar reads.</summary>
    public static IReadOnlyList<DayOfWeek> Weekdays { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static IReadOnlyList<int> Nths { get; } = [1, 2, 3, 4, 5, -1];

    /// <summary>The rule as one sentence (the third Tuesday of every month, its hours, what a holiday does); a one-off session is its date.</summary>
    public static string Describe(IStringLocalizer localizer, RecurrenceKind kind, int? nth, DayOfWeek? weekday, int? dayOfMonth, DateOnly? date,
        TimeOnly start, TimeOnly end, HolidayPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var hours = Hours(start, end);
        return kind switch
        {
            RecurrenceKind.OneOff => date is { } day ? localizer["{0} {1}", Day(day), hours] : hours,
            RecurrenceKind.MonthlyWeekday => localizer["每月{0}{1}", localizer[Nth(nth ?? 1)], localizer[Of(weekday ?? DayOfWeek.Monday)]] + " " + hours + localizer[Suffix(policy)],
            RecurrenceKind.MonthlyDay => localizer["每月 {0} 日", dayOfMonth ?? 1] + " " + hours + localizer[Suffix(policy)],
            _ => localizer["每周{0}", localizer[Of(weekday ?? DayOfWeek.Monday)]] + " " + hours + localizer[Suffix(policy)],
        };
    }

    public static string Describe(IStringLocalizer localizer, ReceptionRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return Describe(localizer, rule.Kind, rule.Nth, rule.Weekday, rule.DayOfMonth, rule.Date, rule.Start, rule.End, rule.HolidayPolicy);
    }

    public static string Describe(IStringLocalizer localizer, RuleRow rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return Describe(localizer, rule.Kind, rule.Nth, rule.Weekday, rule.DayOfMonth, rule.Date, rule.Start, rule.End, rule.HolidayPolicy);
    }

    /// <summary>09:00–11:30</summary>
    public static string Hours(TimeOnly start, TimeOnly end) =>
        start.ToString("HH:mm", CultureInfo.InvariantCulture) + "–" + end.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The date with its year and weekday, in the page's culture.</summary>
    public static string Day(DateOnly date)
    {
        var culture = CultureInfo.CurrentCulture;
        var pattern = culture.DateTimeFormat.LongDatePattern;
        var text = date.ToString(pattern, culture);
        return pattern.Contains("dddd", StringComparison.Ordinal) ? text : text + " " + date.ToString("dddd", culture);
    }

    /// <summary>The deputies on duty as links to their public pages, separated by "、" with no stray space between them.</summary>
    public static IHtmlContent DeputyLinks(IReadOnlyList<DutyDeputy> deputies)
    {
        ArgumentNullException.ThrowIfNull(deputies);
        var html = new HtmlContentBuilder();
        for (var i = 0; i < deputies.Count; i++)
        {
            if (i > 0)
            {
                html.Append("、");
            }

            html.AppendHtml("<a href=\"").Append("/deputies/" + Uri.EscapeDataString(deputies[i].Code)).AppendHtml("\">").Append(deputies[i].Name).AppendHtml("</a>");
        }

        return html;
    }
}
