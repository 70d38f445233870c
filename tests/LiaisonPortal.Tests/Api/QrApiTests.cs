using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;
using LiaisonPortal.Tests.Infrastructure;
using LiaisonPortal.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiaisonPortal.Tests.Api;

/// <summary>The demo portal with its public address set to a government domain, reached under another host name.</summary>
public sealed class QrPortalFixture : DemoDatabaseFixture
{
    private PortalFactory? _factory;

    public PortalFactory Factory => _factory ?? throw new InvalidOperationException("The fixture has not started.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _factory = new PortalFactory(ConnectionString, settings: new Dictionary<string, string?> { ["Portal:PublicBaseUrl"] = "https://rd.example.gov.cn/" });
    }

    public override async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    /// <summary>A client whose requests carry a Host header that is not the public address.</summary>
    public HttpClient CreateClient()
    {
        var client = Factory.CreateClient();
        client.BaseAddress = new Uri("http://portal.intranet.test:8080");
        return client;
    }
}

public class QrApiTests(QrPortalFixture portal) : IClassFixture<QrPortalFixture>
{
    [ZbarFact]
    public async Task AStationsPngDecodesToItsFormOnThePublicAddressNotTheRequestsHost()
    {
        using var client = portal.CreateClient();

        using var response = await client.GetAsync("/qr/stations/990102001-01.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        var url = await Zbar.DecodeAsync(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("https://rd.example.gov.cn/s/990102001-01", url);

        // The decoded address serves the opinion form addressed to that station.
        using var form = await client.GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var page = await HtmlForms.ParseAsync(form);
        Assert.Contains("湖滨街道人大代表之家", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("form textarea[name='Input.Content']"));
    }

    [ZbarFact]
    public async Task ADeputysPngDecodesToTheirForm()
    {
        using var client = portal.CreateClient();

        var png = await client.GetByteArrayAsync("/qr/deputies/D0004.png");

        Assert.Equal("https://rd.example.gov.cn/d/D0004", await Zbar.DecodeAsync(png));
    }

    [Theory]
    [InlineData("", 512)]
    [InlineData("?size=128", 128)]
    [InlineData("?size=333", 333)]
    [InlineData("?size=2048", 2048)]
    public async Task ThePngIsExactlyAsWideAsTheSizeAsked(string query, int pixels)
    {
        using var client = portal.CreateClient();

        var png = await client.GetByteArrayAsync("/qr/stations/990102001-01.png" + query);

        Assert.Equal(pixels, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(pixels, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    [ZbarFact]
    public async Task TheSmallestPngStillDecodes()
    {
        using var client = portal.CreateClient();

        var png = await client.GetByteArrayAsync("/qr/stations/990102001-01.png?size=128");

        Assert.Equal("https://rd.example.gov.cn/s/990102001-01", await Zbar.DecodeAsync(png));
    }

    [Fact]
    public async Task TheSvgIsXmlWithAViewBoxAndNoFixedSizeSoItScales()
    {
        using var client = portal.CreateClient();

        using var response = await client.GetAsync("/qr/deputies/D0004.svg");

        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("{http://www.w3.org/2000/svg}svg", svg.Name.ToString());
        var viewBox = svg.Attribute("viewBox")!.Value.Split(' ').Select(int.Parse).ToArray();
        Assert.Equal(0, viewBox[0]);
        Assert.Equal(viewBox[2], viewBox[3]);
        Assert.True(viewBox[2] >= 21 + 8, "a QR code with its four-module quiet zone on each side");
        Assert.Null(svg.Attribute("width"));
        Assert.Null(svg.Attribute("height"));
    }

    [Fact]
    public async Task AnImageHasAnETagAndACacheLifetimeOfThirtyDaysAndAnswersIfNoneMatchWith304()
    {
        using var client = portal.CreateClient();

        using var first = await client.GetAsync("/qr/stations/990102001-01.png");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/qr/stations/990102001-01.png");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await client.SendAsync(again);
        using var otherSize = await client.GetAsync("/qr/stations/990102001-01.png?size=1024");
        using var svg = await client.GetAsync("/qr/stations/990102001-01.svg");

        Assert.NotNull(first.Headers.ETag);
        Assert.True(first.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromDays(30), first.Headers.CacheControl.MaxAge);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.NotEqual(first.Headers.ETag, otherSize.Headers.ETag);
        Assert.NotEqual(first.Headers.ETag, svg.Headers.ETag);
        Assert.True(svg.Headers.CacheControl!.Public);
    }

    [Fact]
    public async Task TheETagFollowsThePublicAddressSoANewAddressIsFetchedAgain()
    {
        using var client = portal.CreateClient();
        await using var moved = new PortalFactory(portal.ConnectionString, settings: new Dictionary<string, string?> { ["Portal:PublicBaseUrl"] = "https://rd2.example.gov.cn" });
        using var movedClient = moved.CreateClient();

        using var before = await client.GetAsync("/qr/stations/990102001-01.png");
        using var after = await movedClient.GetAsync("/qr/stations/990102001-01.png");

        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("127")]
    [InlineData("2049")]
    [InlineData("-512")]
    [InlineData("5e2")]
    [InlineData("99999999999")]
    public async Task ASizeOutsideTheBoundsIsA400WithAShortMessage(string size)
    {
        using var client = portal.CreateClient();

        using var response = await client.GetAsync("/qr/stations/990102001-01.png?size=" + Uri.EscapeDataString(size));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("size 应为 128 到 2048 之间的整数（像素）。", problem.RootElement.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/qr/stations/NO-SUCH.png")]
    [InlineData("/qr/stations/NO-SUCH.svg")]
    [InlineData("/qr/deputies/D9999.png")]
    [InlineData("/qr/stations/990102001-01.gif")]
    [InlineData("/qr/stations/990102001-01")]
    public async Task AnUnknownCodeOrFormatIsA404(string url)
    {
        using var client = portal.CreateClient();

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AnInactiveDeputyOrClosedStationIsA404()
    {
        await portal.QueryAsync(db => db.Database.ExecuteSqlRawAsync("""UPDATE "Deputies" SET "IsActive" = false WHERE "Code" = 'D0013'"""));
        await portal.QueryAsync(db => db.Database.ExecuteSqlRawAsync("""UPDATE "Stations" SET "IsActive" = false WHERE "Code" = '990103-01'"""));
        using var client = portal.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/qr/deputies/D0013.png")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/qr/deputies/D0013.svg")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/qr/stations/990103-01.png")).StatusCode);
    }

    [Theory]
    [InlineData("rd.example.gov.cn")]
    [InlineData("ftp://rd.example.gov.cn")]
    [InlineData("https://rd.example.gov.cn/?from=qr")]
    [InlineData("")]
    public async Task APublicAddressQrCodesCannotPointToStopsTheStartWithTheKeyNamed(string value)
    {
        var builder = PortalApp.CreateBuilder(["--urls", "http://127.0.0.1:0", "--environment", "Development", "--contentRoot", RepositoryPaths.WebProject]);
        builder.Configuration["ConnectionStrings:Liaison"] = portal.ConnectionString;
        builder.Configuration["Database:MigrateOnStart"] = "false";
        builder.Configuration["Portal:PublicBaseUrl"] = value;
        await using var app = builder.Build();
        app.UsePortalPipeline();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Portal:PublicBaseUrl", failure.Message, StringComparison.Ordinal);
        Assert.Contains("https://rd.example.gov.cn", StartupFailure.Explain(failure), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://rd.example.gov.cn", "https://rd.example.gov.cn")]
    [InlineData("https://rd.example.gov.cn/", "https://rd.example.gov.cn")]
    [InlineData(" http://localhost:5080 ", "http://localhost:5080")]
    [InlineData("https://www.example.gov.cn/rd/", "https://www.example.gov.cn/rd")]
    public void ThePublicAddressIsKeptWithoutItsTrailingSlash(string configured, string normalized)
    {
        Assert.Equal(normalized, PortalOptions.Normalize(configured));
    }
}
