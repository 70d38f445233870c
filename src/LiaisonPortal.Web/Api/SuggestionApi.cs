using System.Globalization;
using System.Text.Json;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Api;

public sealed record FileSuggestionRequest(
    string? Title, string? Content, string? CategoryCode, IReadOnlyList<string>? CosignerCodes, IReadOnlyList<string>? SourceCodes, bool? Submit);

public sealed record ReviewRequest([property: ApiValues("accept", "return", "convert")] string? Decision, string? Reason, string? Note, uint? Version) : IVersionedRequest;

public sealed record SuggestionAssignRequest(string? LeadUnitCode, IReadOnlyList<string>? CoUnitCodes, DateOnly? DueOn, string? Note, uint? Version) : IVersionedRequest;

public sealed record ViewRequest(string? View, uint? Version) : IVersionedRequest;

public sealed record ContactRequest([property: ApiValues(typeof(ContactStage))] string? Stage, [property: ApiValues(typeof(ContactMode))] string? Mode, DateOnly? On, string? Note, uint? Version) : IVersionedRequest;

public sealed record ReplyRequest(string? Content, [property: ApiValues("A", "B", "C")] string? Grade, DateOnly? PlannedOn, string? Reason, uint? Version) : IVersionedRequest;

public sealed record SuggestionEvaluationRequest([property: ApiValues(typeof(Rating))] string? Rating, string? Comment, uint? Version) : IVersionedRequest;

public sealed record KeySuggestionRequest(bool? IsKey, string? Leader, string? Note, uint? Version) : IVersionedRequest;

public sealed record SuggestionPageJson(IReadOnlyList<SuggestionRowJson> Items, string? After, int Total);

public sealed record SuggestionRowJson(
    int Id, string? Number, string Title, string State, string DeputyName, string? CategoryName, string? LeadUnitName, DateOnly? DueOn,
    bool Overdue, bool Key, string? KeyLeader, int Round, DateTimeOffset UpdatedAt, string? Grade, string? Rating);

public sealed record SuggestionSourceJson(string TrackingCode, string Title, string State);

public sealed record SuggestionFileJson(int Id, string FileName, string ContentType, int Length, string Url);

public sealed record SuggestionUnitJson(
    int Round, string Code, string Name, bool Lead, DateTimeOffset? AssignedAt, DateOnly? DueOn, string? View, DateTimeOffset? ViewAt, string? Reply,
    string? Grade, DateOnly? PlannedOn, string? Reason, DateTimeOffset? RepliedAt, DateTimeOffset? SentBackAt, string? SentBackReason);

public sealed record SuggestionContactJson(int Round, string UnitName, string Stage, string Mode, DateOnly On, string Note, string? RecordedBy);

public sealed record SuggestionHistoryJson(string Action, string State, DateTimeOffset At, string? Note, string? InternalNote, string? Actor);

public sealed record SuggestionJson(
    int Id, string? Number, string? BatchName, string State, uint Version, string Title, string Content, string? CategoryCode, string? CategoryName,
    CodeNameJson Deputy, IReadOnlyList<CodeNameJson> Cosigners, IReadOnlyList<SuggestionSourceJson> Sources, IReadOnlyList<SuggestionFileJson> Files,
    DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, int Round, DateOnly? DueOn, bool Overdue, bool Key, string? KeyLeader, string? ConvertedInto,
    IReadOnlyList<SuggestionUnitJson> Units, IReadOnlyList<SuggestionContactJson> Contacts, IReadOnlyList<RatingJson> Ratings, IReadOnlyList<SuggestionHistoryJson> History);

public sealed record SuggestionMovedJson(int Id, string? Number, string State, uint Version, int Round);

/// <summary>
/// Deputies' suggestions over JSON (issue 7), the opinion API's twin: the same bearer tokens, problem+json errors with a
/// Chinese detail, camelCase enum strings, the version in the body or If-Match. A suggestion is addressed by its number
/// (URL-encoded, e.g. 2026-闭会期间-第0001号) or, while a draft has none, by its id; outside the caller's scope it is 404.
/// Every move goes through <see cref="SuggestionCases"/>, which decides who may make it (403) and when (409).
/// </summary>
public static class SuggestionApi
{
    public const int DefaultPageSize = 50;

