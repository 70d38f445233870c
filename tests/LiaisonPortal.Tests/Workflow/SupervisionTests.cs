using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiaisonPortal.Tests.Workflow;

/// <summary>
/// 督办 on the demo street with a clock the test sets: deadlines across National Day (2025 and 2026 official calendars,
/// expected dates counted by hand from the State Council's notices), the overdue rules, reminders, auto-close and lists.
/// </summary>
public sealed class SupervisionTests : IClassFixture<DemoDatabaseFixture>, IAsyncLifetime
{
    private const string StationCode = "990102001-01";
    private const string UnitCode = "U990102-01";
    private const string UnitMobile = "13900001234";
    private static readonly CaseActor Office = new(StaffScope.Everything, WorkflowActor.Office, null, "东湖区代表工委");

    private readonly DemoDatabaseFixture _database;
    private readonly AdjustableClock _clock = new();
    private readonly ServiceProvider _services;
    private int _phone;

    public SupervisionTests(DemoDatabaseFixture database)
    {
        _database = database;
        _services = TestCluster.CoreServices(database.ConnectionString, configure: services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(_clock);
        });
    }

    public Task InitializeAsync() => WithDbAsync(db => db.HandlingUnits.Where(u => u.Code == UnitCode)
        .ExecuteUpdateAsync(s => s.SetProperty(u => u.ContactPhone, UnitMobile)));

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task ACaseAssignedOnMonday2025_09_29IsDueOnThursdayOctober23()
    {
        // 13 working days (3 to reach the unit + 10 to answer) after Mon 29 Sep 2025: Tue 30 Sep (1); 1–8 Oct are the
        // National Day and Mid-Autumn holiday; Thu 9 (2), Fri 10 (3), Sat 11 Oct is an adjusted workday (4); 13–17 Oct
        // (5–9); 20, 21, 22, 23 Oct (10–13).
        var code = await ReceiveAsync(new DateTimeOffset(2025, 9, 29, 9, 0, 0, ChinaTime.Offset), "国庆前交办的意见");
        await ClassifyAndAssignAsync(code, Grade.Normal);

        Assert.Equal(new DateOnly(2025, 10, 23), (await OpinionAsync(code)).AnswerDueOn);
        var lead = await WithDbAsync(db => db.OpinionAssignments.SingleAsync(a => db.Opinions.Any(o => o.Id == a.OpinionId && o.TrackingCode == code)));
        Assert.Equal(new DateOnly(2025, 10, 23), lead.AnswerDueOn);
    }

    [Fact]
    public async Task AnUrgentCaseAssignedOn2025_09_29IsDueOnOctober14()
    {
        // Urgent: 1 + 5 = 6 working days: 30 Sep, 9 Oct, 10 Oct, Sat 11 Oct (adjusted), 13 Oct, 14 Oct.
        var code = await ReceiveAsync(new DateTimeOffset(2025, 9, 29, 9, 0, 0, ChinaTime.Offset), "紧急的意见");
        await ClassifyAndAssignAsync(code, Grade.Urgent);

        Assert.Equal(new DateOnly(2025, 10, 14), (await OpinionAsync(code)).AnswerDueOn);
    }

    [Fact]
    public async Task ACaseAssignedOnWednesday2026_09_30IsDueOnFridayOctober23()
    {
        // 2026: 1–7 Oct off; Thu 8 (1), Fri 9 (2), Sat 10 Oct adjusted workday (3), 12–16 Oct (4–8), 19–23 Oct (9–13).
        var code = await ReceiveAsync(new DateTimeOffset(2026, 9, 30, 9, 0, 0, ChinaTime.Offset), "二〇二六年国庆前交办");
        await ClassifyAndAssignAsync(code, Grade.Important);

        Assert.Equal(new DateOnly(2026, 10, 23), (await OpinionAsync(code)).AnswerDueOn);
        Assert.Equal(new DateOnly(2026, 10, 23), await WithScopeAsync(s => s.GetRequiredService<OpinionCases>().AnswerDueAsync(Grade.Normal, new DateOnly(2026, 9, 30))));
    }

    [Fact]
    public async Task AnUnforwardedCaseIsOverdueTheDayAfterItsGradesForwardingDays()
    {
        // Normal: 2 working days after Mon 29 Sep 2025 = 30 Sep, 9 Oct: overdue from 10 Oct. Urgent: 1 day = 30 Sep: overdue from 1 Oct.
        var received = new DateTimeOffset(2025, 9, 29, 20, 0, 0, ChinaTime.Offset);
        var normal = await ReceiveAsync(received, "一般件未转交");
        var urgent = await ReceiveAsync(received, "紧急件未转交");
        Assert.True((await CasesAsync(c => c.ClassifyAsync(Office, urgent, "CJ", Grade.Urgent, null))).Succeeded);

        await RecomputeAsync(new DateOnly(2025, 9, 30));
        Assert.False((await OpinionAsync(normal)).IsOverdue);
        Assert.False((await OpinionAsync(urgent)).IsOverdue);

        await RecomputeAsync(new DateOnly(2025, 10, 1));
        Assert.False((await OpinionAsync(normal)).IsOverdue);
        Assert.True((await OpinionAsync(urgent)).IsOverdue);

        await RecomputeAsync(new DateOnly(2025, 10, 9));
        Assert.False((await OpinionAsync(normal)).IsOverdue);

        await RecomputeAsync(new DateOnly(2025, 10, 10));
        Assert.True((await OpinionAsync(normal)).IsOverdue);
    }

    [Fact]
    public async Task AnAssignedCaseIsOverdueAfterItsAnswerDeadlineAndNoLongerOnceAnswered()
    {
        var code = await ReceiveAsync(new DateTimeOffset(2025, 9, 29, 9, 0, 0, ChinaTime.Offset), "单位超期未答复");
        await ClassifyAndAssignAsync(code, Grade.Normal);

        await RecomputeAsync(new DateOnly(2025, 10, 23));
        Assert.False((await OpinionAsync(code)).IsOverdue);
        await RecomputeAsync(new DateOnly(2025, 10, 24));
        Assert.True((await OpinionAsync(code)).IsOverdue);

        _clock.Set(new DateTimeOffset(2025, 10, 24, 10, 0, 0, ChinaTime.Offset));
        var unit = await UnitActorAsync();
        Assert.True((await CasesAsync(c => c.AnswerAsync(unit, code, new AnswerInput("已修复", AnswerResult.Solved, Final: true), null))).Succeeded);
        Assert.False((await OpinionAsync(code)).IsOverdue); // the move itself clears it
        await RecomputeAsync(new DateOnly(2025, 10, 24));
        Assert.False((await OpinionAsync(code)).IsOverdue);
    }

    [Fact]
    public async Task ACaseNotFedBackWithinAMonthOfReceiptIsOverdueWhereverItSits()
    {
        var code = await ReceiveAsync(new DateTimeOffset(2025, 9, 29, 9, 0, 0, ChinaTime.Offset), "一个月未反馈");
        await ClassifyAndAssignAsync(code, Grade.Normal);
        var unit = await UnitActorAsync();
        Assert.True((await CasesAsync(c => c.AnswerAsync(unit, code, new AnswerInput("已处理", AnswerResult.Solved, Final: true), null))).Succeeded);
        Assert.Equal(new DateOnly(2025, 10, 29), (await OpinionAsync(code)).FeedbackDueOn);

        await RecomputeAsync(new DateOnly(2025, 10, 29));
        Assert.False((await OpinionAsync(code)).IsOverdue);
        await RecomputeAsync(new DateOnly(2025, 10, 30));
        Assert.True((await OpinionAsync(code)).IsOverdue);

        _clock.Set(new DateTimeOffset(2025, 10, 30, 10, 0, 0, ChinaTime.Offset));
        Assert.True((await CasesAsync(c => c.FeedBackAsync(Office, code, "已处理完毕。", null))).Succeeded);
        await RecomputeAsync(new DateOnly(2025, 10, 30));
        Assert.False((await OpinionAsync(code)).IsOverdue);
    }

    [Fact]
    public async Task RemindersGoOutTheWorkingDayBeforeAndOnTheDeadlineOnceEachEvenWhenTheJobRunsTwice()
    {
        // Due Thu 8 Oct 2026: the working day before is Wed 30 Sep (1–7 Oct are the holiday).
        var code = await ReceiveAsync(new DateTimeOffset(2026, 9, 29, 9, 0, 0, ChinaTime.Offset), "催办测试");
        await ClassifyAndAssignAsync(code, Grade.Normal, dueOn: new DateOnly(2026, 10, 8));

        await RunAsync(new DateOnly(2026, 9, 29));
        Assert.Empty(await RemindersAsync(code));

        await RunAsync(new DateOnly(2026, 9, 30));
        await RunAsync(new DateOnly(2026, 9, 30));
        var before = await RemindersAsync(code);
        Assert.Equal(1, before.Count(m => m.Channel == MessageChannel.Sms));
        Assert.Equal(1, before.Count(m => m.Channel == MessageChannel.Email));
        Assert.Contains("下一个工作日到期", before[0].Body, StringComparison.Ordinal);
        Assert.Equal(UnitMobile, await WithScopeAsync(s => Task.FromResult(s.GetRequiredService<Outbox>().RecipientOf(before.Single(m => m.Channel == MessageChannel.Sms)))));

        await RunAsync(new DateOnly(2026, 10, 2));
        await RunAsync(new DateOnly(2026, 10, 7));
        Assert.Equal(2, (await RemindersAsync(code)).Count);

        await RunAsync(new DateOnly(2026, 10, 8));
        await RunAsync(new DateOnly(2026, 10, 8));
        var all = await RemindersAsync(code);
        Assert.Equal(4, all.Count);
        Assert.Contains(all, m => m.Body.Contains("今天到期", StringComparison.Ordinal));
        Assert.Equal(new DateOnly(2026, 10, 8), await WithDbAsync(db => db.OpinionAssignments
            .Where(a => db.Opinions.Any(o => o.Id == a.OpinionId && o.TrackingCode == code)).Select(a => a.RemindedOn).SingleAsync()));
    }

    [Fact]
    public async Task FourInstancesRunningTheJobAtOnceQueueEachReminderOnce()
    {
        var code = await ReceiveAsync(new DateTimeOffset(2026, 11, 2, 9, 0, 0, ChinaTime.Offset), "并发催办");
        await ClassifyAndAssignAsync(code, Grade.Normal, dueOn: new DateOnly(2026, 11, 20));

        // Separate service providers: four app instances sharing the database, each with its own connection pool use.
        var instances = Enumerable.Range(0, 4).Select(_ => TestCluster.CoreServices(_database.ConnectionString)).ToList();
        try
        {
            await Task.WhenAll(instances.Select(async provider =>
            {
                await using var scope = provider.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<Supervision>().RunAsync(new DateOnly(2026, 11, 20));
            }));
        }
        finally
        {
            foreach (var provider in instances)
            {
                await provider.DisposeAsync();
            }
        }

        var reminders = await RemindersAsync(code);
        Assert.Equal(1, reminders.Count(m => m.Channel == MessageChannel.Sms));
        Assert.Equal(1, reminders.Count(m => m.Channel == MessageChannel.Email));
    }

    [Fact]
    public async Task AFedBackCaseNobodyRatesIsClosedByTheSystemFifteenDaysLater()
    {
        var code = await ReceiveAsync(new DateTimeOffset(2026, 3, 2, 9, 0, 0, ChinaTime.Offset), "无人评价");
        await ClassifyAndAssignAsync(code, Grade.Normal);
        var unit = await UnitActorAsync();
        Assert.True((await CasesAsync(c => c.AnswerAsync(unit, code, new AnswerInput("已处理", AnswerResult.Solved, Final: true), null))).Succeeded);
        var fedBackAt = new DateTimeOffset(2026, 3, 5, 15, 0, 0, ChinaTime.Offset);
        _clock.Set(fedBackAt);
        Assert.True((await CasesAsync(c => c.FeedBackAsync(Office, code, "已处理完毕。", null))).Succeeded);

        _clock.Set(fedBackAt + TimeSpan.FromDays(15) - TimeSpan.FromMinutes(1));
        await RunAsync(ChinaTime.Today(_clock));
        Assert.Equal(OpinionState.FedBack, (await OpinionAsync(code)).State);

        _clock.Set(fedBackAt + TimeSpan.FromDays(15));
        var first = await RunAsync(ChinaTime.Today(_clock));
        var second = await RunAsync(ChinaTime.Today(_clock));

        var opinion = await WithDbAsync(db => db.Opinions.Include(o => o.Events).AsNoTracking().SingleAsync(o => o.TrackingCode == code));
        Assert.Equal(OpinionState.Closed, opinion.State);
        Assert.Equal(fedBackAt + TimeSpan.FromDays(15), opinion.ClosedAt);
        var last = opinion.Events.OrderBy(e => e.Id).Last();
        Assert.Equal(nameof(OpinionAction.AutoClose), last.Action);
        Assert.Equal("系统", last.ActorName);
        Assert.Equal(1, opinion.Events.Count(e => e.Action == nameof(OpinionAction.AutoClose)));
        Assert.True(first.AutoClosed >= 1);
        Assert.Equal(0, second.AutoClosed);
    }

    [Fact]
    public async Task TheListsShowOverdueDueSoonAndSupervisedCasesWithinTheScopeOnly()
    {
        var overdue = await ReceiveAsync(new DateTimeOffset(2025, 11, 3, 9, 0, 0, ChinaTime.Offset), "列表：超期");
        var soon = await ReceiveAsync(new DateTimeOffset(2025, 11, 3, 9, 0, 0, ChinaTime.Offset), "列表：快到期");
        await ClassifyAndAssignAsync(soon, Grade.Normal, dueOn: new DateOnly(2025, 11, 7));
        Assert.True((await CasesAsync(c => c.SuperviseAsync(Office, soon, SupervisionLevel.Flagged, "领导挂牌"))).Succeeded);
        var today = new DateOnly(2025, 11, 6); // overdue's forwarding deadline was Wed 5 Nov; soon is due Fri 7 Nov

        var station = await WithDbAsync(db => db.Stations.Where(s => s.Code == StationCode).Select(s => s.Id).SingleAsync());
        var other = await WithDbAsync(db => db.Stations.Where(s => s.Code != StationCode).Select(s => s.Id).FirstAsync());
        var unitScope = (await UnitActorAsync()).Scope;
        var list = _services.CreateScope().ServiceProvider.GetRequiredService<Supervision>();

        var office = await list.ListAsync(StaffScope.Everything, SupervisionList.Overdue, today: today);
        Assert.Contains(office.Rows, r => r.Code == overdue && r.Deadline == new DateOnly(2025, 11, 5));
        Assert.DoesNotContain(office.Rows, r => r.Code == soon);
        Assert.Contains((await list.ListAsync(StaffScope.ForStation(station), SupervisionList.Overdue, today: today)).Rows, r => r.Code == overdue);
        Assert.DoesNotContain((await list.ListAsync(StaffScope.ForStation(other), SupervisionList.Overdue, today: today)).Rows, r => r.Code == overdue);

        var dueSoon = await list.ListAsync(StaffScope.Everything, SupervisionList.DueSoon, today: today);
        Assert.Contains(dueSoon.Rows, r => r.Code == soon && r.Deadline == new DateOnly(2025, 11, 7) && r.LeadUnitName == "东湖区住房和城乡建设局");
        Assert.DoesNotContain(dueSoon.Rows, r => r.Code == overdue);
        Assert.Contains((await list.ListAsync(unitScope, SupervisionList.DueSoon, today: today)).Rows, r => r.Code == soon);
        Assert.DoesNotContain((await list.ListAsync(unitScope, SupervisionList.Overdue, today: today)).Rows, r => r.Code == overdue);
        Assert.Contains((await list.ListAsync(StaffScope.Everything, SupervisionList.DueSoon, new SupervisionFilter(UnitCode: UnitCode), today)).Rows, r => r.Code == soon);
        Assert.DoesNotContain((await list.ListAsync(StaffScope.Everything, SupervisionList.DueSoon, new SupervisionFilter(UnitCode: "U990102-02"), today)).Rows, r => r.Code == soon);

        Assert.Contains((await list.ListAsync(StaffScope.Everything, SupervisionList.Supervised, today: today)).Rows, r => r.Code == soon && r.Supervision == SupervisionLevel.Flagged);
        Assert.Contains((await list.ListAsync(StaffScope.Everything, SupervisionList.Leader, today: today)).Rows, r => r.Code == soon);
        Assert.DoesNotContain((await list.ListAsync(StaffScope.Everything, SupervisionList.Leader, today: today)).Rows, r => r.Code == overdue);
        var counts = await list.CountsAsync(StaffScope.ForStation(station), today: today);
        Assert.True(counts[SupervisionList.Overdue] >= 1);
    }

    private async Task<string> ReceiveAsync(DateTimeOffset at, string title)
    {
        _clock.Set(at);
        var phone = "1370000" + Interlocked.Increment(ref _phone).ToString("0000", System.Globalization.CultureInfo.InvariantCulture);
        return await WithScopeAsync(async services =>
        {
            var result = await services.GetRequiredService<OpinionIntake>().SubmitAsync(AddressKind.Station, StationCode,
                new OpinionSubmission(title, "这是一条用于测试督办的群众意见，内容足够长，" + title, null, null, phone, true, false, []));
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
            return result.TrackingCode!;
        });
    }

    private async Task ClassifyAndAssignAsync(string code, Grade grade, DateOnly? dueOn = null)
    {
        Assert.True((await CasesAsync(c => c.ClassifyAsync(Office, code, "CJ", grade, null))).Succeeded);
        var assigned = await CasesAsync(c => c.AssignAsync(Office, code, new AssignInput(UnitCode, null, dueOn), null));
        Assert.True(assigned.Succeeded, string.Join("; ", assigned.Errors.Select(e => e.Message)));
    }

    private Task<(int NowOverdue, int NoLongerOverdue)> RecomputeAsync(DateOnly today) => WithScopeAsync(s => s.GetRequiredService<Supervision>().RecomputeOverdueAsync(today));

    private Task<SupervisionRunResult> RunAsync(DateOnly today) => WithScopeAsync(s => s.GetRequiredService<Supervision>().RunAsync(today));

    private Task<List<OutboxMessage>> RemindersAsync(string code)
    {
        var display = Core.Citizens.TrackingCodes.Display(code);
        return WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Kind == "supervision.reminder" && m.Body.Contains(display)).OrderBy(m => m.Id).ToListAsync());
    }

    private Task<Opinion> OpinionAsync(string code) => WithDbAsync(db => db.Opinions.AsNoTracking().SingleAsync(o => o.TrackingCode == code));

    private async Task<CaseActor> UnitActorAsync()
    {
        var id = await WithDbAsync(db => db.HandlingUnits.Where(u => u.Code == UnitCode).Select(u => u.Id).SingleAsync());
        return new CaseActor(StaffScope.ForUnit(id), WorkflowActor.Unit, null, UnitCode);
    }

    private Task<EditResult> CasesAsync(Func<OpinionCases, Task<EditResult>> move) => WithScopeAsync(s => move(s.GetRequiredService<OpinionCases>()));

    private async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private Task<T> WithDbAsync<T>(Func<ApplicationDbContext, Task<T>> action) => WithScopeAsync(s => action(s.GetRequiredService<ApplicationDbContext>()));
}
