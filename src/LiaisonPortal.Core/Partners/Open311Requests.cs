using System.Globalization;
using System.Linq.Expressions;
using System.Net;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Partners;

/// <summary>One entry of the GeoReport v2 error list: <see cref="Code"/> is the HTTP status it is answered with.</summary>
public sealed record Open311Error(int Code, string Description);

/// <summary>A service (服务类型) of GET services: one per active category.</summary>
public sealed record Open311Service(string Code, string Name, string Description, string Keywords, string Group);

public sealed record Open311Value(string Key, string Name);

/// <summary>An attribute of a service definition, in the spec's terms.</summary>
public sealed record Open311Field(
    string Code, string Datatype, bool Required, string DatatypeDescription, int Order, string Description, IReadOnlyList<Open311Value> Values);

public sealed record Open311Definition(string ServiceCode, IReadOnlyList<Open311Field> Attributes);

/// <summary>The fields of POST requests as the partner sent them (text, exactly as it came).</summary>
public sealed record Open311Submission(
    string? ServiceCode, string? Description, string? StationCode, string? DeputyCode, string? FirstName, string? LastName,
    string? Phone, string? Email, string? Latitude, string? Longitude);

public sealed record Open311Receipt(string ServiceRequestId, string ServiceNotice);

/// <summary>A request as a partner may see it: the case's progress, never the citizen's name, phone or email.</summary>
public sealed record Open311Request(
    string ServiceRequestId, bool IsOpen, string? StatusNotes, string ServiceName, string ServiceCode, string Description,
    string? AgencyResponsible, DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt, DateTimeOffset ExpectedAt, string Address);

/// <summary>The filters of GET requests, as text from the query string.</summary>
public sealed record Open311Query(string? ServiceRequestIds, string? ServiceCodes, string? StartDate, string? EndDate, string? Status);

/// <summary>
/// The Open311 GeoReport v2 interface's service (对接平台接口): services from the category tree, a definition that lets a
/// partner address a station or a deputy, submissions through <see cref="OpinionIntake"/> (channel
/// <see cref="OpinionChannel.Partner"/>), and the partner's own requests with their progress. A partner sees only the
/// requests its key submitted; another partner's request answers exactly like an unknown one.
/// </summary>
public sealed class Open311Requests(ApplicationDbContext db, OpinionIntake intake, TimeProvider time)
{
    public const string StationAttribute = "station_code";
    public const string DeputyAttribute = "deputy_code";

    /// <summary>Up to this many active stations are listed as a singlevaluelist; more, and station_code is a plain string.</summary>
    public const int StationListLimit = 300;

    /// <summary>The spec's response volume: at most 1000 requests, over at most 90 days.</summary>
    public const int MaxResults = 1000;

    public const int MaxSpanDays = 90;

    public const string DiscoveryContact = "对接事宜请联系人大常委会代表工作委员会（系统管理员）。接口说明见 /Help/Api。";
    public const string DiscoveryKeyService = "API 密钥（api_key）由系统管理员在“对接平台”管理页面为每个对接系统单独创建，只显示一次；可限定允许的操作、来源地址和每分钟调用次数。";

    private static readonly System.Buffers.SearchValues<char> SentenceEnds = System.Buffers.SearchValues.Create("。！？!?；;\n\r");

    /// <summary>The refusal (403) for a call, or null when it may go on. <paramref name="operation"/> null: no particular operation needed.</summary>
    public static Open311Error? Refusal(PartnerCaller? caller, bool keyGiven, bool keyRequired, PartnerOperations? operation, IPAddress? address)
    {
        if (caller is null)
        {
            return keyGiven
                ? new Open311Error(403, "api_key 无效：请核对密钥，或向系统管理员申请新的密钥。")
                : keyRequired ? new Open311Error(403, "缺少 api_key：此操作需要对接平台的 API 密钥。") : null;
        }

        if (caller.IsRevoked)
        {
            return new Open311Error(403, "该 api_key 已被吊销，不能再调用接口。");
        }

        if (!caller.AllowsAddress(address))
        {
            return new Open311Error(403, "调用来源地址不在该 api_key 的地址白名单内。");
        }

        return operation is { } op && !caller.May(op)
            ? new Open311Error(403, $"该 api_key 未获准执行此操作（{OperationName(op)}）。")
            : null;
    }

