using System.Net;
using LiaisonPortal.Tests.Infrastructure;

namespace LiaisonPortal.Tests.Hosting;

public class HealthTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task BothProbesAreHealthyOnAMigratedReachableDatabase(string path)
    {
        using var client = portal.Factory.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReadinessIs503WhenTheDatabaseCannotBeReachedWhileLivenessStays200()
    {
        // A loopback port nobody listens on: the connection is refused at once.
        await using var factory = new PortalFactory("Host=127.0.0.1;Port=9;Username=nobody;Password=x;Database=none;Timeout=2");
        using var client = factory.CreateClient();

        using var ready = await client.GetAsync("/health/ready");
        using var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task ReadinessIs503WhileMigrationsArePending()
    {
        var empty = await TestCluster.CloneAsync(withDemoData: false);
        try
        {
            await using (var connection = new Npgsql.NpgsqlConnection(empty))
            {
                await connection.OpenAsync();
                await using var command = new Npgsql.NpgsqlCommand("DELETE FROM \"__EFMigrationsHistory\"", connection);
                await command.ExecuteNonQueryAsync();
            }

            await using var factory = new PortalFactory(empty);
            using var client = factory.CreateClient();

            using var ready = await client.GetAsync("/health/ready");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }
        finally
        {
            await TestCluster.DropAsync(empty);
        }
    }

    [Fact]
    public async Task APageThatNeedsTheLostDatabaseAnswersAFriendly503()
    {
        await using var factory = new PortalFactory("Host=127.0.0.1;Port=9;Username=nobody;Password=x;Database=none;Timeout=2");
        using var client = factory.CreateBrowserLikeClient();

        // The sign-in form's antiforgery token needs the key ring, which lives in the lost database.
        using var response = await client.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("系统暂时无法使用", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Npgsql", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }
}
