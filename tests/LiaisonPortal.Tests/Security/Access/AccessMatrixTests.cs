using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace LiaisonPortal.Tests.Security.Access;

/// <summary>
/// Every role and scope against every staff page, handler, export, download and API operation the app itself
/// declares (see <see cref="StaffUrls"/>), with real objects inside and outside each scope (see <see cref="AccessWorld"/>).
/// Outside the role or the scope nothing answers 2xx (a sign-in redirect, 403 or 404 instead), and no answer carries an
/// identifier of an object outside the account's scope; inside, the owner gets 200, so the matrix is not vacuous.
/// </summary>
[Trait("Category", "Security")]
public class AccessMatrixTests(AccessWorld world, ITestOutputHelper output) : IClassFixture<AccessWorld>
{
    /// <summary>
    /// In-scope requests that rightly answer something else than 200, each with its reason. Everything else in scope
    /// must answer 200.
    /// </summary>
    private static readonly Dictionary<string, string> NotServedInScope = new(StringComparer.Ordinal)
    {
        ["* GET /Manage/Suggestions/Report"] = "without a year it redirects to this year's report",
        ["deputy D0004 GET /Deputy/Suggestions/Edit/4"] = "a submitted suggestion is no longer editable: it redirects to its details",
        ["station 990102001-01 GET /Manage/Import?kind=Deputies"] = "imports create directory records: region offices and the administrator only (403)",
        ["station 990102001-01 GET /Manage/Import?handler=Template&kind=Deputies"] = "the same",
        ["station 990102002-01 GET /Manage/Import?kind=Deputies"] = "the same",
        ["station 990102002-01 GET /Manage/Import?handler=Template&kind=Deputies"] = "the same",
        ["station 990102001-01 GET /Manage/Stations/Edit"] = "a station's staff cannot open a new station",
        ["station 990102002-01 GET /Manage/Stations/Edit"] = "the same",
    };

    [Fact]
    public async Task NoStaffPageOrDownloadAnswersOutsideTheAccountsRoleOrScopeAndOwnersAreServed()
    {
        var urls = await StaffUrls.PagesAsync(world.Factory.Services, world);
        Assert.True(urls.Count > 100, $"only {urls.Count} staff URLs were found");
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(AccessWorld.Accounts.Select(async account =>
        {
            var client = await world.BrowserAsync(account);
            var answers = new List<Answer>();
            foreach (var url in urls)
            {
                using var response = await client.GetAsync(url.Url);
                answers.Add(await Answer.ReadAsync(account, url, response));
            }

            return answers;
        }));

        output.WriteLine($"{urls.Count} staff URLs × {AccessWorld.Accounts.Count} accounts in {clock.Elapsed.TotalSeconds:0.0} s");
        Judge(results.SelectMany(r => r).ToList(), urls.Count);
    }

