using System.Globalization;
using System.Net;
using System.Text.Json;
using LiaisonPortal.Tests.Infrastructure;
using LiaisonPortal.Tests.Pages.Public;

namespace LiaisonPortal.Tests.Api;

/// <summary>GET /api/v1/stations/{code} carries nextReceptionDays: dates, times, mode, address, topic, link and the deputies on duty.</summary>
public class ReceptionDaysApiTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task TheStationJsonListsTheNextReceptionDaysWithTheDeputiesOnDuty()
    {
        var next = await ReceptionDayTests.NextDayAsync(portal, "990102001-01");
        await ReceptionDayTests.RosterAsync(portal, "990102001-01", next.Date, "D0004", "D0001");

        using var station = await GetJsonAsync("/api/v1/stations/990102001-01");

        var days = station.RootElement.GetProperty("nextReceptionDays").EnumerateArray().ToList();
        Assert.InRange(days.Count, 2, 4);
        var first = days[0];
        Assert.Equal(next.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), first.GetProperty("date").GetString());
        Assert.Equal("09:00", first.GetProperty("start").GetString());
        Assert.Equal("11:30", first.GetProperty("end").GetString());
        Assert.Equal("atStation", first.GetProperty("mode").GetString());
        Assert.Equal("东湖区湖滨路 88 号街道党群服务中心二楼", first.GetProperty("address").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("meetingLink").ValueKind);
        Assert.Equal(["D0001", "D0004"], first.GetProperty("deputies").EnumerateArray().Select(d => d.GetString()));
        Assert.Empty(days[1].GetProperty("deputies").EnumerateArray());
    }

    [Fact]
    public async Task AMobileSessionGivesItsOwnPlaceAsTheAddress()
    {
        using var station = await GetJsonAsync("/api/v1/stations/990102001-03");

        var mobile = station.RootElement.GetProperty("nextReceptionDays").EnumerateArray().Single(d => d.GetProperty("mode").GetString() == "mobile");

        Assert.Equal("湖滨农贸市场东门广场", mobile.GetProperty("address").GetString());
        Assert.Equal("流动接待：农贸市场改造和周边停车", mobile.GetProperty("topic").GetString());
        Assert.Equal("08:30", mobile.GetProperty("start").GetString());
    }

    private async Task<JsonDocument> GetJsonAsync(string url)
    {
        using var client = portal.Factory.CreateClient();
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
