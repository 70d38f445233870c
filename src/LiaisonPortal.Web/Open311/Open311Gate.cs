using System.Diagnostics;
using System.Threading.RateLimiting;
using LiaisonPortal.Core.Partners;
using Microsoft.AspNetCore.Http.Features;

namespace LiaisonPortal.Web.Open311;

/// <summary>What an Open311 endpoint is: its name in the call log, the operation a key needs, and whether a key is required at all.</summary>
public sealed record Open311Operation(string Name, PartnerOperations? Needs, bool KeyRequired);

/// <summary>One call's facts, filled in as it goes and written to the call log once the response is sent.</summary>
public sealed class Open311Call(string operation, bool xml)
{
    public string Operation { get; } = operation;

    public bool Xml { get; } = xml;

    public PartnerCaller? Caller { get; set; }

    public string? ServiceRequestId { get; set; }

    public string? Error { get; set; }

    /// <summary>The POSTed form, read once by the gate (the key may be in it).</summary>
    public IFormCollection? Form { get; set; }
}

/// <summary>A partition of the per-partner rate limit: the limit is part of the key, so a changed limit applies at once.</summary>
public readonly record struct Open311Partition(string Who, int PerMinute);

/// <summary>
/// Fixed one-minute windows per partner (their own RateLimitPerMinute) and per address for calls without a key.
/// The counts live in this process: behind several instances each counts its own calls.
/// </summary>
public sealed class Open311Limiter : IDisposable
{
    private readonly PartitionedRateLimiter<Open311Partition> limiter = PartitionedRateLimiter.Create<Open311Partition, Open311Partition>(partition =>
        RateLimitPartition.GetFixedWindowLimiter(partition, p => new FixedWindowRateLimiterOptions
        {
            PermitLimit = p.PerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public RateLimitLease Acquire(Open311Partition partition) => limiter.AttemptAcquire(partition);

    public void Dispose() => limiter.Dispose();
}

/// <summary>
/// Runs before every /open311 endpoint: the format, the key (form, query or X-Api-Key header), revocation, the address
/// allow-list, the operation, the rate limit; afterwards one <see cref="PartnerCall"/> per call, best-effort, with no
/// key, query or body in it. Any refusal is the spec's error list.
/// </summary>
public sealed partial class Open311Gate(Open311Limiter limiter, int publicPerMinute, ILogger<Open311Gate> logger) : IEndpointFilter
{
    public const string KeyHeader = "X-Api-Key";
    public const string KeyField = "api_key";
    private const int MaxFormBytes = 64 * 1024;
    private static readonly Open311Operation Unknown = new("unknown", null, false);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var operation = http.GetEndpoint()?.Metadata.GetMetadata<Open311Operation>() ?? Unknown;
        var call = new Open311Call(operation.Name, IsXml(http));
        http.Features.Set(call);
        // The row is written after the response has gone out, so it carries the time the call came in: the log's order.
        var at = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var scopes = http.RequestServices.GetRequiredService<IServiceScopeFactory>();
        http.Response.OnCompleted(() => RecordAsync(http, call, at, started, scopes));
        try
        {
            if (http.Request.RouteValues.TryGetValue("format", out var format) && format is not ("json" or "xml"))
            {
                return Refuse(call, 404, Open311Messages.BadFormat);
            }

            string? key;
            if (HttpMethods.IsPost(http.Request.Method))
            {
                var (form, error) = await ReadFormAsync(http.Request);
                if (form is null)
                {
                    return Refuse(call, 400, error!);
                }

                call.Form = form;
                key = Clean(form[KeyField]);
            }
            else
            {
                key = null;
            }

            key ??= Clean(http.Request.Query[KeyField]) ?? Clean(http.Request.Headers[KeyHeader]);
            var caller = key is null ? null : await http.RequestServices.GetRequiredService<PartnerSystems>().AuthenticateAsync(key, http.RequestAborted);
            call.Caller = caller;
            var address = http.Connection.RemoteIpAddress;
            if (Open311Requests.Refusal(caller, key is not null, operation.KeyRequired, operation.Needs, address) is { } refusal)
            {
                return Refuse(call, refusal.Code, refusal.Description);
            }

            var partition = caller is null
                ? new Open311Partition("address:" + (address?.ToString() ?? "unknown"), publicPerMinute)
                : new Open311Partition("partner:" + caller.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), caller.RateLimitPerMinute);
            using var lease = limiter.Acquire(partition);
            if (!lease.IsAcquired)
            {
                var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
                return Refuse(call, 429, Open311Messages.TooMany(partition.PerMinute, retry), retry.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return await next(context);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(logger, operation.Name, exception);
            return Refuse(call, 500, Open311Messages.Failed);
        }
    }

    /// <summary>The spec's error list, in the call's format; the first description goes to the call log.</summary>
    public static Open311Result Errors(Open311Call call, IReadOnlyList<Open311Error> errors, string? retryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(errors);
        call.Error ??= errors.Count > 0 ? errors[0].Description : null;
        var root = new Open311List("errors", errors.Select(e => (Open311Node)new Open311Object("error",
        [
            new Open311Leaf("code", e.Code),
            new Open311Leaf("description", e.Description),
        ])).ToList());
        return new Open311Result(root, call.Xml, errors.Count > 0 ? errors[0].Code : 400, retryAfter);
    }

    private static Open311Result Refuse(Open311Call call, int code, string description, string? retryAfter = null) =>
        Errors(call, [new Open311Error(code, description)], retryAfter);

    /// <summary>.xml in the path asks for XML; everything else (including a bad format) is answered in JSON.</summary>
    private static bool IsXml(HttpContext http) =>
        http.Request.RouteValues.TryGetValue("format", out var format)
            ? format is "xml"
            : http.Request.Path.Value?.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) == true;

    private static async Task<(IFormCollection? Form, string? Error)> ReadFormAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return (null, Open311Messages.NotForm);
        }

        if (request.ContentLength > MaxFormBytes)
        {
            return (null, Open311Messages.TooLarge(MaxFormBytes / 1024));
        }

        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
        {
            ValueCountLimit = 200,
            KeyLengthLimit = 200,
            ValueLengthLimit = MaxFormBytes,
            MultipartBodyLengthLimit = MaxFormBytes,
            BufferBodyLengthLimit = MaxFormBytes,
        }));
        try
        {
            return (await request.ReadFormAsync(request.HttpContext.RequestAborted), null);
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException or IOException)
        {
            return (null, Open311Messages.Unreadable(MaxFormBytes / 1024));
        }
    }

    /// <summary>At most <paramref name="max"/> characters, never half of a surrogate pair (an emoji in a path), which PostgreSQL could not store.</summary>
    private static string WholeCharacters(string text, int max) =>
        text.Length <= max ? text : text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)];

    private async Task RecordAsync(HttpContext http, Open311Call call, DateTimeOffset at, long started, IServiceScopeFactory scopes)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var elapsed = (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var entry = new PartnerCall(
                call.Caller?.Id, at, http.Request.Method, WholeCharacters(http.Request.Path.Value ?? "/", PartnerCall.PathMaxLength), call.Operation, http.Response.StatusCode, elapsed,
                http.Connection.RemoteIpAddress?.ToString())
            {
                ServiceRequestId = call.ServiceRequestId,
                Error = call.Error is { Length: > PartnerCall.ErrorMaxLength } error ? error[..PartnerCall.ErrorMaxLength] : call.Error,
            };
            await scope.ServiceProvider.GetRequiredService<Open311Requests>().RecordCallAsync(entry, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The call log is best-effort: the partner has its answer already.
            LogNotRecorded(logger, call.Operation, exception);
        }
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [LoggerMessage(Level = LogLevel.Error, Message = "Open311 {Operation} failed")]
    private static partial void LogFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Open311 call log entry for {Operation} could not be written")]
    private static partial void LogNotRecorded(ILogger logger, string operation, Exception exception);
}
