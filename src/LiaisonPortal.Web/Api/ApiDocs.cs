using LiaisonPortal.Web.Hosting;

namespace LiaisonPortal.Web.Api;

/// <summary>
/// The values a string field or query parameter accepts, for the OpenAPI document: an enum's names as this API writes
/// them (<see cref="ApiNames"/>), or a fixed list. The handlers still check the value themselves.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property, AllowMultiple = false)]
public sealed class ApiValuesAttribute : Attribute
{
    private readonly string[] _values;

    public ApiValuesAttribute(Type enumType)
    {
        ArgumentNullException.ThrowIfNull(enumType);
        EnumType = enumType;
        _values = [];
    }

    public ApiValuesAttribute(params string[] values)
    {
        _values = values;
    }

    public Type? EnumType { get; }

    /// <summary>The enum's names as declared (PascalCase), as the public directory writes them, not camelCase.</summary>
    public bool AsDeclared { get; init; }

    public IReadOnlyList<string> Values => EnumType is null
        ? _values
        : [.. Enum.GetValues(EnumType).Cast<Enum>().Select(v => AsDeclared ? v.ToString() : ApiNames.OfAny(v))];
}

/// <summary>What the endpoints declare for the OpenAPI document beyond their typed results.</summary>
public static class ApiDocs
{
    /// <summary>Shared by every move on an opinion or a suggestion.</summary>
    public const string MoveDescription =
        "正文可带 version（GET 答复中的版本号），也可用 If-Match 请求头；版本已变时答复 409。成功时答复新的状态和版本，ETag 头为新版本号。";

    /// <summary>A move on a case: a JSON body, the new state and version, and every refusal the workflow can give.</summary>
    public static RouteHandlerBuilder Move<TBody, TMoved>(this RouteHandlerBuilder builder, string summary)
        where TBody : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .WithSummary(summary)
            .WithDescription(MoveDescription)
            .JsonBody<TBody>()
            .Produces<TMoved>()
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>
    /// The JSON body an endpoint reads itself, for the document only. Not <c>Accepts</c>: its metadata makes routing
    /// answer a bare 415 to another content type, where the endpoint answers a 400 problem naming the body.
    /// </summary>
    public static RouteHandlerBuilder JsonBody<TBody>(this RouteHandlerBuilder builder)
        where TBody : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new JsonBodyMetadata(typeof(TBody)));
    }

    /// <summary>Summary and, when given, description: Chinese keys the document translates per request.</summary>
    public static TBuilder Describe<TBuilder>(this TBuilder builder, string summary, string? description = null)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithSummary(summary);
        return description is null ? builder : builder.WithDescription(description);
    }
}

/// <summary>Names the JSON body type of an endpoint that reads its body by hand (see <see cref="ApiDocs.JsonBody{TBody}"/>).</summary>
public sealed class JsonBodyMetadata(Type type)
{
    public Type Type { get; } = type;
}
