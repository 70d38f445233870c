using System.Net;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Tests.Infrastructure;

namespace LiaisonPortal.Tests.Pages.Account;

public class LoginTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Password = "Office-Desk-2026";

    [Fact]
    public async Task AnAccountMadeByCreateUserSignsInOnThePageAndLandsInItsWorkspaceWithItsScope()
    {
        await portal.CreateUserAsync(new NewStaffAccount("clerk@office.test", Password, Roles.CongressStaff, RegionCode: "990103", DisplayName: "西山区代表工委"));
        using var client = portal.Factory.CreateBrowserLikeClient();

        using var response = await SignInAsync(client, "clerk@office.test", Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Office", response.Headers.Location!.OriginalString);
        var home = await client.GetDocumentAsync("/Office");
        Assert.Equal("西山区（990103）", home.QuerySelector("[data-testid=scope-name]")!.TextContent);
        Assert.Contains("西山区代表工委", home.QuerySelector(".staff-account")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("zh-CN", home.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task AWrongPasswordReShowsTheFormWithAMessageAndTheEmailTyped()
    {
        await portal.CreateUserAsync(new NewStaffAccount("typo@office.test", Password, Roles.Admin));
        using var client = portal.Factory.CreateBrowserLikeClient();

        using var response = await SignInAsync(client, "typo@office.test", "Office-Desk-2025");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("邮箱或密码不正确", page.QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("typo@office.test", page.QuerySelector("#Input_Email")!.GetAttribute("value"));
        Assert.Empty(page.QuerySelector("#Input_Password")!.GetAttribute("value") ?? string.Empty);
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountSoEvenTheRightOneIsRefused()
    {
        await portal.CreateUserAsync(new NewStaffAccount("guessed@office.test", Password, Roles.Admin));
        using var client = portal.Factory.CreateBrowserLikeClient();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await SignInAsync(client, "guessed@office.test", $"Wrong-Guess-{attempt:0000}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var right = await SignInAsync(client, "guessed@office.test", Password);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("已被锁定", (await HtmlForms.ParseAsync(right)).QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);
        var user = await portal.FindUserAsync("guessed@office.test");
        Assert.True(user!.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(14));
        Assert.True(user.LockoutEnd < DateTimeOffset.UtcNow.AddMinutes(16));
    }

    [Fact]
    public async Task AMissingEmailIsShownNextToTheField()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();

        using var response = await SignInAsync(client, string.Empty, Password);

        var page = await HtmlForms.ParseAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("请填写邮箱", page.QuerySelector("[data-valmsg-for='Input.Email']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASignInPostWithoutTheAntiforgeryTokenIsRejected()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "admin@liaison.demo", ["Input.Password"] = "Demo-Liaison-2026" });

        using var response = await client.PostAsync("/Account/Login", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/Admin")]
    [InlineData("/Office")]
    [InlineData("/Station")]
    [InlineData("/Unit")]
    [InlineData("/Deputy")]
    public async Task EveryWorkspaceSendsAnAnonymousVisitorToSignIn(string path)
    {
        using var client = portal.Factory.CreateBrowserLikeClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/Account/Login?ReturnUrl=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("station@liaison.demo", "/Station", "/Office")]
    [InlineData("unit@liaison.demo", "/Unit", "/Station")]
    [InlineData("deputy@liaison.demo", "/Deputy", "/Admin")]
    [InlineData("office@liaison.demo", "/Office", "/Unit")]
    public async Task EachRoleLandsInItsOwnWorkspaceAndIsKeptOutOfOthers(string email, string home, string forbidden)
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        using var signIn = await SignInAsync(client, email, "Demo-Liaison-2026");
        Assert.Equal(home, signIn.Headers.Location!.OriginalString);

        using var other = await client.GetAsync(forbidden);

        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.Contains("/Account/AccessDenied", other.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigningInReturnsToALocalReturnUrlButNeverToAnotherSite()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        using var local = await SignInAsync(client, "admin@liaison.demo", "Demo-Liaison-2026", "/Account/Login?ReturnUrl=%2FOffice");
        Assert.Equal("/Office", local.Headers.Location!.OriginalString);

        using var other = portal.Factory.CreateBrowserLikeClient();
        using var foreign = await SignInAsync(other, "admin@liaison.demo", "Demo-Liaison-2026", "/Account/Login?ReturnUrl=https%3A%2F%2Fevil.example%2F");
        Assert.Equal("/Admin", foreign.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SigningOutEndsTheSession()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await SignInAsync(client, "admin@liaison.demo", "Demo-Liaison-2026");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Admin")).StatusCode);

        using var signOut = await client.SubmitFormAsync("/Admin", "form[action='/Account/Logout']", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Admin")).StatusCode);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password, string page = "/Account/Login") =>
        client.SubmitFormAsync(page, "#login-form", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
}
