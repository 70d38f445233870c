using System.Text.Json.Nodes;
using LiaisonPortal.Web.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.OpenApi;

namespace LiaisonPortal.Web.Hosting;

/// <summary>
/// The OpenAPI document of the JSON API under /api/v1, generated from the endpoints at /openapi/v1.json. Summaries,
/// descriptions and tags are written in Chinese on the endpoints and translated here through the localizer, so the
/// document follows the request's language (?culture=en gives English) like every page does.
/// </summary>
public static class PortalOpenApi
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string BearerScheme = "Bearer";
    public const string ApiPrefix = "/api/v1";

    /// <summary>The one list of tags: name in the document, heading (x-displayName) and description, in that order.</summary>
    public static readonly IReadOnlyList<(string Name, string Heading, string Description)> Tags =
    [
        (ApiTags.Auth, "登录与账号", "用工作人员账号换取令牌（bearer token）、刷新令牌、查看当前账号。令牌有效 30 分钟，刷新令牌有效 12 小时。"),
        (ApiTags.Opinions, "群众意见", "群众意见建议的登记、查询和办理：分类、交办、答复、反馈、不予受理、合并、上报、督办；以及群众对答复的评价。"),
        (ApiTags.Suggestions, "代表建议", "代表建议的提出、审核、交办、办理、答复、评价和重点督办。"),
        (ApiTags.Directory, "基础信息", "公开的家站点和代表名录，意见分类，以及工作人员交办时选用的承办单位。"),
    ];

    public static IServiceCollection AddPortalOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            // Only the JSON API: not the QR images, photos, Razor Pages, health checks or the Open311 interface.
            options.ShouldInclude = description => ("/" + description.RelativePath).StartsWith(ApiPrefix + "/", StringComparison.OrdinalIgnoreCase);
            options.AddDocumentTransformer<PortalDocumentTransformer>();
            options.AddOperationTransformer<PortalOperationTransformer>();
            options.AddSchemaTransformer((schema, context, _) =>
            {
                // A string property's accepted values, from [ApiValues] on the record's property.
                if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(ApiValuesAttribute), inherit: false) is [ApiValuesAttribute values, ..])
                {
                    // A nullable property may also be null; a validator reading the enum must accept that too.
                    var nullable = schema.Type is { } type && type.HasFlag(JsonSchemaType.Null);
                    schema.Enum = [.. values.Values.Select(v => (JsonNode)JsonValue.Create(v)), .. nullable ? new JsonNode[] { null! } : []];
                }

                return Task.CompletedTask;
            });
        });

    /// <summary>
    /// Public, under the public rate limit: the document describes only routes that guard themselves (bearer token or
    /// citizen proof), and partners' developers and code generators read it before they have an account.
    /// </summary>
    public static IEndpointRouteBuilder MapPortalOpenApi(this IEndpointRouteBuilder routes)
    {
        // The one document by its literal address: another name is the portal's own 404 page, not a bare English line.
        routes.MapOpenApi(DocumentPath).RequireRateLimiting(PortalWeb.PublicRateLimit);
        return routes;
    }

    /// <summary>The same document the endpoint serves, built in-process for the current request's language.</summary>
    public static Task<OpenApiDocument> DocumentAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredKeyedService<IOpenApiDocumentProvider>(DocumentName).GetOpenApiDocumentAsync(cancellationToken);
    }
}

/// <summary>Tag names as the document and generated clients see them.</summary>
public static class ApiTags
{
    public const string Auth = "auth";
    public const string Opinions = "opinions";
    public const string Suggestions = "suggestions";
    public const string Directory = "directory";
}

/// <summary>Title, description, version, the bearer scheme and the tags with their headings.</summary>
internal sealed class PortalDocumentTransformer(IStringLocalizer<SharedResource> localizer) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = localizer["人大代表联络站服务平台 JSON 接口"],
            Version = PortalOpenApi.DocumentName,
            Description = string.Join("\n\n",
                localizer["工作人员和公众使用的 JSON 接口（/api/v1）。需要登录的接口先用 POST /api/v1/auth/login 换取令牌，再在请求头中带上 Authorization: Bearer <令牌>。"],
                localizer["错误以 application/problem+json 答复，detail 为中文说明；枚举值为 camelCase 字符串；办理动作可在正文 version 或 If-Match 请求头中带上 GET 答复的版本号，版本已变时答复 409。"],
                localizer["中文：/openapi/v1.json；English: /openapi/v1.json?culture=en。其他平台（12345 热线、民意征集系统）请使用 Open311 接口 /open311/v2/。"]),
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[PortalOpenApi.BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = localizer["POST /api/v1/auth/login 答复中的 accessToken，30 分钟内有效；过期后用 refreshToken 调用 POST /api/v1/auth/refresh。"].Value,
        };
        document.Tags = new HashSet<OpenApiTag>(PortalOpenApi.Tags.Select(tag => new OpenApiTag
        {
            Name = tag.Name,
            Description = localizer[tag.Description].Value,
            Extensions = new Dictionary<string, IOpenApiExtension> { ["x-displayName"] = new JsonNodeExtension(JsonValue.Create(localizer[tag.Heading].Value)) },
        }));
        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                operation.OperationId ??= OperationId(method, path);
                UnrequireBody(document, operation);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>"POST /api/v1/opinions/{trackingCode}/classify" → "postOpinionsClassify": unique, stable names for generated clients.</summary>
    private static string OperationId(HttpMethod method, string path)
    {
        var words = path[PortalOpenApi.ApiPrefix.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(segment => segment.StartsWith('{') ? "By" + char.ToUpperInvariant(segment[1]) + segment[2..^1] : char.ToUpperInvariant(segment[0]) + segment[1..]);
        return method.Method.ToLowerInvariant() + string.Concat(words);
    }

    /// <summary>
    /// A request body's fields are all optional to the JSON reader (a record's constructor parameters are not required);
    /// the service names what is missing in a 400. The schema says so, instead of listing every field as required.
    /// </summary>
    private static void UnrequireBody(OpenApiDocument document, OpenApiOperation operation)
    {
        foreach (var media in operation.RequestBody?.Content?.Values ?? [])
        {
            if (media.Schema is OpenApiSchemaReference { Reference.Id: { } id } && document.Components?.Schemas?.TryGetValue(id, out var target) == true
                && target is OpenApiSchema schema)
            {
                schema.Required?.Clear();
            }
        }
    }
}

