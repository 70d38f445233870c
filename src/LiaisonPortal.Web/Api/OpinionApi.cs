using System.Globalization;
using System.Text.Json;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Api;

/// <summary>A move's body may carry the case's <c>version</c> (its xmin, from GET); If-Match does the same.</summary>
public interface IVersionedRequest
{
    uint? Version { get; }
}

public sealed record RegisterOpinionRequest(
    [property: ApiValues(typeof(OpinionChannel))] string? Channel, string? StationCode, string? DeputyCode, string? Title, string? Content, string? Name, string? Phone, bool? MayContact);

public sealed record ClassifyRequest(string? CategoryCode, [property: ApiValues(typeof(Grade))] string? Grade, uint? Version) : IVersionedRequest;

public sealed record AssignRequest(string? UnitCode, IReadOnlyList<string>? CoUnitCodes, DateOnly? DueDate, string? Note, uint? Version) : IVersionedRequest;

public sealed record AnswerRequest(string? Content, [property: ApiValues(typeof(AnswerResult))] string? Result, bool? Final, DateOnly? PlannedDate, string? Reason, uint? Version) : IVersionedRequest;

public sealed record NoteRequest(string? Note, uint? Version) : IVersionedRequest;

public sealed record ReasonRequest(string? Reason, uint? Version) : IVersionedRequest;

public sealed record FeedbackRequest(string? Message, uint? Version) : IVersionedRequest;

public sealed record MergeRequest(string? IntoTrackingCode, uint? Version) : IVersionedRequest;

public sealed record SuperviseRequest([property: ApiValues(typeof(SupervisionLevel))] string? Level, string? Note, uint? Version) : IVersionedRequest;

public sealed record EvaluationRequest(string? PhoneTail, string? Secret, [property: ApiValues(typeof(Rating))] string? Rating, string? Comment);

public sealed record CasePageJson(IReadOnlyList<CaseRowJson> Items, string? After);

public sealed record CaseRowJson(
    string TrackingCode, string Title, string State, string Channel, DateTimeOffset ReceivedAt, string StationName, string? DeputyName,
    string? CategoryName, string? Grade, string? LeadUnitName, DateOnly? AnswerDueOn, DateOnly FeedbackDueOn, bool Overdue,
    string Supervision, int HandlingRound, bool LeaderAttention);

public sealed record CodeNameJson(string Code, string Name);

public sealed record CitizenJson(string? Name, bool Anonymous, string? Phone, bool MayContact);

public sealed record HistoryJson(string Action, string State, DateTimeOffset At, string? PublicNote, string? InternalNote, string? Actor);

public sealed record CaseUnitJson(
    int Round, string Code, string Name, bool Lead, DateOnly DueDate, DateTimeOffset? AnsweredAt, string? Result, string? Answer,
    DateTimeOffset? ReturnedAt, string? ReturnReason);

public sealed record RatingJson(int Round, string Rating, string? Comment, DateTimeOffset At);

public sealed record CaseJson(
    string TrackingCode, string State, uint Version, string Title, string Content, string Channel, DateTimeOffset ReceivedAt,
    CodeNameJson Station, CodeNameJson? Deputy, string? CategoryCode, string? CategoryName, string? Grade, string Supervision,
    int HandlingRound, bool LeaderAttention, DateOnly? AnswerDueOn, DateOnly FeedbackDueOn, bool Overdue, string? MergedInto,
    CitizenJson Citizen, int Photos, string? PublishedAnswer, IReadOnlyList<CaseUnitJson> Units, IReadOnlyList<HistoryJson> History,
    IReadOnlyList<RatingJson> Ratings);

public sealed record MovedJson(string TrackingCode, string State, uint Version);

public sealed record RegisteredJson(string TrackingCode, string State, string? Secret);

public sealed record EvaluatedJson(string TrackingCode, string State);

public sealed record CategoryJson(string Code, string Name, string? ParentCode);

public sealed record UnitJson(string Code, string Name, string RegionName, string? ParentName);

