using System.Net;
using System.Text.Json;
using LiaisonPortal.Tests.Api;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.OpenApi;

/// <summary>/openapi/v1.json: generated from the endpoints, it lists exactly the /api/v1 routes, and says what each needs and answers.</summary>
public class OpenApiDocumentTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static readonly string[] HttpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    [Fact]
    public async Task TheDocumentIsPublicOpenApi3JsonWithTitleVersionAndTheBearerScheme()
    {
        using var client = portal.Factory.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("人大代表联络站服务平台 JSON 接口", root.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal("v1", root.GetProperty("info").GetProperty("version").GetString());
        Assert.Contains("/api/v1/auth/login", root.GetProperty("info").GetProperty("description").GetString(), StringComparison.Ordinal);
        var bearer = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        Assert.Equal(["auth", "opinions", "suggestions", "directory"], root.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task EveryApiEndpointOfTheAppIsInTheDocumentWithItsMethodAndNothingElseIs()
    {
        var registered = ApiEndpoints().Select(e => (e.Method, e.Path)).ToHashSet();
        var root = await DocumentAsync();

        var documented = Operations(root).Select(o => (o.Method, o.Path)).ToHashSet();

        Assert.True(registered.Count >= 30, $"only {registered.Count} /api/v1 endpoints found");
        Assert.Empty(registered.Except(documented));
        Assert.Empty(documented.Except(registered));
        Assert.All(root.GetProperty("paths").EnumerateObject(), path => Assert.StartsWith("/api/v1/", path.Name, StringComparison.Ordinal));
        // Routes that exist in the app but are not the JSON API stay out.
        var all = AllRoutes();
        Assert.Contains(all, p => p.StartsWith("/qr/", StringComparison.Ordinal));
        Assert.Contains(all, p => p.StartsWith("/health/", StringComparison.Ordinal));
        Assert.Contains(all, p => p.StartsWith("/openapi/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SecuredOperationsCarryTheBearerRequirementAndPublicOnesDoNot()
    {
        var endpoints = ApiEndpoints().ToDictionary(e => (e.Method, e.Path), e => e.Secured);
        var root = await DocumentAsync();

        foreach (var operation in Operations(root))
        {
            var secured = endpoints[(operation.Method, operation.Path)];
            var schemes = operation.Body.TryGetProperty("security", out var security)
                ? security.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList()
                : [];
            Assert.True(secured == (schemes.SequenceEqual(["Bearer"])), $"{operation.Method} {operation.Path}: secured {secured}, security [{string.Join(",", schemes)}]");
            if (secured)
            {
                Assert.True(operation.Body.GetProperty("responses").TryGetProperty("401", out _), $"{operation.Method} {operation.Path} documents no 401");
            }
        }

        Assert.Contains(Operations(root), o => o.Path == "/api/v1/me" && o.Body.TryGetProperty("security", out _));
        Assert.Contains(Operations(root), o => o.Path == "/api/v1/stations" && !o.Body.TryGetProperty("security", out _));
        Assert.Contains(Operations(root), o => o.Path == "/api/v1/auth/login" && !o.Body.TryGetProperty("security", out _));
    }

    [Fact]
    public async Task WhatTheDocumentSaysNeedsATokenAnswers401WithoutOneAndNothingElseDoes()
    {
        var root = await DocumentAsync();
        using var client = portal.Factory.CreateClient();
        var checkedSecured = 0;

        foreach (var operation in Operations(root))
        {
            var path = operation.Path.Replace("{trackingCode}", "X0000000000", StringComparison.Ordinal).Replace("{number}", "1", StringComparison.Ordinal)
                .Replace("{code}", "NONE", StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
            if (operation.Method == "POST")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request);

            var secured = operation.Body.TryGetProperty("security", out _);
            if (secured)
            {
                checkedSecured++;
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{operation.Method} {path} answered {(int)response.StatusCode} without a token");
            }
            else if (operation.Path != "/api/v1/auth/login" && operation.Path != "/api/v1/auth/refresh")
            {
                // Sign-in answers 401 for wrong credentials; every other public route answers without asking for a token.
                Assert.True(response.StatusCode != HttpStatusCode.Unauthorized, $"{operation.Method} {path} asked for a token");
            }
        }

        Assert.True(checkedSecured >= 20, $"only {checkedSecured} secured operations");
    }

    [Fact]
    public async Task TheCaseSchemaHasTheFieldsTheApiReallyAnswersWith()
    {
        var root = await DocumentAsync();
        var schemas = root.GetProperty("components").GetProperty("schemas");
        var getCase = root.GetProperty("paths").GetProperty("/api/v1/opinions/{trackingCode}").GetProperty("get").GetProperty("responses");
        Assert.Equal("#/components/schemas/CaseJson", getCase.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.True(getCase.TryGetProperty("404", out _));
        var documented = schemas.GetProperty("CaseJson").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Equal("#/components/schemas/CaseUnitJson", schemas.GetProperty("CaseJson").GetProperty("properties").GetProperty("units").GetProperty("items").GetProperty("$ref").GetString());

        using var api = await ApiSession.SignInAsync(portal.Factory.CreateClient(), "office@liaison.demo");
        var registered = await api.PostAsync("/api/v1/opinions", new
        {
            channel = "phone", stationCode = "990102001-01", title = "文档核对：路灯不亮", content = "三号楼前的路灯坏了。", name = "李女士", phone = "13900005555",
        });
        var code = registered.Get("trackingCode");
        var moved = await api.PostAsync($"/api/v1/opinions/{code}/classify", new { categoryCode = "CJ", grade = "important" });
        var found = await api.GetAsync("/api/v1/opinions/" + code);
        var list = await api.GetAsync("/api/v1/opinions?q=%E6%96%87%E6%A1%A3%E6%A0%B8%E5%AF%B9");

        Assert.Equal(HttpStatusCode.Created, registered.Status);
        Assert.Equal(Properties(schemas, "RegisteredJson"), registered.Body.EnumerateObject().Select(p => p.Name).ToHashSet());
        Assert.Equal(HttpStatusCode.OK, moved.Status);
        Assert.Equal(Properties(schemas, "MovedJson"), moved.Body.EnumerateObject().Select(p => p.Name).ToHashSet());
        Assert.Equal(HttpStatusCode.OK, found.Status);
        Assert.Equal(documented, found.Body.EnumerateObject().Select(p => p.Name).ToHashSet());
        Assert.Equal(Properties(schemas, "CasePageJson"), list.Body.EnumerateObject().Select(p => p.Name).ToHashSet());
        Assert.Equal(Properties(schemas, "CaseRowJson"), list.Body.GetProperty("items").EnumerateArray().Single().EnumerateObject().Select(p => p.Name).ToHashSet());
    }

    [Fact]
    public async Task MovesDocumentTheirBodyTheAcceptedValuesAndEveryRefusal()
    {
        var root = await DocumentAsync();
        var classify = root.GetProperty("paths").GetProperty("/api/v1/opinions/{trackingCode}/classify").GetProperty("post");
        var schemas = root.GetProperty("components").GetProperty("schemas");

        Assert.Equal("#/components/schemas/ClassifyRequest",
            classify.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal(["200", "204", "400", "401", "403", "404", "409"], classify.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
        var grade = schemas.GetProperty("ClassifyRequest").GetProperty("properties").GetProperty("grade");
        Assert.Equal(["normal", "important", "urgent"], grade.GetProperty("enum").EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()));
        Assert.False(schemas.GetProperty("ClassifyRequest").TryGetProperty("required", out var required) && required.GetArrayLength() > 0, "a body's fields are checked by the service, not required by the reader");
        var state = root.GetProperty("paths").GetProperty("/api/v1/opinions").GetProperty("get").GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "state");
        Assert.Contains("received", state.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("状态。", state.GetProperty("description").GetString());
        Assert.All(Operations(root), o => Assert.False(string.IsNullOrEmpty(o.Body.GetProperty("summary").GetString()), $"{o.Method} {o.Path} has no summary"));
        Assert.All(Operations(root), o => Assert.Single(o.Body.GetProperty("tags").EnumerateArray()));
        Assert.Equal(Operations(root).Count, Operations(root).Select(o => o.Body.GetProperty("operationId").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task TheDocumentFollowsTheRequestedLanguage()
    {
        var root = await DocumentAsync("/openapi/v1.json?culture=en");

        Assert.Equal("LiaisonPortal deputy liaison stations JSON API", root.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal("Current account", root.GetProperty("paths").GetProperty("/api/v1/me").GetProperty("get").GetProperty("summary").GetString());
        Assert.Equal("Sign-in and account", root.GetProperty("tags")[0].GetProperty("x-displayName").GetString());
    }

    [Fact]
    public async Task TheDocumentIsUnderThePublicRateLimit()
    {
        await using var factory = new PortalFactory(portal.ConnectionString, settings: new Dictionary<string, string?> { ["RateLimits:PublicPerMinute"] = "2" });
        using var client = factory.CreateClient();

        using var first = await client.GetAsync("/openapi/v1.json");
        using var second = await client.GetAsync("/openapi/v1.json");
        using var third = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    private static HashSet<string> Properties(JsonElement schemas, string name) =>
        schemas.GetProperty(name).GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();

    private async Task<JsonElement> DocumentAsync(string url = "/openapi/v1.json")
    {
        using var client = portal.Factory.CreateClient();
        using var json = JsonDocument.Parse(await client.GetStringAsync(url));
        return json.RootElement.Clone();
    }

    private static List<(string Method, string Path, JsonElement Body)> Operations(JsonElement root) =>
        root.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(op => HttpMethods.Contains(op.Name.ToUpperInvariant()))
                .Select(op => (op.Name.ToUpperInvariant(), path.Name, op.Value)))
            .ToList();

    /// <summary>Every route the running app has under /api/v1, as registered (not as documented).</summary>
    private List<(string Method, string Path, bool Secured)> ApiEndpoints() =>
        RouteEndpoints()
            .Where(e => e.Path.StartsWith("/api/v1/", StringComparison.Ordinal))
            .SelectMany(e => e.Methods.Select(m => (m, e.Path, e.Secured)))
            .ToList();

    private List<string> AllRoutes() => RouteEndpoints().Select(e => e.Path).ToList();

    private List<(string Path, IReadOnlyList<string> Methods, bool Secured)> RouteEndpoints()
    {
        using var client = portal.Factory.CreateClient();
        return portal.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => (
                Path: "/" + (e.RoutePattern.RawText ?? string.Empty).Trim('/'),
                Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [],
                Secured: e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0))
            .ToList();
    }
}
