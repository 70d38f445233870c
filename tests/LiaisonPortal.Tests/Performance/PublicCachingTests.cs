using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Tests.Infrastructure;
using LiaisonPortal.Web.Hosting;
using LiaisonPortal.Web.Qr;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LiaisonPortal.Tests.Performance;

/// <summary>
/// The citizens' side kept fast (issue 10): compression, static files, the landing page and QR codes from memory, the
/// output cache of the public pages, and that every change to the directory shows at once. Changes are made through the
/// app's own services (the same process as the caches).
/// </summary>
public sealed partial class PublicCachingTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Deputy = "D0004";
    private const string Station = "990102001-01";

    [Fact]
    public async Task HtmlIsCompressedWhenTheBrowserAsksExceptForSignedInStaffOverHttps()
    {
        using var anonymous = portal.Factory.CreateBrowserLikeClient(https: true);
        foreach (var path in new[] { "/stations", $"/d/{Deputy}" })
        {
            Assert.Equal(["br"], await EncodingOfAsync(anonymous, path, "gzip, br"));
            Assert.Equal(["gzip"], await EncodingOfAsync(anonymous, path, "gzip"));
            Assert.Empty(await EncodingOfAsync(anonymous, path, null));
        }

        // The compressed page is the page.
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/stations"))
        {
            request.Headers.AcceptEncoding.ParseAdd("gzip");
            using var response = await anonymous.SendAsync(request);
            await using var body = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
            using var reader = new StreamReader(body);
            Assert.Contains("湖滨街道人大代表之家", await reader.ReadToEndAsync(), StringComparison.Ordinal);
        }

        // BREACH: a signed-in user's pages (personal data beside text the request chooses) are not compressed over HTTPS.
        using var staff = portal.Factory.CreateBrowserLikeClient(https: true);
        await staff.SignInAsync("office@liaison.demo");
        Assert.Empty(await EncodingOfAsync(staff, "/Office", "gzip, br"));
        Assert.Empty(await EncodingOfAsync(staff, "/stations", "gzip, br"));
    }

    [Fact]
    public async Task StaticFilesHaveFingerprintedUrlsCachedForAYearAndPrecompressedCopies()
    {
        // In Development the static assets are served uncached (edits show at once): the headers are Production's.
        await using var production = new PortalFactory(portal.ConnectionString, "Production");
        using var client = production.CreateBrowserLikeClient(https: true);
        var page = await client.GetDocumentAsync($"/d/{Deputy}");
        var href = page.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;
        Assert.Matches(Fingerprinted(), href);

        using var request = new HttpRequestMessage(HttpMethod.Get, href);
        request.Headers.AcceptEncoding.ParseAdd("br");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl!.MaxAge);
        Assert.Contains("immutable", response.Headers.CacheControl.ToString(), StringComparison.Ordinal);
        Assert.Equal(["br"], response.Content.Headers.ContentEncoding);
        Assert.NotNull(response.Headers.ETag);
        var plain = await client.GetByteArrayAsync(href);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length < plain.Length / 2, "the Brotli copy is much smaller than the file");

        // An unversioned address is revalidated rather than kept.
        using var unversioned = await client.GetAsync("/css/public.css");
        Assert.Equal(HttpStatusCode.OK, unversioned.StatusCode);
        Assert.True(unversioned.Headers.CacheControl?.NoCache == true || unversioned.Headers.CacheControl?.MaxAge is null);
    }

    [Fact]
    public async Task AWarmLandingPageAndQrCodeAskTheDatabaseNothing()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        string[] paths = [$"/d/{Deputy}", $"/s/{Station}", $"/qr/deputies/{Deputy}.png", $"/qr/stations/{Station}.svg"];
        using var commands = new CommandCounter(new NpgsqlConnectionStringBuilder(portal.ConnectionString).Database!);
        await ChangeDirectoryAsync(); // Empties the caches, so the first round below reads the database.
        commands.Reset();
        foreach (var path in paths)
        {
            using var first = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        Assert.True(commands.Count > 0, "the cold round read the directory (the counter sees this app's commands)");
        commands.Reset();
        for (var round = 0; round < 5; round++)
        {
            foreach (var path in paths)
            {
                using var warm = await client.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
            }
        }

        Assert.Equal(0, commands.Count);
        var form = await client.GetDocumentAsync($"/d/{Deputy}");
        Assert.NotEmpty(form.QuerySelectorAll("select[name='Input.CategoryCode'] option[value='']~option"));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
    }

    [Fact]
    public async Task ADeputyWhoLeavesGetsNoFormAndNoQrCodeAtOnceAndComesBackAtOnce()
    {
        var code = await portal.QueryAsync(db => db.Deputies
            .Where(d => d.IsActive && d.Code != Deputy && d.Stations.Any(e => e.Station.IsActive)).OrderBy(d => d.Code).Select(d => d.Code).FirstAsync());
        using var client = portal.Factory.CreateBrowserLikeClient();
        var before = await client.GetDocumentAsync($"/d/{code}");
        Assert.NotNull(before.QuerySelector("form[method=post] textarea"));
        await client.GetDocumentAsync($"/deputies/{code}");
        using (var qr = await client.GetAsync($"/qr/deputies/{code}.png"))
        {
            Assert.Equal(HttpStatusCode.OK, qr.StatusCode);
        }

        await EditAsync(editor => editor.SetDeputyActiveAsync(StaffScope.Everything, code, active: false));

        var after = await client.GetDocumentAsync($"/d/{code}");
        Assert.Null(after.QuerySelector("form[method=post]"));
        Assert.Contains("目前不在联络站接待", after.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        using (var qr = await client.GetAsync($"/qr/deputies/{code}.png"))
        {
            Assert.Equal(HttpStatusCode.NotFound, qr.StatusCode);
        }

        using (var profile = await client.GetAsync($"/deputies/{code}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, profile.StatusCode);
        }

        await EditAsync(editor => editor.SetDeputyActiveAsync(StaffScope.Everything, code, active: true));
        Assert.NotNull((await client.GetDocumentAsync($"/d/{code}")).QuerySelector("form[method=post] textarea"));
        using (var qr = await client.GetAsync($"/qr/deputies/{code}.png"))
        {
            Assert.Equal(HttpStatusCode.OK, qr.StatusCode);
        }
    }

    [Fact]
    public async Task ARenamedStationShowsAtOnceOnTheLandingPageAndTheCachedPages()
    {
        const string code = "990102001-02";
        using var client = portal.Factory.CreateBrowserLikeClient();
        var oldName = (await client.GetDocumentAsync($"/s/{code}")).QuerySelector("h1")!.TextContent;
        await client.GetDocumentAsync("/stations?region=990102");
        await client.GetDocumentAsync($"/stations/{code}");
        Assert.True((await client.GetAsync($"/stations/{code}")).Headers.Age is not null, "the station's page came from the output cache");

        const string name = "缓存测试改名联络站";
        await WithAppScopeAsync(async services =>
        {
            var db = services.GetRequiredService<ApplicationDbContext>();
            var station = await db.Stations.Include(s => s.Region).SingleAsync(s => s.Code == code);
            station.Update(name, station.Kind, station.Region, station.Address);
            await db.SaveChangesAsync();
        });

        Assert.Contains(name, (await client.GetDocumentAsync($"/s/{code}")).QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(name, (await client.GetDocumentAsync("/stations?region=990102")).Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains(name, (await client.GetDocumentAsync($"/stations/{code}")).QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(name, oldName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangedCategoriesShowOnTheLandingPageAtOnce()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        string[] Options(AngleSharp.Html.Dom.IHtmlDocument page) =>
            page.QuerySelectorAll("select[name='Input.CategoryCode'] option").Select(o => o.TextContent.Trim()).ToArray();
        var before = Options(await client.GetDocumentAsync($"/s/{Station}"));
        Assert.DoesNotContain("缓存测试分类", before);

        await EditAsync(editor => editor.CreateCategoryAsync("CACHE-T", "缓存测试分类", null, 999));
        Assert.Contains("缓存测试分类", Options(await client.GetDocumentAsync($"/s/{Station}")));

        await EditAsync(editor => editor.SetCategoryActiveAsync("CACHE-T", active: false));
        Assert.Equal(before, Options(await client.GetDocumentAsync($"/s/{Station}")));
    }

    [Fact]
    public async Task EnglishAndChineseDoNotLeakIntoEachOtherThroughTheOutputCache()
    {
        using var english = portal.Factory.CreateBrowserLikeClient();
        using var chinese = portal.Factory.CreateBrowserLikeClient();
        using (var switched = await english.GetAsync("/Culture?culture=en&returnUrl=%2F"))
        {
            Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        }

        foreach (var path in new[] { "/", "/stations", $"/stations/{Station}", "/deputies", $"/deputies/{Deputy}", "/open" })
        {
            for (var round = 0; round < 2; round++)
            {
                Assert.Equal("zh-CN", (await chinese.GetDocumentAsync(path)).DocumentElement.GetAttribute("lang"));
                Assert.Equal("en", (await english.GetDocumentAsync(path)).DocumentElement.GetAttribute("lang"));
            }

            using var cached = await chinese.GetAsync(path);
            Assert.True(cached.Headers.Age is not null, $"{path} came from the output cache");
            Assert.Equal("en", (await chinese.GetDocumentAsync(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "culture=en")).DocumentElement.GetAttribute("lang"));
        }
    }

    [Fact]
    public async Task FormsAndSignedInPagesAreNeverServedFromTheOutputCache()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        string? token = null;
        for (var round = 0; round < 3; round++)
        {
            using var form = await client.GetAsync($"/d/{Deputy}");
            Assert.Null(form.Headers.Age);
            var page = await HtmlForms.ParseAsync(form);
            var fresh = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value");
            Assert.NotEqual(token, fresh);
            token = fresh;
        }

        // A first visit's response sets the antiforgery cookie: never stored, never shared.
        for (var round = 0; round < 2; round++)
        {
            using var anonymous = portal.Factory.CreateBrowserLikeClient();
            using var first = await anonymous.GetAsync($"/s/{Station}");
            Assert.True(first.Headers.Contains("Set-Cookie"));
            Assert.Null(first.Headers.Age);
        }

        using var staff = portal.Factory.CreateBrowserLikeClient();
        await staff.SignInAsync("office@liaison.demo");
        for (var round = 0; round < 2; round++)
        {
            using var stations = await staff.GetAsync("/stations");
            Assert.Equal(HttpStatusCode.OK, stations.StatusCode);
            Assert.Null(stations.Headers.Age);
            using var queue = await staff.GetAsync("/Office");
            Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
            Assert.Null(queue.Headers.Age);
        }

        // A cached hit still gets its own correlation id.
        using var one = await client.GetAsync("/deputies");
        using var two = await client.GetAsync("/deputies");
        Assert.NotNull(two.Headers.Age);
        Assert.NotEqual(one.Headers.GetValues(RequestLoggingMiddleware.HeaderName).Single(), two.Headers.GetValues(RequestLoggingMiddleware.HeaderName).Single());
    }

    [ZbarFact]
    public async Task QrImagesAreDrawnOnceAndStillDecodeWithTheirETag()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        var first = await client.GetByteArrayAsync($"/qr/deputies/{Deputy}.png?size=300");
        var second = await client.GetByteArrayAsync($"/qr/deputies/{Deputy}.png?size=300");
        Assert.Equal(first, second);
        var url = await Zbar.DecodeAsync(second);
        Assert.EndsWith($"/d/{Deputy}", url, StringComparison.Ordinal);

        // The bytes are in the cache: asking for them again does not draw.
        var codes = portal.Factory.Services.GetRequiredService<QrCodes>();
        var cache = portal.Factory.Services.GetRequiredService<PublicCache>();
        Assert.Equal(second, cache.Image(codes.UrlOf(QrTarget.Deputy, Deputy), QrFormat.Png, 300, () => throw new InvalidOperationException("drawn again")));

        using var response = await client.GetAsync($"/qr/deputies/{Deputy}.png?size=300");
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/qr/deputies/{Deputy}.png?size=300");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task ThePublicFiguresAreCachedForFiveMinutesSayWhenAndADirectoryChangeRefreshesThem()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/open?region=990102");
        var stamp = page.QuerySelector("[data-testid=computed-at]")!.TextContent;
        Assert.Matches(@"数据更新于 \d{4}-\d\d-\d\d \d\d:\d\d", stamp);
        using var cached = await client.GetAsync("/open?region=990102");
        Assert.NotNull(cached.Headers.Age);
        Assert.Equal(stamp, (await HtmlForms.ParseAsync(cached)).QuerySelector("[data-testid=computed-at]")!.TextContent);

        await ChangeDirectoryAsync();
        using var fresh = await client.GetAsync("/open?region=990102");
        Assert.Null(fresh.Headers.Age);
    }

    private static async Task<string[]> EncodingOfAsync(HttpClient client, string path, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.AcceptEncoding.ParseAdd(acceptEncoding);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. response.Content.Headers.ContentEncoding];
    }

    /// <summary>A change that touches no page (a category renamed to its own name): the directory's caches are emptied all the same.</summary>
    private Task ChangeDirectoryAsync() => WithAppScopeAsync(async services =>
    {
        var db = services.GetRequiredService<ApplicationDbContext>();
        var category = await db.Categories.OrderBy(c => c.Id).FirstAsync();
        category.Update(category.Name, category.SortOrder + 1);
        await db.SaveChangesAsync();
        category.Update(category.Name, category.SortOrder - 1);
        await db.SaveChangesAsync();
    });

    private Task EditAsync(Func<DirectoryEditor, Task<EditResult>> edit) => WithAppScopeAsync(async services =>
    {
        var result = await edit(services.GetRequiredService<DirectoryEditor>());
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
    });

    /// <summary>A scope of the running app (not the fixture's own services): the process whose caches are watched.</summary>
    private async Task WithAppScopeAsync(Func<IServiceProvider, Task> action)
    {
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }

    [GeneratedRegex(@"^/css/public\.[a-z0-9]+\.css$")]
    private static partial Regex Fingerprinted();

    /// <summary>Counts the EF commands sent to one database, from EF's diagnostic events (other test classes use other databases).</summary>
    private sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _database;
        private readonly List<IDisposable> _subscriptions = [];
        private readonly IDisposable _all;
        private int _count;

        public CommandCounter(string database)
        {
            _database = database;
            _all = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public int Count => Volatile.Read(ref _count);

        public void Reset() => Interlocked.Exchange(ref _count, 0);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data && data.Command.Connection?.Database == _database)
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _all.Dispose();
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
