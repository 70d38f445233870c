using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Services;

/// <summary>On the real 2025 and 2026 State Council calendars, as loaded into the database.</summary>
public class WorkingDayCalendarTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [Theory]
    [InlineData("2026-09-18", 10, "2026-10-09")] // the domain's example: Sun 9-20 counts, 9-25..27 and 10-1..7 do not
    [InlineData("2026-09-30", 1, "2026-10-08")] // across National Day week
    [InlineData("2026-10-07", 2, "2026-10-09")] // Thu 10-8, Fri 10-9
    [InlineData("2026-10-08", 2, "2026-10-10")] // Sat 10-10 is an adjusted working day
    [InlineData("2026-02-13", 1, "2026-02-14")] // Sat 2-14 works before the Spring Festival
    [InlineData("2026-02-14", 1, "2026-02-24")] // 2-15..23 off
    [InlineData("2026-02-27", 1, "2026-02-28")] // Sat 2-28 works after it
    [InlineData("2025-09-30", 1, "2025-10-09")] // 2025: 10-1..8 off
    [InlineData("2025-10-10", 1, "2025-10-11")] // Sat 10-11 works
    [InlineData("2025-12-31", 2, "2026-01-05")] // across the year: 1-1..3 off, Sun 1-4 works, then Mon 1-5
    [InlineData("2026-11-20", 0, "2026-11-20")]
    [InlineData("2026-11-20", 5, "2026-11-27")]
    public async Task AddingWorkingDaysFollowsHolidaysAndAdjustedWorkdays(string start, int days, string expected)
    {
        var result = await WithCalendar(c => c.AddWorkingDaysAsync(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), days));

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result);
    }

    [Fact]
    public async Task TheFirstWorkingDayOf2026IsTheAdjustedSundayJanuaryFourth()
    {
        Assert.False(await WithCalendar(c => c.IsWorkingDayAsync(new DateOnly(2026, 1, 2))));
        Assert.True(await WithCalendar(c => c.IsWorkingDayAsync(new DateOnly(2026, 1, 4))));
        Assert.Equal(new DateOnly(2026, 1, 4), await WithCalendar(c => c.AddWorkingDaysAsync(new DateOnly(2025, 12, 31), 1)));
    }

    [Theory]
    [InlineData("2026-09-18", "2026-10-09", 10)]
    [InlineData("2026-10-09", "2026-09-18", -10)]
    [InlineData("2026-10-01", "2026-10-07", 0)]
    [InlineData("2026-10-01", "2026-10-01", 0)]
    [InlineData("2025-01-01", "2025-12-31", 248)]
    [InlineData("2026-01-01", "2026-12-31", 248)]
    public async Task WorkingDaysBetweenTwoDatesCountsTheSameWay(string from, string to, int expected)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;

        var count = await WithCalendar(c => c.WorkingDaysBetweenAsync(DateOnly.Parse(from, culture), DateOnly.Parse(to, culture)));

        Assert.Equal(expected, count);
    }

    [Fact]
    public async Task AddingThenCountingGivesBackTheSameNumberAllYear()
    {
        var rules = new WorkingDays(OfficialHolidays.All());
        for (var start = new DateOnly(2025, 1, 1); start < new DateOnly(2026, 11, 1); start = start.AddDays(1))
        {
            foreach (var days in new[] { 2, 3, 10, 22 })
            {
                Assert.Equal(days, rules.Between(start, rules.Add(start, days)));
            }
        }

        Assert.Equal(rules.Add(new DateOnly(2026, 9, 18), 15), await WithCalendar(c => c.AddWorkingDaysAsync(new DateOnly(2026, 9, 18), 15)));
    }

    [Fact]
    public async Task AYearWithoutItsCalendarIsReported()
    {
        var missing = await WithCalendar(c => c.YearsWithoutCalendarAsync(new DateOnly(2025, 12, 1), new DateOnly(2027, 1, 20)));

        Assert.Equal([2027], missing);
    }

    [Fact]
    public void NegativeDaysAreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkingDays([]).Add(new DateOnly(2026, 1, 5), -1));

    private Task<T> WithCalendar<T>(Func<WorkingDayCalendar, Task<T>> action) =>
        database.WithScopeAsync(provider => action(provider.GetRequiredService<WorkingDayCalendar>()));
}
