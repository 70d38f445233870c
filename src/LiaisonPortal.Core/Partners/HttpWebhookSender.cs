using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace LiaisonPortal.Core.Partners;

/// <summary>
/// POSTs a webhook event as application/json with X-Liaison-Event-Id, X-Liaison-Timestamp (unix seconds) and
/// X-Liaison-Signature (<see cref="WebhookSignature"/>). Any 2xx answer means delivered; another status (redirects are not
/// followed), a refused connection or the timeout (Notifications:Webhook:TimeoutSeconds) throws, so the outbox tries again.
/// </summary>
public sealed class HttpWebhookSender(HttpClient client, TimeProvider time) : IWebhookSender
{
    public async Task SendAsync(Uri url, string eventId, string body, string secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.EventIdHeader, eventId);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(secret, timestamp, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("LiaisonPortal-Webhook", "1"));

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // The status only, never the receiver's body.
            throw new HttpRequestException(
                string.Create(CultureInfo.InvariantCulture, $"The webhook receiver answered {(int)response.StatusCode} {response.ReasonPhrase}."),
                inner: null,
                response.StatusCode);
        }
    }
}
