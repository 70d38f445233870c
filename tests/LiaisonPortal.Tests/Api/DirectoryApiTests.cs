using System.Net;
using System.Text.Json;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Tests.Api;

public class DirectoryApiTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task StationsArePagedWithTotals()
    {
        using var page = await GetJsonAsync("/api/v1/stations?page=2&pageSize=4");

        var root = page.RootElement;
        Assert.Equal(2, root.GetProperty("page").GetInt32());
        Assert.Equal(4, root.GetProperty("pageSize").GetInt32());
        Assert.Equal(22, root.GetProperty("total").GetInt32());
        Assert.Equal(6, root.GetProperty("totalPages").GetInt32());
        Assert.Equal(4, root.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task StationsFilterByRegionSubtreeKindAndText()
    {
        using var district = await GetJsonAsync("/api/v1/stations?region=990103&pageSize=100");
        using var homes = await GetJsonAsync("/api/v1/stations?kind=deputyhome&pageSize=100");
        using var text = await GetJsonAsync("/api/v1/stations?q=%E7%A7%91%E6%8A%80%E5%9B%AD");

        Assert.All(Items(district), s => Assert.StartsWith("990103", s.GetProperty("regionCode").GetString(), StringComparison.Ordinal));
        Assert.Equal(5, Items(district).Count);
        Assert.All(Items(homes), s => Assert.Equal("DeputyHome", s.GetProperty("kind").GetString()));
        Assert.Equal(4, Items(homes).Count);
        Assert.Equal(["990102002-02"], Items(text).Select(s => s.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task ATextSearchTreatsLikeCharactersLiterally()
    {
        using var everything = await GetJsonAsync("/api/v1/stations?q=%25");

        Assert.Empty(Items(everything));
    }

    [Fact]
    public async Task AStationShowsItsEnrolledDeputiesAndPublicFieldsOnly()
    {
        using var station = await GetJsonAsync("/api/v1/stations/990102002-02");

        var deputies = station.RootElement.GetProperty("deputies").EnumerateArray().Select(d => d.GetProperty("code").GetString()).ToList();
        Assert.Equal(["D0002", "D0003"], deputies);
        Assert.Equal("ContactPoint", station.RootElement.GetProperty("station").GetProperty("kind").GetString());
        Assert.Equal(2, station.RootElement.GetProperty("station").GetProperty("deputyCount").GetInt32());
        AssertNoPrivateFields(station.RootElement);
    }

    [Fact]
    public async Task DeputiesFilterByLevelAndListTheirStationsPrimaryFirst()
    {
        using var city = await GetJsonAsync("/api/v1/deputies?level=City");
        using var profile = await GetJsonAsync("/api/v1/deputies/D0004");

        Assert.Equal(["D0003", "D0004", "D0015", "D0016"], Items(city).Select(d => d.GetProperty("code").GetString()));
        var stations = profile.RootElement.GetProperty("deputy").GetProperty("stations").EnumerateArray().ToList();
        Assert.Equal("990102001-01", stations[0].GetProperty("code").GetString());
        Assert.True(stations[0].GetProperty("isPrimary").GetBoolean());
        Assert.Equal("扎根群众、倾听民声，件件有回音。", profile.RootElement.GetProperty("commitment").GetString());
        AssertNoPrivateFields(profile.RootElement);
    }

    [Fact]
    public async Task ADeactivatedDeputyAndAnUnknownCodeAre404()
    {
        await portal.QueryAsync(db => db.Database.ExecuteSqlRawAsync("""UPDATE "Deputies" SET "IsActive" = false WHERE "Code" = 'D0013'"""));
        using var client = portal.Factory.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/deputies/D0013")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/stations/NO-SUCH")).StatusCode);
        using var list = await GetJsonAsync("/api/v1/deputies?pageSize=100");
        Assert.DoesNotContain(Items(list), d => d.GetProperty("code").GetString() == "D0013");
    }

    [Theory]
    [InlineData("/api/v1/stations?kind=Castle")]
    [InlineData("/api/v1/stations?kind=1")]
    [InlineData("/api/v1/deputies?level=Mayor")]
    [InlineData("/api/v1/stations?page=abc")]
    public async Task ABadFilterIsA400(string url)
    {
        using var client = portal.Factory.CreateClient();

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/stations?page=-5&pageSize=100000", 1, 100)]
    [InlineData("/api/v1/stations?page=99", 99, 20)]
    public async Task OutOfRangePagingIsClampedNotAnError(string url, int page, int pageSize)
    {
        using var result = await GetJsonAsync(url);

        Assert.Equal(page, result.RootElement.GetProperty("page").GetInt32());
        Assert.Equal(pageSize, result.RootElement.GetProperty("pageSize").GetInt32());
    }

    private static void AssertNoPrivateFields(JsonElement element)
    {
        var text = element.GetRawText();
        foreach (var field in new[] { "\"id\"", "\"email\"", "\"account\"", "\"userId\"", "\"password\"", "\"regionId\"", "\"stationId\"" })
        {
            Assert.DoesNotContain(field, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static List<JsonElement> Items(JsonDocument page) => page.RootElement.GetProperty("items").EnumerateArray().ToList();

    private async Task<JsonDocument> GetJsonAsync(string url)
    {
        using var client = portal.Factory.CreateClient();
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