    public static string OperationName(PartnerOperations operation) => operation switch
    {
        PartnerOperations.ReadServices => "查询服务类型",
        PartnerOperations.SubmitRequests => "提交意见",
        PartnerOperations.ReadRequests => "查询办理情况",
        _ => operation.ToString(),
    };

    /// <summary>Every active category (whose parent is active too): each top-level one followed by its children.</summary>
    public async Task<IReadOnlyList<Open311Service>> ServicesAsync(CancellationToken cancellationToken = default)
    {
        var categories = await ActiveCategoriesAsync(cancellationToken);
        var keywords = await db.ClassificationRules.AsNoTracking().Where(r => r.IsActive)
            .OrderBy(r => r.Keyword)
            .Select(r => new { r.CategoryId, r.Keyword })
            .ToListAsync(cancellationToken);
        var byCategory = keywords.GroupBy(k => k.CategoryId).ToDictionary(g => g.Key, g => string.Join(", ", g.Select(k => k.Keyword).Distinct()));
        return categories
            .Select(c => new Open311Service(c.Code, c.Name, Describe(c.Name, c.ParentName), byCategory.GetValueOrDefault(c.Id, string.Empty), c.ParentName ?? c.Name))
            .ToList();
    }

    /// <summary>The attributes a request of this service takes: whom it is addressed to. Null for an unknown or inactive service.</summary>
    public async Task<Open311Definition?> DefinitionAsync(string? serviceCode, CancellationToken cancellationToken = default)
    {
        if (await ServiceAsync(serviceCode, cancellationToken) is not { } service)
        {
            return null;
        }

        var stationCount = await db.Stations.CountAsync(s => s.IsActive, cancellationToken);
        Open311Field station;
        if (stationCount <= StationListLimit)
        {
            var stations = await db.Stations.AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.Code)
                .Select(s => new Open311Value(s.Code, s.Name))
                .ToListAsync(cancellationToken);
            station = new Open311Field(
                StationAttribute, "singlevaluelist", false, "联络站编号", 1,
                "意见交给哪个人大代表联络站（填写了代表编号时可不填）。", stations);
        }
        else
        {
            station = new Open311Field(
                StationAttribute, "string", false, "联络站编号，印在联络站的二维码牌上，例如 990102001-01", 1,
                "意见交给哪个人大代表联络站（填写了代表编号时可不填）。", []);
        }

