using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace LiaisonPortal.Tests.Open311;

/// <summary>
/// A GeoReport v2 client written from the published spec (wiki.open311.org/GeoReport_v2 and /Service_Discovery) and
/// nothing else: it knows URLs, form fields and the element names of the XML and JSON documents, and references no
/// type of the portal. It finds the endpoint through the discovery document, as any partner would.
/// </summary>
public sealed class GeoReportClient(HttpClient http, string endpoint, string format)
{
    public const string Specification = "http://wiki.open311.org/GeoReport_v2";

    public string Endpoint => endpoint;

    public string Format => format;

    /// <summary>Reads a discovery document and returns the production GeoReport v2 endpoint that offers the format's MIME type.</summary>
    public static async Task<GeoReportClient> DiscoverAsync(HttpClient http, string discoveryUrl, string format)
    {
        ArgumentNullException.ThrowIfNull(http);
        var response = await Read(await http.GetAsync(new Uri(discoveryUrl, UriKind.RelativeOrAbsolute)));
        if (response.Status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Discovery answered {response.Status}: {response.Body}");
        }

        var mime = format == "xml" ? "text/xml" : "application/json";
        foreach (var endpoint in response.Endpoints())
        {
            if (endpoint.Specification == Specification && endpoint.Type == "production" && endpoint.Formats.Contains(mime))
            {
                return new GeoReportClient(http, endpoint.Url.TrimEnd('/'), format);
            }
        }

        throw new InvalidOperationException("The discovery document names no GeoReport v2 endpoint for " + mime);
    }

    /// <summary>GET services.[format]: no key needed.</summary>
    public Task<GeoResponse> ServicesAsync(string? apiKey = null) => GetAsync("services", apiKey, null);

    /// <summary>GET services/[service_code].[format].</summary>
    public Task<GeoResponse> ServiceDefinitionAsync(string serviceCode, string? apiKey = null) =>
        GetAsync("services/" + Uri.EscapeDataString(serviceCode), apiKey, null);

    /// <summary>POST requests.[format] as application/x-www-form-urlencoded, with api_key in the form.</summary>
    public async Task<GeoResponse> PostRequestAsync(string? apiKey, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var all = new List<KeyValuePair<string, string>>(fields);
        if (apiKey is not null)
        {
            all.Insert(0, new("api_key", apiKey));
        }

        using var content = new FormUrlEncodedContent(all);
        return await Read(await http.PostAsync(new Uri($"{endpoint}/requests.{format}"), content));
    }

    /// <summary>GET requests.[format] with the spec's optional filters (service_request_id, service_code, start_date, end_date, status).</summary>
    public Task<GeoResponse> RequestsAsync(string? apiKey, IReadOnlyDictionary<string, string>? filters = null) =>
        GetAsync("requests", apiKey, filters);

    /// <summary>GET requests/[service_request_id].[format].</summary>
    public Task<GeoResponse> RequestAsync(string? apiKey, string serviceRequestId) =>
        GetAsync("requests/" + Uri.EscapeDataString(serviceRequestId), apiKey, null);

    private async Task<GeoResponse> GetAsync(string resource, string? apiKey, IReadOnlyDictionary<string, string>? query)
    {
        var parameters = new List<string>();
        if (apiKey is not null)
        {
            parameters.Add("api_key=" + Uri.EscapeDataString(apiKey));
        }

        foreach (var (name, value) in query ?? new Dictionary<string, string>())
        {
            parameters.Add(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value));
        }

        var url = $"{endpoint}/{resource}.{format}" + (parameters.Count > 0 ? "?" + string.Join("&", parameters) : string.Empty);
        return await Read(await http.GetAsync(new Uri(url)));
    }

    private static async Task<GeoResponse> Read(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            return new GeoResponse(
                response.StatusCode,
                response.Content.Headers.ContentType?.MediaType ?? string.Empty,
                response.Content.Headers.ContentType?.CharSet,
                body,
                response.Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : null);
        }
    }
}

public sealed record GeoField(IReadOnlyDictionary<string, string?> Fields, IReadOnlyList<(string Key, string Name)> Values);

