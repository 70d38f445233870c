using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace LiaisonPortal.Tests.Api;

/// <summary>One answer of the JSON API: its status, media type and body (an empty object when there was none).</summary>
public sealed record ApiAnswer(HttpStatusCode Status, string? MediaType, JsonElement Body, string? ETag)
{
    public string? Get(string property) => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : null;
}

/// <summary>A client of the JSON API, signed in with a bearer token from /api/v1/auth/login (or anonymous).</summary>
public sealed class ApiSession(HttpClient client, string? token) : IDisposable
{
    public const string DemoPassword = "Demo-Liaison-2026";

    public static async Task<ApiSession> SignInAsync(HttpClient client, string? email, string password = DemoPassword)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (email is null)
        {
            return new ApiSession(client, null);
        }

        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using var json = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        return new ApiSession(client, json.RootElement.GetProperty("accessToken").GetString());
    }

    public Task<ApiAnswer> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<ApiAnswer> PostAsync(string path, object body, string? ifMatch = null) =>
        SendAsync(HttpMethod.Post, path, JsonContent.Create(body), ifMatch);

    public Task<ApiAnswer> PostRawAsync(string path, string json) =>
        SendAsync(HttpMethod.Post, path, new StringContent(json, Encoding.UTF8, "application/json"));

    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, HttpContent? content, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var body = mediaType is not null && mediaType.Contains("json", StringComparison.Ordinal) && text.Length > 0
            ? JsonDocument.Parse(text).RootElement.Clone()
            : JsonDocument.Parse("{}").RootElement.Clone();
        return new ApiAnswer(response.StatusCode, mediaType, body, response.Headers.ETag?.Tag);
    }

    public void Dispose() => client.Dispose();
}
