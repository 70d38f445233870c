using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiaisonPortal.Tests.Reception;

/// <summary>
/// 值班安排 on the demo street's 湖滨 home (reception on the third Tuesday of every month), with a clock the test sets.
/// Each test uses its own quarter so they do not meet.
/// </summary>
public sealed class DutyRosterTests : IClassFixture<DemoDatabaseFixture>, IAsyncLifetime
{
    private const string StationCode = "990102001-01";
    private const string DeputyMobile = "13700004444";

    private readonly DemoDatabaseFixture _database;
    private readonly AdjustableClock _clock = new();
    private readonly ServiceProvider _services;
    private StaffScope _station = null!;
    private StaffScope _otherStation = null!;

    public DutyRosterTests(DemoDatabaseFixture database)
    {
        _database = database;
        _services = TestCluster.CoreServices(database.ConnectionString, configure: services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(_clock);
        });
        _clock.Set(new DateTimeOffset(2026, 6, 1, 9, 0, 0, ChinaTime.Offset));
    }

    public async Task InitializeAsync()
    {
        var ids = await WithDbAsync(db => db.Stations.Where(s => s.Code == StationCode || s.Code == "990102002-01").ToDictionaryAsync(s => s.Code, s => s.Id));
        _station = StaffScope.ForStation(ids[StationCode]);
        _otherStation = StaffScope.ForStation(ids["990102002-01"]);
        await WithDbAsync(async db =>
        {
            if (!await db.ReceptionRules.AnyAsync(r => r.StationId == ids[StationCode]))
            {
                db.ReceptionRules.Add(new ReceptionRule(null, ids[StationCode], RecurrenceKind.MonthlyWeekday, new TimeOnly(9, 0), new TimeOnly(11, 30))
                {
                    Nth = 3,
                    Weekday = DayOfWeek.Tuesday,
                });
                await db.SaveChangesAsync();
            }

            return await db.Deputies.Where(d => d.Code == "D0004").ExecuteUpdateAsync(s => s.SetProperty(d => d.PrivatePhone, DeputyMobile));
        });
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task TheProposalFillsEachReceptionDayOfTheQuarterAroundUnavailableDates()
    {
        var wang = await DeputyScopeAsync("D0004");
        Assert.True((await RosterAsync(r => r.SetUnavailableAsync(wang, new DateOnly(2026, 7, 21), true, "出差"))).Succeeded);

        var proposal = await RosterAsync(r => r.ProposeAsync(_station, StationCode, new Quarter(2026, 3)));

        Assert.NotNull(proposal);
        Assert.Equal([new DateOnly(2026, 7, 21), new(2026, 8, 18), new(2026, 9, 15)], proposal.Days.Select(d => d.Date));
        Assert.All(proposal.Days, d => Assert.Equal(2, d.Deputies.Count));
        Assert.DoesNotContain("D0004", proposal.Days[0].Deputies);
        Assert.Contains(("D0004", new DateOnly(2026, 7, 21)), proposal.Unavailable);
        var enrolled = proposal.Deputies.Select(d => d.Code).ToList();
        Assert.True(enrolled.Count >= 3);
        Assert.All(proposal.Deputies, d => Assert.InRange(d.Turns, enrolled.Count <= 6 ? 1 : 0, 2));
        Assert.Empty(await WithDbAsync(db => db.DutyAssignments.Where(d => d.Date >= new DateOnly(2026, 7, 1) && d.Date <= new DateOnly(2026, 9, 30)).ToListAsync()));
        Assert.Null(await RosterAsync(r => r.ProposeAsync(_otherStation, StationCode, new Quarter(2026, 3))));
    }

    [Fact]
    public async Task SavingMakesEachDayExactlyTheChosenDeputiesAndRefusesWhatIsNotARosterDay()
    {
        var quarter = new Quarter(2026, 4);
        var proposal = (await RosterAsync(r => r.ProposeAsync(_station, StationCode, quarter)))!;
        Assert.True((await RosterAsync(r => r.SaveAsync(_station, StationCode, proposal.Days.Select(d => new DayDuties(d.Date, d.Deputies)).ToList()))).Succeeded);

        var october = new DateOnly(2026, 10, 20);
        Assert.True((await RosterAsync(r => r.SaveAsync(_station, StationCode, [new DayDuties(october, ["D0001", "D0011"])]))).Succeeded);
        Assert.True((await RosterAsync(r => r.AssignAsync(_station, StationCode, october, "D0004"))).Succeeded);
        Assert.True((await RosterAsync(r => r.UnassignAsync(_station, StationCode, october, "D0011"))).Succeeded);

        var roster = (await RosterAsync(r => r.RosterAsync(_station, StationCode, quarter)))!;
        Assert.Equal(["D0001", "D0004"], roster.Days.Single(d => d.Date == october).Duties.Select(d => d.DeputyCode).Order());
        Assert.Equal(proposal.Days.Skip(1).Select(d => d.Deputies), roster.Days.Skip(1).Select(d => d.Duties.Select(x => x.DeputyCode).Order().ToList()));

        var notADay = await RosterAsync(r => r.AssignAsync(_station, StationCode, new DateOnly(2026, 10, 21), "D0001"));
        Assert.Equal(EditOutcome.Invalid, notADay.Outcome);
        var stranger = await RosterAsync(r => r.AssignAsync(_station, StationCode, october, "D0002"));
        Assert.Equal(EditOutcome.Invalid, stranger.Outcome);
        Assert.Equal(EditOutcome.NotFound, (await RosterAsync(r => r.AssignAsync(_otherStation, StationCode, october, "D0001"))).Outcome);
        Assert.Equal(2, await WithDbAsync(db => db.DutyAssignments.CountAsync(d => d.Date == october)));
    }

    [Fact]
    public async Task ADeputyConfirmsOnlyTheirOwnDutyAndASwapIsRecordedWithItsReason()
    {
        var day = new DateOnly(2027, 1, 19);
        Assert.True((await RosterAsync(r => r.SaveAsync(_station, StationCode, [new DayDuties(day, ["D0004", "D0001"])]))).Succeeded);
        var wang = await DeputyScopeAsync("D0004");
        var chen = await DeputyScopeAsync("D0001");
        var duty = (await RosterAsync(r => r.MyDutiesAsync(wang))).Duties.Single(d => d.Date == day);

        Assert.Equal(EditOutcome.NotFound, (await RosterAsync(r => r.ConfirmAsync(chen, duty.Id))).Outcome);
        Assert.Equal(EditOutcome.NotFound, (await RosterAsync(r => r.ConfirmAsync(_station, duty.Id))).Outcome);
        Assert.True((await RosterAsync(r => r.ConfirmAsync(wang, duty.Id))).Succeeded);
        Assert.True((await RosterAsync(r => r.ConfirmAsync(wang, duty.Id))).Succeeded);
        Assert.Equal(DutyStatus.Confirmed, (await RosterAsync(r => r.MyDutiesAsync(wang))).Duties.Single(d => d.Date == day).Status);

        Assert.Equal(EditOutcome.Invalid, (await RosterAsync(r => r.SwapAsync(_station, StationCode, day, "D0004", "D0011", " "))).Outcome);
        Assert.Equal(EditOutcome.Invalid, (await RosterAsync(r => r.SwapAsync(_station, StationCode, day, "D0004", "D0001", "换人"))).Outcome);
        Assert.True((await RosterAsync(r => r.SwapAsync(_station, StationCode, day, "D0004", "D0011", "王建华代表临时出差"))).Succeeded);

        var rows = await WithDbAsync(db => db.DutyAssignments.Include(d => d.Deputy).Where(d => d.Date == day).ToListAsync());
        var wangId = rows.Single(d => d.Deputy.Code == "D0004").DeputyId;
        Assert.Equal(DutyStatus.Swapped, rows.Single(d => d.Deputy.Code == "D0004").Status);
        Assert.Equal(wangId, rows.Single(d => d.Deputy.Code == "D0011").ReplacesDeputyId);
        Assert.Equal(DutyStatus.Assigned, rows.Single(d => d.Deputy.Code == "D0011").Status);
        var roster = (await RosterAsync(r => r.RosterAsync(_station, StationCode, new Quarter(2027, 1))))!;
        var swap = Assert.Single(roster.Swaps);
        Assert.Equal("王建华代表临时出差", swap.Reason);
        Assert.Equal(day, swap.Date);
        Assert.Equal("王建华", roster.Days.Single(d => d.Date == day).Duties.Single(d => d.DeputyCode == "D0011").ReplacesName);
        Assert.Equal(EditOutcome.Conflict, (await RosterAsync(r => r.ConfirmAsync(wang, duty.Id))).Outcome);
        Assert.Equal(EditOutcome.Conflict, (await RosterAsync(r => r.SwapAsync(_station, StationCode, day, "D0004", "D0015", "再换"))).Outcome);
    }

    [Fact]
    public async Task ADeputyAddsAndRemovesTheirUnavailableDatesAndTheStationCannotAssignThemThen()
    {
        var wang = await DeputyScopeAsync("D0004");
        var day = new DateOnly(2027, 2, 16);

        Assert.Equal(EditOutcome.Invalid, (await RosterAsync(r => r.SetUnavailableAsync(wang, new DateOnly(2026, 5, 1), true))).Outcome);
        Assert.Equal(EditOutcome.NotFound, (await RosterAsync(r => r.SetUnavailableAsync(_station, day, true))).Outcome);
        Assert.True((await RosterAsync(r => r.SetUnavailableAsync(wang, day, true, "开会"))).Succeeded);
        Assert.True((await RosterAsync(r => r.SetUnavailableAsync(wang, day, true, "开会"))).Succeeded);
        Assert.Contains((await RosterAsync(r => r.MyDutiesAsync(wang))).Unavailable, u => u.Date == day && u.Note == "开会");

        Assert.Equal(EditOutcome.Invalid, (await RosterAsync(r => r.AssignAsync(_station, StationCode, day, "D0004"))).Outcome);

        Assert.True((await RosterAsync(r => r.SetUnavailableAsync(wang, day, false))).Succeeded);
        Assert.DoesNotContain((await RosterAsync(r => r.MyDutiesAsync(wang))).Unavailable, u => u.Date == day);
        Assert.True((await RosterAsync(r => r.AssignAsync(_station, StationCode, day, "D0004"))).Succeeded);
    }

    [Fact]
    public async Task TheYearlyMinimumListsDeputiesWithNeitherADutyNorACheckInThatYear()
    {
        var before = await RosterAsync(r => r.YearlyMinimumAsync(_station, 2028));
        Assert.Contains(before, r => r.DeputyCode == "D0004");
        Assert.Contains(before, r => r.DeputyCode == "D0001" && r.StationCode == StationCode);
        Assert.DoesNotContain(before, r => r.DeputyCode == "D0002"); // another station's deputy

        Assert.True((await RosterAsync(r => r.AssignAsync(_station, StationCode, new DateOnly(2028, 3, 21), "D0004"))).Succeeded);
        var ids = await WithDbAsync(db => db.Deputies.Where(d => d.Code == "D0001").Select(d => d.Id).SingleAsync());
        await WithDbAsync(async db =>
        {
            var log = new ReceptionLog(_station.Id!.Value, new DateOnly(2028, 5, 16), ReceptionMode.AtStation, DateTimeOffset.UtcNow);
            db.ReceptionLogs.Add(log);
            await db.SaveChangesAsync();
            db.ReceptionLogDeputies.Add(new ReceptionLogDeputy(log.Id, ids, DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });

        var after = await RosterAsync(r => r.YearlyMinimumAsync(_station, 2028));
        Assert.DoesNotContain(after, r => r.DeputyCode == "D0004");
        Assert.DoesNotContain(after, r => r.DeputyCode == "D0001");
        Assert.Equal(before.Count - 2, after.Count);
        Assert.Contains(await RosterAsync(r => r.YearlyMinimumAsync(StaffScope.Everything, 2028)), r => r.DeputyCode == "D0002");
        var wang = await DeputyScopeAsync("D0004");
        Assert.Empty(await RosterAsync(r => r.YearlyMinimumAsync(wang, 2028)));
    }

    [Fact]
    public async Task AReminderGoesOutThreeDaysBeforeOnceEvenWhenTheJobRunsTwice()
    {
        var day = new DateOnly(2027, 4, 20);
        Assert.True((await RosterAsync(r => r.SaveAsync(_station, StationCode, [new DayDuties(day, ["D0004"])]))).Succeeded);

        await RemindAsync(new DateOnly(2027, 4, 16));
        Assert.Empty(await RemindersAsync(day));

        await RemindAsync(new DateOnly(2027, 4, 17));
        await RemindAsync(new DateOnly(2027, 4, 17));
        await RemindAsync(new DateOnly(2027, 4, 18));
        var reminders = await RemindersAsync(day);
        Assert.Equal(1, reminders.Count(m => m.Channel == MessageChannel.Sms));
        Assert.Equal(1, reminders.Count(m => m.Channel == MessageChannel.Email));
        Assert.Contains("湖滨街道人大代表之家", reminders[0].Body, StringComparison.Ordinal);
        Assert.DoesNotContain(DeputyMobile, reminders[0].Body, StringComparison.Ordinal);
        var recipients = await WithScopeAsync(s => Task.FromResult(reminders.Select(m => s.GetRequiredService<Outbox>().RecipientOf(m)).ToList()));
        Assert.Contains(DeputyMobile, recipients);
        Assert.Contains("deputy@liaison.demo", recipients);
        Assert.Equal(new DateOnly(2027, 4, 17), await WithDbAsync(db => db.DutyAssignments.Where(d => d.Date == day).Select(d => d.RemindedOn).SingleAsync()));
    }

    [Fact]
    public async Task FourInstancesRunningTheDailyJobAtOnceRemindEachDutyOnce()
    {
        var day = new DateOnly(2027, 5, 18);
        Assert.True((await RosterAsync(r => r.SaveAsync(_station, StationCode, [new DayDuties(day, ["D0004", "D0001"])]))).Succeeded);

        var instances = Enumerable.Range(0, 4).Select(_ => TestCluster.CoreServices(_database.ConnectionString)).ToList();
        try
        {
            await Task.WhenAll(instances.Select(async provider =>
            {
                await using var scope = provider.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DutyRoster>().RemindAsync(new DateOnly(2027, 5, 15));
            }));
        }
        finally
        {
            foreach (var provider in instances)
            {
                await provider.DisposeAsync();
            }
        }

        var reminders = await RemindersAsync(day);
        Assert.Equal(1, reminders.Count(m => m.Channel == MessageChannel.Sms)); // 陈国栋 has no mobile on file
        Assert.Equal(1, reminders.Count(m => m.Channel == MessageChannel.Email));
        Assert.Equal(2, await WithDbAsync(db => db.DutyAssignments.CountAsync(d => d.Date == day && d.RemindedOn == new DateOnly(2027, 5, 15))));
    }

    private Task<List<OutboxMessage>> RemindersAsync(DateOnly day)
    {
        var text = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Kind == "duty.reminder" && m.Body.Contains(text)).OrderBy(m => m.Id).ToListAsync());
    }

    private Task<DutyReminderResult> RemindAsync(DateOnly today) => RosterAsync(r => r.RemindAsync(today));

    private async Task<StaffScope> DeputyScopeAsync(string code) =>
        StaffScope.ForDeputy(await WithDbAsync(db => db.Deputies.Where(d => d.Code == code).Select(d => d.Id).SingleAsync()));

    private Task<T> RosterAsync<T>(Func<DutyRoster, Task<T>> action) => WithScopeAsync(s => action(s.GetRequiredService<DutyRoster>()));

    private Task<T> WithDbAsync<T>(Func<ApplicationDbContext, Task<T>> query) => WithScopeAsync(s => query(s.GetRequiredService<ApplicationDbContext>()));

    private async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }
}
