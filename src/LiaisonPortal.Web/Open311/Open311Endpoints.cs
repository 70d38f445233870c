using LiaisonPortal.Core.Partners;

namespace LiaisonPortal.Web.Open311;

/// <summary>
/// The Open311 GeoReport v2 interface for partner systems (对接平台) under /open311/v2: discovery, services, service
/// definitions, POST requests and the partner's own requests, each as .json or .xml. No antiforgery: it is an API with
/// keys, and no cookie identifies anyone here.
/// </summary>
public static class Open311Endpoints
{
    public const string BasePath = "/open311";
    public const string Version = "v2";
    public const string Specification = "http://wiki.open311.org/GeoReport_v2";

    /// <summary>When the interface's services or definitions last changed shape (the discovery document's changeset).</summary>
    public const string Changeset = "2026-12-01 00:00";

    public static IEndpointRouteBuilder MapOpen311(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var services = routes.ServiceProvider;
        var limiter = new Open311Limiter();
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(limiter.Dispose);
        var publicPerMinute = services.GetRequiredService<IConfiguration>().GetValue("RateLimits:PublicPerMinute", 120);
        var gate = new Open311Gate(limiter, publicPerMinute, services.GetRequiredService<ILogger<Open311Gate>>());

        var open311 = routes.MapGroup(BasePath).DisableAntiforgery().AddEndpointFilter(gate);
        open311.MapGet($"/{Version}/discovery.{{format}}", Discovery)
            .WithMetadata(new Open311Operation("discovery", null, false));
        open311.MapGet($"/{Version}/services.{{format}}", ServicesAsync)
            .WithMetadata(new Open311Operation("services", PartnerOperations.ReadServices, false));
        open311.MapGet($"/{Version}/services/{{service_code}}.{{format}}", DefinitionAsync)
            .WithMetadata(new Open311Operation("service", PartnerOperations.ReadServices, false));
        open311.MapPost($"/{Version}/requests.{{format}}", SubmitAsync)
            .WithMetadata(new Open311Operation("submit", PartnerOperations.SubmitRequests, true));
        open311.MapGet($"/{Version}/requests.{{format}}", ListAsync)
            .WithMetadata(new Open311Operation("requests", PartnerOperations.ReadRequests, true));
        open311.MapGet($"/{Version}/requests/{{service_request_id}}.{{format}}", GetAsync)
            .WithMetadata(new Open311Operation("request", PartnerOperations.ReadRequests, true));
        // Anything else under /open311 is the spec's 404, not the site's error page.
        open311.MapFallback("{**path}", (HttpContext http) => Open311Gate.Errors(Call(http), [new Open311Error(404, Open311Messages.NoSuchPath)]))
            .WithMetadata(new Open311Operation("unknown", null, false));
        return routes;
    }

