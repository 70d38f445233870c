using System.Diagnostics;
using System.Globalization;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Tests.Infrastructure;
using LiaisonPortal.Tests.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Security.Faults;

/// <summary>
/// A crash drill for the outbox: its own database with <c>count</c> text messages queued (each text unique, so every
/// request can be traced to its message whatever key it carries), the de-duplicating <see cref="FakeSmsGateway"/>
/// answering slowly, and the web app run as separate processes against both. A trigger (test instrumentation on this
/// database only) records every committed change of a message's SentAt, so "marked sent exactly once" is checked, not assumed.
/// </summary>
internal sealed class OutboxDrill : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _folder;
    private readonly List<AppProcess> _runs = [];

    private OutboxDrill(string connectionString, ServiceProvider services, FakeSmsGateway gateway, IReadOnlyList<QueuedMessage> messages, string folder)
    {
        ConnectionString = connectionString;
        _services = services;
        Gateway = gateway;
        Messages = messages;
        _folder = folder;
    }

    public string ConnectionString { get; }

    public FakeSmsGateway Gateway { get; }

    /// <summary>What was queued, with the key each message must carry (<see cref="OutboxSender.IdempotencyKey"/>).</summary>
    public IReadOnlyList<QueuedMessage> Messages { get; }

    public AppProcess? Current { get; private set; }

    public static async Task<OutboxDrill> StartAsync(int count, TimeSpan minDelay, TimeSpan maxDelay)
    {
        var connectionString = await TestCluster.CloneAsync(withDemoData: false);
        var services = TestCluster.CoreServices(connectionString);
        FakeSmsGateway? gateway = null;
        try
        {
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
                await db.Database.ExecuteSqlRawAsync("""
                    CREATE TABLE drill_sent_marks ("MessageId" bigint NOT NULL, "SentAt" timestamptz NOT NULL);
                    CREATE FUNCTION drill_record_sent_mark() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        INSERT INTO drill_sent_marks VALUES (NEW."Id", NEW."SentAt");
                        RETURN NEW;
                    END $$;
                    CREATE TRIGGER drill_sent_mark AFTER UPDATE ON "OutboxMessages" FOR EACH ROW
                        WHEN (NEW."SentAt" IS NOT NULL AND OLD."SentAt" IS DISTINCT FROM NEW."SentAt")
                        EXECUTE FUNCTION drill_record_sent_mark();
                    """);
                var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
                for (var i = 1; i <= count; i++)
                {
                    outbox.Sms("fault.drill", string.Create(CultureInfo.InvariantCulture, $"1380013{i:D4}"), string.Create(CultureInfo.InvariantCulture, $"故障演练第{i:D4}条：您的意见已受理。"));
                }

                await db.SaveChangesAsync();
            }

            var messages = await QueryAsync(services, async db => (await db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync())
                .Select(m => new QueuedMessage(m.Id, m.Body, OutboxSender.IdempotencyKey(m)))
                .ToList());
            Assert.Equal(count, messages.Count);
            gateway = await FakeSmsGateway.StartAsync();
            gateway.MinDelay = minDelay;
            gateway.MaxDelay = maxDelay;
            var folder = TempFolder.Create("liaison-faults");
            return new OutboxDrill(connectionString, services, gateway, messages, folder);
        }
        catch
        {
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }

            await services.DisposeAsync();
            await TestCluster.DropAsync(connectionString);
            throw;
        }
    }

    /// <summary>Starts one more run of the app (the worker polls every second); waits until it is ready unless told not to.</summary>
    public async Task<AppProcess> StartAppAsync(bool waitReady = true)
    {
        var settings = new Dictionary<string, string>
        {
            ["Notifications__PollSeconds"] = "1",
            ["Notifications__Sms__GatewayUrl"] = Gateway.Endpoint.ToString(),
            ["Notifications__Sms__TimeoutSeconds"] = "10",
        };
        var app = AppProcess.Start(ConnectionString, settings, Path.Combine(_folder, string.Create(CultureInfo.InvariantCulture, $"run-{_runs.Count + 1}.log")));
        _runs.Add(app);
        Current = app;
        if (waitReady)
        {
            await app.WaitReadyAsync();
        }

        return app;
    }

    public async Task WaitUntilReceivedAsync(int requests, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Gateway.Received < requests)
        {
            Assert.True(clock.Elapsed < timeout, $"The gateway had {Gateway.Received} of {requests} requests after {timeout}.\n{CurrentLogTail()}");
            Assert.False(Current?.HasExited ?? false, $"The web app exited:\n{CurrentLogTail()}");
            await Task.Delay(5);
        }
    }

    /// <summary>Waits until no message is left unsent, then a little longer (more than a poll) to see that nothing more is sent.</summary>
    public async Task WaitUntilDrainedAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (await QueryAsync(_services, db => db.OutboxMessages.CountAsync(m => m.SentAt == null && m.FailedAt == null)) > 0)
        {
            Assert.True(clock.Elapsed < timeout, $"The outbox was not drained after {timeout}: {Gateway.Received} requests so far.\n{CurrentLogTail()}");
            Assert.False(Current?.HasExited ?? false, $"The web app exited:\n{CurrentLogTail()}");
            await Task.Delay(100);
        }

        var received = Gateway.Received;
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(received, Gateway.Received);
    }

    /// <summary>Messages the gateway accepted (as new) that the database does not have as sent: the ones a crash now would send again.</summary>
    public async Task<(int Accepted, int Committed)> AcceptedAndCommittedAsync()
    {
        var accepted = Gateway.Deliveries.Count(d => d.Accepted);
        var committed = await QueryAsync(_services, db => db.OutboxMessages.CountAsync(m => m.SentAt != null));
        return (accepted, committed);
    }

    /// <summary>
    /// Everything the drill promises: every message reached the gateway, with its own stable key in the header and the body,
    /// and was accepted exactly once; at most <paramref name="maxRawDuplicates"/> requests repeated a key; every row is
    /// sent (committed once, by the trigger's record), never failed, never retried. Answers the raw duplicates' keys.
    /// </summary>
    public async Task<IReadOnlyList<GatewayDelivery>> AssertDeliveredExactlyOnceAsync(int maxRawDuplicates)
    {
        var deliveries = Gateway.Deliveries.OrderBy(d => d.Number).ToList();
        var byText = Messages.ToDictionary(m => m.Text, StringComparer.Ordinal);

        Assert.All(deliveries, d => Assert.True(byText.ContainsKey(d.Text), $"Request {d.Number} carried a text that was never queued: {d.Text}"));

        // Nothing lost, nothing delivered twice: each queued text accepted by the gateway exactly once.
        var accepted = deliveries.Where(d => d.Accepted).GroupBy(d => d.Text, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var wrong = Messages.Where(m => accepted.GetValueOrDefault(m.Text) != 1).Select(m => $"{m.Id}×{accepted.GetValueOrDefault(m.Text)}").ToList();
        Assert.True(wrong.Count == 0, $"Messages not accepted exactly once (id×times): {string.Join(", ", wrong.Take(20))}");

        var repeats = deliveries.Where(d => !d.Accepted).ToList();
        Assert.True(repeats.Count <= maxRawDuplicates, $"{repeats.Count} requests repeated a key already accepted (at most {maxRawDuplicates} allowed): requests {string.Join(", ", repeats.Select(r => r.Number).Take(30))}");
        Assert.Equal(Messages.Count + repeats.Count, deliveries.Count);

        // Every attempt of a message carried that message's own key, in the header and in the body.
        Assert.All(deliveries, d =>
        {
            Assert.Equal(byText[d.Text].Key, d.Key);
            Assert.Equal(byText[d.Text].Key, d.BodyId);
        });

        var rows = await QueryAsync(_services, db => db.OutboxMessages.AsNoTracking().ToListAsync());
        Assert.Equal(Messages.Count, rows.Count);
        Assert.All(rows, m =>
        {
            Assert.NotNull(m.SentAt);
            Assert.Null(m.FailedAt);
            Assert.Equal(0, m.Attempts);
        });
        var marks = await QueryAsync(_services, db => db.Database
            .SqlQuery<long>($"""SELECT "MessageId" AS "Value" FROM drill_sent_marks""")
            .ToListAsync());
        Assert.Equal(Messages.Select(m => m.Id).Order(), marks.Order());
        return repeats;
    }

    public string CurrentLogTail() => Current is null ? string.Empty : string.Join('\n', Current.ReadLog().TrimEnd().Split('\n').TakeLast(30));

    private static async Task<T> QueryAsync<T>(ServiceProvider services, Func<ApplicationDbContext, Task<T>> query)
    {
        await using var scope = services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var run in _runs)
        {
            await run.DisposeAsync();
        }

        await Gateway.DisposeAsync();
        await _services.DisposeAsync();
        await TestCluster.DropAsync(ConnectionString);
        TempFolder.Delete(_folder);
    }
}

internal sealed record QueuedMessage(long Id, string Text, string Key);
