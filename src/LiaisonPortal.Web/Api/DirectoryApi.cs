using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Api;

public sealed record PageResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total, int TotalPages);

public static class PageResponse
{
    public static PageResponse<T> From<TSource, T>(Page<TSource> page, Func<TSource, T> map)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new(page.Items.Select(map).ToList(), page.Number, page.Size, page.Total, page.TotalPages);
    }
}

public sealed record StationJson(
    string Code, string Name, [property: JsonConverter(typeof(JsonStringEnumConverter<StationKind>))] StationKind Kind,
    string RegionCode, string RegionName, string Address, string? OpeningHours, double? Latitude, double? Longitude, int DeputyCount);

public sealed record StationDetailJson(
    StationJson Station, string? ContactPhone, IReadOnlyList<EnrolledDeputyJson> Deputies, IReadOnlyList<ReceptionDayJson> NextReceptionDays);

/// <summary>
/// A coming reception day: date (yyyy-MM-dd) and times (HH:mm) in China time; address is a mobile session's own place or
/// the station's; deputies are the public codes of those on duty.
/// </summary>
public sealed record ReceptionDayJson(
    DateOnly Date, string Start, string End, [property: JsonConverter(typeof(CamelCaseEnumConverter<ReceptionMode>))] ReceptionMode Mode,
    string Address, string? Topic, string? MeetingLink, IReadOnlyList<string> Deputies);

/// <summary>An enum as its camelCase name ("atStation", "mobile").</summary>
public sealed class CamelCaseEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where T : struct, Enum;

public sealed record EnrolledDeputyJson(string Code, string Name, [property: JsonConverter(typeof(JsonStringEnumConverter<DeputyLevel>))] DeputyLevel Level, bool IsPrimary);

public sealed record DeputyJson(
    string Code, string Name, [property: JsonConverter(typeof(JsonStringEnumConverter<DeputyLevel>))] DeputyLevel Level, string? Occupation,
    IReadOnlyList<DeputyStationJson> Stations);

public sealed record DeputyStationJson(string Code, string Name, [property: JsonConverter(typeof(JsonStringEnumConverter<StationKind>))] StationKind Kind, bool IsPrimary);

public sealed record DeputyProfileJson(DeputyJson Deputy, string? Constituency, string? Delegation, string? Commitment, DateOnly? TermStart, DateOnly? TermEnd);

