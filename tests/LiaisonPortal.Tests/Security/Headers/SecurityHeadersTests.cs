using System.Net;
using System.Text.RegularExpressions;
using LiaisonPortal.Tests.Infrastructure;

namespace LiaisonPortal.Tests.Security.Headers;

/// <summary>
/// The headers every answer carries: public, staff, error, API, Open311, QR, static and health answers. HTML has a CSP
/// whose scripts come only from the portal's files; nothing may be framed; nothing is sniffed; citizen pages send no
/// Referer. HSTS outside Development over HTTPS. And no page source holds an inline script or event handler (the CSP
/// would block it).
/// </summary>
[Trait("Category", "Security")]
public partial class SecurityHeadersTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    public static TheoryData<string, bool, string, bool> Answers => new()
    {
        // url, signed in as office, expected media type prefix, citizen page (no Referer at all)
        { "/", false, "text/html", true },
        { "/s/990102001-01", false, "text/html", true },
        { "/d/D0004/book", false, "text/html", true },
        { "/track", false, "text/html", true },
        { "/stations?q=湖滨", false, "text/html", true },
        { "/Account/Login", false, "text/html", false },
        { "/no/such/page", false, "text/html", true },
        { "/s/no-such-station", false, "text/html", true },
        { "/Manage/Opinions", true, "text/html", false },
        { "/Manage/Dashboard", true, "text/html", false },
        { "/Manage/Appointments/Today", true, "text/html", false },
        { "/Manage/Opinions/Details/NOSUCHCODE", true, "text/html", false },
        { "/api/v1/categories", false, "application/json", true },
        { "/api/v1/me", false, "", true },
        { "/api/v1/stations/no-such", false, "", true },
        { "/open311/v2/services.json", false, "application/json", true },
        { "/open311/v2/services.xml", false, "text/xml", true },
        { "/qr/stations/990102001-01.svg", false, "image/svg+xml", true },
        { "/qr/stations/990102001-01.png", false, "image/png", true },
        { "/css/public.css", false, "text/css", true },
        { "/health/live", false, "text/plain", true },
        { "/openapi/v1.json", false, "application/json", true },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task EveryAnswerCarriesTheSecurityHeaders(string url, bool signedIn, string mediaType, bool citizen)
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        if (signedIn)
        {
            await client.SignInAsync("office@liaison.demo");
        }

        using var response = await client.GetAsync(url);

        var type = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        Assert.StartsWith(mediaType, type, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal(citizen ? "no-referrer" : "strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        var policy = Policy(Header(response, "Content-Security-Policy"));
        Assert.Equal(["'none'"], policy["frame-ancestors"]);
        if (type == "text/html")
        {
            var scripts = policy.GetValueOrDefault("script-src") ?? policy["default-src"];
            Assert.Equal(["'self'"], scripts);
            Assert.Equal(["'self'"], policy["default-src"]);
            Assert.Equal(["'none'"], policy["object-src"]);
            Assert.Equal(["'self'"], policy["base-uri"]);
            Assert.Equal(["'self'"], policy["form-action"]);
        }
        else
        {
            Assert.Equal(["'none'"], policy["default-src"]);
        }
    }

    [Fact]
    public async Task OutsideDevelopmentHttpsAnswersAlsoCarryHsts()
    {
        await using var factory = new PortalFactory(portal.ConnectionString, "Production", new Dictionary<string, string?> { ["https_port"] = "443" });
        using var client = factory.CreateBrowserLikeClient(https: true);
        client.BaseAddress = new Uri("https://rd.example.gov.cn");

        foreach (var url in new[] { "/s/990102001-01", "/no/such/page", "/api/v1/categories" })
        {
            using var response = await client.GetAsync(url);
            Assert.Contains("max-age=31536000", Header(response, "Strict-Transport-Security"), StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The CSP forbids inline scripts; this keeps the sources honest, so a new page cannot rely on one (it would silently
    /// not work in the browser): no script element without src, no on… attribute, no javascript: address.
    /// </summary>
    [Fact]
    public void NoPageSourceHasAnInlineScriptOrEventHandler()
    {
        var offending = new List<string>();
        var pages = Directory.EnumerateFiles(RepositoryPaths.WebProject, "*.cshtml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToList();
        foreach (var file in pages)
        {
            var source = File.ReadAllText(file);
            foreach (Match match in InlineScript().Matches(source).Concat(EventHandler().Matches(source)).Concat(ScriptAddress().Matches(source)))
            {
                offending.Add($"{Path.GetRelativePath(RepositoryPaths.WebProject, file)}: {match.Value}");
            }
        }

        Assert.True(pages.Count > 50, $"only {pages.Count} pages found");
        Assert.True(offending.Count == 0, string.Join("\n", offending));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} {response.RequestMessage!.RequestUri} has no {name} header");

    private static Dictionary<string, string[]> Policy(string header) =>
        header.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0], d => d[1..], StringComparer.Ordinal);

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("<[a-z][^>]*\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandler();

    [GeneratedRegex("(href|src|action)\\s*=\\s*\"javascript:", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptAddress();
}
