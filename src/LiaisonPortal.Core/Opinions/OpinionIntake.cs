using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Files;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LiaisonPortal.Core.Opinions;

/// <summary>Whom a QR code or link addresses: a deputy (/d/{code}) or a station (/s/{code}).</summary>
public enum AddressKind
{
    Deputy = 1,
    Station = 2,
}

/// <summary>A station to go to instead, when the one on the code is closed.</summary>
public sealed record StationPointer(string Code, string Name, string Address, string? OpeningHours);

/// <summary>
/// What the form is addressed to. When <see cref="IsActive"/> is false the code still lands here (printed cards keep
/// working) and <see cref="Instead"/> names the nearest active station, if there is one.
/// </summary>
public sealed record OpinionAddress(
    AddressKind Kind, string Code, string Name, bool IsActive, string StationCode, string StationName,
    DeputyLevel? DeputyLevel, string? OpeningHours, StationPointer? Instead);

public sealed record OpinionCategoryOption(string Code, string Name);

/// <summary>A photo as uploaded: <see cref="Content"/> is null when the file was too large to read.</summary>
public sealed record UploadedPhoto(string FileName, long Length, byte[]? Content);

/// <summary>What the citizen typed, as text, exactly as it came.</summary>
public sealed record OpinionSubmission(
    string? Title, string? Content, string? CategoryCode, string? Name, string? Phone, bool MayContact, bool Anonymous,
    IReadOnlyList<UploadedPhoto> Photos, OpinionChannel Channel = OpinionChannel.Qr, int? ReceptionLogId = null, int? PartnerSystemId = null);

/// <summary>
/// The result of a submission: field errors, or the tracking code (and a secret, shown once, when no phone was
/// given). <see cref="Unavailable"/> means the database could not save it even after retrying.
/// </summary>
public sealed record SubmissionResult(IReadOnlyList<FieldError> Errors, string? TrackingCode = null, string? Secret = null, bool Unavailable = false)
{
    public bool Succeeded => TrackingCode is not null;
}

