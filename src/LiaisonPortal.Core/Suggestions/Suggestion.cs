using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;

namespace LiaisonPortal.Core.Suggestions;

/// <summary>The states of a deputy's formal suggestion (domain.md, "Deputies' formal suggestions").</summary>
public enum SuggestionState
{
    /// <summary>草稿: only its deputy sees it.</summary>
    Draft = 1,

    /// <summary>待审核: filed, numbered in its batch, waiting for the office's review.</summary>
    Submitted = 2,

    /// <summary>已退回: returned to the deputy with reasons; the deputy edits and files it again.</summary>
    Returned = 3,

    /// <summary>已立案: accepted, waiting to be assigned (交办).</summary>
    Accepted = 4,

    /// <summary>办理中: assigned to a lead unit (and co-units) with a deadline.</summary>
    Assigned = 5,

    /// <summary>已答复: the lead unit replied; the deputy evaluates.</summary>
    Replied = 6,

    /// <summary>已办结: evaluated (or evaluated unsatisfied after the second handling).</summary>
    Closed = 7,

    /// <summary>已转为群众意见: handled as an ordinary opinion instead.</summary>
    Converted = 8,
}

public enum SuggestionAction
{
    /// <summary>Saved as a draft, or a draft / returned suggestion edited.</summary>
    Save = 1,
    Submit = 2,

    /// <summary>The deputy takes a filed suggestion back to edit before the review.</summary>
    Withdraw = 3,
    Accept = 4,

    /// <summary>The office returns it to the deputy with reasons.</summary>
    Return = 5,

    /// <summary>The office turns it into an ordinary opinion.</summary>
    Convert = 6,

    /// <summary>拟交办: the office proposes the lead and co-units ahead of the assignment meeting.</summary>
    Propose = 7,
    Assign = 8,

    /// <summary>协办意见: a co-unit's views for the lead unit.</summary>
    View = 9,

    /// <summary>办前/办中/办后 communication with the deputy ("三见面").</summary>
    Contact = 10,

    /// <summary>答复: the lead unit's formal reply, graded A/B/C.</summary>
    Reply = 11,

    /// <summary>满意 or 基本满意 (or 不满意 after the second handling): closed.</summary>
    Evaluate = 12,

    /// <summary>不满意: back to the units for a second handling with a new deadline.</summary>
    Rehandle = 13,

    /// <summary>重点督办 marked or lifted, or a supervision note.</summary>
    Supervise = 14,

    /// <summary>The lead unit sends a wrongly assigned suggestion back to the office.</summary>
    SendBack = 15,
}

/// <summary>代表建议: filed by a lead deputy with co-signers, numbered in a batch, handled by units, evaluated by the deputy.</summary>
public class Suggestion
{
    public const int TitleMaxLength = 100;
    public const int ContentMinLength = 20;
    public const int ContentMaxLength = 10000;
    public const int NumberMaxLength = 40;
    public const int LeaderMaxLength = 50;

    /// <summary>A suggestion is handled at most twice: an unsatisfied rating of the second reply closes it as unsatisfied.</summary>
    public const int MaxRounds = 2;

    private readonly List<SuggestionEvent> _events = [];

    private Suggestion()
    {
        Title = string.Empty;
        Content = string.Empty;
    }

    public Suggestion(int deputyId, string title, string content, DateTimeOffset createdAt, string? createdById)
    {
        DeputyId = deputyId;
        Title = title;
        Content = content;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
        CreatedById = createdById;
        State = SuggestionState.Draft;
        Round = 1;
    }

    public int Id { get; private set; }

    /// <summary>The batch number, e.g. 2026-第1次会议-第0123号; none while a draft.</summary>
    public string? Number { get; internal set; }

    public int? BatchId { get; internal set; }

    public SuggestionBatch? Batch { get; private set; }

    /// <summary>The sequence within the batch (the 0123 of the number).</summary>
    public int? Sequence { get; internal set; }

    /// <summary>领衔代表: the deputy who files it and evaluates the replies.</summary>
    public int DeputyId { get; private set; }

    public Deputy Deputy { get; private set; } = null!;

    public SuggestionState State { get; internal set; }

    public string Title { get; set; }

    public string Content { get; set; }

    public int? CategoryId { get; set; }

    public Category? Category { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string? CreatedById { get; private set; }

    public DateTimeOffset UpdatedAt { get; internal set; }

    public DateTimeOffset? SubmittedAt { get; internal set; }

    public DateTimeOffset? AcceptedAt { get; internal set; }

    public DateTimeOffset? AssignedAt { get; internal set; }

    public DateTimeOffset? ClosedAt { get; internal set; }

    /// <summary>The round of handling: 2 after an unsatisfied rating (二次办理).</summary>
    public int Round { get; internal set; }

    /// <summary>The lead unit's deadline in the current round (China date).</summary>
    public DateOnly? DueOn { get; internal set; }

    /// <summary>Recomputed by the daily supervision job and on every move.</summary>
    public bool IsOverdue { get; internal set; }

    /// <summary>重点督办建议: marked by a congress leader, whose name every list shows.</summary>
    public bool IsKey { get; internal set; }

    public string? KeyLeader { get; internal set; }

    /// <summary>The opinion it became when the office converted it.</summary>
    public int? ConvertedOpinionId { get; internal set; }

    public uint Version { get; private set; }

    public IReadOnlyCollection<SuggestionEvent> Events => _events;

    internal void Record(SuggestionEvent entry) => _events.Add(entry);
}

/// <summary>附议代表: a deputy who co-signs a suggestion; sees it (not while it is a draft) but does not evaluate.</summary>
public class SuggestionCosigner
{
    public SuggestionCosigner(int suggestionId, int deputyId)
    {
        SuggestionId = suggestionId;
        DeputyId = deputyId;
    }

