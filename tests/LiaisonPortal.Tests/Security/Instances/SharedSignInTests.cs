using System.Net;
using AngleSharp.Html.Dom;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Security.Instances;

/// <summary>
/// Two instances on one database, behind a proxy that may send any request to either: a sign-in made on one is valid on
/// the other (cookie, antiforgery token, bearer and refresh tokens), because both read the Data Protection keys from the
/// database; and a sign-out on one ends the session on both. The database starts without any key (the demo template has
/// none), and both instances get their first visitors at the same moment.
/// </summary>
[Trait("Category", "Security")]
public class SharedSignInTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private const string Password = "Two-Instances-2026";

    [Fact]
    public async Task ACookieAndAFormTokenMintedByOneInstanceAreAcceptedByTheOther()
    {
        await using var portals = await TwoPortals.StartAsync(database.ConnectionString);
        await FirstVisitorsAtOnceAsync(portals);
        var code = await InstanceCases.ReceiveAsync(database, "两个实例之间的表单令牌");
        var page = $"/Manage/Opinions/Details/{code}";
        using var browser = new ProxiedBrowser(portals);

        await browser.SignInAsync('A', "office@liaison.demo");
        using (var staff = await browser.GetAsync('B', "/Office"))
        {
            Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
        }

        // The form is shown by A (its antiforgery cookie and token minted there) and posted to B.
        var shown = await browser.GetDocumentAsync('A', page);
        var form = (IHtmlFormElement)shown.QuerySelector("#classify-form")!;
        using (var forged = await browser.PostFormAsync('B', form, new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = string.Empty, ["Classify.CategoryCode"] = "CJ", ["Classify.Grade"] = "Normal",
        }, page))
        {
            // Control: B does check the token; without it the same post is refused.
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        using (var posted = await browser.PostFormAsync('B', form, new Dictionary<string, string>
        {
            ["Classify.CategoryCode"] = "HB", ["Classify.Grade"] = "Important",
        }, page))
        {
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        }

        var opinion = await database.QueryAsync(db => db.Opinions.Include(o => o.Category).AsNoTracking().SingleAsync(o => o.TrackingCode == code));
        Assert.Equal((OpinionState.Classified, "HB", Grade.Important), (opinion.State, opinion.Category!.Code, opinion.Grade!.Value));

        // And the other way round: signed in on B, a page and a post on A.
        using var other = new ProxiedBrowser(portals);
        await other.SignInAsync('B', "admin@liaison.demo");
        using (var admin = await other.GetAsync('A', "/Admin"))
        {
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        }

        var again = await other.GetDocumentAsync('B', page);
        using (var supervised = await other.PostFormAsync('A', (IHtmlFormElement)again.QuerySelector("#supervise-form")!,
            new Dictionary<string, string> { ["Supervise.Level"] = "Key", ["Supervise.Note"] = "两个实例：B 显示，A 保存" }, page))
        {
            Assert.Equal(HttpStatusCode.Redirect, supervised.StatusCode);
        }

        Assert.Equal(SupervisionLevel.Key, await database.QueryAsync(db => db.Opinions.Where(o => o.TrackingCode == code).Select(o => o.Supervision).SingleAsync()));
    }

    [Fact]
    public async Task AnApiTokenFromOneInstanceWorksOnTheOtherAndASignOutOnOneEndsTheSessionOnBoth()
    {
        var email = await InstanceCases.OfficeAccountAsync(database, "signout", Password);
        await using var portals = await TwoPortals.StartAsync(database.ConnectionString);
        await FirstVisitorsAtOnceAsync(portals);

        var (access, refresh) = await ApiCalls.LoginAsync(portals.A, email, Password);
        using (var me = await ApiCalls.SendAsync(portals.B, HttpMethod.Get, "/api/v1/me", access))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Contains(email, await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A refresh token issued by A is redeemed on B, and B's new access token works on A.
        using (var client = new HttpClient { BaseAddress = portals.B.Address })
        using (var refreshed = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/v1/auth/refresh", new { refreshToken = refresh }))
        {
            Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
            using var json = System.Text.Json.JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync());
            using var fromB = await ApiCalls.SendAsync(portals.A, HttpMethod.Get, "/api/v1/me", json.RootElement.GetProperty("accessToken").GetString()!);
            Assert.Equal(HttpStatusCode.OK, fromB.StatusCode);
        }

        using var browser = new ProxiedBrowser(portals);
        await browser.SignInAsync('B', email, Password);
        var copied = browser.Cookies["LiaisonPortal.Auth"];
        Assert.Equal(HttpStatusCode.OK, await StatusWithCookieAsync(portals.A, copied, "/Office"));

        // Signing out on A (the page's own form, antiforgery token from A).
        var office = await browser.GetDocumentAsync('A', "/Office");
        using (var signOut = await browser.PostFormAsync('A', (IHtmlFormElement)office.QuerySelector("form[action='/Account/Logout']")!, new Dictionary<string, string>(), "/Office"))
        {
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        }

        // B refuses the cookie copied before the sign-out, and the account's API token, at once (no cache to wait for).
        Assert.Equal(HttpStatusCode.Redirect, await StatusWithCookieAsync(portals.B, copied, "/Office"));
        using (var me = await ApiCalls.SendAsync(portals.B, HttpMethod.Get, "/api/v1/me", access))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        }
    }

    [Fact]
    public async Task BothInstancesUseOneKeyRingKeptInTheDatabase()
    {
        await using var portals = await TwoPortals.StartAsync(database.ConnectionString);
        await FirstVisitorsAtOnceAsync(portals);

        var inDatabase = await database.QueryAsync(db => db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync());
        Assert.NotEmpty(inDatabase);
        var idsInDatabase = inDatabase.Select(x => System.Xml.Linq.XElement.Parse(x).Attribute("id")!.Value).Select(Guid.Parse).ToHashSet();
        foreach (var (portal, _) in portals.Both)
        {
            var ring = portal.Services.GetRequiredService<IKeyManager>().GetAllKeys().Select(k => k.KeyId).ToHashSet();
            Assert.True(idsInDatabase.SetEquals(ring), "an instance knows other keys than those in the database");
        }

        // A phone number encrypted at rest by one instance is read by the other (and by the command-line tools' services).
        var cipher = portals.A.Services.GetRequiredService<CitizenPhones>().Protect("13912345678");
        Assert.Equal("13912345678", portals.B.Services.GetRequiredService<CitizenPhones>().Unprotect(cipher));
        Assert.Equal("13912345678", database.Services.GetRequiredService<CitizenPhones>().Unprotect(cipher));
    }

    /// <summary>
    /// Both instances' first visitors arrive at the same moment, each getting a form (an antiforgery token): on a database
    /// without keys, each instance may have to make one then.
    /// </summary>
    private static async Task FirstVisitorsAtOnceAsync(TwoPortals portals)
    {
        using var first = new ProxiedBrowser(portals);
        using var second = new ProxiedBrowser(portals);
        await Task.WhenAll(first.GetDocumentAsync('A', "/Account/Login"), second.GetDocumentAsync('B', "/Account/Login"));
    }

    private static async Task<HttpStatusCode> StatusWithCookieAsync(KestrelPortal portal, string cookie, string path)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = portal.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", "LiaisonPortal.Auth=" + cookie);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