/// <summary>
/// Per operation: the translated summary and description, the bearer requirement and its 401 where the endpoint
/// demands a token, and the 429 the rate limiter answers where one applies.
/// </summary>
internal sealed class PortalOperationTransformer(IStringLocalizer<SharedResource> localizer) : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Api.JsonBodyMetadata>().FirstOrDefault() is { } body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new OpenApiMediaType { Schema = await BodySchemaAsync(body.Type, context, cancellationToken) },
                },
            };
        }

        if (operation.Summary is { Length: > 0 } summary)
        {
            operation.Summary = localizer[summary].Value;
        }

        if (operation.Description is { Length: > 0 } description)
        {
            operation.Description = localizer[description].Value;
        }

        DescribeParameters(operation, context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= [];
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(PortalOpenApi.BearerScheme, context.Document)] = [],
            });
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = localizer["没有令牌、令牌无效或已过期。"].Value });
        }
        else if (operation.Responses.TryGetValue("401", out var refused) && refused is OpenApiResponse signIn)
        {
            // Only sign-in and refresh answer 401 without asking for a token: the credentials were refused.
            signIn.Description = localizer["邮箱或密码不对、账号已锁定，或刷新令牌无效。"].Value;
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            operation.Responses.TryAdd("429", new OpenApiResponse { Description = localizer["请求过于频繁：请按 Retry-After 头的秒数等待后再试。"].Value });
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (response is OpenApiResponse concrete && (string.IsNullOrEmpty(concrete.Description) || concrete.Description == ReasonPhrase(status)))
            {
                concrete.Description = localizer[StatusText(status)].Value;
            }
        }

    }

    /// <summary>The body's schema, kept once under components like the generated ones and referred to by its type's name.</summary>
    private static async Task<IOpenApiSchema> BodySchemaAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
        if (context.Document is not { } document)
        {
            return schema;
        }

        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.TryAdd(type.Name, schema);
        return new OpenApiSchemaReference(type.Name, document);
    }

    /// <summary>Each query and path parameter's meaning, and the values it accepts where the handler names them.</summary>
    private void DescribeParameters(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (string.IsNullOrEmpty(parameter.Description) && parameter.Name is { } name && ParameterText.TryGetValue(name, out var text))
            {
                parameter.Description = localizer[text].Value;
            }

            var declared = context.Description.ParameterDescriptions
                .FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.Ordinal))?.ParameterDescriptor as IParameterInfoParameterDescriptor;
            if (declared?.ParameterInfo.GetCustomAttributes(typeof(ApiValuesAttribute), inherit: false) is [ApiValuesAttribute values, ..])
            {
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. values.Values.Select(v => (JsonNode)JsonValue.Create(v))] };
            }
        }
    }

    private static readonly Dictionary<string, string> ParameterText = new(StringComparer.Ordinal)
    {
        ["trackingCode"] = "意见的查询码。",
        ["number"] = "建议编号（URL 编码），草稿没有编号时用它的 id。",
        ["code"] = "编号：家站点编号或代表编号。",
        ["q"] = "关键词。",
        ["after"] = "上一页答复中的 after，取下一页。",
        ["size"] = "每页条数。",
        ["page"] = "页码，从 1 开始。",
        ["pageSize"] = "每页条数。",
        ["region"] = "行政区划代码，含下级区划。",
        ["state"] = "状态。",
        ["category"] = "分类代码。",
        ["grade"] = "分级。",
        ["station"] = "家站点编号。",
        ["deputy"] = "代表编号。",
        ["unit"] = "承办单位代码。",
        ["channel"] = "来源渠道。",
        ["overdue"] = "true 只看超期的，false 只看未超期的。",
        ["batch"] = "批次的编号（整数）。",
        ["key"] = "true 只看重点督办的。",
        ["kind"] = "家站点类型。",
        ["level"] = "代表层级。",
    };

    private static string? ReasonPhrase(string status) =>
        int.TryParse(status, System.Globalization.CultureInfo.InvariantCulture, out var code) ? Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(code) : null;

    /// <summary>What each status means in this API, in place of the bare reason phrase.</summary>
    private static string StatusText(string status) => status switch
    {
        "200" => "成功。",
        "201" => "已创建：Location 头为新资源的地址。",
        "204" => "成功，没有正文。",
        "400" => "请求不正确：errors 按字段列出问题。",
        "401" => "没有令牌、令牌无效或已过期。",
        "403" => "当前账号的角色不能做这个动作。",
        "404" => "没有找到，或不在当前账号的权限范围内。",
        "409" => "现在的状态不能做这个动作，或版本已变（请重新 GET 后再试）。",
        "429" => "请求过于频繁：请按 Retry-After 头的秒数等待后再试。",
        "503" => "暂时无法保存，请稍后再试。",
        _ => status,
    };
}
