using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LiaisonPortal.Benchmarks;

/// <summary>A page's form as the runner needs it: the antiforgery cookie and token, and the form's other hidden fields.</summary>
public sealed record FormPage(string Cookie, string Token, IReadOnlyDictionary<string, string> Hidden, string Html);

/// <summary>
/// The few requests made before a scenario (a form to get an antiforgery pair, a sign-in). Cookies are handled by hand:
/// in Production they are __Host- cookies marked Secure, which HttpClient's cookie container would not send over http.
/// </summary>
public sealed partial class PortalClient(Uri address) : IDisposable
{
    private readonly HttpClient _http = Create(address);

    private static HttpClient Create(Uri address)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        // As behind the TLS-terminating proxy the app expects in production (Portal:TrustedProxies).
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        return http;
    }

    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(string path, string? cookie, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        var response = await _http.SendAsync(request, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), response);
    }

    /// <summary>GETs a page with a form and returns what a POST of it needs.</summary>
    public async Task<FormPage> FormAsync(string path, CancellationToken cancellationToken)
    {
        var (status, html, response) = await GetAsync(path, cookie: null, cancellationToken);
        using (response)
        {
            if (status != HttpStatusCode.OK)
            {
                throw new BenchmarkException($"GET {path} answered {(int)status}, expected a page with a form");
            }

            var cookie = CookieHeader(response);
            var hidden = HiddenFields(html);
            return hidden.TryGetValue("__RequestVerificationToken", out var token) && cookie.Length > 0
                ? new FormPage(cookie, token, hidden, html)
                : throw new BenchmarkException($"GET {path} gave no antiforgery cookie and token");
        }
    }

    /// <summary>Signs in through /Account/Login as a browser does and returns the Cookie header of the session.</summary>
    public async Task<string> SignInAsync(StaffAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var form = await FormAsync("/Account/Login", cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = account.Email,
                ["Input.Password"] = account.Password,
                ["__RequestVerificationToken"] = form.Token,
            }),
        };
        request.Headers.Add("Cookie", form.Cookie);
        using var response = await _http.SendAsync(request, cancellationToken);
        var session = CookieHeader(response);
        if (response.StatusCode != HttpStatusCode.Redirect || !session.Contains("Auth", StringComparison.Ordinal))
        {
            throw new BenchmarkException($"signing in as {account.Email} answered {(int)response.StatusCode} without a session cookie");
        }

        return session;
    }

    /// <summary>POST /api/v1/auth/login: the bearer token.</summary>
    public async Task<string> BearerAsync(StaffAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        using var response = await _http.PostAsJsonAsync("/api/v1/auth/login", new { email = account.Email, password = account.Password }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchmarkException($"POST /api/v1/auth/login as {account.Email} answered {(int)response.StatusCode}: {body}");
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("accessToken").GetString() ?? throw new BenchmarkException("the login answer has no accessToken");
    }

    public void Dispose() => _http.Dispose();

    /// <summary>"name=value; name2=value2" from a response's Set-Cookie headers (chunked cookies come as several).</summary>
    public static string CookieHeader(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return string.Empty;
        }

        return CookieHeader(values);
    }

    public static string CookieHeader(IEnumerable<string> setCookies)
    {
        ArgumentNullException.ThrowIfNull(setCookies);
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var setCookie in setCookies)
        {
            var pair = setCookie.Split(';', 2)[0].Trim();
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                var value = pair[(equals + 1)..];
                if (value.Length == 0)
                {
                    pairs.Remove(pair[..equals]);
                }
                else
                {
                    pairs[pair[..equals]] = value;
                }
            }
        }

        return string.Join("; ", pairs.Select(p => p.Key + "=" + p.Value));
    }

    /// <summary>Every input type="hidden" of a page by name (HTML-decoded values); the first one of a name wins.</summary>
    public static IReadOnlyDictionary<string, string> HiddenFields(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in InputTag().Matches(html))
        {
            var tag = input.Value;
            if (!tag.Contains("type=\"hidden\"", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = Attribute(tag, "name");
            if (name is not null && !fields.ContainsKey(name))
            {
                fields[name] = WebUtility.HtmlDecode(Attribute(tag, "value") ?? string.Empty);
            }
        }

        return fields;
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, "\\s" + Regex.Escape(name) + "=\"([^\"]*)\"", RegexOptions.CultureInvariant);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InputTag();
}
