using System.Net;
using System.Text.Json;
using LiaisonPortal.Tests.Infrastructure;

namespace LiaisonPortal.Tests.OpenApi;

/// <summary>/Help/Api: the staff's reference, drawn on the server from the generated document.</summary>
public class HelpApiPageTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task AnAnonymousVisitorIsSentToSignIn()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();

        using var response = await client.GetAsync("/Help/Api");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/Account/Login?ReturnUrl=%2FHelp%2FApi", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOfficeSeesEveryOperationOfTheDocumentGroupedByTagWithATableOfContents()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("office@liaison.demo");
        using var json = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var operations = json.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Method: o.Name.ToUpperInvariant(), Path: p.Name, Op: o.Value)))
            .ToList();

        var page = await client.GetDocumentAsync("/Help/Api");

        Assert.Equal("接口文档", page.QuerySelector("h1")!.TextContent);
        var shown = page.QuerySelectorAll("[data-testid=api-operation]")
            .Select(a => (Method: a.GetAttribute("data-method")!, Path: a.GetAttribute("data-path")!)).ToList();
        Assert.Equal(operations.Select(o => (o.Method, o.Path)).Order(), shown.Order());
        Assert.Equal(["auth", "opinions", "suggestions", "directory"], page.QuerySelectorAll("[data-testid=api-section]").Select(s => s.GetAttribute("data-tag")));
        var toc = page.QuerySelector("[data-testid=api-toc]")!;
        foreach (var operation in operations)
        {
            var id = operation.Op.GetProperty("operationId").GetString()!;
            var article = page.GetElementById(id)!;
            Assert.NotNull(toc.QuerySelector($"a[href='#{id}']"));
            Assert.Contains(operation.Op.GetProperty("summary").GetString()!, article.TextContent, StringComparison.Ordinal);
            Assert.Equal(operation.Op.TryGetProperty("security", out _), article.QuerySelector("[data-testid=api-token]") is not null);
            var statuses = article.QuerySelectorAll("[data-testid=api-responses] tbody tr td:first-child").Select(td => td.TextContent.Trim());
            Assert.Equal(operation.Op.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal), statuses);
        }

        Assert.Equal("/openapi/v1.json", page.QuerySelector("[data-testid=api-download]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task AnOperationShowsItsParametersBodyFieldsAndResponseSchemas()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("office@liaison.demo");

        var page = await client.GetDocumentAsync("/Help/Api");

        var classify = page.QuerySelector("[data-method=POST][data-path='/api/v1/opinions/{trackingCode}/classify']")!;
        var parameter = classify.QuerySelector("table tbody tr")!.TextContent;
        Assert.Contains("trackingCode", parameter, StringComparison.Ordinal);
        Assert.Contains("路径", parameter, StringComparison.Ordinal);
        Assert.Contains("意见的查询码。", parameter, StringComparison.Ordinal);
        var body = classify.QuerySelector("[data-testid=api-body]")!.TextContent;
        Assert.Contains("categoryCode", body, StringComparison.Ordinal);
        Assert.Contains("normal", body, StringComparison.Ordinal);
        Assert.Contains("MovedJson", classify.QuerySelector("[data-testid=api-responses]")!.TextContent, StringComparison.Ordinal);
        var register = page.QuerySelector("[data-method=POST][data-path='/api/v1/opinions']")!;
        Assert.Contains("RegisteredJson", register.TextContent, StringComparison.Ordinal);
        Assert.Contains("channel", register.QuerySelector("[data-testid=api-body]")!.TextContent, StringComparison.Ordinal);
        var open311 = page.QuerySelector("[data-testid=open311]")!;
        Assert.Contains("/open311/v2/", open311.TextContent, StringComparison.Ordinal);
        Assert.Contains("/Admin/Partners", open311.TextContent, StringComparison.Ordinal);
        Assert.Contains("HMAC-SHA256", open311.TextContent, StringComparison.Ordinal);
        Assert.NotNull(open311.QuerySelector("a[href='https://wiki.open311.org/GeoReport_v2']"));
    }

    [Theory]
    [InlineData("station@liaison.demo")]
    [InlineData("unit@liaison.demo")]
    [InlineData("deputy@liaison.demo")]
    [InlineData("admin@liaison.demo")]
    public async Task EveryStaffRoleMayReadIt(string email)
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync(email);

        var page = await client.GetDocumentAsync("/Help/Api");

        Assert.NotEmpty(page.QuerySelectorAll("[data-testid=api-operation]"));
    }

    [Fact]
    public async Task InEnglishThePageAndTheOperationsAreEnglish()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("office@liaison.demo");

        var page = await client.GetDocumentAsync("/Help/Api?culture=en");

        Assert.Contains("Current account", page.GetElementById("getMe")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Token required", page.GetElementById("getMe")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStaffFooterLinksToIt()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("station@liaison.demo");

        var page = await client.GetDocumentAsync("/Station");

        Assert.NotNull(page.QuerySelector("footer a[href='/Help/Api']"));
    }
}
