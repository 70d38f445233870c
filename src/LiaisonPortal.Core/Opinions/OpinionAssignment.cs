using LiaisonPortal.Core.Organisation;

namespace LiaisonPortal.Core.Opinions;

/// <summary>督办 level, shown on every list.</summary>
public enum SupervisionLevel
{
    Normal = 0,

    /// <summary>重点督办</summary>
    Key = 1,

    /// <summary>挂牌督办: flagged by a congress leader.</summary>
    Flagged = 2,
}

/// <summary>What a unit's final answer says (A/B/C in the suggestion system).</summary>
public enum AnswerResult
{
    /// <summary>已解决</summary>
    Solved = 1,

    /// <summary>正在解决, with a planned date.</summary>
    BeingSolved = 2,

    /// <summary>暂不能解决, with the reason.</summary>
    CannotSolve = 3,
}

/// <summary>
/// 交办: one handling unit's part in one round of handling — the lead unit (主办) or a co-unit (协办) — with its
/// deadline in working days, its answer and its return. A reopened case starts a new round.
/// </summary>
public class OpinionAssignment
{
    public const int AnswerMaxLength = 4000;
    public const int ReasonMaxLength = 1000;

    private OpinionAssignment()
    {
    }

    public OpinionAssignment(int opinionId, int round, int unitId, bool isLead, DateTimeOffset assignedAt, DateOnly answerDueOn)
    {
        OpinionId = opinionId;
        Round = round;
        HandlingUnitId = unitId;
        IsLead = isLead;
        AssignedAt = assignedAt;
        AnswerDueOn = answerDueOn;
    }

    public int Id { get; private set; }

    public int OpinionId { get; private set; }

    public int Round { get; private set; }

    public int HandlingUnitId { get; private set; }

    public HandlingUnit HandlingUnit { get; private set; } = null!;

    public bool IsLead { get; private set; }

    public DateTimeOffset AssignedAt { get; private set; }

    /// <summary>The day (China time) by which the unit must answer.</summary>
    public DateOnly AnswerDueOn { get; internal set; }

    public DateTimeOffset? AnsweredAt { get; internal set; }

    public string? Answer { get; internal set; }

    public AnswerResult? Result { get; internal set; }

    /// <summary>When a "being solved" answer expects the matter solved.</summary>
    public DateOnly? PlannedOn { get; internal set; }

    /// <summary>Why it cannot be solved now.</summary>
    public string? Reason { get; internal set; }

    public DateTimeOffset? ReturnedAt { get; internal set; }

    public string? ReturnReason { get; internal set; }

    /// <summary>The last day a reminder (催办) was queued, so the daily job sends each reminder once.</summary>
    public DateOnly? RemindedOn { get; internal set; }

    public uint Version { get; private set; }

    public bool IsOpen => AnsweredAt is null && ReturnedAt is null;
}

/// <summary>"2310" per grade: working days to forward, to reach the unit, and for the unit's answer. Admins edit them.</summary>
public class DeadlineRule
{
    private DeadlineRule()
    {
    }

    public DeadlineRule(Grade grade, int forwardDays, int reachDays, int answerDays)
    {
        Grade = grade;
        ForwardDays = forwardDays;
        ReachDays = reachDays;
        AnswerDays = answerDays;
    }

    public Grade Grade { get; private set; }

    public int ForwardDays { get; set; }

    public int ReachDays { get; set; }

    public int AnswerDays { get; set; }
}

public enum TemplateKind
{
    /// <summary>A unit's answer.</summary>
    Answer = 1,

    /// <summary>The office's feedback to the citizen.</summary>
    Feedback = 2,
}

/// <summary>答复模板: text staff start from, per category, with the case's facts filled in ({查询码}, {标题}, {收到日期}, {承办单位}).</summary>
public class ReplyTemplate
{
    public const int NameMaxLength = 50;
    public const int BodyMaxLength = 2000;

    private ReplyTemplate()
    {
        Name = string.Empty;
        Body = string.Empty;
    }

    public ReplyTemplate(TemplateKind kind, int? categoryId, string name, string body)
    {
        Kind = kind;
        CategoryId = categoryId;
        Name = name;
        Body = body;
        IsActive = true;
    }

    public int Id { get; private set; }

    public TemplateKind Kind { get; set; }

    public int? CategoryId { get; set; }

    public Category? Category { get; private set; }

    public string Name { get; set; }

    public string Body { get; set; }

    public bool IsActive { get; set; }
}

/// <summary>A keyword an admin maps to a category (and maybe a grade): the system's classification suggestion.</summary>
public class ClassificationRule
{
    public const int KeywordMaxLength = 50;

    private ClassificationRule()
    {
        Keyword = string.Empty;
    }

    public ClassificationRule(string keyword, int categoryId, Grade? grade)
    {
        Keyword = keyword;
        CategoryId = categoryId;
        Grade = grade;
        IsActive = true;
    }

    public int Id { get; private set; }

    public string Keyword { get; set; }

    public int CategoryId { get; set; }

    public Category Category { get; private set; } = null!;

    public Grade? Grade { get; set; }

    public bool IsActive { get; set; }
}
