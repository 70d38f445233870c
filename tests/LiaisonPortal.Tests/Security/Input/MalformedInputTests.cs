using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using LiaisonPortal.Core.Partners;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LiaisonPortal.Tests.Security.Input;

/// <summary>
/// The generated corpus of malformed input (<see cref="MalformedInputCorpus"/>) against every public endpoint and form,
/// over real HTTP on Kestrel (its real body-size limits): no answer is a 5xx, every 4xx says why in Chinese, and a form
/// that comes back says so next to a field or at its top. A normal run sends about 1,500 requests; LIAISON_HEAVY=1 sends
/// five times as many mutations and bigger bodies. A failure prints the seed and each offending request.
/// </summary>
[Trait("Category", "Security")]
public partial class MalformedInputTests(DemoDatabaseFixture database, ITestOutputHelper output) : IClassFixture<DemoDatabaseFixture>
{
    /// <summary>Fixed, so a run repeats; LIAISON_CORPUS_SEED=n explores another corpus (a failure prints the seed to repeat it with).</summary>
    public static int Seed { get; } = int.TryParse(Environment.GetEnvironmentVariable("LIAISON_CORPUS_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : 20_261_111;

    private static readonly string[] MessageSelectors = ["[role=alert]", "[role=status]", ".field-error-line", ".field-error", ".form-alert", ".alert", ".text-danger", ".validation-summary-errors"];

    public static bool Heavy => Environment.GetEnvironmentVariable("LIAISON_HEAVY") == "1";

    /// <summary>Limits raised so that the corpus meets the validation, not the rate limiters (which have their own tests).</summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Citizens:MinimumFillSeconds"] = "0",
        ["RateLimits:SignInPerMinute"] = "100000",
        ["RateLimits:PublicPerMinute"] = "100000",
        ["RateLimits:PostsPerAddressPerHour"] = "100000",
        ["RateLimits:PostsPerPhonePerDay"] = "100000",
        ["RateLimits:FailedLookupsPerAddressPerHour"] = "100000",
        ["RateLimits:FailedLookupsPerCodePerHour"] = "100000",
    };

    [Fact]
    public async Task TheGeneratedCorpusGetsNoServerErrorAndEveryRefusalSaysWhyInChinese()
    {
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString, Settings);
        var routes = AnonymousRoutes(portal.Services);
        var corpus = new MalformedInputCorpus(Seed, Heavy ? 5 : 1, routes).Generate(Heavy ? 40_000_000 : 31_000_000);
        output.WriteLine($"seed {Seed}, {corpus.Count} requests, {routes.Count} anonymous routes discovered:");
        foreach (var route in routes)
        {
            output.WriteLine($"  {route.Pattern} [{string.Join(',', route.Methods ?? ["any"])}]");
        }

        Assert.True(corpus.Count >= 1000, $"only {corpus.Count} requests");
        Assert.All(routes, route => Assert.Contains(corpus, p => p.Target == "discovered " + route.Pattern));

        var cookies = new CookieContainer();
        using var client = NewClient(portal, cookies);
        var session = await SessionAsync(client);
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<(string, int), int>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(corpus, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (probe, cancellationToken) =>
        {
            var (status, problem) = probe.Target == "huge"
                ? await SendRawAsync(portal.Address, cookies.GetCookieHeader(portal.Address), probe, session)
                : await SendAsync(client, probe, session);
            statuses.AddOrUpdate((probe.Target.Split(' ')[0], status), 1, (_, n) => n + 1);
            if (problem is not null)
            {
                failures.Enqueue(problem);
            }
        });

        output.WriteLine($"{corpus.Count} requests in {started.Elapsed.TotalSeconds:F1} s");
        foreach (var ((target, status), count) in statuses.OrderBy(s => s.Key.Item1, StringComparer.Ordinal).ThenBy(s => s.Key.Item2))
        {
            output.WriteLine($"  {target,-16} {status} × {count}");
        }

        Assert.True(failures.IsEmpty, $"seed {Seed}: {failures.Count} of {corpus.Count} answers were wrong:\n" + string.Join("\n\n", failures.Take(25)));
    }