    [Fact]
    public async Task NoApiOperationAnswersOutsideTheTokensScopeAndOwnersAreServed()
    {
        using var anonymous = world.Factory.CreateClient();
        using var description = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));
        var urls = StaffUrls.Api(description.RootElement, world);
        Assert.Contains(urls, u => u.Url.StartsWith("/api/v1/opinions/", StringComparison.Ordinal));
        Assert.Contains(urls, u => u.Url.StartsWith("/api/v1/suggestions/", StringComparison.Ordinal));

        var answers = new List<Answer>();
        foreach (var account in AccessWorld.Accounts)
        {
            var token = await world.TokenAsync(account);
            foreach (var url in urls)
            {
                // A write is sent only where it must be refused (an empty body: it would change an owner's case).
                if (url.Method != "GET" && url.InScopeOf(account) && !account.IsAnonymous)
                {
                    continue;
                }

                using var request = new HttpRequestMessage(new HttpMethod(url.Method), url.Url);
                if (url.Method != "GET")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                AccessWorld.Authorize(request, token);
                using var response = await anonymous.SendAsync(request);
                answers.Add(await Answer.ReadAsync(account, url, response));
            }
        }

        Assert.All(answers.Where(a => a.Account.IsAnonymous), a => Assert.Equal(HttpStatusCode.Unauthorized, a.Status));
        Judge(answers, urls.Count);
    }

    private void Judge(List<Answer> answers, int urlCount)
    {
        var leaks = new List<string>();
        var unserved = new List<string>();
        foreach (var answer in answers)
        {
            var (account, url) = (answer.Account, answer.Url);
            var admitted = url.Admits(account) || (url.Source == "api" && !account.IsAnonymous);
            var success = (int)answer.Status is >= 200 and < 300;
            if ((!admitted || !url.InScopeOf(account)) && success)
            {
                leaks.Add($"{account} × {url} → {(int)answer.Status} (outside {(admitted ? "scope: " + string.Join(", ", url.Objects.Where(o => !o.Owners.Contains(account.Name))) : "role")})");
            }
            else if (admitted && url.InScopeOf(account) && answer.Status != HttpStatusCode.OK && url.Method == "GET"
                     && !NotServedInScope.ContainsKey($"{account.Name} {url}") && !NotServedInScope.ContainsKey($"* {url}"))
            {
                unserved.Add($"{account} × {url} → {(int)answer.Status} {answer.Location}");
            }

            if (success)
            {
                foreach (var other in world.AllObjects.Where(o => !o.Owners.Contains(account.Name)))
                {
                    foreach (var marker in other.Markers.Where(m => answer.Body.Contains(m, StringComparison.Ordinal)))
                    {
                        leaks.Add($"{account} × {url} → {(int)answer.Status} shows \"{marker}\" of {other}, outside its scope");
                    }
                }
            }
        }

        var served = answers.Count(a => a.Status == HttpStatusCode.OK);
        var refused = answers.GroupBy(a => a.Status == HttpStatusCode.Redirect ? "302 " + a.Location : ((int)a.Status).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderByDescending(g => g.Count()).Select(g => $"{g.Key}: {g.Count()}");
        output.WriteLine($"{urlCount} URLs, {answers.Count} requests: {served} served; {string.Join("; ", refused)}");
        Assert.True(leaks.Count == 0, $"{leaks.Count} answers outside role or scope (role × url → status):\n" + string.Join("\n", leaks.Distinct()));
        Assert.True(unserved.Count == 0, $"{unserved.Count} in-scope requests were not served (role × url → status):\n" + string.Join("\n", unserved));
        Assert.True(served > urlCount / 2, $"only {served} requests were served: the matrix would be vacuous");
    }

    private sealed record Answer(Account Account, StaffUrl Url, HttpStatusCode Status, string? Location, string Body)
    {
        public static async Task<Answer> ReadAsync(Account account, StaffUrl url, HttpResponseMessage response)
        {
            var location = response.Headers.Location?.OriginalString;
            var where = location is null ? null
                : location.Contains("/Account/Login", StringComparison.Ordinal) ? "(sign-in)"
                : location.Contains("/Account/AccessDenied", StringComparison.Ordinal) ? "(access denied)"
                : location;
            var bytes = await response.Content.ReadAsByteArrayAsync();
            return new Answer(account, url, response.StatusCode, where, TextOf(bytes, response.Content.Headers.ContentType?.MediaType));
        }

        /// <summary>The text a person would read: an xlsx workbook's XML parts, or the body itself.</summary>
        private static string TextOf(byte[] bytes, string? mediaType)
        {
            if (bytes.Length > 4 && bytes[0] == 'P' && bytes[1] == 'K' && mediaType?.Contains("openxml", StringComparison.Ordinal) == true)
            {
                using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
                var text = new StringBuilder();
                foreach (var entry in zip.Entries)
                {
                    using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                    text.Append(reader.ReadToEnd());
                }

                return text.ToString();
            }

            return Encoding.UTF8.GetString(bytes);
        }
    }
}
