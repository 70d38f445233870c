using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace LiaisonPortal.Web.Hosting;

/// <summary>The OpenAPI document as the staff help page shows it: sections by tag, each operation with what a caller needs.</summary>
public sealed record ApiReference(string Title, string? Description, string Version, string? TokenHelp, IReadOnlyList<ApiSection> Sections)
{
    public IEnumerable<ApiOperationView> Operations => Sections.SelectMany(s => s.Operations);

    /// <summary>Reads the generated document; nothing here is written by hand.</summary>
    public static ApiReference Read(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var operations = new List<(string Tag, ApiOperationView View)>();
        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                var tag = operation.Tags?.FirstOrDefault()?.Name ?? string.Empty;
                operations.Add((tag, new ApiOperationView(
                    operation.OperationId ?? method.Method + path,
                    method.Method.ToUpperInvariant(),
                    path,
                    operation.Summary,
                    operation.Description,
                    operation.Security is { Count: > 0 },
                    Parameters(operation),
                    Body(document, operation),
                    Responses(operation))));
            }
        }

        var tags = document.Tags?.ToList() ?? [];
        var sections = tags
            .Select(t => new ApiSection(t.Name ?? string.Empty, Heading(t), t.Description, operations.Where(o => o.Tag == t.Name).Select(o => o.View).ToList()))
            .Concat(operations.Where(o => tags.All(t => t.Name != o.Tag)).GroupBy(o => o.Tag)
                .Select(g => new ApiSection(g.Key, g.Key, null, g.Select(o => o.View).ToList())))
            .Where(s => s.Operations.Count > 0)
            .ToList();
        var token = document.Components?.SecuritySchemes?.Values.FirstOrDefault()?.Description;
        return new ApiReference(document.Info?.Title ?? string.Empty, document.Info?.Description, document.Info?.Version ?? string.Empty, token, sections);
    }

    private static string Heading(OpenApiTag tag) =>
        tag.Extensions?.TryGetValue("x-displayName", out var name) == true && name is JsonNodeExtension { Node: JsonValue value }
            ? value.ToString()
            : tag.Name ?? string.Empty;

    private static List<ApiParameterView> Parameters(OpenApiOperation operation) =>
        (operation.Parameters ?? [])
            .OrderBy(p => p.In == ParameterLocation.Path ? 0 : 1)
            .Select(p => new ApiParameterView(p.Name ?? string.Empty, p.In?.ToString().ToLowerInvariant() ?? string.Empty, TypeOf(p.Schema), Values(p.Schema), p.Required, p.Description))
            .ToList();

    /// <summary>The body's fields, and one level further for a field that is itself an object (or a list of objects).</summary>
    private static ApiBodyView? Body(OpenApiDocument document, OpenApiOperation operation)
    {
        if (operation.RequestBody?.Content is not { Count: > 0 } content)
        {
            return null;
        }

        var (mediaType, media) = content.First();
        var fields = new List<ApiFieldView>();
        foreach (var (name, property) in Resolve(document, media.Schema)?.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            fields.Add(new ApiFieldView(name, TypeOf(property), Values(property)));
            var nested = property.Type is { } type && type.HasFlag(JsonSchemaType.Array) ? property.Items : property;
            var suffix = ReferenceEquals(nested, property) ? "." : "[].";
            foreach (var (child, childSchema) in Resolve(document, nested)?.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                fields.Add(new ApiFieldView(name + suffix + child, TypeOf(childSchema), Values(childSchema)));
            }
        }

        return new ApiBodyView(mediaType, TypeOf(media.Schema), fields);
    }

    private static List<ApiResponseView> Responses(OpenApiOperation operation) =>
        (operation.Responses ?? [])
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new ApiResponseView(
                r.Key,
                r.Value.Description ?? string.Empty,
                r.Value.Content?.FirstOrDefault() is { Key: { } media, Value: var body } ? media : null,
                r.Value.Content?.Values.FirstOrDefault()?.Schema is { } schema ? TypeOf(schema) : null))
            .ToList();

    /// <summary>An object schema behind a reference (or a nullable reference); null for anything that is not an object.</summary>
    private static IOpenApiSchema? Resolve(OpenApiDocument document, IOpenApiSchema? schema)
    {
        if (schema?.OneOf is { Count: > 0 } oneOf)
        {
            schema = oneOf.FirstOrDefault(s => s.Type != JsonSchemaType.Null);
        }

        if (schema is OpenApiSchemaReference { Reference.Id: { } id } && document.Components?.Schemas?.TryGetValue(id, out var target) == true)
        {
            schema = target;
        }

        return schema?.Properties is { Count: > 0 } ? schema : null;
    }

    /// <summary>
    /// A short type: a schema's name, <c>T[]</c>, <c>integer</c>, <c>string (date)</c>, with <c>?</c> when null is allowed.
    /// Numbers also read from strings (the web JSON defaults) are shown as the number they are.
    /// </summary>
    public static string TypeOf(IOpenApiSchema? schema)
    {
        if (schema is null)
        {
            return string.Empty;
        }

        if (schema is OpenApiSchemaReference { Reference.Id: { } id })
        {
            return id;
        }

        if (schema.OneOf is { Count: > 0 } oneOf)
        {
            var types = oneOf.Where(s => s.Type != JsonSchemaType.Null).Select(TypeOf).ToList();
            return string.Join(" | ", types) + (oneOf.Any(s => s.Type == JsonSchemaType.Null) ? "?" : string.Empty);
        }

        var type = schema.Type ?? 0;
        var nullable = type.HasFlag(JsonSchemaType.Null) ? "?" : string.Empty;
        string name;
        if (type.HasFlag(JsonSchemaType.Array))
        {
            name = TypeOf(schema.Items) + "[]";
        }
        else if (type.HasFlag(JsonSchemaType.Integer))
        {
            name = "integer";
        }
        else if (type.HasFlag(JsonSchemaType.Number))
        {
            name = "number";
        }
        else if (type.HasFlag(JsonSchemaType.Boolean))
        {
            name = "boolean";
        }
        else if (type.HasFlag(JsonSchemaType.String))
        {
            name = schema.Format is "date" or "date-time" ? "string (" + schema.Format + ")" : "string";
        }
        else if (type.HasFlag(JsonSchemaType.Object))
        {
            name = "object";
        }
        else
        {
            name = schema.Enum is { Count: > 0 } ? "string" : "any";
        }

        return name + nullable;
    }

    /// <summary>The accepted values, when the schema lists them.</summary>
    public static IReadOnlyList<string> Values(IOpenApiSchema? schema) =>
        schema?.Enum is { Count: > 0 } values ? [.. values.Where(v => v is not null).Select(v => v.ToString())] : [];
}

public sealed record ApiSection(string Tag, string Heading, string? Description, IReadOnlyList<ApiOperationView> Operations)
{
    public string Anchor => "tag-" + Tag;
}

public sealed record ApiOperationView(
    string Id, string Method, string Path, string? Summary, string? Description, bool RequiresToken,
    IReadOnlyList<ApiParameterView> Parameters, ApiBodyView? Body, IReadOnlyList<ApiResponseView> Responses);

public sealed record ApiParameterView(string Name, string In, string Type, IReadOnlyList<string> Values, bool Required, string? Description);

public sealed record ApiBodyView(string MediaType, string Schema, IReadOnlyList<ApiFieldView> Fields);

public sealed record ApiFieldView(string Name, string Type, IReadOnlyList<string> Values);

public sealed record ApiResponseView(string Status, string Description, string? MediaType, string? Schema);
