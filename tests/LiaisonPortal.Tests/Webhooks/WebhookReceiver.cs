using System.Collections.Concurrent;
using LiaisonPortal.Core.Partners;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiaisonPortal.Tests.Webhooks;

/// <summary>
/// A partner's webhook receiver on real Kestrel on a free loopback port. It records every delivery with the time it
/// arrived (on the test's clock) and what it answered; by default it answers 500 to the first delivery of each event id
/// and 200 to the later ones. /moved answers a redirect to the real path.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    private WebhookReceiver(WebApplication app, TimeProvider clock)
    {
        _app = app;
        Clock = clock;
    }

    public TimeProvider Clock { get; }

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    /// <summary>The status for the given event id's n-th delivery (1-based).</summary>
    public Func<string, int, int> Answer { get; set; } = (_, attempt) => attempt == 1 ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;

    public TimeSpan Delay { get; set; }

    public Uri Url { get; private set; } = null!;

    public Uri RedirectingUrl { get; private set; } = null!;

    public int Accepted => Deliveries.Count(d => d.Answered is >= 200 and < 300);

    public static async Task<WebhookReceiver> StartAsync(TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, clock);
        app.MapPost("/hooks/liaison", async (HttpRequest request) =>
        {
            var arrived = receiver.Clock.GetUtcNow();
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var eventId = request.Headers[WebhookSignature.EventIdHeader].FirstOrDefault() ?? string.Empty;
            var attempt = receiver._attempts.AddOrUpdate(eventId, 1, (_, n) => n + 1);
            if (receiver.Delay > TimeSpan.Zero)
            {
                await Task.Delay(receiver.Delay);
            }

            var status = receiver.Answer(eventId, attempt);
            receiver.Deliveries.Enqueue(new Delivery(
                eventId,
                request.Headers[WebhookSignature.TimestampHeader].FirstOrDefault(),
                request.Headers[WebhookSignature.SignatureHeader].FirstOrDefault(),
                request.ContentType,
                body,
                arrived,
                attempt,
                status));
            return Results.StatusCode(status);
        });
        app.MapPost("/moved", () => Results.Redirect("/hooks/liaison", permanent: false, preserveMethod: true));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        receiver.Url = new Uri(address, "/hooks/liaison");
        receiver.RedirectingUrl = new Uri(address, "/moved");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal sealed record Delivery(
        string EventId, string? Timestamp, string? Signature, string? ContentType, string Body, DateTimeOffset ArrivedAt, int Attempt, int Answered);
}
