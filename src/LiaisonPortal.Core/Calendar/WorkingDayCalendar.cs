using LiaisonPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Calendar;

/// <summary>
/// Answers "add N working days to this date" and "working days between two dates" from the holiday calendar in the
/// database. Every deadline in the portal is computed here.
/// </summary>
public sealed class WorkingDayCalendar(ApplicationDbContext db)
{
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

    private async Task<WorkingDays> RulesForAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        new(await db.CalendarDays.AsNoTracking().Where(d => d.Date >= from && d.Date <= to).ToListAsync(cancellationToken));
}
