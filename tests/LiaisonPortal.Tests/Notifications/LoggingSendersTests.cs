using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Notifications;

public class LoggingSendersTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task TheLogsShowOnlyMaskedRecipientsAndNeverTheText()
    {
        await using var harness = await OutboxHarness.StartAsync(database.ConnectionString, realSenders: true);
        await harness.WithScopeAsync(async provider =>
        {
            var outbox = provider.GetRequiredService<Outbox>();
            outbox.Sms("opinion.received", "13812345678", "您的意见已受理，查询码 K7Q2M9。");
            outbox.Email("opinion.assigned", "zhang.san@example.com", "新的交办意见", "请在五个工作日内答复。");
            return await provider.GetRequiredService<ApplicationDbContext>().SaveChangesAsync();
        });

        Assert.Equal(2, await harness.DispatchAsync());

        var logs = harness.AllLogText();
        Assert.Contains("SMS to 138****5678 (19 characters)", logs, StringComparison.Ordinal);
        Assert.Contains("Email to z***@example.com", logs, StringComparison.Ordinal);
        Assert.Contains("opinion.received", logs, StringComparison.Ordinal);
        foreach (var secret in new[] { "13812345678", "zhang.san", "K7Q2M9", "新的交办意见", "五个工作日" })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("zhang.san@example.com", "z***@example.com")]
    [InlineData("a@b.cn", "a***@b.cn")]
    [InlineData("not-an-address", "***")]
    [InlineData("@example.com", "***")]
    public void AnEmailAddressIsMaskedToItsFirstCharacterAndDomain(string address, string masked) =>
        Assert.Equal(masked, LoggingEmailSender.Mask(address));
}
