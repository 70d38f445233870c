using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Partners;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Webhooks;

/// <summary>What queues a webhook and what does not, on the demo database; the queries a save costs, from EF's own command log.</summary>
public class WebhookQueueingTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private const string Title = "公交站台顶棚破损";
    private const string Content = "人民路公交站台的顶棚被大风吹坏，下雨天等车的人都淋湿了。";
    private static readonly Uri Hook = new("https://partner.example/hooks/liaison");

    [Fact]
    public async Task AChangeRolledBackQueuesNothingAndOneCommittedQueuesOneEvent()
    {
        await using var portal = PortalInstance.Start(database.ConnectionString, new SharedClock());
        var partner = await portal.CreatePartnerAsync("回滚测试平台", Hook);
        var code = await portal.SubmitAsync(partner.PartnerId, Title, Content, "李四", "13700001234");

        var queuedInside = await portal.WithScopeAsync(async p =>
        {
            var db = p.GetRequiredService<ApplicationDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.True((await p.GetRequiredService<OpinionCases>().ClassifyAsync(PortalInstance.Office, code, "CJ", Grade.Normal, null)).Succeeded);
            var inside = await db.OutboxMessages.CountAsync(m => m.PartnerSystemId == partner.PartnerId);
            await transaction.RollbackAsync();
            return inside;
        });

        Assert.Equal(1, queuedInside);
        Assert.Empty(await portal.WebhooksAsync(partner.PartnerId));
        Assert.Equal(OpinionState.Received, await portal.WithDbAsync(db => db.Opinions.Where(o => o.TrackingCode == code).Select(o => o.State).SingleAsync()));

        Assert.True((await portal.CasesAsync(c => c.ClassifyAsync(PortalInstance.Office, code, "CJ", Grade.Normal, null))).Succeeded);
        var message = Assert.Single(await portal.WebhooksAsync(partner.PartnerId));
        Assert.Equal(MessageChannel.Webhook, message.Channel);
        Assert.Equal(Hook.ToString(), await portal.WithScopeAsync(p => Task.FromResult(p.GetRequiredService<Outbox>().RecipientOf(message))));
        Assert.DoesNotContain("partner.example", message.RecipientCipher, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyStateChangesOfAnActivePartnersOpinionsWithAWebhookQueueEvents()
    {
        await using var portal = PortalInstance.Start(database.ConnectionString, new SharedClock());
        var hooked = await portal.CreatePartnerAsync("有回调的平台", Hook);
        var silent = await portal.CreatePartnerAsync("没有回调的平台", null);
        var revoked = await portal.CreatePartnerAsync("已吊销的平台", Hook);
        Assert.True((await portal.WithScopeAsync(async p =>
        {
            var version = await p.GetRequiredService<ApplicationDbContext>().PartnerSystems.Where(s => s.Id == revoked.PartnerId).Select(s => s.Version).SingleAsync();
            return await p.GetRequiredService<PartnerSystems>().RevokeAsync(revoked.PartnerId, version);
        })).Succeeded);
        var before = await portal.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Channel == MessageChannel.Webhook));

        // A new request: the partner has the POST's answer, no webhook.
        var hookedCode = await portal.SubmitAsync(hooked.PartnerId, Title, Content, "王五", "13700005678");
        Assert.Empty(await portal.WebhooksAsync(hooked.PartnerId));

        // A move that keeps the state (supervision) queues nothing; a citizen's own opinion, a partner without a webhook
        // and a revoked partner get nothing when the state changes.
        Assert.True((await portal.CasesAsync(c => c.SuperviseAsync(PortalInstance.Office, hookedCode, SupervisionLevel.Key, "重点督办"))).Succeeded);
        Assert.Empty(await portal.WebhooksAsync(hooked.PartnerId));
        var citizenCode = await portal.SubmitAsync(null, Title, Content, "赵六", "13700009012");
        var partnerQueriesBefore = PartnerQueries(portal);
        Assert.True((await portal.CasesAsync(c => c.ClassifyAsync(PortalInstance.Office, citizenCode, "CJ", Grade.Normal, null))).Succeeded);
        Assert.Equal(partnerQueriesBefore, PartnerQueries(portal)); // a save without partners' opinions costs no query
        foreach (var partner in new[] { silent, revoked })
        {
            var code = await portal.SubmitAsync(partner.PartnerId, Title, Content, "钱七", "13700003456");
            Assert.True((await portal.CasesAsync(c => c.ClassifyAsync(PortalInstance.Office, code, "CJ", Grade.Normal, null))).Succeeded);
        }

        Assert.Equal(partnerQueriesBefore + 2, PartnerQueries(portal)); // one each
        Assert.Equal(before, await portal.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Channel == MessageChannel.Webhook)));

        // The active partner with a webhook gets one for the change of state.
        Assert.True((await portal.CasesAsync(c => c.ClassifyAsync(PortalInstance.Office, hookedCode, "CJ", Grade.Important, null))).Succeeded);
        var message = Assert.Single(await portal.WebhooksAsync(hooked.PartnerId));
        Assert.Contains("\"state\":\"classified\"", message.Body, StringComparison.Ordinal);
        Assert.Equal(before + 1, await portal.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Channel == MessageChannel.Webhook)));
    }

    [Fact]
    public async Task AMergedRequestGetsOneEventWhenMergedAndOneClosedEventWhenTheCaseItJoinedIsFedBack()
    {
        await using var portal = PortalInstance.Start(database.ConnectionString, new SharedClock());
        var partner = await portal.CreatePartnerAsync("合并测试平台", Hook);
        var mergedCode = await portal.SubmitAsync(partner.PartnerId, Title, Content, "孙八", "13700007777");
        var survivor = await portal.SubmitAsync(null, Title, Content + "附近居民都很着急。", "周九", "13700008888");

        Assert.True((await portal.CasesAsync(c => c.MergeAsync(PortalInstance.Office, mergedCode, survivor, null))).Succeeded);
        var merged = Assert.Single(await portal.WebhooksAsync(partner.PartnerId));
        Assert.Contains("\"status\":\"open\",\"state\":\"merged\"", merged.Body, StringComparison.Ordinal);

        var unit = await portal.UnitActorAsync();
        Assert.True((await portal.CasesAsync(c => c.ClassifyAsync(PortalInstance.Office, survivor, "CJ", Grade.Normal, null))).Succeeded);
        Assert.True((await portal.CasesAsync(c => c.AssignAsync(PortalInstance.Office, survivor, new AssignInput(PortalInstance.UnitCode, null), null))).Succeeded);
        Assert.True((await portal.CasesAsync(c => c.AnswerAsync(unit, survivor, new AnswerInput("顶棚已修复", AnswerResult.Solved, Final: true), null))).Succeeded);
        Assert.Single(await portal.WebhooksAsync(partner.PartnerId)); // the survivor is not the partner's: its moves send nothing
        Assert.True((await portal.CasesAsync(c => c.FeedBackAsync(PortalInstance.Office, survivor, "站台顶棚已于本周修复，感谢反映。", null))).Succeeded);

        var events = await portal.WebhooksAsync(partner.PartnerId);
        Assert.Equal(2, events.Count);
        var closed = Assert.Single(events, m => m.Id != merged.Id);
        Assert.Contains("\"status\":\"closed\",\"state\":\"merged\"", closed.Body, StringComparison.Ordinal);
        Assert.Contains(mergedCode, closed.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void TheOpen311StatusIsClosedOnceTheAnswerReachedTheCitizenOrItWasRefusedOrEscalated()
    {
        var closed = Enum.GetValues<OpinionState>().Where(s => Open311Status.Of(s) == Open311Status.Closed).Order();
        Assert.Equal([OpinionState.Refused, OpinionState.FedBack, OpinionState.Evaluated, OpinionState.Closed, OpinionState.Escalated], closed);
        Assert.All(Enum.GetValues<OpinionState>().Except(closed), s => Assert.Equal(Open311Status.Open, Open311Status.Of(s)));
        Assert.Equal("fed_back", Open311Status.StateName(OpinionState.FedBack));
        Assert.Equal("2026-03-05T22:30:00+08:00", Open311Status.Timestamp(new DateTimeOffset(2026, 3, 5, 14, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void ASignatureFailsForAnotherBodySecretTimeOrAMalformedHeader()
    {
        const string secret = "whsec_0123456789abcdef";
        const string body = """{"event":"open311.status","status":"open"}""";
        var now = DateTimeOffset.FromUnixTimeSeconds(1_780_000_000);
        var timestamp = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = WebhookSignature.Compute(secret, now.ToUnixTimeSeconds(), body);

        Assert.StartsWith("sha256=", signature, StringComparison.Ordinal);
        Assert.Equal(7 + 64, signature.Length);
        Assert.True(WebhookSignature.Verify(secret, timestamp, body, signature, now.AddMinutes(4)));
        Assert.False(WebhookSignature.Verify(secret, timestamp, body.Replace("open\"}", "closed\"}", StringComparison.Ordinal), signature, now));
        Assert.False(WebhookSignature.Verify("whsec_other", timestamp, body, signature, now));
        Assert.False(WebhookSignature.Verify(secret, timestamp, body, signature, now.AddMinutes(6)));
        Assert.False(WebhookSignature.Verify(secret, timestamp, body, signature, now.AddMinutes(-6)));
        Assert.False(WebhookSignature.Verify(secret, "1780000001", body, signature, now));
        Assert.False(WebhookSignature.Verify(secret, "soon", body, signature, now));
        Assert.False(WebhookSignature.Verify(secret, timestamp, body, signature.ToUpperInvariant(), now));
        Assert.False(WebhookSignature.Verify(secret, timestamp, body, null, now));
    }

    private static int PartnerQueries(PortalInstance portal) => portal.Logs.Entries.Count(e =>
        e.Category == "Microsoft.EntityFrameworkCore.Database.Command" && e.Message.Contains("Executed DbCommand", StringComparison.Ordinal)
        && e.Message.Contains("FROM \"PartnerSystems\"", StringComparison.Ordinal));
}
