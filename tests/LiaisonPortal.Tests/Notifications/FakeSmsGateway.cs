using System.Collections.Concurrent;
using System.Text.Json;
using LiaisonPortal.Core.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiaisonPortal.Tests.Notifications;

/// <summary>
/// An SMS gateway on real Kestrel on a free loopback port: records each request and answers a chosen status. Like a
/// production relay it de-duplicates by the Idempotency-Key header: the first request with a key is accepted (the text
/// would go to the phone), a repeat of an accepted key is answered 200 without sending it again. It can answer slowly and
/// call back when a request arrives or its answer has gone out (to kill the sender at a chosen moment).
/// </summary>
internal sealed class FakeSmsGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _acceptedKeys = new(StringComparer.Ordinal);
    private int _received;
    private int _inFlight;

    private FakeSmsGateway(WebApplication app) => _app = app;

    public ConcurrentQueue<(string? Authorization, string ContentType, JsonElement Body)> Requests { get; } = new();

    /// <summary>Every request in arrival order, with its key and whether it was accepted as new.</summary>
    public ConcurrentQueue<GatewayDelivery> Deliveries { get; } = new();

    public int Status { get; set; } = StatusCodes.Status200OK;

    /// <summary>Each answer waits a random time in [MinDelay, MaxDelay] after the request was accepted.</summary>
    public TimeSpan MinDelay { get; set; }

    public TimeSpan MaxDelay { get; set; }

    /// <summary>Called with the request's number (1-based) once it is recorded and accepted, before any answer.</summary>
    public Action<int>? OnReceived { get; set; }

    /// <summary>Called with the request's number once its answer has been written to the connection.</summary>
    public Action<int>? OnAnswered { get; set; }

    public int Received => Volatile.Read(ref _received);

    /// <summary>Requests received and not yet answered.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<FakeSmsGateway> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new FakeSmsGateway(app);
        app.MapPost("/v1/sms", gateway.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        gateway.Endpoint = new Uri(new Uri(address), "/v1/sms");
        return gateway;
    }

    private async Task<IResult> HandleAsync(HttpRequest request, HttpResponse response)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            var root = body.RootElement.Clone();
            var number = Interlocked.Increment(ref _received);
            var key = request.Headers[HttpSmsGatewaySender.IdempotencyKeyHeader].FirstOrDefault();
            var status = Status;

            // Only an accepted request claims its key (a refused one may be tried again); no key, no de-duplication.
            var accepted = status is >= 200 and < 300 && (key is null || _acceptedKeys.TryAdd(key, number));
            Requests.Enqueue((request.Headers.Authorization.FirstOrDefault(), request.ContentType ?? string.Empty, root));
            Deliveries.Enqueue(new GatewayDelivery(
                number,
                key,
                root.TryGetProperty("id", out var id) ? id.GetString() : null,
                root.GetProperty("text").GetString() ?? string.Empty,
                accepted));
            OnReceived?.Invoke(number);
            if (MaxDelay > TimeSpan.Zero)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next((int)MinDelay.TotalMilliseconds, (int)MaxDelay.TotalMilliseconds + 1)));
            }

            if (OnAnswered is { } answered)
            {
                response.OnCompleted(() =>
                {
                    answered(number);
                    return Task.CompletedTask;
                });
            }

            return Results.StatusCode(status);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>
/// One request the gateway received: its number, the Idempotency-Key header, the body's "id", the text, and whether it
/// was accepted as new (false for a repeat of an accepted key, answered 2xx and not sent again, or a refused request).
/// </summary>
internal sealed record GatewayDelivery(int Number, string? Key, string? BodyId, string Text, bool Accepted);