/// <summary>Receives opinions from citizens: the form's rules, the photos, the tracking code and the first SMS.</summary>
public sealed partial class OpinionIntake(
    ApplicationDbContext db, CitizenPhones phones, QuerySecrets secrets, Outbox outbox, TimeProvider time, ILogger<OpinionIntake> logger)
{
    /// <summary>"2310": 2 + 3 working days to reach the unit and 10 for its answer.</summary>
    public const int UsualAnswerWorkingDays = 15;

    public const int FeedbackWithinDays = Opinion.FeedbackWithinDays;

    private const int Attempts = 3;

    public async Task<OpinionAddress?> AddressAsync(AddressKind kind, string code, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > Station.CodeMaxLength)
        {
            return null;
        }

        return kind == AddressKind.Deputy
            ? await DeputyAddressAsync(code, cancellationToken)
            : await StationAddressAsync(code, cancellationToken);
    }

    public async Task<IReadOnlyList<OpinionCategoryOption>> CategoriesAsync(CancellationToken cancellationToken = default) =>
        await db.Categories.AsNoTracking()
            .Where(c => c.IsActive && c.ParentId == null)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Code)
            .Select(c => new OpinionCategoryOption(c.Code, c.Name))
            .ToListAsync(cancellationToken);

    public Task<SubmissionResult> SubmitAsync(AddressKind kind, string code, OpinionSubmission input, CancellationToken cancellationToken = default) =>
        SubmitAsync(kind, code, input, null, cancellationToken);

    /// <summary>
    /// Saves an opinion. <paramref name="registeredBy"/> is the staff member who registered it for a walk-in, a call or a
    /// visit (the history names them); null for the citizen's own form.
    /// </summary>
    public async Task<SubmissionResult> SubmitAsync(AddressKind kind, string code, OpinionSubmission input, CaseActor? registeredBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var target = await TargetAsync(kind, code, cancellationToken);
        if (target is null)
        {
            return new SubmissionResult([new FieldError(string.Empty, "该二维码对应的代表或联络站目前不接收意见，请选择其他联络站。")]);
        }

        var errors = new List<FieldError>();
        var title = Clean(input.Title);
        var content = Clean(input.Content);
        var name = input.Anonymous ? null : Clean(input.Name);
        var phoneText = Clean(input.Phone);
        var phone = CitizenPhones.Normalize(phoneText);

        if (title is null)
        {
            errors.Add(new(nameof(input.Title), "请用一句话概括您反映的问题。"));
        }
        else if (title.Length > Opinion.TitleMaxLength)
        {
            errors.Add(new(nameof(input.Title), $"标题最多 {Opinion.TitleMaxLength} 个字，现在是 {title.Length} 个字。"));
        }

        if (content is null || content.Length < Opinion.ContentMinLength)
        {
            errors.Add(new(nameof(input.Content), $"请把情况写清楚一些，至少 {Opinion.ContentMinLength} 个字。"));
        }
        else if (content.Length > Opinion.ContentMaxLength)
        {
            errors.Add(new(nameof(input.Content), $"内容最多 {Opinion.ContentMaxLength} 个字，现在是 {content.Length} 个字，请删减后再提交。"));
        }

        if (name is not null && name.Length > Opinion.NameMaxLength)
        {
            errors.Add(new(nameof(input.Name), $"姓名最多 {Opinion.NameMaxLength} 个字。"));
        }

        if (phoneText is not null && phone is null)
        {
            errors.Add(new(nameof(input.Phone), "请填写 11 位手机号码，例如 13812345678。"));
        }
        else if (input.Anonymous && phoneText is not null)
        {
            errors.Add(new(nameof(input.Phone), "匿名提交不保留电话。需要电话或短信回复的，请取消勾选“匿名提交”。"));
        }
        else if (input.MayContact && phone is null)
        {
            errors.Add(new(nameof(input.Phone), "您同意我们联系您，请留下手机号码；不方便留电话的，可以取消勾选。"));
        }

        int? categoryId = null;
        if (Clean(input.CategoryCode) is { } categoryCode)
        {
            categoryId = await db.Categories.Where(c => c.Code == categoryCode && c.IsActive).Select(c => (int?)c.Id).SingleOrDefaultAsync(cancellationToken);
            if (categoryId is null)
            {
                errors.Add(new(nameof(input.CategoryCode), "请从列表中选择分类，或者选择“不确定”。"));
            }
        }

        var photos = CheckPhotos(input.Photos, errors);
        if (errors.Count > 0)
        {
            return new SubmissionResult(errors);
        }

        var secret = phone is null ? TrackingCodes.NewSecret() : null;
        for (var attempt = 1; ; attempt++)
        {
            var opinion = new Opinion(TrackingCodes.NewCode(), input.Channel, target.Value.StationId, target.Value.DeputyId, title!, content!, time.GetUtcNow())
            {
                CategoryId = categoryId,
                CitizenName = name,
                PhoneCipher = phone is null ? null : phones.Protect(phone),
                MayContact = input.MayContact && phone is not null,
                IsAnonymous = input.Anonymous,
                SecretHash = secret is null ? null : secrets.Protect(secret),
                ReceptionLogId = input.ReceptionLogId,
                PartnerSystemId = input.PartnerSystemId,
            };
            foreach (var (contentType, bytes) in photos)
            {
                opinion.AddPhoto(new OpinionPhoto(contentType, bytes));
            }

            OpinionWorkflow.Apply(opinion, OpinionAction.Receive, registeredBy?.Role ?? WorkflowActor.System, opinion.ReceivedAt,
                registeredBy is null ? new MoveNotes(ActorName: "系统") : new MoveNotes(ActorId: registeredBy.UserId, ActorName: registeredBy.Name));
            db.Opinions.Add(opinion);
            if (opinion.MayContact)
            {
                outbox.Sms("opinion.received", phone!, $"【人大代表联络站】您的意见已收到，查询码 {TrackingCodes.Display(opinion.TrackingCode)}。凭查询码和手机尾号可查询办理进度。");
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                LogReceived(logger, opinion.Id, input.Channel, photos.Count);
                return new SubmissionResult([], opinion.TrackingCode, secret);
            }
            catch (Exception exception) when (attempt < Attempts && IsRetryable(exception))
            {
                LogRetry(logger, exception.GetType().Name, attempt);
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time, cancellationToken);
            }
            catch (Exception exception) when (exception is DbUpdateException or NpgsqlException or TimeoutException)
            {
                LogFailed(logger, exception);
                db.ChangeTracker.Clear();
                return new SubmissionResult([], Unavailable: true);
            }
        }
    }

    private static List<(string ContentType, byte[] Content)> CheckPhotos(IReadOnlyList<UploadedPhoto> uploads, List<FieldError> errors)
    {
        var photos = new List<(string, byte[])>();
        var given = uploads.Where(p => p.Length > 0).ToList();
        if (given.Count > Opinion.MaxPhotos)
        {
            errors.Add(new("Photos", $"最多上传 {Opinion.MaxPhotos} 张照片，您选择了 {given.Count} 张。"));
            return photos;
        }

        foreach (var upload in given)
        {
            var fileName = Path.GetFileName(upload.FileName);
            if (upload.Length > Opinion.PhotoMaxBytes || upload.Content is null)
            {
                errors.Add(new("Photos", $"照片“{fileName}”超过 5 MB，请换一张或压缩后再上传。"));
            }
            else if (ImageTypes.Detect(upload.Content) is { } contentType)
            {
                photos.Add((contentType, upload.Content));
            }
            else
            {
                errors.Add(new("Photos", $"“{fileName}”不是 JPG、PNG 或 WebP 格式的照片。"));
            }
        }

        return photos;
    }

    private static bool IsRetryable(Exception exception) => exception switch
    {
        // A clash of tracking codes (one in 2^49) or a dropped connection: both succeed on a fresh try.
        DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } => true,
        DbUpdateException { InnerException: NpgsqlException { IsTransient: true } } => true,
        NpgsqlException { IsTransient: true } => true,
        TimeoutException => true,
        _ => false,
    };

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private async Task<(int StationId, int? DeputyId)?> TargetAsync(AddressKind kind, string code, CancellationToken cancellationToken)
    {
        if (kind == AddressKind.Station)
        {
            var station = await db.Stations.Where(s => s.Code == code && s.IsActive).Select(s => (int?)s.Id).SingleOrDefaultAsync(cancellationToken);
            return station is { } id ? (id, null) : null;
        }

        var deputy = await db.Deputies.Where(d => d.Code == code && d.IsActive)
            .Select(d => new
            {
                d.Id,
                Station = d.Stations.Where(e => e.Station.IsActive).OrderByDescending(e => e.IsPrimary).Select(e => (int?)e.StationId).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return deputy?.Station is { } stationId ? (stationId, deputy.Id) : null;
    }

    private async Task<OpinionAddress?> DeputyAddressAsync(string code, CancellationToken cancellationToken)
    {
        var deputy = await db.Deputies.AsNoTracking().Where(d => d.Code == code)
            .Select(d => new
            {
                d.Code,
                d.Name,
                d.Level,
                d.IsActive,
                Stations = d.Stations.OrderByDescending(e => e.IsPrimary)
                    .Select(e => new { e.Station.Id, e.Station.Code, e.Station.Name, e.Station.IsActive, e.Station.OpeningHours })
                    .ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (deputy is null)
        {
            return null;
        }

        var open = deputy.Stations.FirstOrDefault(s => s.IsActive);
        if (deputy.IsActive && open is not null)
        {
            return new OpinionAddress(AddressKind.Deputy, deputy.Code, deputy.Name, true, open.Code, open.Name, deputy.Level, open.OpeningHours, null);
        }

        var home = deputy.Stations.FirstOrDefault();
        var instead = open is not null
            ? await PointerAsync(open.Id, cancellationToken)
            : home is null ? await AnyActiveStationAsync(cancellationToken) : await NearestActiveAsync(home.Id, cancellationToken);
        return new OpinionAddress(
            AddressKind.Deputy, deputy.Code, deputy.Name, false, home?.Code ?? string.Empty, home?.Name ?? string.Empty, deputy.Level, null, instead);
    }

    private async Task<OpinionAddress?> StationAddressAsync(string code, CancellationToken cancellationToken)
    {
        var station = await db.Stations.AsNoTracking().Where(s => s.Code == code)
            .Select(s => new { s.Id, s.Code, s.Name, s.IsActive, s.OpeningHours })
            .SingleOrDefaultAsync(cancellationToken);
        if (station is null)
        {
            return null;
        }

        var instead = station.IsActive ? null : await NearestActiveAsync(station.Id, cancellationToken);
        return new OpinionAddress(AddressKind.Station, station.Code, station.Name, station.IsActive, station.Code, station.Name, null, station.OpeningHours, instead);
    }

    /// <summary>The active station nearest to a point (WGS84), among those with coordinates; null when none has them.</summary>
    public async Task<StationPointer?> NearestStationAsync(double latitude, double longitude, CancellationToken cancellationToken = default)
    {
        var located = await db.Stations.AsNoTracking().Where(s => s.IsActive && s.Latitude != null && s.Longitude != null)
            .Select(s => new { Pointer = new StationPointer(s.Code, s.Name, s.Address, s.OpeningHours), s.Latitude, s.Longitude })
            .ToListAsync(cancellationToken);
        return located.MinBy(c => Distance(latitude, longitude, c.Latitude!.Value, c.Longitude!.Value))?.Pointer;
    }

    /// <summary>A squared planar distance, good enough to compare stations within one city.</summary>
    private static double Distance(double lat, double lng, double otherLat, double otherLng)
    {
        var cosine = Math.Cos(lat * Math.PI / 180);
        return Math.Pow(otherLat - lat, 2) + Math.Pow((otherLng - lng) * cosine, 2);
    }

    private async Task<StationPointer?> PointerAsync(int stationId, CancellationToken cancellationToken) =>
        await db.Stations.AsNoTracking().Where(s => s.Id == stationId)
            .Select(s => new StationPointer(s.Code, s.Name, s.Address, s.OpeningHours))
            .SingleOrDefaultAsync(cancellationToken);

    private async Task<StationPointer?> AnyActiveStationAsync(CancellationToken cancellationToken) =>
        await db.Stations.AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.Code)
            .Select(s => new StationPointer(s.Code, s.Name, s.Address, s.OpeningHours))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// The nearest active station to a closed one: by distance when both have coordinates, otherwise the closest in
    /// the region tree (same region, then the parent's subtree, and so on up).
    /// </summary>
    private async Task<StationPointer?> NearestActiveAsync(int stationId, CancellationToken cancellationToken)
    {
        var origin = await db.Stations.AsNoTracking().Where(s => s.Id == stationId)
            .Select(s => new { s.Latitude, s.Longitude, s.Region.Path })
            .SingleAsync(cancellationToken);
        var candidates = await db.Stations.AsNoTracking().Where(s => s.IsActive && s.Id != stationId)
            .Select(s => new { Pointer = new StationPointer(s.Code, s.Name, s.Address, s.OpeningHours), s.Latitude, s.Longitude, s.Region.Path })
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return null;
        }

        if (origin is { Latitude: { } lat, Longitude: { } lng })
        {
            var located = candidates.Where(c => c.Latitude is not null && c.Longitude is not null).ToList();
            if (located.Count > 0)
            {
                return located.MinBy(c => Distance(lat, lng, c.Latitude!.Value, c.Longitude!.Value))!.Pointer;
            }
        }

        // Region paths look like "/32/3202/320203/": the longest shared prefix is the closest relative.
        return candidates
            .OrderByDescending(c => SharedDepth(c.Path, origin.Path))
            .ThenBy(c => c.Pointer.Code, StringComparer.Ordinal)
            .First().Pointer;
    }

    private static int SharedDepth(string a, string b)
    {
        var left = a.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var right = b.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var depth = 0;
        while (depth < left.Length && depth < right.Length && left[depth] == right[depth])
        {
            depth++;
        }

        return depth;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opinion {OpinionId} received through {Channel} with {Photos} photos")]
    private static partial void LogReceived(ILogger logger, int opinionId, OpinionChannel channel, int photos);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving an opinion failed with {Error} on attempt {Attempt}; retrying")]
    private static partial void LogRetry(ILogger logger, string error, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Saving an opinion failed after retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