/// <summary>
/// The case workflow over JSON (issue 5): staff list, read, register and move cases through <see cref="OpinionCases"/>;
/// citizens rate an answer. Enum values are camelCase strings; errors are problem+json with a Chinese detail; a case
/// outside the caller's scope is 404, a move the workflow refuses is 409 with its reason.
/// </summary>
public static class OpinionApi
{
    public static IEndpointRouteBuilder MapOpinionApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1");
        var staff = api.MapGroup("/opinions").RequireAuthorization(AreaPolicies.Api).WithTags(ApiTags.Opinions);
        staff.MapGet("/", ListAsync)
            .Describe("意见列表", "权限范围内的意见，可按状态、分类、分级、家站点、代表、承办单位、来源渠道、是否超期和关键词筛选；下一页用上一页答复中的 after。")
            .Produces<CasePageJson>()
            .ProducesValidationProblem();
        staff.MapGet("/{trackingCode}", GetAsync)
            .Describe("意见详情", "意见的内容、群众（手机号已遮盖）、承办单位、办理记录和评价；ETag 头为版本号。")
            .Produces<CaseJson>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        staff.MapPost("/", RegisterAsync)
            .Describe("登记意见", "工作人员登记来访、来电、代表走访或热线转办的意见。答复 201，正文含查询码；群众没有留手机号时另给查询密码（只给这一次）。")
            .JsonBody<RegisterOpinionRequest>()
            .Produces<RegisteredJson>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        staff.MapPost("/{trackingCode}/classify", (HttpContext context, string trackingCode, CancellationToken ct) =>
            MoveAsync<ClassifyRequest>(context, trackingCode, (cases, actor, body, version) =>
                Parse<Grade>(body.Grade, "grade", context, out var grade) ?? cases.ClassifyAsync(actor, trackingCode, body.CategoryCode, grade, version, ct)))
            .Move<ClassifyRequest, MovedJson>("分类和分级");
        staff.MapPost("/{trackingCode}/assign", (HttpContext context, string trackingCode, CancellationToken ct) =>
            MoveAsync<AssignRequest>(context, trackingCode, (cases, actor, body, version) =>
                cases.AssignAsync(actor, trackingCode, new AssignInput(body.UnitCode, body.CoUnitCodes, body.DueDate, body.Note), version, ct)))
            .Move<AssignRequest, MovedJson>("交办承办单位");
        staff.MapPost("/{trackingCode}/answer", (HttpContext context, string trackingCode, CancellationToken ct) =>
            MoveAsync<AnswerRequest>(context, trackingCode, (cases, actor, body, version) =>
                Parse<AnswerResult>(body.Result, "result", context, out var result)
                    ?? cases.AnswerAsync(actor, trackingCode, new AnswerInput(body.Content, result, body.Final ?? false, body.PlannedDate, body.Reason), version, ct)))
            .Move<AnswerRequest, MovedJson>("答复（承办单位）");
        staff.MapPost("/{trackingCode}/progress", (HttpContext context, string trackingCode, CancellationToken ct) =>
            MoveAsync<NoteRequest>(context, trackingCode, (cases, actor, body, _) => cases.ProgressAsync(actor, trackingCode, body.Note, ct)))
            .Move<NoteRequest, MovedJson>("报告办理进展（承办单位）");
        staff.MapPost("/{trackingCode}/return", (HttpContext context, string trackingCode, CancellationToken ct) =>
            MoveAsync<ReasonRequest>(context, trackingCode, (cases, actor, body, version) => cases.ReturnAsync(actor, trackingCode, body.Reason, version, ct)))
            .Move<ReasonRequest, MovedJson>("退回交办（承办单位）");
        staff.MapPost("/{trackingCode}/feedback", (HttpContext context, string trackingCode, CancellationToken ct) =>
            MoveAsync<FeedbackRequest>(context, trackingCode, (cases, actor, body, version) => cases.FeedBackAsync(actor, trackingCode, body.Message, version, ct)))
            .Move<FeedbackRequest, MovedJson>("反馈群众");
        staff.MapPost("/{trackingCode}/refuse", (HttpContext context, string trackingCode, CancellationToken ct) =>
            MoveAsync<ReasonRequest>(context, trackingCode, (cases, actor, body, version) => cases.RefuseAsync(actor, trackingCode, body.Reason, version, ct)))
            .Move<ReasonRequest, MovedJson>("不予受理");
        staff.MapPost("/{trackingCode}/merge", (HttpContext context, string trackingCode, CancellationToken ct) =>
            MoveAsync<MergeRequest>(context, trackingCode, (cases, actor, body, version) => cases.MergeAsync(actor, trackingCode, body.IntoTrackingCode, version, ct)))
            .Move<MergeRequest, MovedJson>("合并到另一件意见");
        staff.MapPost("/{trackingCode}/escalate", (HttpContext context, string trackingCode, CancellationToken ct) =>
            MoveAsync<NoteRequest>(context, trackingCode, (cases, actor, body, version) => cases.EscalateAsync(actor, trackingCode, body.Note, version, ct)))
            .Move<NoteRequest, MovedJson>("上报上级人大");
        staff.MapPost("/{trackingCode}/supervise", (HttpContext context, string trackingCode, CancellationToken ct) =>
            MoveAsync<SuperviseRequest>(context, trackingCode, (cases, actor, body, _) =>
                Parse<SupervisionLevel>(body.Level, "level", context, out var level, required: true)
                    ?? cases.SuperviseAsync(actor, trackingCode, level!.Value, body.Note, ct)))
            .Move<SuperviseRequest, MovedJson>("督办（重点督办、挂牌督办）");
        api.MapGet("/units", UnitsAsync).RequireAuthorization(AreaPolicies.Api).WithTags(ApiTags.Directory)
            .Describe("承办单位", "在用的承办单位：代表工委可见全部（可以交办给任何单位），其他账号只见本范围内的，分页。");
        api.MapGet("/categories", CategoriesAsync).RequireRateLimiting(PortalWeb.PublicRateLimit).WithTags(ApiTags.Directory)
            .Describe("意见分类", "在用的意见分类，每个一级分类后面跟着它在用的二级分类。");
        api.MapPost("/track/{trackingCode}/evaluation", EvaluateAsync).RequireRateLimiting(PortalWeb.PublicRateLimit).WithTags(ApiTags.Opinions)
            .Describe("群众评价答复", "群众凭手机号码后四位或查询密码评价答复，不需要令牌。查询码不存在和凭证不对答复相同的 404；错误次数过多时答复 429，一小时后再试。评价不满意的意见重新办理。")
            .JsonBody<EvaluationRequest>()
            .Produces<EvaluatedJson>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return routes;
    }

    private static async Task<IResult> ListAsync(
        HttpContext context, CaseLists lists, IStringLocalizer<SharedResource> localizer,
        [ApiValues(typeof(OpinionState))] string? state, string? category, [ApiValues(typeof(Grade))] string? grade, string? station, string? deputy,
        string? unit, [ApiValues(typeof(OpinionChannel))] string? channel, [ApiValues("true", "false")] string? overdue, string? q, string? after, string? size,
        CancellationToken cancellationToken)
    {
        if (ParseQuery<OpinionState>(state, "state", localizer, out var parsedState) is { } badState)
        {
            return badState;
        }

        if (ParseQuery<Grade>(grade, "grade", localizer, out var parsedGrade) is { } badGrade)
        {
            return badGrade;
        }

        if (ParseQuery<OpinionChannel>(channel, "channel", localizer, out var parsedChannel) is { } badChannel)
        {
            return badChannel;
        }

        bool? isOverdue = null;
        if (!string.IsNullOrWhiteSpace(overdue))
        {
            if (!bool.TryParse(overdue, out var value))
            {
                return Invalid("overdue", localizer["{0} 须为以下之一：{1}。", "overdue", "true、false"]);
            }

            isOverdue = value;
        }

        var pageSize = 50;
        if (!string.IsNullOrWhiteSpace(size)
            && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > CaseLists.MaxPageSize))
        {
            return Invalid("size", localizer["{0} 须为 1 到 {1} 之间的整数。", "size", CaseLists.MaxPageSize]);
        }

        var filter = new CaseFilter(
            State: parsedState, CategoryCode: Clean(category), Grade: parsedGrade, StationCode: Clean(station), DeputyCode: Clean(deputy),
            UnitCode: Clean(unit), Channel: parsedChannel, Overdue: isOverdue, Text: Clean(q));
        var page = await lists.ListAsync(context.User.Scope(), filter, Clean(after), pageSize, cancellationToken);
        return TypedResults.Ok(new CasePageJson(
            page.Items.Select(r => new CaseRowJson(
                r.Code, r.Title, ApiNames.Of(r.State), ApiNames.Of(r.Channel), r.ReceivedAt, r.StationName, r.DeputyName, r.CategoryName,
                r.Grade is { } g ? ApiNames.Of(g) : null, r.LeadUnitName, r.AnswerDueOn, r.FeedbackDueOn, r.IsOverdue, ApiNames.Of(r.Supervision),
                r.HandlingRound, r.LeaderAttention)).ToList(),
            page.After));
    }

    private static async Task<IResult> GetAsync(
        HttpContext context, OpinionDesk desk, IStringLocalizer<SharedResource> localizer, string trackingCode, CancellationToken cancellationToken)
    {
        var scope = context.User.Scope();
        var code = TrackingCodes.Normalize(trackingCode);
        var found = await desk.GetAsync(scope, code, cancellationToken);
        var standing = found is null ? null : await desk.StandingAsync(scope, code, cancellationToken);
        if (found is null || standing is null)
        {
            return NotFound(localizer);
        }

        context.Response.Headers.ETag = ETagOf(standing.Version);
        return TypedResults.Ok(new CaseJson(
            found.Code, ApiNames.Of(found.State), standing.Version, found.Title, found.Content, ApiNames.Of(found.Channel), found.ReceivedAt,
            new CodeNameJson(found.StationCode, found.StationName),
            found.DeputyCode is null ? null : new CodeNameJson(found.DeputyCode, found.DeputyName ?? string.Empty),
            standing.CategoryCode, found.CategoryName, found.Grade is { } g ? ApiNames.Of(g) : null, ApiNames.Of(standing.Supervision),
            standing.HandlingRound, standing.LeaderAttention, standing.AnswerDueOn, standing.FeedbackDueOn, standing.IsOverdue, standing.MergedIntoCode,
            new CitizenJson(found.CitizenName, found.IsAnonymous, found.HasPhone ? found.MaskedPhone : null, found.MayContact),
            found.Photos.Count, found.PublishedAnswer,
            standing.Units.Select(u => new CaseUnitJson(
                u.Round, u.Code, u.Name, u.IsLead, u.AnswerDueOn, u.AnsweredAt, u.Result is { } r ? ApiNames.Of(r) : null, u.Answer, u.ReturnedAt, u.ReturnReason)).ToList(),
            found.Steps.Select(s => new HistoryJson(ApiNames.Of(s.Action), ApiNames.Of(s.State), s.At, s.PublicNote, s.InternalNote, s.ActorName)).ToList(),
            found.Ratings.Select(r => new RatingJson(r.Round, ApiNames.Of(r.Rating), r.Comment, r.At)).ToList()));
    }

    private static async Task<IResult> RegisterAsync(
        HttpContext context, OpinionRegistration registration, IStringLocalizer<SharedResource> localizer, CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadAsync<RegisterOpinionRequest>(context.Request, localizer, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        if (ParseQuery<OpinionChannel>(body.Channel, "channel", localizer, out var channel) is { } badChannel)
        {
            return badChannel;
        }

        if (channel is null)
        {
            return Invalid("channel", localizer["请选择来源渠道：来访、来电、代表走访或热线转办。"]);
        }

        var saved = await registration.RegisterAsync(
            context.User.CaseActor(),
            new StaffRegistration(channel.Value, body.StationCode, body.DeputyCode, body.Title, body.Content, body.Name, body.Phone, body.MayContact ?? false),
            cancellationToken);
        if (saved.Unavailable)
        {
            return TypedResults.Problem(detail: localizer["暂时没有保存成功，请稍后再试。"], statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (!saved.Result.Succeeded)
        {
            return Outcome(saved.Result, localizer);
        }

        var code = saved.Result.Code!;
        return TypedResults.Created($"/api/v1/opinions/{code}", new RegisteredJson(code, ApiNames.Of(OpinionState.Received), saved.Secret));
    }

    /// <summary>
    /// Every move: read the body (400 naming the field when it is not the JSON expected), take the version from the body
    /// or If-Match, make the move as the signed-in account, and answer with the case's new state and version.
    /// </summary>
    private static async Task<IResult> MoveAsync<T>(
        HttpContext context, string trackingCode, Func<OpinionCases, CaseActor, T, uint?, Task<EditResult>> move)
        where T : class, IVersionedRequest
    {
        var cancellationToken = context.RequestAborted;
        var services = context.RequestServices;
        var localizer = services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var (body, problem) = await ReadAsync<T>(context.Request, localizer, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        uint? version = body.Version;
        if (version is null && context.Request.Headers.IfMatch.ToString() is { Length: > 0 } ifMatch)
        {
            if (!uint.TryParse(ifMatch.Replace("W/", string.Empty, StringComparison.Ordinal).Trim().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var tag))
            {
                return Invalid("If-Match", localizer["If-Match 须为 GET 答复中的 ETag（版本号）。"]);
            }

            version = tag;
        }

        var actor = context.User.CaseActor();
        var result = await move(services.GetRequiredService<OpinionCases>(), actor, body, version);
        if (!result.Succeeded)
        {
            return Outcome(result, localizer);
        }

        var standing = await services.GetRequiredService<OpinionDesk>().StandingAsync(actor.Scope, result.Code ?? TrackingCodes.Normalize(trackingCode), cancellationToken);
        if (standing is null)
        {
            return TypedResults.NoContent();
        }

        context.Response.Headers.ETag = ETagOf(standing.Version);
        return TypedResults.Ok(new MovedJson(standing.Code, ApiNames.Of(standing.State), standing.Version));
    }

    /// <summary>
    /// The citizen's rating, with the phone's last four digits or the secret. A wrong proof counts as a failed lookup
    /// (the same limits as /track), and an unknown code answers exactly like a wrong proof.
    /// </summary>
    private static async Task<IResult> EvaluateAsync(
        HttpContext context, string trackingCode, OpinionTracking tracking, CitizenLimits limits, IStringLocalizer<SharedResource> localizer,
        CancellationToken cancellationToken)
    {
        var code = TrackingCodes.Normalize(trackingCode);
        var address = CitizenLimits.AddressOf(context);
        if (!limits.MayLookUp(address, code))
        {
            context.Response.Headers.RetryAfter = "3600";
            return TypedResults.Problem(
                detail: localizer["查询错误次数过多，请一小时后再试。忘记查询码的，可以带上身份证件到联络站查询。"], statusCode: StatusCodes.Status429TooManyRequests);
        }

        var (body, problem) = await ReadAsync<EvaluationRequest>(context.Request, localizer, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var proof = string.IsNullOrWhiteSpace(body.PhoneTail) ? body.Secret : body.PhoneTail;
        if (string.IsNullOrWhiteSpace(proof))
        {
            return Invalid("phoneTail", localizer["请填写手机号码后四位或查询密码。"]);
        }

        if (ParseQuery<Rating>(body.Rating, "rating", localizer, out var rating) is { } badRating)
        {
            return badRating;
        }

        if (rating is null)
        {
            return Invalid("rating", localizer["请选择满意、基本满意或不满意。"]);
        }

        if (body.Comment is { Length: > OpinionTracking.CommentMaxLength })
        {
            return Invalid("comment", localizer["意见最多 {0} 个字，现在是 {1} 个字。", OpinionTracking.CommentMaxLength, body.Comment.Length]);
        }

        var outcome = await tracking.RateAsync(code, proof, rating.Value, body.Comment, cancellationToken);
        switch (outcome)
        {
            case RatingOutcome.NotFound:
                limits.LookupFailed(address, code);
                return TypedResults.Problem(detail: localizer["没有找到。请核对查询码，以及手机号码后四位或查询密码。"], statusCode: StatusCodes.Status404NotFound);
            case RatingOutcome.NotOpen:
                return TypedResults.Problem(detail: localizer["现在没有可以评价的答复，或这次答复已经评价过了。"], statusCode: StatusCodes.Status409Conflict);
            default:
                var tracked = await tracking.FindAsync(code, proof, cancellationToken);
                return TypedResults.Ok(new EvaluatedJson(code, tracked is null ? string.Empty : ApiNames.Of(tracked.State)));
        }
    }

    /// <summary>Active categories, each top-level one followed by its active children.</summary>
    private static async Task<Ok<List<CategoryJson>>> CategoriesAsync(DirectoryEditor editor, CancellationToken cancellationToken)
    {
        var tree = await editor.CategoryTreeAsync(cancellationToken);
        var active = tree.Where(c => c.IsActive && c.ParentCode is null).Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        return TypedResults.Ok(tree
            .Where(c => c.IsActive && (c.ParentCode is null || active.Contains(c.ParentCode)))
            .Select(c => new CategoryJson(c.Code, c.Name, c.ParentCode))
            .ToList());
    }

    /// <summary>Active handling units: every one for the congress office (it assigns to any unit), the own scope's for others.</summary>
    private static async Task<Ok<PageResponse<UnitJson>>> UnitsAsync(
        HttpContext context, DirectoryEditor editor, string? q, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var actor = context.User.CaseActor();
        var scope = actor.Role == WorkflowActor.Office ? StaffScope.Everything : actor.Scope;
        var units = await editor.ListUnitsAsync(scope, new StaffUnitFilter(Text: q, Active: ActiveFilter.Active), new PageRequest(page, pageSize), cancellationToken);
        return TypedResults.Ok(PageResponse.From<UnitRow, UnitJson>(units, u => new UnitJson(u.Code, u.Name, u.RegionName, u.ParentName)));
    }

    /// <summary>The body as <typeparamref name="T"/>, or a 400 naming the field that could not be read.</summary>
    internal static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request, IStringLocalizer localizer, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Invalid("body", localizer["请求正文须为 JSON（Content-Type: application/json）。"]));
        }

        try
        {
            var body = await request.ReadFromJsonAsync<T>(cancellationToken);
            return body is null ? (null, Invalid("body", localizer["请求正文不能为空。"])) : (body, null);
        }
        catch (JsonException exception)
        {
            var field = FieldOf(exception.Path);
            return (null, Invalid(field, localizer["{0} 的值无法识别，请检查 JSON 的格式和类型。", field]));
        }
    }

    /// <summary>"$.coUnitCodes[0]" → "coUnitCodes"; the whole body → "body".</summary>
    private static string FieldOf(string? path)
    {
        var name = path?.TrimStart('$').TrimStart('.') ?? string.Empty;
        var end = name.IndexOfAny(['.', '[']);
        name = end >= 0 ? name[..end] : name;
        return name.Length == 0 ? "body" : name;
    }

    /// <summary>Inside a move: an unknown enum value is an Invalid result like any other rule the input breaks.</summary>
    private static Task<EditResult>? Parse<T>(string? text, string field, HttpContext context, out T? value, bool required = false)
        where T : struct, Enum
    {
        var localizer = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        if (string.IsNullOrWhiteSpace(text))
        {
            value = null;
            return required ? Task.FromResult(EditResult.Invalid(field, localizer["{0} 须为以下之一：{1}。", field, ApiNames.Allowed<T>()])) : null;
        }

        if (ApiNames.TryParse<T>(text, out var parsed))
        {
            value = parsed;
            return null;
        }

        value = null;
        return Task.FromResult(EditResult.Invalid(field, localizer["{0} 须为以下之一：{1}。", field, ApiNames.Allowed<T>()]));
    }

    internal static ValidationProblem? ParseQuery<T>(string? text, string field, IStringLocalizer localizer, out T? value)
        where T : struct, Enum
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!ApiNames.TryParse<T>(text, out var parsed))
        {
            return Invalid(field, localizer["{0} 须为以下之一：{1}。", field, ApiNames.Allowed<T>()]);
        }

        value = parsed;
        return null;
    }

    private static IResult Outcome(EditResult result, IStringLocalizer localizer) => result.Outcome switch
    {
        EditOutcome.NotFound => NotFound(localizer),
        EditOutcome.Forbidden => TypedResults.Problem(detail: Message(result, localizer), statusCode: StatusCodes.Status403Forbidden),
        EditOutcome.Conflict => TypedResults.Problem(detail: Message(result, localizer), statusCode: StatusCodes.Status409Conflict),
        _ => TypedResults.ValidationProblem(
            result.Errors.GroupBy(e => JsonField(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => localizer[e.Message].Value).ToArray()),
            detail: Message(result, localizer)),
    };

    private static ProblemHttpResult NotFound(IStringLocalizer localizer) =>
        TypedResults.Problem(detail: localizer["没有找到这件意见，或它不在您的权限范围内。"], statusCode: StatusCodes.Status404NotFound);

    internal static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message);

    internal static string Message(EditResult result, IStringLocalizer localizer) =>
        string.Join(" ", result.Errors.Select(e => localizer[e.Message].Value));

    /// <summary>The service's field names as this API's JSON names them.</summary>
    private static string JsonField(string field) => field switch
    {
        "" => "body",
        "LeadUnitCode" => "unitCode",
        "DueOn" => "dueDate",
        "PlannedOn" => "plannedDate",
        "IntoCode" => "intoTrackingCode",
        _ => JsonNamingPolicy.CamelCase.ConvertName(field),
    };

    internal static string ETagOf(uint version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    internal static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>Enum values as this API writes and reads them: camelCase names, and "basic" for 基本满意.</summary>
public static class ApiNames
{
    public static string Of<T>(T value)
        where T : struct, Enum => OfAny(value);

    public static string OfAny(Enum value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value is Rating.BasicallySatisfied ? "basic" : JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
    }

    public static bool TryParse<T>(string text, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Of(candidate), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static string Allowed<T>()
        where T : struct, Enum => string.Join("、", Enum.GetValues<T>().Select(Of));
}
