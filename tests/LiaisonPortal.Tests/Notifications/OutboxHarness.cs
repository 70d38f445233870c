using System.Collections.Concurrent;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LiaisonPortal.Tests.Notifications;

/// <summary>
/// The app's core services on a test class's database with an adjustable clock, captured logs and (unless the real
/// senders are wanted) recording senders; the outbox is emptied first, so each test sees only its own messages.
/// </summary>
internal sealed class OutboxHarness : IAsyncDisposable
{
    private ServiceProvider? _services;

    public ServiceProvider Services => _services ?? throw new InvalidOperationException("The harness has not started.");

    public AdjustableClock Clock { get; } = new();

    public CapturedLogs Logs { get; } = new();

    public RecordingSmsSender Sms { get; } = new();

    public RecordingEmailSender Email { get; } = new();

    public static async Task<OutboxHarness> StartAsync(
        string connectionString, IReadOnlyDictionary<string, string?>? settings = null, bool realSenders = false)
    {
        var harness = new OutboxHarness();
        harness._services = TestCluster.CoreServices(connectionString, settings, services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(harness.Clock);
            services.AddLogging(logging => logging.AddProvider(harness.Logs));
            if (!realSenders)
            {
                services.RemoveAll<ISmsSender>();
                services.RemoveAll<IEmailSender>();
                services.AddSingleton<ISmsSender>(harness.Sms);
                services.AddSingleton<IEmailSender>(harness.Email);
            }
        });
        await harness.WithDbAsync(db => db.OutboxMessages.ExecuteDeleteAsync());
        return harness;
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<T> WithDbAsync<T>(Func<ApplicationDbContext, Task<T>> action) =>
        WithScopeAsync(provider => action(provider.GetRequiredService<ApplicationDbContext>()));

    /// <summary>Queues a text message and commits it, as a service would with the change that caused it.</summary>
    public Task<long> QueueSmsAsync(string phone, string text, string kind = "test.sms") =>
        WithScopeAsync(async provider =>
        {
            var message = provider.GetRequiredService<Outbox>().Sms(kind, phone, text);
            await provider.GetRequiredService<ApplicationDbContext>().SaveChangesAsync();
            return message.Id;
        });

    public Task<int> DispatchAsync(int batchSize = 20) =>
        WithScopeAsync(provider => provider.GetRequiredService<OutboxSender>().DispatchDueAsync(batchSize));

    public Task<OutboxMessage> MessageAsync(long id) =>
        WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));

    /// <summary>Every log line and structured value, for checks that something never reaches the logs.</summary>
    public string AllLogText() => string.Join('\n', Logs.Entries.SelectMany(e => e.State.Select(s => $"{s.Key}={s.Value}").Prepend(e.Message)));

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}

/// <summary>Records every text it is given; can be told to wait or to throw on chosen calls.</summary>
internal sealed class RecordingSmsSender : ISmsSender
{
    private int _calls;

    public ConcurrentQueue<(string Phone, string Text)> Sent { get; } = new();

    /// <summary>The idempotency key of every call, accepted or not, in call order.</summary>
    public ConcurrentQueue<string> Keys { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The exception to throw on the given call (1-based), or null to accept it.</summary>
    public Func<int, Exception?> Failure { get; set; } = _ => null;

    public TimeSpan Delay { get; set; }

    /// <summary>Runs at the start of the given call (1-based), e.g. to look at the database while a send is in flight.</summary>
    public Func<int, Task>? OnCall { get; set; }

    public async Task SendAsync(string phone, string text, string idempotencyKey, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        Keys.Enqueue(idempotencyKey);
        if (OnCall is { } onCall)
        {
            await onCall(call);
        }

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        if (Failure(call) is { } exception)
        {
            throw exception;
        }

        Sent.Enqueue((phone, text));
    }
}

internal sealed class RecordingEmailSender : IEmailSender
{
    public ConcurrentQueue<(string Address, string Subject, string Body)> Sent { get; } = new();

    public ConcurrentQueue<string> Keys { get; } = new();

    public Task SendAsync(string address, string subject, string body, string idempotencyKey, CancellationToken cancellationToken)
    {
        Sent.Enqueue((address, subject, body));
        Keys.Enqueue(idempotencyKey);
        return Task.CompletedTask;
    }
}
