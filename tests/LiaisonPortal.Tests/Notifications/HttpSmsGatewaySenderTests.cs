using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Notifications;

public class HttpSmsGatewaySenderTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private const string Phone = "13812345678";

    [Fact]
    public async Task TheGatewayReceivesTheJsonAndTheKeyAndTheMessageIsMarkedSent()
    {
        await using var gateway = await FakeSmsGateway.StartAsync();
        await using var harness = await StartAsync(gateway, apiKey: "test-key-123");
        var id = await harness.QueueSmsAsync(Phone, "您的意见已受理，查询码 K7Q2M9。");

        Assert.Equal(1, await harness.DispatchAsync());

        var (authorization, contentType, body) = Assert.Single(gateway.Requests);
        var message = await harness.MessageAsync(id);
        var key = OutboxSender.IdempotencyKey(message);
        Assert.Equal($"liaison-{id}-{message.CreatedAt.ToUnixTimeMilliseconds()}", key);
        Assert.Equal(key, body.GetProperty("id").GetString());
        Assert.Equal(key, Assert.Single(gateway.Deliveries).Key);
        Assert.Equal("Bearer test-key-123", authorization);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        Assert.Equal(Phone, body.GetProperty("phone").GetString());
        Assert.Equal("您的意见已受理，查询码 K7Q2M9。", body.GetProperty("text").GetString());
        Assert.Equal("东湖区人大", body.GetProperty("signature").GetString());
        Assert.NotNull((await harness.MessageAsync(id)).SentAt);
    }

    [Fact]
    public async Task AGatewayErrorLeavesTheMessageForARetry()
    {
        await using var gateway = await FakeSmsGateway.StartAsync();
        await using var harness = await StartAsync(gateway, apiKey: null);
        gateway.Status = 500;
        var id = await harness.QueueSmsAsync(Phone, "接待时间已变更。");
        var queuedAt = harness.Clock.GetUtcNow();

        Assert.Equal(1, await harness.DispatchAsync());

        var failed = await harness.MessageAsync(id);
        Assert.Null(failed.SentAt);
        Assert.Null(failed.FailedAt);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal("HttpRequestException: The SMS gateway answered 500 Internal Server Error.", failed.LastError);
        Assert.True(failed.NextAttemptAt > queuedAt + OutboxMessage.Backoff(1) - TimeSpan.FromMilliseconds(1));
        Assert.Null(Assert.Single(gateway.Requests).Authorization);

        gateway.Status = 202;
        harness.Clock.Advance(OutboxMessage.Backoff(1));
        Assert.Equal(1, await harness.DispatchAsync());
        Assert.NotNull((await harness.MessageAsync(id)).SentAt);
        Assert.Equal(2, gateway.Requests.Count);

        // The retry carries the first attempt's key: the refused first attempt did not claim it, so the retry is accepted.
        var key = OutboxSender.IdempotencyKey(await harness.MessageAsync(id));
        Assert.Equal([(key, false), (key, true)], gateway.Deliveries.Select(d => (d.Key, d.Accepted)));
    }

    [Fact]
    public async Task ARepeatAfterACrashCarriesTheSameKeySoADeduplicatingGatewaySendsItOnce()
    {
        await using var gateway = await FakeSmsGateway.StartAsync();
        await using var harness = await StartAsync(gateway, apiKey: null);
        var id = await harness.QueueSmsAsync(Phone, "您的意见已办结。");
        Assert.Equal(1, await harness.DispatchAsync());

        // As if the process had died after the gateway's acceptance and before the commit: the message is due again.
        await harness.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, (DateTimeOffset?)null)));
        Assert.Equal(1, await harness.DispatchAsync());

        var deliveries = gateway.Deliveries.ToArray();
        Assert.Equal(2, deliveries.Length);
        Assert.Single(deliveries.Select(d => d.Key).Distinct());
        Assert.Equal([true, false], deliveries.Select(d => d.Accepted));
        Assert.NotNull((await harness.MessageAsync(id)).SentAt);
    }

    [Fact]
    public async Task TheGatewaySenderIsUsedOnlyWhenAGatewayUrlIsConfigured()
    {
        await using var withGateway = await OutboxHarness.StartAsync(
            database.ConnectionString, new Dictionary<string, string?> { ["Notifications:Sms:GatewayUrl"] = "http://127.0.0.1:9/sms" }, realSenders: true);
        await using var without = await OutboxHarness.StartAsync(database.ConnectionString, realSenders: true);

        Assert.IsType<HttpSmsGatewaySender>(withGateway.Services.CreateScope().ServiceProvider.GetRequiredService<ISmsSender>());
        Assert.IsType<LoggingSmsSender>(without.Services.CreateScope().ServiceProvider.GetRequiredService<ISmsSender>());
        Assert.IsType<LoggingEmailSender>(without.Services.GetRequiredService<IEmailSender>());
    }

    private Task<OutboxHarness> StartAsync(FakeSmsGateway gateway, string? apiKey) =>
        OutboxHarness.StartAsync(
            database.ConnectionString,
            new Dictionary<string, string?>
            {
                ["Notifications:Sms:GatewayUrl"] = gateway.Endpoint.ToString(),
                ["Notifications:Sms:ApiKey"] = apiKey,
                ["Notifications:Sms:Signature"] = "东湖区人大",
            },
            realSenders: true);
}