    public int SuggestionId { get; private set; }

    public int DeputyId { get; private set; }

    public Deputy Deputy { get; private set; } = null!;
}

/// <summary>A citizen opinion the suggestion grew out of: the office sees "转为代表建议", the citizen a plain sentence.</summary>
public class SuggestionSource
{
    public SuggestionSource(int suggestionId, int opinionId)
    {
        SuggestionId = suggestionId;
        OpinionId = opinionId;
    }

    public int SuggestionId { get; private set; }

    public int OpinionId { get; private set; }

    public Opinion Opinion { get; private set; } = null!;
}

/// <summary>A file attached to a suggestion (PDF, Word, Excel or a photo), kept in the database.</summary>
public class SuggestionAttachment
{
    public const int MaxFiles = 5;
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int FileNameMaxLength = 200;

    private SuggestionAttachment()
    {
        FileName = string.Empty;
        ContentType = string.Empty;
        Content = [];
    }

    public SuggestionAttachment(int suggestionId, string fileName, string contentType, byte[] content, DateTimeOffset addedAt)
    {
        ArgumentNullException.ThrowIfNull(content);
        SuggestionId = suggestionId;
        FileName = fileName;
        ContentType = contentType;
        Content = content;
        Length = content.Length;
        AddedAt = addedAt;
    }

    public int Id { get; private set; }

    public int SuggestionId { get; private set; }

    public string FileName { get; private set; }

    public string ContentType { get; private set; }

    public int Length { get; private set; }

    public byte[] Content { get; private set; }

    public DateTimeOffset AddedAt { get; private set; }
}

/// <summary>
/// 交办: one unit's part in one round — the lead unit (主办), which replies, or a co-unit (协办), which sends its views to
/// the lead unit. Before <see cref="AssignedAt"/> it is only proposed (拟交办) and the unit does not see it.
/// </summary>
public class SuggestionAssignment
{
    public const int ReplyMaxLength = 8000;
    public const int ViewMaxLength = 4000;
    public const int ReasonMaxLength = 1000;

    private SuggestionAssignment()
    {
    }

    public SuggestionAssignment(int suggestionId, int round, int unitId, bool isLead)
    {
        SuggestionId = suggestionId;
        Round = round;
        HandlingUnitId = unitId;
        IsLead = isLead;
    }

    public int Id { get; private set; }

    public int SuggestionId { get; private set; }

    public Suggestion Suggestion { get; private set; } = null!;

    public int Round { get; private set; }

    public int HandlingUnitId { get; private set; }

    public HandlingUnit HandlingUnit { get; private set; } = null!;

    public bool IsLead { get; private set; }

    /// <summary>None while only proposed.</summary>
    public DateTimeOffset? AssignedAt { get; internal set; }

    public DateOnly? DueOn { get; internal set; }

    /// <summary>A co-unit's views for the lead unit.</summary>
    public string? View { get; internal set; }

    public DateTimeOffset? ViewAt { get; internal set; }

    /// <summary>The lead unit's formal reply.</summary>
    public string? Reply { get; internal set; }

    /// <summary>A (solved / adopted), B (being solved, with <see cref="PlannedOn"/>), C (cannot be solved now, with <see cref="Reason"/>).</summary>
    public AnswerResult? Grade { get; internal set; }

    public DateOnly? PlannedOn { get; internal set; }

    public string? Reason { get; internal set; }

    public DateTimeOffset? RepliedAt { get; internal set; }

    /// <summary>Sent back to the office as not the unit's business.</summary>
    public DateTimeOffset? SentBackAt { get; internal set; }

    public string? SentBackReason { get; internal set; }

    /// <summary>The last day a reminder (催办) was queued, so the daily job sends each reminder once.</summary>
    public DateOnly? RemindedOn { get; internal set; }

    public uint Version { get; private set; }
}

/// <summary>When in the handling a unit talked with the deputy ("三见面").</summary>
public enum ContactStage
{
    /// <summary>办前</summary>
    Before = 1,

    /// <summary>办中</summary>
    During = 2,

    /// <summary>办后</summary>
    After = 3,
}

public enum ContactMode
{
    /// <summary>当面走访</summary>
    Visit = 1,

    /// <summary>电话沟通</summary>
    Phone = 2,

    /// <summary>座谈会</summary>
    Meeting = 3,

    /// <summary>实地察看</summary>
    SiteVisit = 4,

