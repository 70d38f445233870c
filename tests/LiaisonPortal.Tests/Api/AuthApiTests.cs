using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Tests.Infrastructure;

namespace LiaisonPortal.Tests.Api;

public class AuthApiTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Password = "Unit-Answer-2026";

    [Fact]
    public async Task ACreatedAccountGetsABearerTokenThatOpensTheApi()
    {
        await portal.CreateUserAsync(new NewStaffAccount("liaison@unit.test", Password, Roles.UnitStaff, UnitCode: "U990102-02", DisplayName: "生态环境局联络员"));
        using var client = portal.Factory.CreateClient();

        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "liaison@unit.test", password = Password });

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        Assert.Equal("Bearer", token.RootElement.GetProperty("tokenType").GetString());
        Assert.Equal(1800, token.RootElement.GetProperty("expiresIn").GetInt32());
        Assert.False(string.IsNullOrEmpty(token.RootElement.GetProperty("refreshToken").GetString()));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("accessToken").GetString());
        using var me = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        using var account = JsonDocument.Parse(await me.Content.ReadAsStringAsync());
        Assert.Equal("liaison@unit.test", account.RootElement.GetProperty("email").GetString());
        Assert.Equal("生态环境局联络员", account.RootElement.GetProperty("displayName").GetString());
        Assert.Equal(["UnitStaff"], account.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("东湖区生态环境局（U990102-02）", account.RootElement.GetProperty("scopeName").GetString());
    }

    [Fact]
    public async Task TheApiRefusesARequestWithoutAToken()
    {
        using var client = portal.Factory.CreateClient();

        using var me = await client.GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task AWrongPasswordIs401AndTheFifthLocksTheAccountOnThisPathToo()
    {
        await portal.CreateUserAsync(new NewStaffAccount("api-guess@unit.test", Password, Roles.Admin));
        using var client = portal.Factory.CreateClient();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "api-guess@unit.test", password = "Not-The-Password-1" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var right = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "api-guess@unit.test", password = Password });

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        using var problem = JsonDocument.Parse(await right.Content.ReadAsStringAsync());
        Assert.Equal("LockedOut", problem.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task AMissingPasswordIsAValidationProblem()
    {
        using var client = portal.Factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "someone@unit.test" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("password", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJsonIsA400NotA500()
    {
        using var client = portal.Factory.CreateClient();
        using var body = new StringContent("{\"email\": 42, ", System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/v1/auth/login", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ARefreshTokenGivesANewAccessTokenAndAForgedOneIsRefused()
    {
        using var client = portal.Factory.CreateClient();
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "office@liaison.demo", password = "Demo-Liaison-2026" });
        using var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync());

        using var refreshed = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = token.RootElement.GetProperty("refreshToken").GetString() });
        using var forged = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "not-a-token" });

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Contains("accessToken", await refreshed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }
}
