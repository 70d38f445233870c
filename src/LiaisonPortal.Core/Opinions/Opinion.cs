using LiaisonPortal.Core.Organisation;

namespace LiaisonPortal.Core.Opinions;

/// <summary>来源渠道: how an opinion reached the portal.</summary>
public enum OpinionChannel
{
    /// <summary>Scanned a deputy's or a station's QR code.</summary>
    Qr = 1,
    Web = 2,
    WalkIn = 3,
    Phone = 4,
    DeputyVisit = 5,
    Hotline = 6,

    /// <summary>Registered from a reception day's log (接待登记).</summary>
    Reception = 7,

    /// <summary>A deputy's suggestion the office decided to handle as an ordinary opinion (代表建议转办).</summary>
    Suggestion = 8,

    /// <summary>Submitted by a partner system through the Open311 interface (对接平台); <see cref="Opinion.PartnerSystemId"/> names it.</summary>
    Partner = 9,
}

/// <summary>The states of the closed loop (domain.md, "The opinion workflow").</summary>
public enum OpinionState
{
    Received = 1,
    Refused = 2,
    Classified = 3,
    Assigned = 4,
    Answered = 5,
    FedBack = 6,
    Evaluated = 7,
    Closed = 8,
    Merged = 9,
    Escalated = 10,
}

/// <summary>评价: the citizen's rating of the answer they were given.</summary>
public enum Rating
{
    Satisfied = 1,
    BasicallySatisfied = 2,
    Unsatisfied = 3,
}

/// <summary>群众意见建议: one opinion, addressed to a station (and perhaps one of its deputies), with its tracking code.</summary>
public class Opinion
{
    public const int TitleMaxLength = 100;
    public const int ContentMinLength = 10;
    public const int ContentMaxLength = 2000;
    public const int NameMaxLength = 50;
    public const int MaxPhotos = 3;
    public const int PhotoMaxBytes = 5 * 1024 * 1024;

    /// <summary>The answer reaches the citizen within one month of receipt (004).</summary>
    public const int FeedbackWithinDays = 30;

    private readonly List<OpinionPhoto> _photos = [];
    private readonly List<OpinionEvent> _events = [];

    private Opinion()
    {
        TrackingCode = string.Empty;
        Title = string.Empty;
        Content = string.Empty;
    }