public sealed record GeoEndpoint(string Specification, string Url, string Type, IReadOnlyList<string> Formats);

/// <summary>
/// A response, read either way: JSON (the spec's Spark mapping) or XML. Items are the records of a list document
/// (services/service, service_requests/request, errors/error) as name → text, null for a JSON null or an empty element.
/// </summary>
public sealed record GeoResponse(HttpStatusCode Status, string MediaType, string? CharSet, string Body, int? RetryAfterSeconds)
{
    public bool IsXml => MediaType == "text/xml";

    public IReadOnlyList<IReadOnlyDictionary<string, string?>> Items()
    {
        if (IsXml)
        {
            var root = XDocument.Parse(Body).Root!;
            return root.Elements().Select(Record).ToList();
        }

        using var json = JsonDocument.Parse(Body);
        return json.RootElement.EnumerateArray().Select(Record).ToList();
    }

    public IReadOnlyList<(int Code, string Description)> Errors()
    {
        if (IsXml)
        {
            var root = XDocument.Parse(Body).Root!;
            if (root.Name.LocalName != "errors")
            {
                throw new InvalidOperationException("Not an error list: " + Body);
            }
        }

        return Items().Select(e => (int.Parse(e["code"]!, CultureInfo.InvariantCulture), e["description"] ?? string.Empty)).ToList();
    }

    /// <summary>service_definition: its service_code and each attribute with its values (key → name).</summary>
    public (string ServiceCode, IReadOnlyList<GeoField> Attributes) Definition()
    {
        if (IsXml)
        {
            var root = XDocument.Parse(Body).Root!;
            return (
                root.Element("service_code")!.Value,
                root.Element("attributes")!.Elements("attribute")
                    .Select(a => new GeoField(Record(a), a.Element("values")?.Elements("value")
                        .Select(v => (v.Element("key")!.Value, v.Element("name")!.Value)).ToList() ?? []))
                    .ToList());
        }

        using var json = JsonDocument.Parse(Body);
        var definition = json.RootElement;
        return (
            definition.GetProperty("service_code").GetString()!,
            definition.GetProperty("attributes").EnumerateArray()
                .Select(a => new GeoField(Record(a), a.TryGetProperty("values", out var values)
                    ? values.EnumerateArray().Select(v => (Text(v.GetProperty("key"))!, Text(v.GetProperty("name"))!)).ToList()
                    : []))
                .ToList());
    }

    public IReadOnlyList<GeoEndpoint> Endpoints()
    {
        if (IsXml)
        {
            var root = XDocument.Parse(Body).Root!;
            return root.Element("endpoints")!.Elements("endpoint")
                .Select(e => new GeoEndpoint(
                    e.Element("specification")!.Value, e.Element("url")!.Value, e.Element("type")!.Value,
                    e.Element("formats")!.Elements("format").Select(f => f.Value).ToList()))
                .ToList();
        }

        using var json = JsonDocument.Parse(Body);
        return json.RootElement.GetProperty("endpoints").EnumerateArray()
            .Select(e => new GeoEndpoint(
                e.GetProperty("specification").GetString()!, e.GetProperty("url").GetString()!, e.GetProperty("type").GetString()!,
                e.GetProperty("formats").EnumerateArray().Select(f => f.GetString()!).ToList()))
            .ToList();
    }

    /// <summary>The discovery document's top-level text fields (changeset, contact, key_service).</summary>
    public string? DiscoveryField(string name)
    {
        if (IsXml)
        {
            return XDocument.Parse(Body).Root!.Element(name)?.Value;
        }

        using var json = JsonDocument.Parse(Body);
        return json.RootElement.TryGetProperty(name, out var value) ? Text(value) : null;
    }

    private static Dictionary<string, string?> Record(XElement element) =>
        element.Elements().Where(e => !e.HasElements)
            .ToDictionary(e => e.Name.LocalName, e => e.Value.Length == 0 ? null : e.Value);

    private static Dictionary<string, string?> Record(JsonElement element) =>
        element.EnumerateObject().Where(p => p.Value.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
            .ToDictionary(p => p.Name, p => Text(p.Value));

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}
