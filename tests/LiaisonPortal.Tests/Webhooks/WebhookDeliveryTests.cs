using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Partners;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LiaisonPortal.Tests.Webhooks;

/// <summary>
/// Partner webhooks end to end: two app instances on one PostgreSQL database dispatch the outbox at the same time, a real
/// Kestrel receiver fails each event's first delivery, and the shared clock is moved forward so the retries fall due.
/// </summary>
public class WebhookDeliveryTests(DemoDatabaseFixture database, ITestOutputHelper output) : IClassFixture<DemoDatabaseFixture>
{
    private const string CitizenName = "欧阳清风";
    private const string Phone = "13987654321";
    private const string Title = "小区门口路灯长期不亮";
    private const string Content = "和平路十八号小区门口的两盏路灯已经坏了一个多月，晚上出行很不安全。";

    private static readonly string[] EventFields = ["event", "event_id", "service_request_id", "state", "status", "updated_datetime"];

    [Fact]
    public async Task EachStatusChangeReachesAFailingReceiverExactlyOnceWithTwoInstances()
    {
        var clock = new SharedClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        receiver.Delay = TimeSpan.FromMilliseconds(30);
        await using var first = PortalInstance.Start(database.ConnectionString, clock);
        await using var second = PortalInstance.Start(database.ConnectionString, clock);
        await first.WithDbAsync(db => db.OutboxMessages.ExecuteDeleteAsync());
        var started = clock.GetUtcNow();
        var partner = await first.CreatePartnerAsync("市民意见征集系统", receiver.Url);
        var code = await first.SubmitAsync(partner.PartnerId, Title, Content, CitizenName, Phone);

        // Both instances dispatch the outbox over and over while staff work on the case.
        var stop = 0;
        var loops = new[] { first, second }.Select(instance => Task.Run(async () =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                if (await instance.DispatchAsync(batchSize: 2) == 0)
                {
                    await Task.Delay(10);
                }
            }
        })).ToArray();

        var unit = await first.UnitActorAsync();
        var office = PortalInstance.Office;
        Assert.True((await first.CasesAsync(c => c.ClassifyAsync(office, code, "CJ", Grade.Normal, null))).Succeeded);
        Assert.True((await second.CasesAsync(c => c.SuperviseAsync(office, code, SupervisionLevel.Key, "请加快办理"))).Succeeded); // no change of state
        Assert.True((await second.CasesAsync(c => c.AssignAsync(office, code, new AssignInput(PortalInstance.UnitCode, null), null))).Succeeded);
        Assert.True((await first.CasesAsync(c => c.ProgressAsync(unit, code, "已联系供电所"))).Succeeded); // no change of state
        Assert.True((await first.CasesAsync(c => c.AnswerAsync(unit, code, new AnswerInput("路灯已更换", AnswerResult.Solved, Final: true), null))).Succeeded);
        Assert.True((await second.CasesAsync(c => c.FeedBackAsync(office, code, "路灯已于本周更换，感谢反映。", null))).Succeeded);
        // The citizen's rating moves it to evaluated and closed in one save: one event, with the state it is left in.
        Assert.Equal(RatingOutcome.Done, await first.WithScopeAsync(p => p.GetRequiredService<OpinionTracking>().RateAsync(code, Phone[^4..], Rating.Satisfied, null)));
        string[] expected = ["classified", "assigned", "answered", "fed_back", "closed"];

        // Every first delivery failed: move the clock past the 30-second backoff until every event got through.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (receiver.Accepted < expected.Length && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            clock.Advance(TimeSpan.FromSeconds(31));
        }

        Volatile.Write(ref stop, 1);
        await Task.WhenAll(loops);

        // Nothing more is due, on either instance, however long we wait.
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await first.DispatchAsync() + await second.DispatchAsync());

        var deliveries = receiver.Deliveries.ToList();
        var messages = await first.WebhooksAsync(partner.PartnerId);
        Assert.Equal(expected.Length, messages.Count);
        Assert.All(messages, m =>
        {
            Assert.Equal(PartnerWebhookInterceptor.Kind, m.Kind);
            Assert.NotNull(m.SentAt);
            Assert.Null(m.FailedAt);
            Assert.Equal(1, m.Attempts);
            Assert.Equal("HttpRequestException: The webhook receiver answered 500 Internal Server Error.", m.LastError);
        });

        // Each event: delivered twice, refused once then accepted once, and never again.
        var byEvent = deliveries.GroupBy(d => d.EventId).ToDictionary(g => g.Key, g => g.OrderBy(d => d.Attempt).ToList());
        Assert.Equal(messages.Select(m => m.Subject!).Order(), byEvent.Keys.Order());
        Assert.All(byEvent.Values, attempts => Assert.Equal([500, 200], attempts.Select(a => a.Answered)));
        Assert.Equal(2 * expected.Length, deliveries.Count);
        Assert.Equal(2 * expected.Length, first.AttemptsLogged() + second.AttemptsLogged());
        Assert.Equal(expected.Length, first.SentLogged() + second.SentLogged());
        output.WriteLine($"Deliveries: {deliveries.Count}; attempts by instance: {first.AttemptsLogged()} and {second.AttemptsLogged()}; clock moved {(clock.GetUtcNow() - started).TotalMinutes:F0} min.");

        // The events, in the order the changes were made, carry the request's code, status and state and nothing else.
        var bodies = messages.Select(m => byEvent[m.Subject!].Last()).ToList();
        var events = bodies.Select(d => JsonDocument.Parse(d.Body).RootElement).ToList();
        Assert.Equal(expected, events.Select(e => e.GetProperty("state").GetString()));
        Assert.Equal(["open", "open", "open", "closed", "closed"], events.Select(e => e.GetProperty("status").GetString()));
        Assert.All(bodies.Zip(events), pair =>
        {
            var (delivery, json) = pair;
            Assert.Equal(EventFields, json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Equal(delivery.EventId, json.GetProperty("event_id").GetString());
            Assert.Equal("open311.status", json.GetProperty("event").GetString());
            Assert.Equal(code, json.GetProperty("service_request_id").GetString());
            var updated = DateTimeOffset.ParseExact(json.GetProperty("updated_datetime").GetString()!, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            Assert.Equal(TimeSpan.FromHours(8), updated.Offset);
            Assert.StartsWith("application/json", delivery.ContentType, StringComparison.Ordinal);
            foreach (var secret in new[] { CitizenName, Phone, Phone[^4..], Title, Content, "路灯" })
            {
                Assert.DoesNotContain(secret, delivery.Body, StringComparison.Ordinal);
            }
        });

        // Every delivery, refused or accepted, is signed with the partner's secret over its timestamp and body.
        Assert.All(deliveries, d =>
        {
            Assert.True(WebhookSignature.Verify(partner.WebhookSecret, d.Timestamp, d.Body, d.Signature, d.ArrivedAt), $"Bad signature on {d.EventId}");
            var independent = HMACSHA256.HashData(Encoding.UTF8.GetBytes(partner.WebhookSecret), Encoding.UTF8.GetBytes(d.Timestamp + "." + d.Body));
            Assert.Equal("sha256=" + Convert.ToHexStringLower(independent), d.Signature);
            Assert.False(WebhookSignature.Verify(partner.WebhookSecret + "x", d.Timestamp, d.Body, d.Signature, d.ArrivedAt));
        });
    }

    [Fact]
    public async Task TwoInstancesShareManyEventsWithoutDeliveringAnyTwice()
    {
        var clock = new SharedClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        receiver.Answer = (_, _) => 200;
        receiver.Delay = TimeSpan.FromMilliseconds(20);
        await using var first = PortalInstance.Start(database.ConnectionString, clock);
        await using var second = PortalInstance.Start(database.ConnectionString, clock);
        await first.WithDbAsync(db => db.OutboxMessages.ExecuteDeleteAsync());
        var partner = await first.CreatePartnerAsync("12345热线对接", receiver.Url);
        var codes = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var code = await first.SubmitAsync(partner.PartnerId, Title, Content, CitizenName, Phone);
            Assert.True((await first.CasesAsync(c => c.ClassifyAsync(PortalInstance.Office, code, "CJ", Grade.Normal, null))).Succeeded);
            codes.Add(code);
        }

        var attempted = await Task.WhenAll(new[] { first, second }.Select(instance => Task.Run(async () =>
        {
            var total = 0;
            int batch;
            while ((batch = await instance.DispatchAsync(batchSize: 3)) > 0)
            {
                total += batch;
            }

            return total;
        })));

        output.WriteLine($"Attempted by instance: {string.Join(" and ", attempted)}");
        Assert.Equal(30, attempted.Sum());
        Assert.All(attempted, n => Assert.True(n > 0, $"One instance did no work: {string.Join(", ", attempted)}"));
        var deliveries = receiver.Deliveries.ToList();
        Assert.Equal(30, deliveries.Count);
        Assert.Equal(30, deliveries.Select(d => d.EventId).Distinct().Count());
        Assert.Equal(codes.Order(), deliveries.Select(d => JsonDocument.Parse(d.Body).RootElement.GetProperty("service_request_id").GetString()!).Order());
        Assert.All(await first.WebhooksAsync(partner.PartnerId), m => Assert.Equal(0, m.Attempts));
    }

    [Fact]
    public async Task ARevokedPartnerOrARemovedWebhookGetsNothingStillQueued()
    {
        var clock = new SharedClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        await using var portal = PortalInstance.Start(database.ConnectionString, clock);
        await portal.WithDbAsync(db => db.OutboxMessages.ExecuteDeleteAsync());
        var revoked = await portal.CreatePartnerAsync("即将吊销的平台", receiver.Url);
        var unhooked = await portal.CreatePartnerAsync("即将取消回调的平台", receiver.Url);
        foreach (var partner in new[] { revoked, unhooked })
        {
            var code = await portal.SubmitAsync(partner.PartnerId, Title, Content, CitizenName, Phone);
            Assert.True((await portal.CasesAsync(c => c.ClassifyAsync(PortalInstance.Office, code, "CJ", Grade.Normal, null))).Succeeded);
            Assert.Single(await portal.WebhooksAsync(partner.PartnerId));
        }

        // Queued while the partners could receive; then one is revoked and the other's webhook is removed.
        Assert.True((await portal.WithScopeAsync(async p =>
        {
            var version = await p.GetRequiredService<ApplicationDbContext>().PartnerSystems.Where(s => s.Id == revoked.PartnerId).Select(s => s.Version).SingleAsync();
            return await p.GetRequiredService<PartnerSystems>().RevokeAsync(revoked.PartnerId, version);
        })).Succeeded);
        Assert.True((await portal.WithScopeAsync(async p =>
        {
            var version = await p.GetRequiredService<ApplicationDbContext>().PartnerSystems.Where(s => s.Id == unhooked.PartnerId).Select(s => s.Version).SingleAsync();
            return await p.GetRequiredService<PartnerSystems>().UpdateAsync(unhooked.PartnerId, new PartnerInput("即将取消回调的平台", null, PartnerOperations.All, null, null, null), version);
        })).Succeeded);

        Assert.Equal(2, await portal.DispatchAsync());
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await portal.DispatchAsync());

        Assert.Empty(receiver.Deliveries);
        foreach (var partner in new[] { revoked, unhooked })
        {
            var message = Assert.Single(await portal.WebhooksAsync(partner.PartnerId));
            Assert.Null(message.SentAt);
            Assert.NotNull(message.FailedAt);
            Assert.Equal(0, message.Attempts);
            Assert.Equal(OutboxSender.PartnerGoneError, message.LastError);
        }
    }

    [Fact]
    public async Task ARefusalARedirectAndATimeoutAreFailedAttemptsRetriedWithBackoff()
    {
        var clock = new SharedClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        await using var portal = PortalInstance.Start(database.ConnectionString, clock, new Dictionary<string, string?> { ["Notifications:Webhook:TimeoutSeconds"] = "1" });
        await portal.WithDbAsync(db => db.OutboxMessages.ExecuteDeleteAsync());
        var redirected = await portal.CreatePartnerAsync("改了地址的平台", receiver.RedirectingUrl);
        var slow = await portal.CreatePartnerAsync("响应很慢的平台", receiver.Url);
        foreach (var partner in new[] { redirected, slow })
        {
            var code = await portal.SubmitAsync(partner.PartnerId, Title, Content, CitizenName, Phone);
            Assert.True((await portal.CasesAsync(c => c.ClassifyAsync(PortalInstance.Office, code, "CJ", Grade.Normal, null))).Succeeded);
        }

        receiver.Answer = (_, _) => 200;
        receiver.Delay = TimeSpan.FromSeconds(3);
        var started = clock.GetUtcNow();
        Assert.Equal(2, await portal.DispatchAsync());

        var redirect = Assert.Single(await portal.WebhooksAsync(redirected.PartnerId));
        Assert.Equal("HttpRequestException: The webhook receiver answered 307 Temporary Redirect.", redirect.LastError);
        var timeout = Assert.Single(await portal.WebhooksAsync(slow.PartnerId));
        Assert.StartsWith("TaskCanceledException:", timeout.LastError, StringComparison.Ordinal);
        Assert.Contains("Timeout", timeout.LastError, StringComparison.Ordinal);
        Assert.All(new[] { redirect, timeout }, m =>
        {
            Assert.Equal(1, m.Attempts);
            Assert.Null(m.SentAt);
            Assert.Null(m.FailedAt);
            Assert.True((m.NextAttemptAt - (started + OutboxMessage.Backoff(1))).Duration() < TimeSpan.FromMilliseconds(1));
        });

        // Due again after the backoff: the receiver is quick now and takes the one sent to its real address.
        receiver.Delay = TimeSpan.Zero;
        clock.Advance(OutboxMessage.Backoff(1));
        Assert.Equal(2, await portal.DispatchAsync());
        Assert.NotNull(Assert.Single(await portal.WebhooksAsync(slow.PartnerId)).SentAt);
        Assert.Equal(2, Assert.Single(await portal.WebhooksAsync(redirected.PartnerId)).Attempts);
    }
}
