using System.Net;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Tests.Pages.Manage;

/// <summary>A district's staff see and change their district only, through the pages (not only the service).</summary>
public class ScopeTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task ADistrictAccountListsOnlyItsOwnDistrictsStationsAndDeputies()
    {
        using var client = await SignedInAsync("office@liaison.demo");

        var stations = await client.GetDocumentAsync("/Manage/Stations?page=1");
        var allStations = await client.GetDocumentAsync("/Manage/Stations?q=990103");
        var deputies = await client.GetDocumentAsync("/Manage/Deputies?q=吴芳");

        Assert.Equal("共 17 个家站点", stations.QuerySelector("[data-testid=result-count]")!.TextContent);
        Assert.All(stations.QuerySelectorAll(".staff-list tbody tr td:first-child"), td => Assert.StartsWith("990102", td.TextContent, StringComparison.Ordinal));
        Assert.Equal("共 0 个家站点", allStations.QuerySelector("[data-testid=result-count]")!.TextContent);
        Assert.Equal("共 0 位代表", deputies.QuerySelector("[data-testid=result-count]")!.TextContent);
    }

    [Fact]
    public async Task TheSecondPageOfAListIsTheSecondPage()
    {
        // Razor Pages has its own route value "page" (the page's path); the number must come from the query string.
        using var client = await SignedInAsync("admin@liaison.demo");

        var first = await client.GetDocumentAsync("/Manage/Stations?page=1");
        var second = await client.GetDocumentAsync("/Manage/Stations?page=2");

        Assert.Contains("第 2 / ", second.Body!.TextContent, StringComparison.Ordinal);
        var firstCodes = first.QuerySelectorAll(".staff-list tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();
        var secondCodes = second.QuerySelectorAll(".staff-list tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();
        Assert.NotEmpty(secondCodes);
        Assert.Empty(firstCodes.Intersect(secondCodes));
    }

    [Theory]
    [InlineData("/Manage/Stations/Edit/990103-01")]
    [InlineData("/Manage/Deputies/Edit/D0007")]
    [InlineData("/Manage/Units/Edit/U990103-01")]
    public async Task AnotherDistrictsRecordIsNotFoundForADistrictAccount(string url)
    {
        using var client = await SignedInAsync("office@liaison.demo");

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ADistrictAccountCannotChangeAnotherDistrictsStationEvenByPostingDirectly()
    {
        using var client = await SignedInAsync("office@liaison.demo");
        // A form from its own station, aimed at the neighbour's: the antiforgery token is valid, the scope is not.
        var form = await client.GetDocumentAsync("/Manage/Stations/Edit/990102001-01");
        var fields = HtmlForms.FieldsOf((AngleSharp.Html.Dom.IHtmlFormElement)form.QuerySelector("form.staff-form")!)
            .Select(f => f.Key == "Input.Name" ? new KeyValuePair<string, string>(f.Key, "被改掉的名字") : f).ToList();
        using var content = new FormUrlEncodedContent(fields);

        using var update = await client.PostAsync("/Manage/Stations/Edit/990103-01", content);
        using var close = await client.PostAsync("/Manage/Stations/Edit/990103-01?handler=Close", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.NotFound, update.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, close.StatusCode);
        var station = await portal.QueryAsync(db => db.Stations.AsNoTracking().SingleAsync(s => s.Code == "990103-01"));
        Assert.Equal("西山区民情联络室", station.Name);
        Assert.True(station.IsActive);
    }

    [Fact]
    public async Task ADistrictAccountCannotCreateAStationInAnotherDistrict()
    {
        using var client = await SignedInAsync("office@liaison.demo");

        using var response = await client.SubmitFormAsync("/Manage/Stations/Edit", "form.staff-form", new Dictionary<string, string>
        {
            ["Input.Code"] = "990103-99",
            ["Input.Name"] = "越界联络站",
            ["Input.Kind"] = "LiaisonStation",
            ["Input.RegionCode"] = "990103",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("不在您的管理范围内", page.QuerySelector("[data-valmsg-for='Input.RegionCode']")!.TextContent, StringComparison.Ordinal);
        Assert.False(await portal.QueryAsync(db => db.Stations.AnyAsync(s => s.Code == "990103-99")));
    }

    [Fact]
    public async Task StationStaffEditTheirOwnStationButNoOtherAndCannotCloseIt()
    {
        using var client = await SignedInAsync("station@liaison.demo");

        using var own = await client.SubmitFormAsync("/Manage/Stations/Edit/990102001-01", "form.staff-form", new Dictionary<string, string>
        {
            ["Input.OpeningHours"] = "周一至周六 8:30–17:30",
        });
        using var other = await client.GetAsync("/Manage/Stations/Edit/990102001001-01");
        using var close = await client.SubmitFormAsync("/Manage/Stations/Edit/990102001-01", "form.staff-form", new Dictionary<string, string>(),
            action: "/Manage/Stations/Edit/990102001-01?handler=Close");
        using var deputies = await client.GetAsync("/Manage/Deputies");

        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, close.StatusCode);
        Assert.Contains("/Account/AccessDenied", close.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("/Account/AccessDenied", deputies.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var station = await portal.QueryAsync(db => db.Stations.AsNoTracking().SingleAsync(s => s.Code == "990102001-01"));
        Assert.Equal("周一至周六 8:30–17:30", station.OpeningHours);
        Assert.True(station.IsActive);
    }

    [Theory]
    [InlineData("unit@liaison.demo", "/Manage/Stations")]
    [InlineData("deputy@liaison.demo", "/Manage/Stations")]
    [InlineData("office@liaison.demo", "/Admin/Categories")]
    [InlineData("office@liaison.demo", "/Admin/Holidays")]
    public async Task AccountsWithoutTheRoleAreSentToAccessDenied(string email, string url)
    {
        using var client = await SignedInAsync(email);

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
