using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiaisonPortal.Tests.Notifications;

/// <summary>An SMS gateway on real Kestrel on a free loopback port: records each request and answers a chosen status.</summary>
internal sealed class FakeSmsGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeSmsGateway(WebApplication app) => _app = app;

    public ConcurrentQueue<(string? Authorization, string ContentType, JsonElement Body)> Requests { get; } = new();

    public int Status { get; set; } = StatusCodes.Status200OK;

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<FakeSmsGateway> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new FakeSmsGateway(app);
        app.MapPost("/v1/sms", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            gateway.Requests.Enqueue((request.Headers.Authorization.FirstOrDefault(), request.ContentType ?? string.Empty, body.RootElement.Clone()));
            return Results.StatusCode(gateway.Status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        gateway.Endpoint = new Uri(new Uri(address), "/v1/sms");
        return gateway;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