    public static IEndpointRouteBuilder MapSuggestionApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/suggestions").RequireAuthorization(AreaPolicies.Api).WithTags(ApiTags.Suggestions);
        api.MapGet("/", ListAsync)
            .Describe("建议列表", "权限范围内的代表建议，可按状态、批次、承办单位、分类、是否重点督办、是否超期和关键词筛选；下一页用上一页答复中的 after。")
            .Produces<SuggestionPageJson>()
            .ProducesValidationProblem();
        api.MapGet("/{number}", GetAsync)
            .Describe("建议详情", "按建议编号（URL 编码，如 2026-闭会期间-第0001号）或草稿的 id 查看：内容、附议代表、来源意见、附件、承办单位、沟通、评价和办理记录；ETag 头为版本号。")
            .Produces<SuggestionJson>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/", FileAsync)
            .Describe("提出建议（代表）", "代表提出建议；submit 为 false 时存为草稿。答复 201，Location 头为建议的地址。")
            .JsonBody<FileSuggestionRequest>()
            .Produces<SuggestionMovedJson>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{number}/review", (HttpContext context, string number) =>
            MoveAsync<ReviewRequest>(context, number, (cases, actor, id, body, version, ct) => Review(context, cases, actor, id, body, version, ct)))
            .Move<ReviewRequest, SuggestionMovedJson>("审核（接收、退回或转为群众意见）");
        api.MapPost("/{number}/propose", (HttpContext context, string number) =>
            MoveAsync<SuggestionAssignRequest>(context, number, (cases, actor, id, body, version, ct) =>
                cases.ProposeAsync(actor, id, new AssignInput(body.LeadUnitCode, body.CoUnitCodes, body.DueOn, body.Note), version, ct)))
            .Move<SuggestionAssignRequest, SuggestionMovedJson>("拟定承办单位");
        api.MapPost("/{number}/assign", (HttpContext context, string number) =>
            MoveAsync<SuggestionAssignRequest>(context, number, (cases, actor, id, body, version, ct) =>
                cases.AssignAsync(actor, id, new AssignInput(body.LeadUnitCode, body.CoUnitCodes, body.DueOn, body.Note), version, ct)))
            .Move<SuggestionAssignRequest, SuggestionMovedJson>("交办承办单位");
        api.MapPost("/{number}/views", (HttpContext context, string number) =>
            MoveAsync<ViewRequest>(context, number, (cases, actor, id, body, _, ct) => cases.ViewAsync(actor, id, body.View, ct)))
            .Move<ViewRequest, SuggestionMovedJson>("提交协办意见（协办单位）");
        api.MapPost("/{number}/contact", (HttpContext context, string number) =>
            MoveAsync<ContactRequest>(context, number, (cases, actor, id, body, _, ct) =>
                Parse<ContactStage>(context, body.Stage, "stage", out var stage) ?? Parse<ContactMode>(context, body.Mode, "mode", out var mode)
                    ?? cases.ContactAsync(actor, id, new ContactInput(stage, mode, body.On, body.Note), ct)))
            .Move<ContactRequest, SuggestionMovedJson>("记录与代表的沟通（承办单位）");
        api.MapPost("/{number}/reply", (HttpContext context, string number) =>
            MoveAsync<ReplyRequest>(context, number, (cases, actor, id, body, version, ct) =>
                ParseGrade(context, body.Grade, out var grade) ?? cases.ReplyAsync(actor, id, new ReplyInput(body.Content, grade, body.PlannedOn, body.Reason), version, ct)))
            .Move<ReplyRequest, SuggestionMovedJson>("答复代表（主办单位）");
        api.MapPost("/{number}/sendback", (HttpContext context, string number) =>
            MoveAsync<ReasonRequest>(context, number, (cases, actor, id, body, version, ct) => cases.SendBackAsync(actor, id, body.Reason, version, ct)))
            .Move<ReasonRequest, SuggestionMovedJson>("退回交办（承办单位）");
        api.MapPost("/{number}/evaluate", (HttpContext context, string number) =>
            MoveAsync<SuggestionEvaluationRequest>(context, number, (cases, actor, id, body, version, ct) =>
                Parse<Rating>(context, body.Rating, "rating", out var rating) ?? cases.EvaluateAsync(actor, id, rating, body.Comment, version, ct)))
            .Move<SuggestionEvaluationRequest, SuggestionMovedJson>("代表评价答复");
        api.MapPost("/{number}/supervise", (HttpContext context, string number) =>
            MoveAsync<KeySuggestionRequest>(context, number, (cases, actor, id, body, _, ct) => cases.SuperviseAsync(actor, id, body.IsKey ?? false, body.Leader, body.Note, ct)))
            .Move<KeySuggestionRequest, SuggestionMovedJson>("重点督办");
        return routes;
    }

    /// <summary>A grade as A, B or C (or the opinion API's result names).</summary>
    public static string GradeOf(AnswerResult grade) => SuggestionCases.GradeLetter(grade);

    private static async Task<IResult> ListAsync(
        HttpContext context, SuggestionDesk desk, IStringLocalizer<SharedResource> localizer,
        [ApiValues(typeof(SuggestionState))] string? state, string? batch, string? unit, string? category, [ApiValues("true", "false")] string? key,
        [ApiValues("true", "false")] string? overdue, string? q, string? after, string? size,
        CancellationToken cancellationToken)
    {
        if (OpinionApi.ParseQuery<SuggestionState>(state, "state", localizer, out var parsedState) is { } badState)
        {
            return badState;
        }

        int? batchId = null;
        if (!string.IsNullOrWhiteSpace(batch))
        {
            if (!int.TryParse(batch, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return OpinionApi.Invalid("batch", localizer["{0} 须为批次的编号（整数）。", "batch"]);
            }

            batchId = value;
        }

        if (Flag(key, "key", localizer, out var keyOnly) is { } badKey)
        {
            return badKey;
        }

        if (Flag(overdue, "overdue", localizer, out var overdueOnly) is { } badOverdue)
        {
            return badOverdue;
        }

        var pageSize = DefaultPageSize;
        if (!string.IsNullOrWhiteSpace(size)
            && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > PageRequest.MaxSize))
        {
            return OpinionApi.Invalid("size", localizer["{0} 须为 1 到 {1} 之间的整数。", "size", PageRequest.MaxSize]);
        }

        var number = 1;
        if (!string.IsNullOrWhiteSpace(after) && (!int.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 2))
        {
            return OpinionApi.Invalid("after", localizer["after 须为上一页答复中的 after 值。"]);
        }

        var query = new SuggestionQuery(parsedState, batchId, OpinionApi.Clean(unit), OpinionApi.Clean(category), keyOnly, overdueOnly, OpinionApi.Clean(q));
        var page = await desk.ListAsync(context.User.Scope(), query, new PageRequest(number, pageSize), cancellationToken);
        return TypedResults.Ok(new SuggestionPageJson(
            page.Items.Select(r => new SuggestionRowJson(
                r.Id, r.Number, r.Title, ApiNames.Of(r.State), r.DeputyName, r.CategoryName, r.LeadUnitName, r.DueOn, r.IsOverdue, r.IsKey, r.KeyLeader,
                r.Round, r.UpdatedAt, r.Grade is { } g ? GradeOf(g) : null, r.Rating is { } rating ? ApiNames.Of(rating) : null)).ToList(),
            page.HasNext ? (page.Number + 1).ToString(CultureInfo.InvariantCulture) : null,
            page.Total));
    }

    private static async Task<IResult> GetAsync(
        HttpContext context, SuggestionDesk desk, IStringLocalizer<SharedResource> localizer, string number, CancellationToken cancellationToken)
    {
        var scope = context.User.Scope();
        var id = await IdOfAsync(desk, scope, number, cancellationToken);
        var found = id is null ? null : await desk.GetAsync(scope, id.Value, cancellationToken);
        if (found is null)
        {
            return NotFound(localizer);
        }

        context.Response.Headers.ETag = OpinionApi.ETagOf(found.Version);
        return TypedResults.Ok(new SuggestionJson(
            found.Id, found.Number, found.BatchName, ApiNames.Of(found.State), found.Version, found.Title, found.Content, found.CategoryCode, found.CategoryName,
            new CodeNameJson(found.Deputy.Code, found.Deputy.Name),
            found.Cosigners.Select(c => new CodeNameJson(c.Code, c.Name)).ToList(),
            found.Sources.Select(s => new SuggestionSourceJson(s.TrackingCode, s.Title, ApiNames.Of(s.State))).ToList(),
            found.Files.Select(f => new SuggestionFileJson(f.Id, f.FileName, f.ContentType, f.Length, FormattableString.Invariant($"/Suggestions/Files/{found.Id}/{f.Id}"))).ToList(),
            found.CreatedAt, found.SubmittedAt, found.Round, found.DueOn, found.IsOverdue, found.IsKey, found.KeyLeader, found.ConvertedOpinionCode,
            found.Units.Select(u => new SuggestionUnitJson(
                u.Round, u.Code, u.Name, u.IsLead, u.AssignedAt, u.DueOn, u.View, u.ViewAt, u.Reply, u.Grade is { } g ? GradeOf(g) : null,
                u.PlannedOn, u.Reason, u.RepliedAt, u.SentBackAt, u.SentBackReason)).ToList(),
            found.Contacts.Select(c => new SuggestionContactJson(c.Round, c.UnitName, ApiNames.Of(c.Stage), ApiNames.Of(c.Mode), c.On, c.Note, c.RecordedByName)).ToList(),
            found.Ratings.Select(r => new RatingJson(r.Round, ApiNames.Of(r.Rating), r.Comment, r.At)).ToList(),
            found.Steps.Select(s => new SuggestionHistoryJson(ApiNames.Of(s.Action), ApiNames.Of(s.State), s.At, s.Note, s.InternalNote, s.ActorName)).ToList()));
    }

    /// <summary>A deputy files (or saves as a draft) a suggestion: 201 with its number when filed, its id while a draft.</summary>
    private static async Task<IResult> FileAsync(
        HttpContext context, SuggestionCases cases, SuggestionDesk desk, IStringLocalizer<SharedResource> localizer, CancellationToken cancellationToken)
    {
        var (body, problem) = await OpinionApi.ReadAsync<FileSuggestionRequest>(context.Request, localizer, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var actor = context.User.CaseActor();
        var result = await cases.SaveAsync(
            actor, null, new SuggestionInput(body.Title, body.Content, body.CategoryCode, body.CosignerCodes, body.SourceCodes), [], body.Submit ?? false, null, cancellationToken);
        if (!result.Succeeded)
        {
            return Outcome(result, localizer);
        }

        var id = int.Parse(result.Code!, CultureInfo.InvariantCulture);
        var saved = await desk.GetAsync(actor.Scope, id, cancellationToken);
        if (saved is null)
        {
            return NotFound(localizer);
        }

        var location = "/api/v1/suggestions/" + (saved.Number is { } number ? Uri.EscapeDataString(number) : id.ToString(CultureInfo.InvariantCulture));
        context.Response.Headers.ETag = OpinionApi.ETagOf(saved.Version);
        return TypedResults.Created(location, new SuggestionMovedJson(saved.Id, saved.Number, ApiNames.Of(saved.State), saved.Version, saved.Round));
    }

    private static Task<EditResult> Review(HttpContext context, SuggestionCases cases, CaseActor actor, int id, ReviewRequest body, uint? version, CancellationToken cancellationToken)
    {
        var localizer = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        return body.Decision?.Trim().ToLowerInvariant() switch
        {
            "accept" => cases.AcceptAsync(actor, id, body.Note, version, cancellationToken),
            "return" => cases.ReturnAsync(actor, id, body.Reason ?? body.Note, version, cancellationToken),
            "convert" => cases.ConvertAsync(actor, id, body.Note ?? body.Reason, version, cancellationToken),
            _ => Task.FromResult(EditResult.Invalid("decision", localizer["{0} 须为以下之一：{1}。", "decision", "accept、return、convert"])),
        };
    }

    /// <summary>
    /// Every move: read the body (400 naming the field), find the suggestion in the caller's scope (404), take the version
    /// from the body or If-Match, make the move, and answer with the new state and version.
    /// </summary>
    private static async Task<IResult> MoveAsync<T>(
        HttpContext context, string number, Func<SuggestionCases, CaseActor, int, T, uint?, CancellationToken, Task<EditResult>> move)
        where T : class, IVersionedRequest
    {
        var cancellationToken = context.RequestAborted;
        var services = context.RequestServices;
        var localizer = services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var (body, problem) = await OpinionApi.ReadAsync<T>(context.Request, localizer, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        uint? version = body.Version;
        if (version is null && context.Request.Headers.IfMatch.ToString() is { Length: > 0 } ifMatch)
        {
            if (!uint.TryParse(ifMatch.Replace("W/", string.Empty, StringComparison.Ordinal).Trim().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var tag))
            {
                return OpinionApi.Invalid("If-Match", localizer["If-Match 须为 GET 答复中的 ETag（版本号）。"]);
            }

            version = tag;
        }

        var actor = context.User.CaseActor();
        var desk = services.GetRequiredService<SuggestionDesk>();
        if (await IdOfAsync(desk, actor.Scope, number, cancellationToken) is not { } id)
        {
            return NotFound(localizer);
        }

        var result = await move(services.GetRequiredService<SuggestionCases>(), actor, id, body, version, cancellationToken);
        if (!result.Succeeded)
        {
            return Outcome(result, localizer);
        }

        var moved = await desk.GetAsync(actor.Scope, id, cancellationToken);
        if (moved is null)
        {
            return TypedResults.NoContent();
        }

        context.Response.Headers.ETag = OpinionApi.ETagOf(moved.Version);
        return TypedResults.Ok(new SuggestionMovedJson(moved.Id, moved.Number, ApiNames.Of(moved.State), moved.Version, moved.Round));
    }

    /// <summary>A number as written (2026-闭会期间-第0001号), or a draft's id (digits only), through the scope filter.</summary>
    private static async Task<int?> IdOfAsync(SuggestionDesk desk, StaffScope scope, string number, CancellationToken cancellationToken)
    {
        var text = number.Trim();
        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && await desk.GetAsync(scope, id, cancellationToken) is not null ? id : null;
        }

        return await desk.IdOfAsync(scope, text, cancellationToken);
    }

    private static ValidationProblem? Flag(string? text, string field, IStringLocalizer localizer, out bool value)
    {
        value = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return bool.TryParse(text, out value) ? null : OpinionApi.Invalid(field, localizer["{0} 须为以下之一：{1}。", field, "true、false"]);
    }

    /// <summary>Inside a move: an unknown enum value is an Invalid result like any other rule the input breaks.</summary>
    private static Task<EditResult>? Parse<T>(HttpContext context, string? text, string field, out T? value)
        where T : struct, Enum
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (ApiNames.TryParse<T>(text, out var parsed))
        {
            value = parsed;
            return null;
        }

        var localizer = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        return Task.FromResult(EditResult.Invalid(field, localizer["{0} 须为以下之一：{1}。", field, ApiNames.Allowed<T>()]));
    }

    /// <summary>A, B or C (also solved, beingSolved, cannotSolve).</summary>
    private static Task<EditResult>? ParseGrade(HttpContext context, string? text, out AnswerResult? grade)
    {
        grade = text?.Trim().ToUpperInvariant() switch
        {
            "A" => AnswerResult.Solved,
            "B" => AnswerResult.BeingSolved,
            "C" => AnswerResult.CannotSolve,
            _ => null,
        };
        if (grade is not null || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (ApiNames.TryParse<AnswerResult>(text, out var named))
        {
            grade = named;
            return null;
        }

        var localizer = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        return Task.FromResult(EditResult.Invalid("grade", localizer["{0} 须为以下之一：{1}。", "grade", "A、B、C"]));
    }

    private static IResult Outcome(EditResult result, IStringLocalizer localizer) => result.Outcome switch
    {
        EditOutcome.NotFound => NotFound(localizer),
        EditOutcome.Forbidden => TypedResults.Problem(detail: OpinionApi.Message(result, localizer), statusCode: StatusCodes.Status403Forbidden),
        EditOutcome.Conflict => TypedResults.Problem(detail: OpinionApi.Message(result, localizer), statusCode: StatusCodes.Status409Conflict),
        _ => TypedResults.ValidationProblem(
            result.Errors.GroupBy(e => JsonField(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => localizer[e.Message].Value).ToArray()),
            detail: OpinionApi.Message(result, localizer)),
    };

    private static ProblemHttpResult NotFound(IStringLocalizer localizer) =>
        TypedResults.Problem(detail: localizer["没有找到这件建议，或它不在您的权限范围内。"], statusCode: StatusCodes.Status404NotFound);

    /// <summary>The service's field names as this API's JSON names them.</summary>
    private static string JsonField(string field) => field.Length == 0 ? "body" : JsonNamingPolicy.CamelCase.ConvertName(field);
}
