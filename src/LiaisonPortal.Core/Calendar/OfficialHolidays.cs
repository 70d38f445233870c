namespace LiaisonPortal.Core.Calendar;

/// <summary>The State Council's published holiday calendars (../shared/domain.md). Later years are entered by administrators.</summary>
public static class OfficialHolidays
{
    public static IEnumerable<CalendarDay> All()
    {
        // 2025
        foreach (var day in Holidays("元旦", new(2025, 1, 1), new(2025, 1, 1))) { yield return day; }
        foreach (var day in Holidays("春节", new(2025, 1, 28), new(2025, 2, 4))) { yield return day; }
        foreach (var day in Holidays("清明节", new(2025, 4, 4), new(2025, 4, 6))) { yield return day; }
        foreach (var day in Holidays("劳动节", new(2025, 5, 1), new(2025, 5, 5))) { yield return day; }
        foreach (var day in Holidays("端午节", new(2025, 5, 31), new(2025, 6, 2))) { yield return day; }
        foreach (var day in Holidays("国庆节、中秋节", new(2025, 10, 1), new(2025, 10, 8))) { yield return day; }
        yield return Workday(new(2025, 1, 26), "春节调休");
        yield return Workday(new(2025, 2, 8), "春节调休");
        yield return Workday(new(2025, 4, 27), "劳动节调休");
        yield return Workday(new(2025, 9, 28), "国庆节调休");
        yield return Workday(new(2025, 10, 11), "国庆节调休");

        // 2026 (notice of 2025-11-04)
        foreach (var day in Holidays("元旦", new(2026, 1, 1), new(2026, 1, 3))) { yield return day; }
        foreach (var day in Holidays("春节", new(2026, 2, 15), new(2026, 2, 23))) { yield return day; }
        foreach (var day in Holidays("清明节", new(2026, 4, 4), new(2026, 4, 6))) { yield return day; }
        foreach (var day in Holidays("劳动节", new(2026, 5, 1), new(2026, 5, 5))) { yield return day; }
        foreach (var day in Holidays("端午节", new(2026, 6, 19), new(2026, 6, 21))) { yield return day; }
        foreach (var day in Holidays("中秋节", new(2026, 9, 25), new(2026, 9, 27))) { yield return day; }
        foreach (var day in Holidays("国庆节", new(2026, 10, 1), new(2026, 10, 7))) { yield return day; }
        yield return Workday(new(2026, 1, 4), "元旦调休");
        yield return Workday(new(2026, 2, 14), "春节调休");
        yield return Workday(new(2026, 2, 28), "春节调休");
        yield return Workday(new(2026, 5, 9), "劳动节调休");
        yield return Workday(new(2026, 9, 20), "中秋节调休");
        yield return Workday(new(2026, 10, 10), "国庆节调休");
    }

    private static IEnumerable<CalendarDay> Holidays(string name, DateOnly first, DateOnly last)
    {
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            yield return new CalendarDay(date, CalendarDayKind.Holiday, name);
        }
    }

    private static CalendarDay Workday(DateOnly date, string name) => new(date, CalendarDayKind.AdjustedWorkday, name);
}
