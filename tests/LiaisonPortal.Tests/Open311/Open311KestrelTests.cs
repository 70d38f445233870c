using System.Net;
using LiaisonPortal.Core.Partners;
using LiaisonPortal.Tests.Browser;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Open311;

/// <summary>
/// On real Kestrel, where the connection has a real address: a key fenced to the loopback address works from it, one
/// fenced elsewhere does not; and the case page shows staff which partner system sent the opinion.
/// </summary>
public class Open311KestrelTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [BrowserFact]
    public async Task TheAllowListIsCheckedAgainstTheRealAddressAndStaffSeeThePartnersName()
    {
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        var (_, loopback) = await PartnerAsync("市民意见征集系统", "127.0.0.1, ::1");
        var (_, elsewhere) = await PartnerAsync("12345 热线", "198.51.100.0/24");
        using var http = new HttpClient { BaseAddress = portal.Address };
        var client = await GeoReportClient.DiscoverAsync(http, "/open311/v2/discovery.json", "json");

        Assert.Equal(HttpStatusCode.Forbidden, (await client.RequestsAsync(elsewhere)).Status);
        var posted = await client.PostRequestAsync(loopback,
        [
            new("service_code", "WY"),
            new("description", "小区电梯经常停运，老人上下楼很困难。希望督促物业尽快维修。"),
            new("attribute[station_code]", "990102001-01"),
            new("first_name", "五"),
            new("last_name", "王"),
        ]);
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        var id = Assert.Single(posted.Items())["service_request_id"]!;
        Assert.Equal("open", Assert.Single((await client.RequestAsync(loopback, id)).Items())["status"]);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        foreach (var width in new[] { 390, 1280 })
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = width, Height = 900 } });
            await page.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
            await page.FillAsync("#Input_Email", "office@liaison.demo");
            await page.FillAsync("#Input_Password", "Demo-Liaison-2026");
            await page.ClickAsync("#login-form button[type=submit]");
            await Chromium.WaitForUrlAsync(page, url => !url.Contains("/Account/Login", StringComparison.Ordinal));
            await page.GotoAsync(new Uri(portal.Address, $"/Manage/Opinions/Details/{id}").ToString());
            Assert.Contains("对接平台：市民意见征集系统", await page.TextContentAsync("[data-testid=case-partner]"), StringComparison.Ordinal);
            Assert.DoesNotContain("王五", await page.TextContentAsync("[data-testid=case-partner]"), StringComparison.Ordinal);
        }
    }

    private async Task<(int Id, string Key)> PartnerAsync(string name, string allowList)
    {
        var (result, credentials) = await database.WithScopeAsync(s => s.GetRequiredService<PartnerSystems>()
            .CreateAsync(new PartnerInput(name, null, PartnerOperations.All, allowList, 60, null)));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        return (credentials!.PartnerId, credentials.ApiKey);
    }
}
