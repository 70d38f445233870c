using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Reception;

/// <summary>Reception days generated from each kind of rule across 2026, with the official holidays and 调休 workdays.</summary>
public class ReceptionCalendarTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private static readonly DateOnly From = new(2026, 1, 1);
    private static readonly DateOnly To = new(2026, 12, 31);
    private static readonly TimeOnly Nine = new(9, 0);
    private static readonly TimeOnly HalfPastEleven = new(11, 30);

    [Fact]
    public async Task TheThirdTuesdayMovesPastTheSpringFestivalOrIsSkipped()
    {
        var rule = Rule(RecurrenceKind.MonthlyWeekday, r => { r.Nth = 3; r.Weekday = DayOfWeek.Tuesday; });
        DateOnly[] expected =
        [
            new(2026, 1, 20), new(2026, 2, 24), new(2026, 3, 17), new(2026, 4, 21), new(2026, 5, 19), new(2026, 6, 16),
            new(2026, 7, 21), new(2026, 8, 18), new(2026, 9, 15), new(2026, 10, 20), new(2026, 11, 17), new(2026, 12, 15),
        ];

        var moved = await GenerateAsync(rule);
        rule.HolidayPolicy = HolidayPolicy.Skip;
        var skipped = await GenerateAsync(rule);

        Assert.Equal(expected, moved.Select(d => d.Date));
        Assert.True(moved.Single(d => d.Date == new DateOnly(2026, 2, 24)).Moved);
        Assert.Equal(expected.Where(d => d.Month != 2), skipped.Select(d => d.Date));
    }

    [Fact]
    public async Task TheFourthOfEveryMonthKeepsAnAdjustedWorkdayAndMovesPastHolidays()
    {
        var rule = Rule(RecurrenceKind.MonthlyDay, r => r.DayOfMonth = 4);

        var days = await GenerateAsync(rule);

        // 1 Jan 4 is a Sunday made a workday (元旦调休); Apr 4–6, May 1–5, Oct 1–7 are holidays; Jul 4 is a Saturday.
        Assert.Equal(
            [
                new DateOnly(2026, 1, 4), new(2026, 2, 4), new(2026, 3, 4), new(2026, 4, 7), new(2026, 5, 6), new(2026, 6, 4),
                new(2026, 7, 6), new(2026, 8, 4), new(2026, 9, 4), new(2026, 10, 8), new(2026, 11, 4), new(2026, 12, 4),
            ],
            days.Select(d => d.Date));
    }

    [Fact]
    public async Task TheTwentiethWithSkipLeavesOutHolidaysAndWeekendsButKeepsAnAdjustedWorkday()
    {
        var rule = Rule(RecurrenceKind.MonthlyDay, r => { r.DayOfMonth = 20; r.HolidayPolicy = HolidayPolicy.Skip; });

        var days = await GenerateAsync(rule);

        // Feb 20 (Spring Festival), Jun 20 (Dragon Boat, Saturday) and Dec 20 (Sunday) are skipped; Sep 20 is a 调休 Sunday.
        Assert.Equal(
            [new DateOnly(2026, 1, 20), new(2026, 3, 20), new(2026, 4, 20), new(2026, 5, 20), new(2026, 7, 20), new(2026, 8, 20), new(2026, 9, 20), new(2026, 10, 20), new(2026, 11, 20)],
            days.Select(d => d.Date));
    }

    [Fact]
    public async Task AWeeklyWednesdayInOctoberMovesOutOfNationalDay()
    {
        var rule = Rule(RecurrenceKind.Weekly, r => r.Weekday = DayOfWeek.Wednesday);

        var days = await GenerateAsync(rule, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31));

        Assert.Equal([new DateOnly(2026, 10, 8), new(2026, 10, 14), new(2026, 10, 21), new(2026, 10, 28)], days.Select(d => d.Date));
    }

    [Fact]
    public async Task AStationsOwnRuleReplacesItsRegionsAndSpecialSessionsOfTheRegionAreAdded()
    {
        var found = await database.QueryAsync(db => db.Stations.Where(s => s.Code == "990102001-01").Select(s => new { s.Id, s.RegionId }).SingleAsync());
        var (station, region) = (found.Id, found.RegionId);
        var district = await database.QueryAsync(db => db.Regions.Where(r => r.Code == "990102").Select(r => r.Id).SingleAsync());
        await database.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<ApplicationDbContext>();
            db.ReceptionRules.Add(new ReceptionRule(district, null, RecurrenceKind.MonthlyWeekday, Nine, HalfPastEleven) { Nth = 3, Weekday = DayOfWeek.Tuesday });
            db.ReceptionRules.Add(new ReceptionRule(null, station, RecurrenceKind.MonthlyDay, Nine, HalfPastEleven) { DayOfMonth = 4 });
            db.ReceptionRules.Add(new ReceptionRule(region, null, RecurrenceKind.OneOff, new TimeOnly(14, 0), new TimeOnly(16, 0))
            {
                Date = new DateOnly(2026, 11, 25), Mode = ReceptionMode.Mobile, Topic = "老旧小区加装电梯", Place = "湖滨菜市场",
            });
            return await db.SaveChangesAsync();
        });

        var days = await database.WithScopeAsync(s => s.GetRequiredService<ReceptionCalendar>().DaysAsync(station, new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 31)));
        var other = await database.QueryAsync(db => db.Stations.Where(s => s.Code == "990102001-02").Select(s => s.Id).SingleAsync());
        var inherited = await database.WithScopeAsync(s => s.GetRequiredService<ReceptionCalendar>().DaysAsync(other, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)));

        Assert.Equal([new DateOnly(2026, 11, 4), new(2026, 11, 25), new(2026, 12, 4)], days.Select(d => d.Date));
        var mobile = days.Single(d => d.Date == new DateOnly(2026, 11, 25));
        Assert.Equal((ReceptionMode.Mobile, "湖滨菜市场", "老旧小区加装电梯"), (mobile.Mode, mobile.Place, mobile.Topic));
        Assert.Equal([new DateOnly(2026, 11, 17), new(2026, 11, 25)], inherited.Select(d => d.Date));
    }

    [Fact]
    public void TheNthWeekdayOfAMonthIncludesTheLastAndRefusesAMissingFifth()
    {
        Assert.Equal(new DateOnly(2026, 3, 31), ReceptionCalendar.NthWeekday(2026, 3, DayOfWeek.Tuesday, -1));
        Assert.Equal(new DateOnly(2026, 3, 31), ReceptionCalendar.NthWeekday(2026, 3, DayOfWeek.Tuesday, 5));
        Assert.Null(ReceptionCalendar.NthWeekday(2026, 2, DayOfWeek.Tuesday, 5));
    }

    private static ReceptionRule Rule(RecurrenceKind kind, Action<ReceptionRule> set)
    {
        var rule = new ReceptionRule(1, null, kind, Nine, HalfPastEleven);
        set(rule);
        return rule;
    }

    private Task<List<ReceptionDay>> GenerateAsync(ReceptionRule rule, DateOnly? from = null, DateOnly? to = null) =>
        database.WithScopeAsync(async services =>
        {
            var workingDays = await services.GetRequiredService<WorkingDayCalendar>().RulesForAsync(From, To.AddDays(31));
            return ReceptionCalendar.Generate(rule, from ?? From, to ?? To, workingDays).ToList();
        });
}
