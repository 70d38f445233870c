using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiaisonPortal.Tests.Suggestions;

/// <summary>
/// 督办 of suggestions by the daily job: the overdue flag set and cleared by idempotent updates, and reminders (催办)
/// to the round's units on the working day before and on the deadline, once each, also with four instances at once.
/// </summary>
public sealed class UnitSuggestionSupervisionTests : IClassFixture<DemoDatabaseFixture>, IAsyncLifetime
{
    private const string LeadMobile = "13900005678";
    private const string CoMobile = "13900008765";
    private static readonly CaseActor Office = new(StaffScope.Everything, WorkflowActor.Office, null, "东湖区代表工委");

    private readonly DemoDatabaseFixture _database;
    private readonly AdjustableClock _clock = new();
    private readonly ServiceProvider _services;

    public UnitSuggestionSupervisionTests(DemoDatabaseFixture database)
    {
        _database = database;
        // Today's demo batches are open: the clock is the real one, moved only by the days the job is told.
        _clock.Set(DateTimeOffset.UtcNow);
        _services = TestCluster.CoreServices(database.ConnectionString, configure: services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(_clock);
        });
    }

    public async Task InitializeAsync()
    {
        await WithDbAsync(db => db.HandlingUnits.Where(u => u.Code == "U990102-01").ExecuteUpdateAsync(s => s.SetProperty(u => u.ContactPhone, LeadMobile)));
        await WithDbAsync(db => db.HandlingUnits.Where(u => u.Code == "U990102-02").ExecuteUpdateAsync(s => s.SetProperty(u => u.ContactPhone, CoMobile)));
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task TheOverdueFlagIsSetAfterTheDeadlineAndClearedWhenItNoLongerHolds()
    {
        var due = await WorkingDaysAheadAsync(3);
        var (id, _) = await AssignedAsync("关于整治河道黑臭水体的建议", due);
        var supervision = Supervision();

        await supervision.RecomputeOverdueAsync(due);
        Assert.False(await OverdueAsync(id));
        var set = await supervision.RecomputeOverdueAsync(due.AddDays(1));
        Assert.True(set.NowOverdue >= 1);
        Assert.True(await OverdueAsync(id));
        var again = await supervision.RecomputeOverdueAsync(due.AddDays(1));
        Assert.Equal((0, 0), again);
        var version = await WithDbAsync(db => db.Suggestions.Where(s => s.Id == id).Select(s => s.Version).SingleAsync());

        var cleared = await supervision.RecomputeOverdueAsync(due);
        Assert.True(cleared.NoLongerOverdue >= 1);
        Assert.False(await OverdueAsync(id));
        Assert.NotEqual(version, await WithDbAsync(db => db.Suggestions.Where(s => s.Id == id).Select(s => s.Version).SingleAsync()));

        // Replied: no longer being handled, so never overdue however late.
        await supervision.RecomputeOverdueAsync(due.AddDays(10));
        Assert.True(await OverdueAsync(id));
        await ReplyAsync(id);
        await supervision.RecomputeOverdueAsync(due.AddDays(10));
        Assert.False(await OverdueAsync(id));
    }

    [Fact]
    public async Task RemindersGoOutTheWorkingDayBeforeAndOnTheDeadlineOnceEachEvenWhenTheJobRunsTwice()
    {
        var before = await WorkingDaysAheadAsync(4);
        var due = await WorkingDaysAheadAsync(5);
        var (id, number) = await AssignedAsync("关于增设老年助餐点的建议", due);

        await RunAsync(await WorkingDaysAheadAsync(3));
        Assert.Empty(await RemindersAsync(number));

        await RunAsync(before);
        await RunAsync(before);
        var first = await RemindersAsync(number);
        Assert.NotEmpty(first);
        Assert.All(first, m => Assert.Contains("下一个工作日到期", m.Body, StringComparison.Ordinal));
        Assert.Contains(first, m => m.Channel == MessageChannel.Sms && Recipient(m) == LeadMobile);
        Assert.Contains(first, m => m.Body.Contains("请按时答复代表", StringComparison.Ordinal));
        Assert.Contains(first, m => m.Channel == MessageChannel.Sms && Recipient(m) == CoMobile && m.Body.Contains("协办意见", StringComparison.Ordinal));

        await RunAsync(due);
        var second = await RunAsync(due);
        Assert.Equal(0, second.Reminders);
        var all = await RemindersAsync(number);
        Assert.Equal(first.Count * 2, all.Count);
        Assert.Equal(first.Count, all.Count(m => m.Body.Contains("今天到期", StringComparison.Ordinal)));
        Assert.All(await RemindedOnAsync(id), day => Assert.Equal(due, day));
    }

    [Fact]
    public async Task ACoUnitThatSentItsViewsAndARepliedLeadAreNotReminded()
    {
        var due = await WorkingDaysAheadAsync(6);
        var (id, number) = await AssignedAsync("关于改善背街小巷照明的建议", due);
        var co = await UnitActorAsync("U990102-02");
        Assert.True((await CasesAsync(c => c.ViewAsync(co, id, "同意，本单位配合做好线路改造。"))).Succeeded);

        await RunAsync(due);
        var reminded = await RemindersAsync(number);
        Assert.NotEmpty(reminded);
        Assert.DoesNotContain(reminded, m => m.Body.Contains("协办意见", StringComparison.Ordinal));
        Assert.Equal([true], (await WithDbAsync(db => db.SuggestionAssignments.Where(a => a.SuggestionId == id && a.RemindedOn != null).Select(a => a.IsLead).ToListAsync())));

        var (replied, repliedNumber) = await AssignedAsync("关于增加社区停车位的建议", due);
        await ReplyAsync(replied);
        await RunAsync(due);
        Assert.Empty(await RemindersAsync(repliedNumber));
    }

    [Fact]
    public async Task FourInstancesRunningTheJobAtOnceQueueEachReminderOnce()
    {
        var due = await WorkingDaysAheadAsync(7);
        var (id, number) = await AssignedAsync("关于建设社区嵌入式托育点的建议", due);

        var instances = Enumerable.Range(0, 4).Select(_ => TestCluster.CoreServices(_database.ConnectionString)).ToList();
        int[] counts;
        try
        {
            counts = await Task.WhenAll(instances.Select(async provider =>
            {
                await using var scope = provider.CreateAsyncScope();
                return (await scope.ServiceProvider.GetRequiredService<SuggestionSupervision>().RunAsync(due)).Reminders;
            }));
        }
        finally
        {
            foreach (var provider in instances)
            {
                await provider.DisposeAsync();
            }
        }

        Assert.Equal(2, counts.Sum());
        var messages = await RemindersAsync(number);
        Assert.NotEmpty(messages);
        Assert.Equal(messages.Count, messages.Select(m => (m.Channel, Recipient(m))).Distinct().Count());
        Assert.All(await RemindedOnAsync(id), day => Assert.Equal(due, day));
    }

    private async Task<(int Id, string Number)> AssignedAsync(string title, DateOnly due)
    {
        var deputyId = await WithDbAsync(db => db.Deputies.Where(d => d.Code == "D0004").Select(d => d.Id).SingleAsync());
        var deputy = new CaseActor(StaffScope.ForDeputy(deputyId), WorkflowActor.Deputy, null, "王建华");
        var filed = await CasesAsync(c => c.SaveAsync(deputy, null, new SuggestionInput(title, title + "：现状问题突出，群众反映强烈，建议有关部门尽快研究解决。", "CJ"), [], submit: true, null));
        Assert.True(filed.Succeeded, string.Join(" ", filed.Errors.Select(e => e.Message)));
        var id = int.Parse(filed.Code!, CultureInfo.InvariantCulture);
        Assert.True((await CasesAsync(c => c.AcceptAsync(Office, id, null, null))).Succeeded);
        var assigned = await CasesAsync(c => c.AssignAsync(Office, id, new AssignInput("U990102-01", ["U990102-02"], due), null));
        Assert.True(assigned.Succeeded, string.Join(" ", assigned.Errors.Select(e => e.Message)));
        return (id, await WithDbAsync(db => db.Suggestions.Where(s => s.Id == id).Select(s => s.Number!).SingleAsync()));
    }

    private async Task ReplyAsync(int id)
    {
        var lead = await UnitActorAsync("U990102-01");
        var today = ChinaTime.Today(_clock);
        Assert.True((await CasesAsync(c => c.ContactAsync(lead, id, new ContactInput(ContactStage.Before, ContactMode.Phone, today, "电话沟通办理方案。")))).Succeeded);
        var replied = await CasesAsync(c => c.ReplyAsync(lead, id, new ReplyInput("已办理完毕。", AnswerResult.Solved), null));
        Assert.True(replied.Succeeded, string.Join(" ", replied.Errors.Select(e => e.Message)));
    }

    private Task<DateOnly> WorkingDaysAheadAsync(int days) =>
        WithScopeAsync(s => s.GetRequiredService<WorkingDayCalendar>().AddWorkingDaysAsync(ChinaTime.Today(_clock), days));

    private SuggestionSupervision Supervision() => _services.CreateScope().ServiceProvider.GetRequiredService<SuggestionSupervision>();

    private Task<SuggestionSupervisionResult> RunAsync(DateOnly today) => WithScopeAsync(s => s.GetRequiredService<SuggestionSupervision>().RunAsync(today));

    private Task<bool> OverdueAsync(int id) => WithDbAsync(db => db.Suggestions.Where(s => s.Id == id).Select(s => s.IsOverdue).SingleAsync());

    private Task<List<DateOnly?>> RemindedOnAsync(int id) =>
        WithDbAsync(db => db.SuggestionAssignments.Where(a => a.SuggestionId == id).Select(a => a.RemindedOn).ToListAsync());

    private Task<List<OutboxMessage>> RemindersAsync(string number) => WithDbAsync(db => db.OutboxMessages.AsNoTracking()
        .Where(m => m.Kind == "suggestion.unit" && m.Body.Contains(number) && m.Body.Contains("催办")).OrderBy(m => m.Id).ToListAsync());

    private string Recipient(OutboxMessage message)
    {
        using var scope = _services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<Outbox>().RecipientOf(message);
    }

    private async Task<CaseActor> UnitActorAsync(string code)
    {
        var id = await WithDbAsync(db => db.HandlingUnits.Where(u => u.Code == code).Select(u => u.Id).SingleAsync());
        return new CaseActor(StaffScope.ForUnit(id), WorkflowActor.Unit, null, code);
    }

    private Task<EditResult> CasesAsync(Func<SuggestionCases, Task<EditResult>> move) => WithScopeAsync(s => move(s.GetRequiredService<SuggestionCases>()));

    private async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private Task<T> WithDbAsync<T>(Func<ApplicationDbContext, Task<T>> action) => WithScopeAsync(s => action(s.GetRequiredService<ApplicationDbContext>()));
}