/// <summary>The public, read-only directory: active stations and deputies, public fields only, paged.</summary>
public static class DirectoryApi
{
    public static IEndpointRouteBuilder MapDirectoryApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").RequireRateLimiting(PortalWeb.PublicRateLimit).WithTags(ApiTags.Directory);
        api.MapGet("/stations", SearchStationsAsync)
            .Describe("家站点名录", "公开的、在用的家站点，可按行政区划（含下级）、类型和关键词查找，分页。");
        api.MapGet("/stations/{code}", GetStationAsync)
            .Describe("家站点详情", "家站点的公开信息、编入的代表和近期接待日。");
        api.MapGet("/deputies", SearchDeputiesAsync)
            .Describe("代表名录", "公开的、在任的代表，可按行政区划、层级和关键词查找，分页。");
        api.MapGet("/deputies/{code}", GetDeputyAsync)
            .Describe("代表详情", "代表的公开信息、所在家站点、选区和履职承诺。");
        routes.MapGet("/photos/deputies/{code}", GetPhotoAsync).RequireRateLimiting(PortalWeb.PublicRateLimit);
        return routes;
    }

    /// <summary>An active deputy's photo, cached for a day; pages add ?v= with the photo's version, so a new one shows at once.</summary>
    private static async Task<IResult> GetPhotoAsync(HttpContext context, Core.Management.DirectoryEditor editor, string code, CancellationToken cancellationToken)
    {
        var photo = await editor.PublicPhotoAsync(code, cancellationToken);
        if (photo is null)
        {
            return TypedResults.NotFound();
        }

        var etag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue(
            "\"" + photo.UpdatedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"");
        context.Response.Headers.CacheControl = "public, max-age=86400";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(photo.Content, photo.ContentType, lastModified: photo.UpdatedAt, entityTag: etag);
    }

    private static async Task<Results<Ok<PageResponse<StationJson>>, ValidationProblem>> SearchStationsAsync(
        PublicDirectory directory, string? region, [ApiValues(typeof(StationKind), AsDeclared = true)] string? kind, string? q, int? page, int? pageSize,
        IStringLocalizer<SharedResource> localizer, CancellationToken cancellationToken)
    {
        if (ParseEnum<StationKind>(kind, "kind", localizer, out var stationKind) is { } problem)
        {
            return problem;
        }

        var result = await directory.SearchStationsAsync(new StationFilter(region, stationKind, q), new PageRequest(page, pageSize), cancellationToken);
        return TypedResults.Ok(PageResponse.From<StationCard, StationJson>(result, ToJson));
    }

    private static async Task<Results<Ok<StationDetailJson>, NotFound>> GetStationAsync(
        PublicDirectory directory, PublicReception reception, string code, CancellationToken cancellationToken)
    {
        if (await directory.GetStationAsync(code, cancellationToken) is not { } detail)
        {
            return TypedResults.NotFound();
        }

        var schedule = await reception.ScheduleAsync(code, cancellationToken: cancellationToken);
        var days = (schedule?.Next ?? []).Select(d => new ReceptionDayJson(
            d.Date, d.Start.ToString("HH:mm", CultureInfo.InvariantCulture), d.End.ToString("HH:mm", CultureInfo.InvariantCulture), d.Mode,
            d.Address, d.Topic, d.MeetingLink, d.OnDuty.Select(x => x.Code).ToList())).ToList();
        return TypedResults.Ok(new StationDetailJson(ToJson(detail.Station), detail.ContactPhone,
            detail.Deputies.Select(d => new EnrolledDeputyJson(d.Code, d.Name, d.Level, d.IsPrimary)).ToList(), days));
    }

    private static async Task<Results<Ok<PageResponse<DeputyJson>>, ValidationProblem>> SearchDeputiesAsync(
        PublicDirectory directory, string? region, [ApiValues(typeof(DeputyLevel), AsDeclared = true)] string? level, string? q, int? page, int? pageSize,
        IStringLocalizer<SharedResource> localizer, CancellationToken cancellationToken)
    {
        if (ParseEnum<DeputyLevel>(level, "level", localizer, out var deputyLevel) is { } problem)
        {
            return problem;
        }

        var result = await directory.SearchDeputiesAsync(new DeputyFilter(region, deputyLevel, q), new PageRequest(page, pageSize), cancellationToken);
        return TypedResults.Ok(PageResponse.From<DeputyCard, DeputyJson>(result, ToJson));
    }

    private static async Task<Results<Ok<DeputyProfileJson>, NotFound>> GetDeputyAsync(PublicDirectory directory, string code, CancellationToken cancellationToken) =>
        await directory.GetDeputyAsync(code, cancellationToken) is { } profile
            ? TypedResults.Ok(new DeputyProfileJson(ToJson(profile.Deputy), profile.Constituency, profile.Delegation, profile.Commitment, profile.TermStart, profile.TermEnd))
            : TypedResults.NotFound();

    private static StationJson ToJson(StationCard s) =>
        new(s.Code, s.Name, s.Kind, s.RegionCode, s.RegionName, s.Address, s.OpeningHours, s.Latitude, s.Longitude, s.DeputyCount);

    private static DeputyJson ToJson(DeputyCard d) =>
        new(d.Code, d.Name, d.Level, d.Occupation, d.Stations.Select(s => new DeputyStationJson(s.Code, s.Name, s.Kind, s.IsPrimary)).ToList());

    /// <summary>Accepts the enum's name in any case; anything else, numbers included, is a 400 naming the allowed values.</summary>
    private static ValidationProblem? ParseEnum<T>(string? value, string field, IStringLocalizer localizer, out T? parsed)
        where T : struct, Enum
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!value.All(char.IsAsciiLetter) || !Enum.TryParse<T>(value, ignoreCase: true, out var result))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [field] = [localizer["{0} 须为以下之一：{1}。", field, string.Join(", ", Enum.GetNames<T>())]],
            });
        }

        parsed = result;
        return null;
    }
}