    /// <summary>其他</summary>
    Other = 5,
}

/// <summary>A dated note of how a unit met or talked with the deputy about the suggestion.</summary>
public class SuggestionContact
{
    public const int NoteMaxLength = 1000;

    private SuggestionContact()
    {
        Note = string.Empty;
    }

    public SuggestionContact(int suggestionId, int round, int unitId, ContactStage stage, ContactMode mode, DateOnly on, string note, DateTimeOffset recordedAt, string? recordedById, string? recordedByName)
    {
        SuggestionId = suggestionId;
        Round = round;
        HandlingUnitId = unitId;
        Stage = stage;
        Mode = mode;
        On = on;
        Note = note;
        RecordedAt = recordedAt;
        RecordedById = recordedById;
        RecordedByName = recordedByName;
    }

    public int Id { get; private set; }

    public int SuggestionId { get; private set; }

    public int Round { get; private set; }

    public int HandlingUnitId { get; private set; }

    public HandlingUnit HandlingUnit { get; private set; } = null!;

    public ContactStage Stage { get; private set; }

    public ContactMode Mode { get; private set; }

    public DateOnly On { get; private set; }

    public string Note { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public string? RecordedById { get; private set; }

    public string? RecordedByName { get; private set; }
}

/// <summary>The lead deputy's rating of one round's reply.</summary>
public class SuggestionEvaluation
{
    public const int CommentMaxLength = 1000;

    private SuggestionEvaluation()
    {
    }

    public SuggestionEvaluation(int suggestionId, int round, Rating rating, string? comment, DateTimeOffset at)
    {
        SuggestionId = suggestionId;
        Round = round;
        Rating = rating;
        Comment = comment;
        At = at;
    }

    public int Id { get; private set; }

    public int SuggestionId { get; private set; }

    public int Round { get; private set; }

    public Rating Rating { get; private set; }

    public string? Comment { get; private set; }

    public DateTimeOffset At { get; private set; }
}

/// <summary>One step of a suggestion's history: <see cref="Note"/> the deputies see, <see cref="InternalNote"/> staff only.</summary>
public class SuggestionEvent
{
    public const int NoteMaxLength = 2000;

    private SuggestionEvent()
    {
        Action = string.Empty;
    }

    public SuggestionEvent(DateTimeOffset at, SuggestionAction action, SuggestionState state, string? note, string? internalNote, string? actorId, string? actorName)
    {
        At = at;
        Action = action.ToString();
        State = state;
        Note = note;
        InternalNote = internalNote;
        ActorId = actorId;
        ActorName = actorName;
    }

    public long Id { get; private set; }

    public int SuggestionId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string Action { get; private set; }

    public SuggestionState State { get; private set; }

    public string? Note { get; private set; }

    public string? InternalNote { get; private set; }

    public string? ActorId { get; private set; }

    public string? ActorName { get; private set; }
}

public enum BatchKind
{
    /// <summary>代表大会会议期间: numbered 第N次会议, answered within months.</summary>
    Session = 1,

    /// <summary>闭会期间: answered by the working-day rule ("2310").</summary>
    Interim = 2,
}

/// <summary>
/// A numbering batch of one congress (a region): the suggestions filed during a session (e.g. 2026 第1次会议) or between
/// sessions. Filing picks the batch open that day; the batch's rule gives the units' deadline.
/// </summary>
public class SuggestionBatch
{
    public const int NameMaxLength = 30;

    private SuggestionBatch()
    {
        Name = string.Empty;
    }

    public SuggestionBatch(int regionId, int year, BatchKind kind, string name, DateOnly opensOn, DateOnly closesOn, int? deadlineMonths, int? deadlineWorkingDays)
    {
        RegionId = regionId;
        Year = year;
        Kind = kind;
        Name = name;
        OpensOn = opensOn;
        ClosesOn = closesOn;
        DeadlineMonths = deadlineMonths;
        DeadlineWorkingDays = deadlineWorkingDays;
    }

    public int Id { get; private set; }

    /// <summary>The congress: the region whose people's congress receives the suggestions.</summary>
    public int RegionId { get; private set; }

    public Region Region { get; private set; } = null!;

    public int Year { get; set; }

    public BatchKind Kind { get; set; }

    /// <summary>第1次会议, 闭会期间 …: the middle of the number.</summary>
    public string Name { get; set; }

    public DateOnly OpensOn { get; set; }

    public DateOnly ClosesOn { get; set; }

    /// <summary>The units' deadline in months from the assignment (a session batch), or …</summary>
    public int? DeadlineMonths { get; set; }

    /// <summary>… in working days from the assignment (between sessions).</summary>
    public int? DeadlineWorkingDays { get; set; }

    /// <summary>The last sequence number given; raised under the row's lock when a suggestion is filed.</summary>
    public int LastNumber { get; internal set; }

    /// <summary>When the batch was assigned at the assignment meeting (交办会), if it was.</summary>
    public DateTimeOffset? AssignedAt { get; internal set; }

    public uint Version { get; private set; }

    public string NumberFor(int sequence) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Year}-{Name}-第{sequence:D4}号");
}