    /// <summary>Every route that does not require a signed-in user, as the app's own endpoint data source lists it.</summary>
    public static List<DiscoveredRoute> AnonymousRoutes(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is null || e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            // wwwroot's files: one endpoint per file and encoding, none of which reads input.
            .Where(e => !e.Metadata.Any(m => m.GetType().Name.StartsWith("StaticAsset", StringComparison.Ordinal)))
            .GroupBy(e => e.RoutePattern.RawText ?? "/")
            .Select(g => new DiscoveredRoute(g.Key, g.First().RoutePattern,
                g.Any(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is null) ? null : [.. g.SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods).Distinct()]))
            .OrderBy(r => r.Pattern, StringComparer.Ordinal)
            .ToList();
    }

    public static HttpClient NewClient(KestrelPortal portal, CookieContainer cookies)
    {
        ArgumentNullException.ThrowIfNull(portal);
        return new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies })
        {
            BaseAddress = portal.Address,
            Timeout = TimeSpan.FromSeconds(100),
        };
    }

    /// <summary>A session as a citizen's phone has one: the form's token and stamp, a partner key, an opinion of its own, a bookable slot.</summary>
    private async Task<ProbeSession> SessionAsync(HttpClient client)
    {
        var form = await client.GetDocumentAsync($"/s/{MalformedInputCorpus.Station}");
        var token = form.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var stamp = form.QuerySelector("input[name='Started']")!.GetAttribute("value")!;
        var (result, credentials) = await database.WithScopeAsync(s => s.GetRequiredService<PartnerSystems>()
            .CreateAsync(new PartnerInput("畸形输入测试平台", null, PartnerOperations.All, null, PartnerSystem.MaxRateLimitPerMinute, null)));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));

        using var submitted = await client.SubmitMultipartAsync($"/s/{MalformedInputCorpus.Station}", "form", new Dictionary<string, string>
        {
            ["Input.Title"] = "语料库的基准意见",
            ["Input.Content"] = "柳岸社区东门口的路灯坏了两个星期，晚上出入很不安全，希望尽快修好。",
            ["Input.Phone"] = "13800009999",
        });
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var code = await database.QueryAsync(db => db.Opinions.Where(o => o.Title == "语料库的基准意见").Select(o => o.TrackingCode).SingleAsync());
        var book = await client.GetDocumentAsync($"/s/{MalformedInputCorpus.Station}/book");
        var slot = book.QuerySelector("input[name='Input.SlotId']")?.GetAttribute("value") ?? "1";
        return new ProbeSession(token, stamp, credentials!.ApiKey, code, "9999", slot);
    }

    /// <summary>Sends one probe; the answer's status, and what is wrong with it (null: nothing).</summary>
    public static async Task<(int Status, string? Problem)> SendAsync(HttpClient client, Probe probe, ProbeSession session)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(session);
        var (content, preview) = probe.Build(session);
        var url = probe.Url.Replace("{KEY}", Uri.EscapeDataString(session.PartnerKey), StringComparison.Ordinal)
            .Replace("{CODE}", session.TrackingCode, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(probe.Method), url) { Content = content };
        string Describe(string problem, string body) =>
            $"{problem}\n  probe: {probe}\n  request: {probe.Method} {url}\n  body: {preview}\n  answer: {Excerpt(body)}";
        try
        {
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            if (status >= 500)
            {
                return (status, Describe($"{status} {response.ReasonPhrase}", body));
            }

            // An answer without the correlation id never reached the app: Kestrel refused the request line itself (a NUL
            // in the path, an address over its length limit) before any middleware could write a page.
            if (status >= 400 && !Chinese().IsMatch(body) && response.Headers.Contains("X-Correlation-ID"))
            {
                return (status, Describe($"{status} without a Chinese message", body));
            }

            if (probe.FormPage && probe.Method == "POST" && status == 200 && body.Contains("<form", StringComparison.OrdinalIgnoreCase) && !Explains(body, session))
            {
                return (status, Describe("200 re-shown form without a message", body));
            }

            return (status, null);
        }
        catch (HttpRequestException exception)
        {
            return (0, Describe("no answer: " + exception.Message, string.Empty));
        }
        finally
        {
            content?.Dispose();
        }
    }

    /// <summary>
    /// A body over the limit, sent over a bare socket: the server answers 413 while the body is still coming and then stops
    /// reading, which HttpClient reports as a failed upload without the answer. Here the answer is read whatever happened
    /// to the rest of the upload.
    /// </summary>
    private static async Task<(int Status, string? Problem)> SendRawAsync(Uri address, string cookies, Probe probe, ProbeSession session)
    {
        var (content, preview) = probe.Build(session);
        using (content)
        {
            var body = await content!.ReadAsByteArrayAsync();
            using var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync(address.Host, address.Port);
            var stream = tcp.GetStream();
            var head = $"{probe.Method} {probe.Url} HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: {content.Headers.ContentType}\r\n"
                + $"Content-Length: {body.Length}\r\nCookie: {cookies}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            try
            {
                for (var offset = 0; offset < body.Length; offset += 64 * 1024)
                {
                    await stream.WriteAsync(body.AsMemory(offset, Math.Min(64 * 1024, body.Length - offset)));
                }
            }
            catch (IOException)
            {
                // The server stopped reading: its answer is already on the way.
            }

            using var answer = new MemoryStream();
            try
            {
                await stream.CopyToAsync(answer);
            }
            catch (IOException)
            {
            }

            var text = Encoding.UTF8.GetString(answer.ToArray());
            var status = StatusLine().Match(text) is { Success: true } line ? int.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            string Describe(string problem) => $"{problem}\n  probe: {probe}\n  body: {preview}\n  answer: {Excerpt(text)}";
            return status switch
            {
                0 => (0, Describe("no answer")),
                >= 500 => (status, Describe($"{status}")),
                >= 400 when !Chinese().IsMatch(text) => (status, Describe($"{status} without a Chinese message")),
                < 400 => (status, Describe($"{status}: a body over the limit was accepted")),
                _ => (status, null),
            };
        }
    }

    /// <summary>A re-shown form explains itself with a Chinese message; a looked-up case shows the case.</summary>
    private static bool Explains(string html, ProbeSession session)
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        if (MessageSelectors.SelectMany(document.QuerySelectorAll).Any(e => Chinese().IsMatch(e.TextContent)))
        {
            return true;
        }

        // The case's own page (the lookup went through): it shows the code grouped as 2PAYA-6KJ9J.
        return document.QuerySelector("main")?.TextContent.Replace("-", string.Empty, StringComparison.Ordinal).Contains(session.TrackingCode, StringComparison.Ordinal) == true;
    }

    private static string Excerpt(string body)
    {
        var text = TagsOrSpace().Replace(body, " ");
        text = Whitespace().Replace(text, " ").Trim();
        return text.Length > 400 ? text[..400] + "…" : text;
    }

    [GeneratedRegex("[\u4e00-\u9fff]")]
    private static partial Regex Chinese();

    [GeneratedRegex("<(script|style)[^>]*>.*?</\\1>|<[^>]+>", RegexOptions.Singleline)]
    private static partial Regex TagsOrSpace();

    [GeneratedRegex("^HTTP/1\\.[01] (\\d{3})")]
    private static partial Regex StatusLine();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