        var deputy = new Open311Field(
            DeputyAttribute, "string", false, "代表编号，印在代表联系卡上，例如 D0004", 2,
            "意见交给哪位人大代表（可不填）；填写后由该代表所在的联络站受理。", []);
        return new Open311Definition(service.Code, [station, deputy]);
    }

    /// <summary>
    /// Receives a request as an opinion of the partner. Errors are the spec's: 400 for what is missing or wrong, 404 for
    /// an unknown service_code. <paramref name="trackUrl"/> is the citizens' tracking page named in the notice.
    /// </summary>
    public async Task<(Open311Receipt? Receipt, IReadOnlyList<Open311Error> Errors)> SubmitAsync(
        int partnerId, Open311Submission input, string trackUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var serviceCode = Clean(input.ServiceCode);
        if (serviceCode is null)
        {
            return (null, [new Open311Error(400, "service_code 未提供：请从 services 列表中选择一个服务类型。")]);
        }

        if (await ServiceAsync(serviceCode, cancellationToken) is not { } service)
        {
            return (null, [new Open311Error(404, Open311Messages.NoSuchService(serviceCode))]);
        }

        var (kind, code, addressError) = await AddressAsync(input, cancellationToken);
        if (addressError is not null)
        {
            return (null, [addressError]);
        }

        var description = Clean(input.Description);
        var name = FullName(Clean(input.FirstName), Clean(input.LastName));
        var phone = Clean(input.Phone);
        var submission = new OpinionSubmission(
            TitleOf(description) ?? service.Name, description, serviceCode, name, phone,
            MayContact: phone is not null, Anonymous: name is null && phone is null, Photos: [],
            Channel: OpinionChannel.Partner, PartnerSystemId: partnerId);
        var result = await intake.SubmitAsync(kind, code!, submission, cancellationToken);
        if (result.Unavailable)
        {
            return (null, [new Open311Error(400, "暂时无法保存，请稍后重试。")]);
        }

        if (!result.Succeeded)
        {
            return (null, result.Errors.Select(e => new Open311Error(400, $"{FieldName(e.Field)}：{e.Message}")).ToList());
        }

        var display = TrackingCodes.Display(result.TrackingCode!);
        var notice = result.Secret is { } secret
            ? $"意见已受理，查询码 {display}，查询密码 {secret}（只显示这一次，请转告反映人）。凭查询码和查询密码可在 {trackUrl} 查询办理进度、评价答复。"
            : $"意见已受理，查询码 {display}。凭查询码和手机号码后四位可在 {trackUrl} 查询办理进度、评价答复。";
        return (new Open311Receipt(result.TrackingCode!, notice), []);
    }

    /// <summary>The partner's requests matching the spec's filters, newest first, at most <see cref="MaxResults"/>.</summary>
    public async Task<(IReadOnlyList<Open311Request> Requests, IReadOnlyList<Open311Error> Errors)> ListAsync(
        int partnerId, Open311Query query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var mine = db.Opinions.AsNoTracking().Where(o => o.PartnerSystemId == partnerId);
        var ids = Split(query.ServiceRequestIds).Select(TrackingCodes.Normalize).Where(i => i.Length > 0).Distinct().ToList();
        if (ids.Count > MaxResults)
        {
            return ([], [new Open311Error(400, $"一次最多查询 {MaxResults} 个 service_request_id。")]);
        }

        if (ids.Count > 0)
        {
            // The spec: a list of ids overrides every other filter.
            return (await LoadAsync(mine.Where(o => ids.Contains(o.TrackingCode)), cancellationToken), []);
        }

        var errors = new List<Open311Error>();
        var start = ParseDate(query.StartDate, "start_date", errors);
        var end = ParseDate(query.EndDate, "end_date", errors);
        var statuses = Split(query.Status).Select(s => s.ToLowerInvariant()).Distinct().ToList();
        if (statuses.Any(s => s is not ("open" or "closed")))
        {
            errors.Add(new Open311Error(400, "status 只能是 open 或 closed（多个用逗号分隔）。"));
        }

        if (errors.Count > 0)
        {
            return ([], errors);
        }

        var span = TimeSpan.FromDays(MaxSpanDays);
        var now = time.GetUtcNow();
        (start, end) = (start, end) switch
        {
            (null, null) => (now - span, now),
            ({ } s, null) => (s, s + span),
            (null, { } e) => (e - span, e),
            _ => (start, end),
        };
        if (start > end)
        {
            return ([], [new Open311Error(400, "start_date 不能晚于 end_date。")]);
        }

        if (end - start > span)
        {
            return ([], [new Open311Error(400, $"start_date 到 end_date 的范围不能超过 {MaxSpanDays} 天。")]);
        }

        // Npgsql writes timestamptz only from UTC values: the partner's offset (or China time) has done its work in parsing.
        var (from, to) = (start!.Value.ToUniversalTime(), end!.Value.ToUniversalTime());
        var filtered = mine.Where(o => o.ReceivedAt >= from && o.ReceivedAt <= to);
        var codes = Split(query.ServiceCodes).Distinct().ToList();
        if (codes.Count > 0)
        {
            filtered = filtered.Where(o => o.Category != null && codes.Contains(o.Category.Code));
        }

        if (statuses.Count == 1)
        {
            var closed = IsClosed();
            filtered = statuses[0] == "closed" ? filtered.Where(closed) : filtered.Where(Not(closed));
        }

        return (await LoadAsync(filtered, cancellationToken), []);
    }

    /// <summary>One of the partner's requests; null for an unknown code and for another partner's request alike.</summary>
    public async Task<Open311Request?> GetAsync(int partnerId, string? serviceRequestId, CancellationToken cancellationToken = default)
    {
        var code = TrackingCodes.Normalize(serviceRequestId);
        if (code.Length != TrackingCodes.CodeLength)
        {
            return null;
        }

        var found = await LoadAsync(db.Opinions.AsNoTracking().Where(o => o.PartnerSystemId == partnerId && o.TrackingCode == code), cancellationToken);
        return found.SingleOrDefault();
    }

    /// <summary>Writes one line of the call log. Never the key, the query or the body.</summary>
    public async Task RecordCallAsync(PartnerCall call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        db.PartnerCalls.Add(call);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The end of a China date, as the deadline a request can be expected by.</summary>
    public static DateTimeOffset EndOfDay(DateOnly day) => new(day.ToDateTime(new TimeOnly(23, 59, 59)), ChinaTime.Offset);

    /// <summary>"1994-11-05T08:15:30+08:00": the spec's W3C date-time, always in China time with its offset.</summary>
    public static string W3C(DateTimeOffset at) => ChinaTime.Of(at).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>The first sentence of the description, cut to a title's length.</summary>
    public static string? TitleOf(string? description)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return null;
        }

        var text = description.Trim();
        var end = text.IndexOfAny(SentenceEnds);
        var first = (end > 0 ? text[..end] : text).Trim();
        if (first.Length == 0)
        {
            return null;
        }

        return first.Length <= Opinion.TitleMaxLength ? first : string.Concat(first.AsSpan(0, Opinion.TitleMaxLength - 1), "…");
    }

    /// <summary>
    /// first_name is the given name and last_name the family name: a Chinese name is written family name first without
    /// a space (张 + 三 → 张三), any other "given family".
    /// </summary>
    public static string? FullName(string? firstName, string? lastName)
    {
        if (firstName is null || lastName is null)
        {
            return firstName ?? lastName;
        }

        return IsHan(firstName) && IsHan(lastName) ? lastName + firstName : $"{firstName} {lastName}";
    }

    private static bool IsHan(string text) => text.All(c => c is >= '\u3400' and <= '\u9fff' or '·' or '•');

    private async Task<(AddressKind Kind, string? Code, Open311Error? Error)> AddressAsync(Open311Submission input, CancellationToken cancellationToken)
    {
        if (Clean(input.DeputyCode) is { } deputy)
        {
            var open = deputy.Length <= Organisation.Deputy.CodeMaxLength
                && await db.Deputies.AnyAsync(d => d.Code == deputy && d.IsActive && d.Stations.Any(e => e.Station.IsActive), cancellationToken);
            return open
                ? (AddressKind.Deputy, deputy, null)
                : (AddressKind.Deputy, null, new Open311Error(400, $"attribute[{DeputyAttribute}]：没有编号为“{deputy}”的在任代表，或该代表目前不接收意见。"));
        }

        if (Clean(input.StationCode) is { } station)
        {
            var open = station.Length <= Organisation.Station.CodeMaxLength
                && await db.Stations.AnyAsync(s => s.Code == station && s.IsActive, cancellationToken);
            return open
                ? (AddressKind.Station, station, null)
                : (AddressKind.Station, null, new Open311Error(400, $"attribute[{StationAttribute}]：没有编号为“{station}”的联络站，或该联络站目前不接收意见。"));
        }

        var latText = Clean(input.Latitude);
        var longText = Clean(input.Longitude);
        if (latText is not null || longText is not null)
        {
            if (!double.TryParse(latText, NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) || lat is < -90 or > 90
                || !double.TryParse(longText, NumberStyles.Float, CultureInfo.InvariantCulture, out var lng) || lng is < -180 or > 180)
            {
                return (AddressKind.Station, null, new Open311Error(400, "lat 和 long 须同时提供，且为 WGS84 经纬度（例如 lat=31.49&long=120.31）。"));
            }

            if (await intake.NearestStationAsync(lat, lng, cancellationToken) is { } nearest)
            {
                return (AddressKind.Station, nearest.Code, null);
            }
        }

        return (AddressKind.Station, null, new Open311Error(400, $"attribute[{StationAttribute}] 或 attribute[{DeputyAttribute}] 必须提供其一（意见交给哪个联络站或哪位代表）。"));
    }

    private static string FieldName(string field) => field switch
    {
        nameof(OpinionSubmission.Content) or nameof(OpinionSubmission.Title) => "description",
        nameof(OpinionSubmission.Name) => "first_name/last_name",
        nameof(OpinionSubmission.Phone) => "phone",
        nameof(OpinionSubmission.CategoryCode) => "service_code",
        _ => "request",
    };

    private async Task<Open311Service?> ServiceAsync(string? code, CancellationToken cancellationToken)
    {
        code = Clean(code);
        if (code is null || code.Length > Organisation.Category.CodeMaxLength)
        {
            return null;
        }

        var found = await db.Categories.AsNoTracking()
            .Where(c => c.Code == code && c.IsActive && (c.ParentId == null || c.Parent!.IsActive))
            .Select(c => new { c.Code, c.Name, ParentName = c.Parent == null ? null : c.Parent.Name })
            .SingleOrDefaultAsync(cancellationToken);
        return found is null ? null : new Open311Service(found.Code, found.Name, Describe(found.Name, found.ParentName), string.Empty, found.ParentName ?? found.Name);
    }

    private sealed record CategoryRow(int Id, string Code, string Name, int? ParentId, string? ParentName, int SortOrder, int ParentSort);

    private async Task<List<CategoryRow>> ActiveCategoriesAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Categories.AsNoTracking()
            .Where(c => c.IsActive && (c.ParentId == null || c.Parent!.IsActive))
            .Select(c => new CategoryRow(
                c.Id, c.Code, c.Name, c.ParentId, c.Parent == null ? null : c.Parent.Name, c.SortOrder, c.Parent == null ? c.SortOrder : c.Parent.SortOrder))
            .ToListAsync(cancellationToken);
        return rows
            .OrderBy(c => c.ParentSort).ThenBy(c => c.ParentId ?? c.Id).ThenBy(c => c.ParentId is null ? 0 : 1).ThenBy(c => c.SortOrder).ThenBy(c => c.Code, StringComparer.Ordinal)
            .ToList();
    }

    private static string Describe(string name, string? parentName) =>
        parentName is null ? $"{name}方面的意见建议。" : $"{parentName} · {name}方面的意见建议。";

    /// <summary>
    /// closed = answered (fed back, rated, closed), refused or escalated; a merged case follows the case it joined: closed
    /// once that case's answer reached it, or when that case was refused or escalated.
    /// </summary>
    private Expression<Func<Opinion, bool>> IsClosed() => o =>
        Open311Status.ClosedStates.Contains(o.State)
        || (o.State == OpinionState.Merged
            && (o.FedBackAt != null || db.Opinions.Any(s => s.Id == o.MergedIntoId && (s.State == OpinionState.Refused || s.State == OpinionState.Escalated))));

    private static Expression<Func<Opinion, bool>> Not(Expression<Func<Opinion, bool>> predicate) =>
        Expression.Lambda<Func<Opinion, bool>>(Expression.Not(predicate.Body), predicate.Parameters);

    private async Task<IReadOnlyList<Open311Request>> LoadAsync(IQueryable<Opinion> opinions, CancellationToken cancellationToken)
    {
        var rows = await opinions.OrderByDescending(o => o.ReceivedAt).ThenByDescending(o => o.Id).Take(MaxResults)
            .Select(o => new
            {
                o.Id, o.TrackingCode, o.State, o.Content, o.ReceivedAt, o.UpdatedAt, o.AnswerDueOn, o.FeedbackDueOn, o.FedBackAt,
                o.PublishedAnswer, o.MergedIntoId,
                CategoryCode = o.Category == null ? null : o.Category.Code,
                CategoryName = o.Category == null ? null : o.Category.Name,
                StationName = o.Station.Name,
            })
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }

        // A merged case shows the progress of the case it joined.
        var survivorIds = rows.Where(r => r.State == OpinionState.Merged && r.MergedIntoId is not null).Select(r => r.MergedIntoId!.Value).Distinct().ToList();
        var survivors = await db.Opinions.AsNoTracking().Where(o => survivorIds.Contains(o.Id))
            .Select(o => new { o.Id, o.State, o.AnswerDueOn, o.FeedbackDueOn })
            .ToDictionaryAsync(o => o.Id, cancellationToken);
        var subjects = rows.ToDictionary(r => r.Id, r => r.State == OpinionState.Merged && r.MergedIntoId is { } into && survivors.ContainsKey(into) ? into : r.Id);
        var subjectIds = subjects.Values.Distinct().ToList();
        var leads = (await db.OpinionAssignments.AsNoTracking()
                .Where(a => subjectIds.Contains(a.OpinionId) && a.IsLead && a.ReturnedAt == null)
                .Select(a => new { a.OpinionId, a.Round, a.AssignedAt, Unit = a.HandlingUnit.Name })
                .ToListAsync(cancellationToken))
            .GroupBy(a => a.OpinionId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.Round).ThenByDescending(a => a.AssignedAt).First().Unit);
        var stateOf = rows.ToDictionary(r => r.Id, r => r.State);
        foreach (var survivor in survivors.Values)
        {
            stateOf[survivor.Id] = survivor.State;
        }

        var refusedOrEscalated = subjectIds.Where(id => stateOf[id] is OpinionState.Refused or OpinionState.Escalated).ToList();
        var refuse = nameof(OpinionAction.Refuse);
        var escalate = nameof(OpinionAction.Escalate);
        var notes = (await db.OpinionEvents.AsNoTracking()
                .Where(e => refusedOrEscalated.Contains(e.OpinionId) && (e.Action == refuse || e.Action == escalate) && e.PublicNote != null)
                .Select(e => new { e.OpinionId, e.Id, e.PublicNote })
                .ToListAsync(cancellationToken))
            .GroupBy(e => e.OpinionId)
            .ToDictionary(g => g.Key, g => g.MaxBy(e => e.Id)!.PublicNote);

        return rows.Select(r =>
        {
            var subject = subjects[r.Id];
            var merged = subject != r.Id;
            var state = merged ? survivors[subject].State : r.State;
            var answered = r.FedBackAt is not null;
            var closed = answered || Open311Status.ClosedStates.Contains(state);
            string? statusNotes = answered
                ? r.PublishedAnswer
                : state is OpinionState.Refused or OpinionState.Escalated
                    ? notes.GetValueOrDefault(subject)
                    : merged ? "已与相同问题合并办理，办理结果会一并答复。" : StageNote(state);
            string? agency = state is OpinionState.Received or OpinionState.Classified or OpinionState.Refused or OpinionState.Escalated or OpinionState.Merged
                ? null
                : leads.GetValueOrDefault(subject);
            var due = merged ? survivors[subject].AnswerDueOn ?? survivors[subject].FeedbackDueOn : r.AnswerDueOn ?? r.FeedbackDueOn;
            return new Open311Request(
                r.TrackingCode, !closed, statusNotes, r.CategoryName ?? string.Empty, r.CategoryCode ?? string.Empty, r.Content, agency,
                r.ReceivedAt, r.UpdatedAt, EndOfDay(due), r.StationName);
        }).ToList();
    }

    private static string? StageNote(OpinionState state) => state switch
    {
        OpinionState.Received => "已受理，正在分类。",
        OpinionState.Classified => "已分类，正在交办承办单位。",
        OpinionState.Assigned => "已交办承办单位办理。",
        OpinionState.Answered => "承办单位已答复，正在审核后反馈。",
        _ => null,
    };

    /// <summary>A W3C date or date-time; without an offset it is China time. A "+" the query string turned into a space is put back.</summary>
    private static DateTimeOffset? ParseDate(string? text, string field, List<Open311Error> errors)
    {
        var value = Clean(text);
        if (value is null)
        {
            return null;
        }

        if (value.Contains('T', StringComparison.Ordinal))
        {
            value = value.Replace(' ', '+');
        }

        if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            if (parsed.Kind == DateTimeKind.Unspecified)
            {
                return new DateTimeOffset(parsed, ChinaTime.Offset);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var withOffset))
            {
                return withOffset;
            }
        }

        errors.Add(new Open311Error(400, $"{field} 须为 W3C 日期时间格式，例如 2026-01-01T00:00:00+08:00。"));
        return null;
    }

    private static string[] Split(string? text) =>
        (text ?? string.Empty).Split([',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>The interface's own error descriptions (the spec's errors are "meant to be seen by the user": Chinese, like every service message).</summary>
public static class Open311Messages
{
    public const string BadFormat = "格式只能是 .json 或 .xml。";
    public const string NotForm = "POST 的正文须为 application/x-www-form-urlencoded（也接受 multipart/form-data）。";
    public const string Failed = "服务暂时出错，请稍后重试；如果一直出错，请联系系统管理员。";
    public const string NoSuchPath = "没有这个接口地址。接口地址见 discovery.json。";
    public const string NoSuchRequest = "没有找到这件请求（service_request_id），或它不是用这个 api_key 提交的。";

    public static string TooLarge(int kilobytes) => $"请求正文过大（最多 {kilobytes} KB）；本接口不接收附件。";

    public static string Unreadable(int kilobytes) => $"无法读取请求正文：格式不对，或超过 {kilobytes} KB。";

    public static string NoSuchService(string? code) => $"没有编号为“{code}”的服务类型（service_code）。";

    public static string TooMany(int perMinute, int seconds) => $"调用过于频繁：每分钟最多 {perMinute} 次，请 {seconds} 秒后再试。";
}
