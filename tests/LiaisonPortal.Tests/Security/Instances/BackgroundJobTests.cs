using System.Globalization;
using System.Text.Json;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Dashboard;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Import;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Import;
using LiaisonPortal.Tests.Infrastructure;
using LiaisonPortal.Tests.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace LiaisonPortal.Tests.Security.Instances;

/// <summary>
/// Both instances run every background job on one database at once, and nothing is done twice: each queued text message
/// reaches the gateway once, each reminder and auto-close is written once per case, the dashboard's rollups equal a
/// recount, and an import is run by one instance only (and is not failed by the other one's restart). LIAISON_HEAVY=1
/// makes the queues larger.
/// </summary>
[Trait("Category", "Security")]
public class BackgroundJobTests(DemoDatabaseFixture database, ITestOutputHelper output) : IClassFixture<DemoDatabaseFixture>
{
    private static readonly bool Heavy = Environment.GetEnvironmentVariable("LIAISON_HEAVY") == "1";

    [Fact]
    public async Task EachQueuedTextMessageReachesTheGatewayOnceWhileBothInstancesSend()
    {
        var count = Heavy ? 2000 : 120;
        await using var gateway = await FakeSmsGateway.StartAsync();
        var run = Guid.NewGuid().ToString("N")[..6];
        await QueueSmsAsync(run, 0, count / 2);

        await using (var portals = await TwoPortals.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Notifications:Worker:Enabled"] = "true",
            ["Notifications:PollSeconds"] = "1",
            ["Notifications:BatchSize"] = "5",
            ["Notifications:Sms:GatewayUrl"] = gateway.Endpoint.ToString(),
        }))
        {
            // More arrive while both send.
            await QueueSmsAsync(run, count / 2, count);
            await TwoPortals.WaitUntilAsync(
                () => database.QueryAsync(db => db.OutboxMessages.AllAsync(m => m.Kind != "instances." + run || m.SentAt != null)),
                TimeSpan.FromSeconds(Heavy ? 300 : 45), "every queued message sent");
        }

        var received = gateway.Requests.Select(r => r.Body.GetProperty("text").GetString()!).Where(t => t.Contains(run, StringComparison.Ordinal)).ToList();
        var twice = received.GroupBy(t => t).Where(g => g.Count() > 1).Select(g => $"{g.Key} ×{g.Count()}").ToList();
        Assert.True(twice.Count == 0, "sent more than once: " + string.Join(", ", twice.Take(10)));
        Assert.Equal(count, received.Count);
        Assert.Equal(count, await database.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == "instances." + run && m.SentAt != null)));
    }

    [Fact]
    public async Task TheDailySupervisionRunOfBothInstancesRemindsAndClosesEachCaseOnce()
    {
        var cases = Heavy ? 60 : 8;
        var today = ChinaTime.Today(TimeProvider.System);
        await database.QueryAsync(db => db.HandlingUnits.Where(u => u.Code == InstanceCases.UnitCode)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.ContactPhone, "13900002345")));
        var due = await DueForReminderAsync(cases, today);
        var stale = await FedBackLongAgoAsync(cases / 2);
        var late = await ReceivedLongAgoAsync(cases / 2);
        var appointments = await ConfirmedForTomorrowAsync(Heavy ? 20 : 4);
        var notOverdueBefore = await database.QueryAsync(db => db.Opinions.Where(o => !o.IsOverdue).Select(o => o.Id).ToListAsync());

        // The test holds the outbox so that the runs of both instances, started together, overlap: the first stops at its
        // first reminder until the lock goes, and the other gets there meanwhile.
        await using (var gate = await LockAsync("LOCK TABLE \"OutboxMessages\" IN EXCLUSIVE MODE"))
        await using (var portals = await TwoPortals.StartAsync(database.ConnectionString, new Dictionary<string, string?> { ["Supervision:Worker:Enabled"] = "true" }))
        {
            await TwoPortals.WaitUntilAsync(async () => await TwoPortals.LockWaitersAsync(database.ConnectionString) >= 2,
                TimeSpan.FromSeconds(60), "both instances' daily runs waiting at the outbox");
            await gate.CommitAsync();
            await TwoPortals.WaitUntilAsync(() => Task.FromResult(portals.Both.All(p => RunsFinished(p.Logs) >= 1) || Errors(portals).Count > 0),
                TimeSpan.FromSeconds(60), "both daily runs finished");
            Assert.Empty(Errors(portals));

            var runs = portals.Both.SelectMany(p => p.Logs.Entries).Where(e => e.Message.StartsWith("Supervision run for", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, runs.Count);
            output.WriteLine(string.Join(Environment.NewLine, runs.Select(r => r.Message)));

            // Overdue: each flag set by one run only (an update of a row already set counts nothing).
            var nowOverdue = runs.Sum(r => Convert.ToInt32(r.State.Single(s => s.Key == "NowOverdue").Value, CultureInfo.InvariantCulture));
            var newlyOverdue = await database.QueryAsync(db => db.Opinions.CountAsync(o => o.IsOverdue && notOverdueBefore.Contains(o.Id)));
            Assert.True(late.Count <= newlyOverdue);
            Assert.Equal(newlyOverdue, nowOverdue);

            // 催办: one text to the unit per case, and one email to each of the unit's staff.
            var unitEmails = await database.QueryAsync(db => db.Users.Where(u => u.Email != null && db.HandlingUnits.Any(h => h.Id == u.HandlingUnitId && h.Code == InstanceCases.UnitCode))
                .Select(u => u.NormalizedEmail).Distinct().CountAsync());
            foreach (var code in due)
            {
                var display = Core.Citizens.TrackingCodes.Display(code);
                var reminders = await database.QueryAsync(db => db.OutboxMessages.Where(m => m.Kind == "supervision.reminder" && m.Body.Contains(display))
                    .GroupBy(m => m.Channel).Select(g => new { Channel = g.Key, Count = g.Count() }).ToListAsync());
                Assert.Equal(1, reminders.SingleOrDefault(r => r.Channel == MessageChannel.Sms)?.Count ?? 0);
                Assert.Equal(unitEmails, reminders.SingleOrDefault(r => r.Channel == MessageChannel.Email)?.Count ?? 0);
            }

            // Auto-close: one workflow event per case.
            var closes = await database.QueryAsync(db => db.Opinions.Where(o => stale.Contains(o.TrackingCode))
                .Select(o => new { o.TrackingCode, o.State, Events = o.Events.Count(e => e.Action == nameof(OpinionAction.AutoClose)) }).ToListAsync());
            Assert.All(closes, c => Assert.Equal((OpinionState.Closed, 1), (c.State, c.Events)));

            // Appointments: one reminder each, the day before.
            foreach (var checkIn in appointments)
            {
                Assert.Equal(1, await database.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == "appointment.reminder" && m.Body.Contains(checkIn))));
            }

            // Duty reminders: no text written twice.
            var duties = await database.QueryAsync(db => db.OutboxMessages.Where(m => m.Kind == "duty.reminder").Select(m => m.Channel + m.Body).ToListAsync());
            Assert.Equal(duties.Count, duties.Distinct(StringComparer.Ordinal).Count());

            // Both instances again at the same moment, the same day: nothing left to do.
            var again = await Task.WhenAll(portals.Both.Select(p => RunOnAsync(p.Portal, today)));
            Assert.All(again, r => Assert.Equal((0, 0, 0), (r.NowOverdue, r.Reminders, r.AutoClosed)));
        }
    }

    [Fact]
    public async Task TheDashboardsRollupsEqualARecountWhileBothInstancesCatchUp()
    {
        await using var portals = await TwoPortals.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Dashboard:Worker:Enabled"] = "true",
            ["Dashboard:PollSeconds"] = "1",
        });

        // Three desks receive and move cases while both instances' workers catch the rollups up.
        var perDesk = Heavy ? 60 : 8;
        await Task.WhenAll(Enumerable.Range(0, 3).Select(desk => Task.Run(async () =>
        {
            for (var i = 0; i < perDesk; i++)
            {
                var code = await InstanceCases.ReceiveAsync(database, $"看板 {desk}-{i}");
                if (i % 2 == 0)
                {
                    await InstanceCases.ClassifyAndAssignAsync(database, code);
                }
            }
        })));

        await TwoPortals.WaitUntilAsync(() => database.WithScopeAsync(async s => await s.GetRequiredService<DashboardRollups>().PendingAsync() == 0),
            TimeSpan.FromSeconds(60), "the rollups caught up");
        var caughtUp = await RollupsAsync();
        await database.WithScopeAsync(s => s.GetRequiredService<DashboardRollups>().RebuildAsync());
        var recounted = await RollupsAsync();

        Assert.Equal(recounted, caughtUp);
        var received = await database.QueryAsync(db => db.Set<DashboardMonth>().SumAsync(m => m.Received));
        Assert.Equal(await database.QueryAsync(db => db.Opinions.CountAsync(o => o.State != OpinionState.Merged)), received);
    }

    [Fact]
    public async Task AnImportIsRunOnceByTheInstanceThatConfirmedItAndAnotherInstancesRestartDoesNotFailIt()
    {
        var rows = Heavy ? 3000 : 1200;
        var admin = (await database.FindUserAsync("admin@liaison.demo"))!;
        var prefix = "Q" + Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        var lines = new List<string> { "代表编号,姓名,性别,代表层级,职业,本人电话,编入家站点" };
        lines.AddRange(Enumerable.Range(0, rows).Select(i => string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:00000},代表{i},男,区县人大代表,,,990102001-01")));

        await using var portals = await TwoPortals.StartAsync(database.ConnectionString);
        var upload = await ImporterOn(portals.A, i => i.UploadAsync(admin.Scope, admin.Id, ImportKind.Deputies, "roster.csv", ImportCsv.Utf8([.. lines])));
        Assert.True(upload.Succeeded, string.Join(" ", upload.Errors));
        var batchId = upload.BatchId!.Value;

        ConfirmResult[] confirmations;
        await using (var gate = await LockAsync("LOCK TABLE \"Deputies\" IN SHARE MODE"))
        {
            // The same batch confirmed on both instances at once (a double click through the proxy): one import starts.
            confirmations = await Task.WhenAll(
                ImporterOn(portals.A, i => i.ConfirmAsync(admin.Scope, admin.Id, batchId)),
                ImporterOn(portals.B, i => i.ConfirmAsync(admin.Scope, admin.Id, batchId)));
            Assert.Single(confirmations, c => c.Outcome == ConfirmOutcome.Done);

            // The import now waits at its first insert (the test holds the table). A third instance starts, as after a
            // deploy or a crash of B: its recovery of interrupted imports must leave the running one alone.
            await TwoPortals.WaitUntilAsync(async () => await TwoPortals.LockWaitersAsync(database.ConnectionString) >= 1, TimeSpan.FromSeconds(30), "the import running");
            await using var restarted = await KestrelPortal.StartAsync(database.ConnectionString);
            Assert.Equal(0, await ImporterOn(restarted, i => i.FailInterruptedAsync()));
            Assert.Equal(ImportStatus.Importing, await StatusAsync(batchId));
        }

        await TwoPortals.WaitUntilAsync(async () => await StatusAsync(batchId) != ImportStatus.Importing, TimeSpan.FromSeconds(60), "the import finished");
        var batch = await database.QueryAsync(db => db.ImportBatches.AsNoTracking().SingleAsync(b => b.Id == batchId));
        Assert.Equal((ImportStatus.Completed, rows, rows, null), (batch.Status, batch.ImportedRows, batch.ProcessedRows, batch.Error));
        Assert.Equal(rows, await database.QueryAsync(db => db.Deputies.CountAsync(d => d.Code.StartsWith(prefix))));
    }

    private static List<string> Errors(TwoPortals portals) =>
        portals.Both.SelectMany(p => p.Logs.Entries).Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Select(e => e.Message).ToList();

    private static int RunsFinished(CapturedLogs logs) => logs.Entries.Count(e => e.Message.StartsWith("Duty reminders for", StringComparison.Ordinal));

    private static async Task<SupervisionRunResult> RunOnAsync(KestrelPortal portal, DateOnly today)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Supervision>().RunAsync(today);
    }

    private static async Task<T> ImporterOn<T>(KestrelPortal portal, Func<DirectoryImporter, Task<T>> action)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<DirectoryImporter>());
    }

    private Task<ImportStatus> StatusAsync(Guid batchId) =>
        database.QueryAsync(db => db.ImportBatches.Where(b => b.Id == batchId).Select(b => b.Status).SingleAsync());

    private async Task<string> RollupsAsync()
    {
        var months = await database.QueryAsync(db => db.Set<DashboardMonth>().AsNoTracking().ToListAsync());
        var units = await database.QueryAsync(db => db.Set<DashboardUnitMonth>().AsNoTracking().ToListAsync());
        return JsonSerializer.Serialize(new
        {
            Months = months.OrderBy(m => m.StationId).ThenBy(m => m.Month).ThenBy(m => m.CategoryId).ToList(),
            Units = units.OrderBy(m => m.StationId).ThenBy(m => m.Month).ThenBy(m => m.HandlingUnitId).ToList(),
        });
    }

    /// <summary>A transaction of the test's own holding a lock until it is committed or disposed.</summary>
    private async Task<Held> LockAsync(string sql)
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
        return new Held(connection, transaction);
    }

    private async Task QueueSmsAsync(string run, int from, int to) => await database.WithScopeAsync(async services =>
    {
        var outbox = services.GetRequiredService<Outbox>();
        for (var i = from; i < to; i++)
        {
            outbox.Sms("instances." + run, "13800" + i.ToString("000000", CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"两个实例 {run} 第 {i} 条"));
        }

        return await services.GetRequiredService<ApplicationDbContext>().SaveChangesAsync();
    });

    /// <summary>Assigned cases whose answer is due today: the unit is reminded today.</summary>
    private async Task<List<string>> DueForReminderAsync(int count, DateOnly today)
    {
        var codes = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var code = await InstanceCases.ReceiveAsync(database, $"今天到期 {i}");
            await InstanceCases.ClassifyAndAssignAsync(database, code);
            codes.Add(code);
        }

        await database.QueryAsync(db => db.OpinionAssignments.Where(a => db.Opinions.Any(o => o.Id == a.OpinionId && codes.Contains(o.TrackingCode)))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.AnswerDueOn, today).SetProperty(a => a.RemindedOn, (DateOnly?)null)));
        return codes;
    }

    /// <summary>Fed back twenty days ago and never rated: closed by the daily run.</summary>
    private async Task<List<string>> FedBackLongAgoAsync(int count)
    {
        var codes = new List<string>();
        var unit = await InstanceCases.UnitActorAsync(database);
        for (var i = 0; i < count; i++)
        {
            var code = await InstanceCases.ReceiveAsync(database, $"反馈后未评价 {i}");
            await InstanceCases.ClassifyAndAssignAsync(database, code);
            Assert.True((await InstanceCases.MoveAsync(database, c => c.AnswerAsync(unit, code, new AnswerInput("已处理完毕", AnswerResult.Solved, Final: true), null))).Succeeded);
            Assert.True((await InstanceCases.MoveAsync(database, c => c.FeedBackAsync(InstanceCases.Office, code, "已处理完毕。", null))).Succeeded);
            codes.Add(code);
        }

        var longAgo = DateTimeOffset.UtcNow.AddDays(-20);
        await database.QueryAsync(db => db.Opinions.Where(o => codes.Contains(o.TrackingCode)).ExecuteUpdateAsync(s => s.SetProperty(o => o.FedBackAt, longAgo)));
        return codes;
    }

    /// <summary>Received forty days ago and never forwarded: overdue at the daily run.</summary>
    private async Task<List<string>> ReceivedLongAgoAsync(int count)
    {
        var codes = new List<string>();
        for (var i = 0; i < count; i++)
        {
            codes.Add(await InstanceCases.ReceiveAsync(database, $"久未转交 {i}"));
        }

        var longAgo = DateTimeOffset.UtcNow.AddDays(-40);
        await database.QueryAsync(db => db.Opinions.Where(o => codes.Contains(o.TrackingCode))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.ReceivedAt, longAgo).SetProperty(o => o.IsOverdue, false)));
        return codes;
    }

    /// <summary>Confirmed appointments tomorrow; answers their check-in codes (each reminder carries one).</summary>
    private async Task<List<string>> ConfirmedForTomorrowAsync(int count) => await database.WithScopeAsync(async services =>
    {
        var book = services.GetRequiredService<AppointmentBook>();
        var db = services.GetRequiredService<ApplicationDbContext>();
        var day = DateTimeOffset.UtcNow.ToOffset(ChinaTime.Offset).AddDays(1);
        var opened = await book.OpenSlotAsync(StaffScope.Everything, new SlotInput
        {
            StationCode = InstanceCases.StationCode, Date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            StartTime = "14:00", EndTime = "17:00", Capacity = count.ToString(CultureInfo.InvariantCulture),
        });
        Assert.True(opened.Succeeded, string.Join("; ", opened.Errors));
        var codes = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var booked = await book.BookAsync(BookingTargetKind.Station, InstanceCases.StationCode, new BookingInput
            {
                SlotId = int.Parse(opened.Code!, CultureInfo.InvariantCulture), Name = "赵六",
                Phone = "1350000" + i.ToString("0000", CultureInfo.InvariantCulture), Topic = "想当面反映小区加装电梯的问题",
            });
            Assert.True(booked.Succeeded, string.Join("; ", booked.Errors));
            var appointment = await db.Appointments.AsNoTracking().SingleAsync(a => a.TrackingCode == booked.Code);
            Assert.True((await book.ConfirmAsync(StaffScope.Everything, appointment.Id, appointment.Version)).Succeeded);
            codes.Add(await db.Appointments.Where(a => a.Id == appointment.Id).Select(a => a.CheckInCode!).SingleAsync());
        }

        return codes;
    });

    private sealed class Held(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        private bool _done;

        public async Task CommitAsync()
        {
            if (!_done)
            {
                _done = true;
                await transaction.CommitAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await CommitAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
