using System.Net;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Tests.Pages.Manage;

public class RegionTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task ADistrictAddsACommunityUnderItsStreetButNothingUnderAnotherDistrict()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("office@liaison.demo");

        var tree = await client.GetDocumentAsync("/Manage/Regions");
        using var added = await client.SubmitFormAsync("/Manage/Regions", "form[action*='handler=Add']", new Dictionary<string, string>
        {
            ["Input.ParentCode"] = "990102002", ["Input.Code"] = "990102002002", ["Input.Name"] = "青溪社区",
        });
        using var foreign = await client.SubmitFormAsync("/Manage/Regions", "form[action*='handler=Add']", new Dictionary<string, string>
        {
            ["Input.ParentCode"] = "990103001", ["Input.Code"] = "990103001009", ["Input.Name"] = "越界社区",
        });

        Assert.DoesNotContain("990103", tree.QuerySelector("[data-testid=region-tree]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var community = await portal.QueryAsync(db => db.Regions.AsNoTracking().SingleAsync(r => r.Code == "990102002002"));
        Assert.Equal(RegionLevel.Community, community.Level);
        Assert.Equal("/990100/990102/990102002/990102002002/", community.Path);
        Assert.Contains("不在您的管理范围内", (await HtmlForms.ParseAsync(foreign)).QuerySelector("[data-valmsg-for='Input.ParentCode']")!.TextContent, StringComparison.Ordinal);
        Assert.False(await portal.QueryAsync(db => db.Regions.AnyAsync(r => r.Code == "990103001009")));
    }

    [Fact]
    public async Task ARegionWithStationsCannotBeDeleted()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin@liaison.demo");
        var page = await client.GetDocumentAsync("/Manage/Regions");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var response = await client.PostAsync("/Manage/Regions?handler=Delete", new FormUrlEncodedContent(
            [new("code", "990102001001"), new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("它还有1 个家站点", (await HtmlForms.ParseAsync(response)).QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);
    }
}
