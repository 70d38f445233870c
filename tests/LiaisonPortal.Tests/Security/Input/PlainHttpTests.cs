using System.Net;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiaisonPortal.Tests.Security.Input;

/// <summary>
/// Production over plain HTTP with no proxy in front and no HTTPS port to redirect to: the Secure-only antiforgery
/// cookie cannot be set, which used to answer the citizen form with a 500. Now: a 400 page that says to use HTTPS, and a
/// warning in the log that tells the operator what to change.
/// </summary>
[Trait("Category", "Security")]
public class PlainHttpTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [Theory]
    [InlineData("GET", "/s/990102001-01")]
    [InlineData("POST", "/s/990102001-01")]
    [InlineData("GET", "/Account/Login")]
    [InlineData("GET", "/d/D0004/book")]
    public async Task APageWithAFormOverPlainHttpInProductionIsAClear400AndALoggedHint(string method, string url)
    {
        var logs = new CapturedLogs();
        await using var factory = new PortalFactory(database.ConnectionString, "Production",
            configure: b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        using var client = factory.CreateBrowserLikeClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST")
        {
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Title"] = "路灯", ["Input.Content"] = "小区门口的路灯坏了两个星期。" });
        }

        using var response = await client.SendAsync(request);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请使用 HTTPS 访问", html, StringComparison.Ordinal);
        Assert.Contains("https://", html, StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Portal:TrustedProxies", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OverHttpsTheSameFormIsServed()
    {
        await using var factory = new PortalFactory(database.ConnectionString, "Production", new Dictionary<string, string?> { ["https_port"] = "443" });
        using var client = factory.CreateBrowserLikeClient(https: true);

        using var response = await client.GetAsync("/s/990102001-01");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