    public Opinion(string trackingCode, OpinionChannel channel, int stationId, int? deputyId, string title, string content, DateTimeOffset receivedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(trackingCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentException.ThrowIfNullOrWhiteSpace(content);
        TrackingCode = trackingCode;
        Channel = channel;
        StationId = stationId;
        DeputyId = deputyId;
        Title = title;
        Content = content;
        ReceivedAt = receivedAt;
        UpdatedAt = receivedAt;
        State = OpinionState.Received;
        FeedbackDueOn = DateOnly.FromDateTime(Calendar.ChinaTime.Of(receivedAt).DateTime).AddDays(FeedbackWithinDays);
    }

    public int Id { get; private set; }

    /// <summary>查询码: random, unique, what the citizen keeps; never the database id.</summary>
    public string TrackingCode { get; private set; }

    public OpinionChannel Channel { get; private set; }

    public OpinionState State { get; internal set; }

    /// <summary>The station that receives it: the one addressed, or the deputy's primary station at the time.</summary>
    public int StationId { get; private set; }

    public Station Station { get; private set; } = null!;

    public int? DeputyId { get; private set; }

    public Deputy? Deputy { get; private set; }

    /// <summary>The category the citizen chose, if any; staff classify it in the workflow.</summary>
    public int? CategoryId { get; set; }

    public Category? Category { get; private set; }

    public Grade? Grade { get; set; }

    public string Title { get; private set; }

    public string Content { get; private set; }

    public string? CitizenName { get; set; }

    /// <summary>The citizen's mobile number, encrypted (see <see cref="Citizens.CitizenPhones"/>).</summary>
    public string? PhoneCipher { get; set; }

    /// <summary>"May we contact you": the citizen agreed to be called or sent text messages about it.</summary>
    public bool MayContact { get; set; }

    /// <summary>匿名: the name is not kept; tracking is by code and a secret shown once.</summary>
    public bool IsAnonymous { get; set; }

    /// <summary>The query secret of an anonymous submission, encrypted (see <see cref="Citizens.QuerySecrets"/>; older rows: a PBKDF2 hash).</summary>
    public string? SecretHash { get; set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; internal set; }

    /// <summary>The answer the citizen sees, once feedback has published it.</summary>
    public string? PublishedAnswer { get; internal set; }

    /// <summary>How many times an answer was fed back; each round may be rated once.</summary>
    public int FeedbackRound { get; internal set; }

    /// <summary>The round of handling: 2 and more after an unsatisfied rating ("二次办理").</summary>
    public int HandlingRound { get; internal set; } = 1;

    public SupervisionLevel Supervision { get; internal set; }

    /// <summary>Rated unsatisfied twice: on a congress leader's supervision list.</summary>
    public bool LeaderAttention { get; internal set; }

    /// <summary>The lead unit's deadline in the current round (China date).</summary>
    public DateOnly? AnswerDueOn { get; internal set; }

    /// <summary>The one-month rule: fed back by this day (China date) at the latest, wherever the case sits.</summary>
    public DateOnly FeedbackDueOn { get; internal set; }

    /// <summary>Recomputed by the daily supervision job (and on every move).</summary>
    public bool IsOverdue { get; internal set; }

    public int? MergedIntoId { get; internal set; }

    public int? EscalatedToRegionId { get; internal set; }

    /// <summary>The reception log it was registered from, if any.</summary>
    public int? ReceptionLogId { get; set; }

    /// <summary>The partner system that submitted it through Open311 (channel <see cref="OpinionChannel.Partner"/>), if any.</summary>
    public int? PartnerSystemId { get; set; }

    public DateTimeOffset? FedBackAt { get; internal set; }

    public DateTimeOffset? ClosedAt { get; internal set; }

    /// <summary>
    /// When the retention job (<see cref="Citizens.CitizenDataRetention"/>) removed the citizen's name and phone number, a set
    /// time after the case ended; the case itself stays for statistics.
    /// </summary>
    public DateTimeOffset? AnonymisedAt { get; internal set; }

    public uint Version { get; private set; }

    public IReadOnlyCollection<OpinionPhoto> Photos => _photos;

    public IReadOnlyCollection<OpinionEvent> Events => _events;

    public void AddPhoto(OpinionPhoto photo)
    {
        ArgumentNullException.ThrowIfNull(photo);
        if (_photos.Count >= MaxPhotos)
        {
            throw new InvalidOperationException("An opinion has at most three photos.");
        }

        _photos.Add(photo);
    }

    internal void Record(OpinionEvent entry) => _events.Add(entry);
}

/// <summary>A photo sent with an opinion: kept in the database (never under wwwroot), served to authorised staff only.</summary>
public class OpinionPhoto
{
    private OpinionPhoto()
    {
        ContentType = string.Empty;
        Content = [];
    }

    public OpinionPhoto(string contentType, byte[] content)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        ArgumentNullException.ThrowIfNull(content);
        ContentType = contentType;
        Content = content;
        Length = content.Length;
    }

    public int Id { get; private set; }

    public int OpinionId { get; private set; }

    public string ContentType { get; private set; }

    public int Length { get; private set; }

    public byte[] Content { get; private set; }
}

/// <summary>
/// One step of an opinion's history. <see cref="PublicNote"/> is what the citizen sees on the tracking page;
/// <see cref="InternalNote"/> and <see cref="ActorName"/> are for staff only.
/// </summary>
public class OpinionEvent
{
    public const int NoteMaxLength = 2000;

    private OpinionEvent()
    {
        Action = string.Empty;
    }

    public OpinionEvent(DateTimeOffset at, OpinionAction action, OpinionState state, string? publicNote, string? internalNote, string? actorId, string? actorName)
    {
        At = at;
        Action = action.ToString();
        State = state;
        PublicNote = publicNote;
        InternalNote = internalNote;
        ActorId = actorId;
        ActorName = actorName;
    }

    public long Id { get; private set; }

    public int OpinionId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string Action { get; private set; }

    /// <summary>The state the opinion was in after this step.</summary>
    public OpinionState State { get; private set; }

    public string? PublicNote { get; private set; }

    public string? InternalNote { get; private set; }

    public string? ActorId { get; private set; }

    public string? ActorName { get; private set; }
}

/// <summary>The citizen's rating of one round of feedback.</summary>
public class OpinionEvaluation
{
    public const int CommentMaxLength = 500;

    private OpinionEvaluation()
    {
    }

    public OpinionEvaluation(int opinionId, int round, Rating rating, string? comment, DateTimeOffset at)
    {
        OpinionId = opinionId;
        Round = round;
        Rating = rating;
        Comment = comment;
        At = at;
    }

    public int Id { get; private set; }

    public int OpinionId { get; private set; }

    public int Round { get; private set; }

    public Rating Rating { get; private set; }

    public string? Comment { get; private set; }

    public DateTimeOffset At { get; private set; }
}