    private static Open311Result Discovery(HttpContext http)
    {
        var call = Call(http);
        var root = new Open311Object("discovery",
        [
            new Open311Leaf("changeset", Changeset),
            new Open311Leaf("contact", Open311Requests.DiscoveryContact),
            new Open311Leaf("key_service", Open311Requests.DiscoveryKeyService),
            new Open311List("endpoints",
            [
                new Open311Object("endpoint",
                [
                    new Open311Leaf("specification", Specification),
                    new Open311Leaf("url", $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{BasePath}/{Version}"),
                    new Open311Leaf("changeset", Changeset),
                    new Open311Leaf("type", "production"),
                    new Open311List("formats", [new Open311Leaf("format", "text/xml"), new Open311Leaf("format", "application/json")]),
                ]),
            ]),
        ]);
        return new Open311Result(root, call.Xml);
    }

    private static async Task<Open311Result> ServicesAsync(HttpContext http, Open311Requests requests, CancellationToken cancellationToken)
    {
        var list = await requests.ServicesAsync(cancellationToken);
        return new Open311Result(
            new Open311List("services", list.Select(s => (Open311Node)new Open311Object("service",
            [
                new Open311Leaf("service_code", s.Code),
                new Open311Leaf("service_name", s.Name),
                new Open311Leaf("description", s.Description),
                new Open311Leaf("metadata", true),
                new Open311Leaf("type", "realtime"),
                new Open311Leaf("keywords", s.Keywords),
                new Open311Leaf("group", s.Group),
            ])).ToList()),
            Call(http).Xml);
    }

    private static async Task<Open311Result> DefinitionAsync(
        HttpContext http, Open311Requests requests, string service_code, CancellationToken cancellationToken)
    {
        var call = Call(http);
        var definition = await requests.DefinitionAsync(service_code, cancellationToken);
        if (definition is null)
        {
            return Open311Gate.Errors(call, [new Open311Error(404, Open311Messages.NoSuchService(service_code))]);
        }

        return new Open311Result(
            new Open311Object("service_definition",
            [
                new Open311Leaf("service_code", definition.ServiceCode),
                new Open311List("attributes", definition.Attributes.Select(a => (Open311Node)new Open311Object("attribute",
                [
                    new Open311Leaf("variable", true),
                    new Open311Leaf("code", a.Code),
                    new Open311Leaf("datatype", a.Datatype),
                    new Open311Leaf("required", a.Required),
                    new Open311Leaf("datatype_description", a.DatatypeDescription),
                    new Open311Leaf("order", a.Order),
                    new Open311Leaf("description", a.Description),
                    new Open311List("values", a.Values.Select(v => (Open311Node)new Open311Object("value",
                    [
                        new Open311Leaf("key", v.Key),
                        new Open311Leaf("name", v.Name),
                    ])).ToList()),
                ])).ToList()),
            ]),
            call.Xml);
    }

    /// <summary>POST requests: the form's fields (the gate has read it); location fields are optional here.</summary>
    private static async Task<Open311Result> SubmitAsync(HttpContext http, Open311Requests requests, CancellationToken cancellationToken)
    {
        var call = Call(http);
        var form = call.Form!;
        var submission = new Open311Submission(
            form["service_code"], form["description"],
            form[$"attribute[{Open311Requests.StationAttribute}]"], form[$"attribute[{Open311Requests.DeputyAttribute}]"],
            form["first_name"], form["last_name"], form["phone"], form["email"], form["lat"], form["long"]);
        var trackUrl = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/track";
        var (receipt, errors) = await requests.SubmitAsync(call.Caller!.Id, submission, trackUrl, cancellationToken);
        if (receipt is null)
        {
            return Open311Gate.Errors(call, errors);
        }

        call.ServiceRequestId = receipt.ServiceRequestId;
        return new Open311Result(
            new Open311List("service_requests",
            [
                new Open311Object("request",
                [
                    new Open311Leaf("service_request_id", receipt.ServiceRequestId),
                    new Open311Leaf("service_notice", receipt.ServiceNotice),
                    new Open311Leaf("account_id", null),
                ]),
            ]),
            call.Xml);
    }

    private static async Task<Open311Result> ListAsync(HttpContext http, Open311Requests requests, CancellationToken cancellationToken)
    {
        var call = Call(http);
        var query = http.Request.Query;
        var (list, errors) = await requests.ListAsync(
            call.Caller!.Id,
            new Open311Query(query["service_request_id"], query["service_code"], query["start_date"], query["end_date"], query["status"]),
            cancellationToken);
        return errors.Count > 0
            ? Open311Gate.Errors(call, errors)
            : new Open311Result(new Open311List("service_requests", list.Select(RequestNode).ToList()), call.Xml);
    }

    private static async Task<Open311Result> GetAsync(
        HttpContext http, Open311Requests requests, string service_request_id, CancellationToken cancellationToken)
    {
        var call = Call(http);
        var found = await requests.GetAsync(call.Caller!.Id, service_request_id, cancellationToken);
        return found is null
            ? Open311Gate.Errors(call, [new Open311Error(404, Open311Messages.NoSuchRequest)])
            : new Open311Result(new Open311List("service_requests", [RequestNode(found)]), call.Xml);
    }

    /// <summary>A request as the spec names its fields; no name, phone or email of the citizen, ever.</summary>
    private static Open311Node RequestNode(Open311Request r) => new Open311Object("request",
    [
        new Open311Leaf("service_request_id", r.ServiceRequestId),
        new Open311Leaf("status", r.IsOpen ? "open" : "closed"),
        new Open311Leaf("status_notes", r.StatusNotes),
        new Open311Leaf("service_name", r.ServiceName),
        new Open311Leaf("service_code", r.ServiceCode),
        new Open311Leaf("description", r.Description),
        new Open311Leaf("agency_responsible", r.AgencyResponsible),
        new Open311Leaf("service_notice", null),
        new Open311Leaf("requested_datetime", r.RequestedAt),
        new Open311Leaf("updated_datetime", r.UpdatedAt),
        new Open311Leaf("expected_datetime", r.ExpectedAt),
        new Open311Leaf("address", r.Address),
    ]);

    private static Open311Call Call(HttpContext http) =>
        http.Features.Get<Open311Call>() ?? throw new InvalidOperationException("The Open311 gate did not run.");
}
