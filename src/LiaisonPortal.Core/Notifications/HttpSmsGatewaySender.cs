using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiaisonPortal.Core.Notifications;

/// <summary>
/// Hands text messages to an HTTP SMS gateway (a provider's API or an in-house relay): one JSON POST
/// <c>{"id","phone","text","signature"}</c> (no signature when none is set) to Notifications:Sms:GatewayUrl, with
/// "Idempotency-Key: id" always and "Authorization: Bearer ApiKey" when an API key is set. The id is the message's stable key, the same
/// on every attempt: a gateway that remembers the ids it accepted and answers a repeat with 2xx without sending it again
/// makes delivery exactly once even across a crash of this app (see <see cref="OutboxSender"/>). Any 2xx answer means
/// accepted; anything else throws, so the outbox tries again with backoff.
/// </summary>
public sealed class HttpSmsGatewaySender(HttpClient client, NotificationOptions options) : ISmsSender
{
    /// <summary>The standard header (IETF draft "The Idempotency-Key HTTP Header Field") that carries the message's key.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public async Task SendAsync(string phone, string text, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phone);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var gateway = options.Sms.GatewayUrl ?? throw new InvalidOperationException("Notifications:Sms:GatewayUrl is not set.");
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway)
        {
            Content = JsonContent.Create(new GatewayRequest(idempotencyKey, phone, text, options.Sms.Signature), options: Json),
        };
        request.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
        if (!string.IsNullOrEmpty(options.Sms.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Sms.ApiKey);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // The status only: a gateway's error body may repeat the number.
            throw new HttpRequestException(
                string.Create(CultureInfo.InvariantCulture, $"The SMS gateway answered {(int)response.StatusCode} {response.ReasonPhrase}."),
                inner: null,
                response.StatusCode);
        }
    }

    private sealed record GatewayRequest(string Id, string Phone, string Text, string? Signature);
}
