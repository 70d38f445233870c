using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LiaisonPortal.Tests.Security.Instances;

/// <summary>
/// Two instances of the app on one database, each a separate host on real Kestrel on its own loopback port: its own
/// DI container, Data Protection key-ring cache, antiforgery, memory and output caches, rate limiters and hosted
/// services (workers switched on by the settings given). Started at the same moment, as two instances behind a proxy.
/// </summary>
internal sealed class TwoPortals : IAsyncDisposable
{
    private TwoPortals(KestrelPortal a, KestrelPortal b, CapturedLogs logsA, CapturedLogs logsB)
    {
        A = a;
        B = b;
        LogsA = logsA;
        LogsB = logsB;
    }

    public KestrelPortal A { get; }

    public KestrelPortal B { get; }

    public CapturedLogs LogsA { get; }

    public CapturedLogs LogsB { get; }

    public IEnumerable<(KestrelPortal Portal, CapturedLogs Logs)> Both => [(A, LogsA), (B, LogsB)];

    public static async Task<TwoPortals> StartAsync(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var logsA = new CapturedLogs();
        var logsB = new CapturedLogs();
        var starting = new[]
        {
            KestrelPortal.StartAsync(connectionString, settings, builder => builder.Logging.AddProvider(logsA)),
            KestrelPortal.StartAsync(connectionString, settings, builder => builder.Logging.AddProvider(logsB)),
        };
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }

        var portals = new TwoPortals(starting[0].Result, starting[1].Result, logsA, logsB);
        Assert.NotEqual(portals.A.Address.Port, portals.B.Address.Port);
        Assert.NotSame(portals.A.Services, portals.B.Services);
        foreach (var (portal, _) in portals.Both)
        {
            // Each instance keeps its keys in the shared database, never in a folder of its own machine.
            Assert.IsType<DatabaseXmlRepository>(portal.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
        }

        return portals;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(A.DisposeAsync().AsTask(), B.DisposeAsync().AsTask());
    }

    /// <summary>Polls until the condition holds; fails the test after the time given.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {within.TotalSeconds} s waiting for: {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>How many of this database's sessions wait for a lock (a statement of the app blocked behind the test's lock).</summary>
    public static async Task<int> LockWaitersAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = @db AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()", connection);
        command.Parameters.AddWithValue("db", database!);
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>
/// One browser in front of both instances, as behind a proxy that sends each request to either: one cookie jar (keyed by
/// cookie name, like a browser's jar for the proxy's one host name), one HTTP client per instance, no redirects followed.
/// </summary>
internal sealed class ProxiedBrowser : IDisposable
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);
    private readonly HttpClient _a;
    private readonly HttpClient _b;

    public ProxiedBrowser(TwoPortals portals)
    {
        ArgumentNullException.ThrowIfNull(portals);
        _a = Client(portals.A.Address);
        _b = Client(portals.B.Address);
    }

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    public HttpClient On(char instance) => instance == 'A' ? _a : _b;

    public async Task<HttpResponseMessage> SendAsync(char instance, HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await On(instance).SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var header in setCookies)
            {
                var pair = header.Split(';')[0];
                var name = pair[..pair.IndexOf('=', StringComparison.Ordinal)];
                var value = pair[(name.Length + 1)..];
                var expired = header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase) || value.Length == 0;
                if (expired)
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }
        }

        return response;
    }

    public Task<HttpResponseMessage> GetAsync(char instance, string path) => SendAsync(instance, new HttpRequestMessage(HttpMethod.Get, path));

    public async Task<IHtmlDocument> GetDocumentAsync(char instance, string path)
    {
        using var response = await GetAsync(instance, path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} on {instance} answered {(int)response.StatusCode}");
        return await HtmlForms.ParseAsync(response);
    }

    /// <summary>Posts a form read from one page (its fields and antiforgery token as shown there) to an instance.</summary>
    public Task<HttpResponseMessage> PostFormAsync(char instance, IHtmlFormElement form, IReadOnlyDictionary<string, string> values, string pagePath)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(values);
        var fields = HtmlForms.FieldsOf(form).Where(f => !values.ContainsKey(f.Key)).ToList();
        fields.AddRange(values);
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? pagePath : form.GetAttribute("action")!;
        return SendAsync(instance, new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) });
    }

    /// <summary>Signs in on the instance's real sign-in page.</summary>
    public async Task SignInAsync(char instance, string email, string password = "Demo-Liaison-2026")
    {
        var page = await GetDocumentAsync(instance, "/Account/Login");
        using var response = await PostFormAsync(instance, (IHtmlFormElement)page.QuerySelector("#login-form")!,
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password }, "/Account/Login");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(_cookies.ContainsKey("LiaisonPortal.Auth"), "no sign-in cookie was set");
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    private static HttpClient Client(Uri address) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = address };
}

/// <summary>The JSON API's bearer tokens against either instance.</summary>
internal static class ApiCalls
{
    public static async Task<(string Access, string Refresh)> LoginAsync(KestrelPortal portal, string email, string password = "Demo-Liaison-2026")
    {
        ArgumentNullException.ThrowIfNull(portal);
        using var client = new HttpClient { BaseAddress = portal.Address };
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using var json = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("accessToken").GetString()!, json.RootElement.GetProperty("refreshToken").GetString()!);
    }

    public static async Task<HttpResponseMessage> SendAsync(KestrelPortal portal, HttpMethod method, string path, string token, object? body = null, string? ifMatch = null)
    {
        ArgumentNullException.ThrowIfNull(portal);
        using var client = new HttpClient { BaseAddress = portal.Address };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
