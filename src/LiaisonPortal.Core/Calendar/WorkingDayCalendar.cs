using LiaisonPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Calendar;

/// <summary>
/// Answers "add N working days to this date" and "working days between two dates" from the holiday calendar in the
/// database. Every deadline in the portal is computed here.
/// </summary>
public sealed class WorkingDayCalendar(ApplicationDbContext db)
{
    public const int MaxRun = 15;

    public const int MaxNameLength = 50;

    public async Task<DateOnly> AddWorkingDaysAsync(DateOnly start, int days, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        // Even the longest run of holidays (Spring Festival) leaves more than half of any 3-week stretch working,
        // so days * 2 + 30 calendar days always hold the answer.
        var rules = await RulesForAsync(start, start.AddDays(days * 2 + 30), cancellationToken);
        return rules.Add(start, days);
    }

    public async Task<int> WorkingDaysBetweenAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var rules = await RulesForAsync(from < to ? from : to, from < to ? to : from, cancellationToken);
        return rules.Between(from, to);
    }

    public async Task<bool> IsWorkingDayAsync(DateOnly date, CancellationToken cancellationToken = default) =>
        (await RulesForAsync(date, date, cancellationToken)).IsWorkingDay(date);

    /// <summary>
    /// Years in the range with no calendar entered yet: a deadline reaching into one of them is counted Monday to
    /// Friday only, so pages warn about it until an administrator enters that year's State Council notice.
    /// </summary>
    public async Task<IReadOnlyList<int>> YearsWithoutCalendarAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var first = new DateOnly(from.Year, 1, 1);
        var last = new DateOnly(to.Year, 12, 31);
        var known = await db.CalendarDays.Where(d => d.Date >= first && d.Date <= last).Select(d => d.Date.Year).Distinct().ToListAsync(cancellationToken);
        return Enumerable.Range(from.Year, to.Year - from.Year + 1).Except(known).ToList();
    }

    /// <summary>The year's exceptions (holidays and adjusted workdays), in date order.</summary>
    public async Task<IReadOnlyList<CalendarDay>> DaysOfYearAsync(int year, CancellationToken cancellationToken = default)
    {
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        return await db.CalendarDays.AsNoTracking().Where(d => d.Date >= first && d.Date <= last).OrderBy(d => d.Date).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Enters a run of days from the State Council's notice: a holiday (every day from..to, weekends included) or
    /// adjusted workdays (each must be a Saturday or Sunday). Days already entered are replaced. Returns the error, if any.
    /// </summary>
    public async Task<string?> SetDaysAsync(DateOnly from, DateOnly to, CalendarDayKind kind, string? name, CancellationToken cancellationToken = default)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return "请填写节日名称，例如“春节”。";
        }

        if (trimmed.Length > MaxNameLength)
        {
            return $"节日名称不能超过 {MaxNameLength} 个字。";
        }

        if (to < from)
        {
            return "结束日期不能早于开始日期。";
        }

        if (to.DayNumber - from.DayNumber >= MaxRun)
        {
            return $"一次最多录入 {MaxRun} 天。";
        }

        var days = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays).ToList();
        if (kind == CalendarDayKind.AdjustedWorkday && days.FirstOrDefault(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) is var weekday
            && weekday != default)
        {
            return $"{weekday:yyyy-MM-dd} 不是周末：调休上班日只能是周六或周日。";
        }

        var existing = await db.CalendarDays.Where(d => d.Date >= from && d.Date <= to).ToDictionaryAsync(d => d.Date, cancellationToken);
        foreach (var date in days)
        {
            if (existing.TryGetValue(date, out var day))
            {
                day.Change(kind, trimmed);
            }
            else
            {
                db.CalendarDays.Add(new CalendarDay(date, kind, trimmed));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task<bool> RemoveDayAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        var day = await db.CalendarDays.SingleOrDefaultAsync(d => d.Date == date, cancellationToken);
        if (day is null)
        {
            return false;
        }

        db.CalendarDays.Remove(day);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// The rules for every date from <paramref name="from"/> to <paramref name="to"/>, for work over many dates at once
    /// (the supervision job, the lists); outside that range only Monday to Friday count.
    /// </summary>
    public async Task<WorkingDays> RulesForAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        new(await db.CalendarDays.AsNoTracking().Where(d => d.Date >= from && d.Date <= to).ToListAsync(cancellationToken));
}
