using System.Collections.Concurrent;
using System.Globalization;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Notifications;

public class OutboxSenderTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private const string Phone = "13812345678";

    [Fact]
    public async Task FourConcurrentDispatchersDeliverEachMessageExactlyOnce()
    {
        await using var harness = await OutboxHarness.StartAsync(database.ConnectionString);
        harness.Sms.Delay = TimeSpan.FromMilliseconds(5);
        await harness.WithScopeAsync(async provider =>
        {
            var outbox = provider.GetRequiredService<Outbox>();
            for (var i = 0; i < 60; i++)
            {
                outbox.Sms("test.concurrent", Phone, string.Create(CultureInfo.InvariantCulture, $"消息 {i}"));
            }

            return await provider.GetRequiredService<ApplicationDbContext>().SaveChangesAsync();
        });

        // Each dispatcher has its own scope, DbContext and connection, like separate app instances.
        var attempted = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var total = 0;
            int batch;
            while ((batch = await harness.DispatchAsync(batchSize: 5)) > 0)
            {
                total += batch;
            }

            return total;
        })));

        Assert.Equal(60, attempted.Sum());
        Assert.True(attempted.Count(n => n > 0) > 1, $"Only one dispatcher did any work: {string.Join(", ", attempted)}");
        Assert.Equal(60, harness.Sms.Calls);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => $"消息 {i}").Order(), harness.Sms.Sent.Select(s => s.Text).Order());
        Assert.All(harness.Sms.Sent, s => Assert.Equal(Phone, s.Phone));
        var messages = await harness.WithDbAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync());
        Assert.Equal(60, messages.Count);
        Assert.All(messages, m =>
        {
            Assert.NotNull(m.SentAt);
            Assert.Equal(0, m.Attempts);
            Assert.Null(m.FailedAt);
        });
        Assert.Equal(0, await harness.DispatchAsync());
        Assert.Equal(60, harness.Sms.Calls);
    }

    [Fact]
    public async Task EachMessageIsCommittedRightAfterItsSendNotAtTheEndOfTheBatch()
    {
        await using var harness = await OutboxHarness.StartAsync(database.ConnectionString);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await harness.QueueSmsAsync(Phone, string.Create(CultureInfo.InvariantCulture, $"批内消息 {i}")));
        }

        // While the n-th send is in flight, another connection (a restarted instance) already sees the n-1 before it as sent:
        // a crash now would re-send only the one in flight.
        var sentBefore = new ConcurrentQueue<(int Call, int Sent)>();
        harness.Sms.OnCall = async call => sentBefore.Enqueue((call, await harness.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.SentAt != null))));

        Assert.Equal(5, await harness.DispatchAsync(batchSize: 5));

        Assert.Equal([(1, 0), (2, 1), (3, 2), (4, 3), (5, 4)], sentBefore);
        var messages = await harness.WithDbAsync(db => db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync());
        Assert.Equal(ids, messages.Select(m => m.Id));
        Assert.Equal(messages.Select(OutboxSender.IdempotencyKey), harness.Sms.Keys);
        Assert.Equal(5, harness.Sms.Keys.Distinct().Count());
    }

    [Fact]
    public async Task AFailingSenderBacksOffAndGivesUpAfterTheLastAttempt()
    {
        await using var harness = await OutboxHarness.StartAsync(database.ConnectionString);
        harness.Sms.Failure = _ => new InvalidOperationException($"gateway refused {Phone}");
        var id = await harness.QueueSmsAsync(Phone, "您的意见已受理。");

        for (var attempt = 1; attempt <= OutboxMessage.MaxAttempts; attempt++)
        {
            var now = harness.Clock.GetUtcNow();
            Assert.Equal(1, await harness.DispatchAsync());
            var message = await harness.MessageAsync(id);
            Assert.Equal(attempt, message.Attempts);
            Assert.Null(message.SentAt);
            Assert.Equal("InvalidOperationException: gateway refused ***", message.LastError);
            if (attempt < OutboxMessage.MaxAttempts)
            {
                Assert.Null(message.FailedAt);
                AssertClose(now + OutboxMessage.Backoff(attempt), message.NextAttemptAt);
                harness.Clock.Advance(OutboxMessage.Backoff(attempt) - TimeSpan.FromSeconds(1));
                Assert.Equal(0, await harness.DispatchAsync());
                harness.Clock.Advance(TimeSpan.FromSeconds(1));
            }
            else
            {
                AssertClose(now, message.FailedAt!.Value);
            }
        }

        harness.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await harness.DispatchAsync());
        Assert.Equal(OutboxMessage.MaxAttempts, harness.Sms.Calls);
        Assert.Empty(harness.Sms.Sent);
        Assert.DoesNotContain(Phone, harness.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheBackoffDoublesFromThirtySecondsUpToAnHour()
    {
        Assert.Equal([30, 60, 120, 240, 480, 960, 1920], Enumerable.Range(1, 7).Select(n => OutboxMessage.Backoff(n).TotalSeconds));
        Assert.Equal(TimeSpan.FromHours(1), OutboxMessage.Backoff(8));
        Assert.Equal(TimeSpan.FromHours(1), OutboxMessage.Backoff(100));
    }

    [Fact]
    public async Task AMessageThatFailedOnceIsSentOnTheRetry()
    {
        await using var harness = await OutboxHarness.StartAsync(database.ConnectionString);
        harness.Sms.Failure = call => call == 1 ? new HttpRequestException("timeout") : null;
        var id = await harness.QueueSmsAsync(Phone, "请于周三到站接待。");

        Assert.Equal(1, await harness.DispatchAsync());
        Assert.Null((await harness.MessageAsync(id)).SentAt);
        harness.Clock.Advance(OutboxMessage.Backoff(1));
        Assert.Equal(1, await harness.DispatchAsync());

        var message = await harness.MessageAsync(id);
        AssertClose(harness.Clock.GetUtcNow(), message.SentAt!.Value);
        Assert.Equal(1, message.Attempts);
        Assert.Null(message.FailedAt);
        Assert.Equal((Phone, "请于周三到站接待。"), Assert.Single(harness.Sms.Sent));
        Assert.Equal([OutboxSender.IdempotencyKey(message), OutboxSender.IdempotencyKey(message)], harness.Sms.Keys);
        harness.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await harness.DispatchAsync());
        Assert.Equal(2, harness.Sms.Calls);
    }

    [Fact]
    public async Task AMessageQueuedInARolledBackTransactionIsNeverSent()
    {
        await using var harness = await OutboxHarness.StartAsync(database.ConnectionString);
        await harness.WithScopeAsync(async provider =>
        {
            var db = provider.GetRequiredService<ApplicationDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            provider.GetRequiredService<Outbox>().Sms("test.rolled-back", Phone, "不应发出");
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
            return 0;
        });
        await harness.QueueSmsAsync("13900001111", "应当发出");

        Assert.Equal(1, await harness.DispatchAsync());
        harness.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await harness.DispatchAsync());

        Assert.Equal(("13900001111", "应当发出"), Assert.Single(harness.Sms.Sent));
        Assert.Equal(1, await harness.WithDbAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task AnEmailGoesToTheEmailSenderWithItsSubject()
    {
        await using var harness = await OutboxHarness.StartAsync(database.ConnectionString);
        var id = await harness.WithScopeAsync(async provider =>
        {
            var message = provider.GetRequiredService<Outbox>().Email("test.email", "office@liaison.demo", "新的群众意见", "有一条新的群众意见待分类。");
            await provider.GetRequiredService<ApplicationDbContext>().SaveChangesAsync();
            return message.Id;
        });

        Assert.Equal(1, await harness.DispatchAsync());

        Assert.Equal(("office@liaison.demo", "新的群众意见", "有一条新的群众意见待分类。"), Assert.Single(harness.Email.Sent));
        Assert.Empty(harness.Sms.Sent);
        Assert.NotNull((await harness.MessageAsync(id)).SentAt);
    }

    // PostgreSQL keeps microseconds; the clock has ticks.
    private static void AssertClose(DateTimeOffset expected, DateTimeOffset actual) =>
        Assert.True((expected - actual).Duration() < TimeSpan.FromMilliseconds(1), $"Expected {expected:O}, got {actual:O}");
}
