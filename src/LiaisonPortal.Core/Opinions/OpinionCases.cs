using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LiaisonPortal.Core.Opinions;

/// <summary>Who makes a move: their scope (what they may see), their part in the workflow, and their name for the history.</summary>
public sealed record CaseActor(StaffScope Scope, WorkflowActor Role, string? UserId, string Name)
{
    /// <summary>The workflow part of an account's role.</summary>
    public static WorkflowActor RoleOf(string role) => role switch
    {
        Roles.Admin or Roles.CongressStaff => WorkflowActor.Office,
        Roles.StationStaff => WorkflowActor.Station,
        Roles.UnitStaff => WorkflowActor.Unit,
        Roles.Deputy => WorkflowActor.Deputy,
        _ => WorkflowActor.Citizen,
    };
}

public sealed record AssignInput(string? LeadUnitCode, IReadOnlyList<string>? CoUnitCodes, DateOnly? DueOn = null, string? Note = null);

public sealed record AnswerInput(string? Content, AnswerResult? Result, bool Final, DateOnly? PlannedOn = null, string? Reason = null);

/// <summary>
/// The one workflow engine's service: every move on a case — from the staff pages and the JSON API alike — goes
/// through here. It loads the case through the scope filter (outside the scope: not found), checks the move against
/// <see cref="OpinionWorkflow"/>, keeps the history, and saves with the row's xmin so that of two people moving one
/// case at once the second is told to reload.
/// </summary>
public sealed partial class OpinionCases(
    ApplicationDbContext db, ScopeDirectory scopes, WorkingDayCalendar calendar, CitizenPhones phones, Outbox outbox, Supervision supervision, TimeProvider time)
{
    public const string ChangedMessage = "这件意见刚被其他人处理过，请刷新页面看看最新情况。";
    public const int NoteMaxLength = OpinionEvent.NoteMaxLength;

    public async Task<EditResult> ClassifyAsync(CaseActor actor, string code, string? categoryCode, Grade? grade, uint? version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (opinion, error) = await LoadAsync(actor, code, version, cancellationToken);
        if (opinion is null)
        {
            return error!;
        }

        var category = await db.Categories.SingleOrDefaultAsync(c => c.Code == categoryCode && c.IsActive, cancellationToken);
        if (category is null)
        {
            return EditResult.Invalid("CategoryCode", "请选择分类。");
        }

        if (grade is null || !Enum.IsDefined(grade.Value))
        {
            return EditResult.Invalid("Grade", "请选择分级：一般、重要或紧急。");
        }

        opinion.CategoryId = category.Id;
        opinion.Grade = grade;
        return await MoveAsync(opinion, OpinionAction.Classify, actor, new MoveNotes(InternalNote: $"{category.Name} · {GradeName(grade.Value)}"), cancellationToken);
    }

    public async Task<EditResult> RefuseAsync(CaseActor actor, string code, string? reason, uint? version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Note(reason) is not { } text)
        {
            return EditResult.Invalid("Reason", "请写明不予受理的理由，群众会看到它。");
        }

        var (opinion, error) = await LoadAsync(actor, code, version, cancellationToken);
        if (opinion is null)
        {
            return error!;
        }

        var result = await MoveAsync(opinion, OpinionAction.Refuse, actor, new MoveNotes(PublicNote: text), cancellationToken, notify: $"您的意见（查询码 {TrackingCodes.Display(opinion.TrackingCode)}）不予受理，理由可在查询页面查看。");
        return result;
    }

    /// <summary>同类合并: the case joins another open case; its citizen gets the surviving case's answer.</summary>
    public async Task<EditResult> MergeAsync(CaseActor actor, string code, string? intoCode, uint? version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);

        // The case itself first: outside the scope is 404 whatever the other code is.
        var (opinion, error) = await LoadAsync(actor, code, version, cancellationToken);
        if (opinion is null)
        {
            return error!;
        }

        var target = TrackingCodes.Normalize(intoCode);
        if (target == opinion.TrackingCode)
        {
            db.ChangeTracker.Clear();
            return EditResult.Invalid("IntoCode", "不能与自己合并。");
        }

        var survivor = await scopes.Opinions(actor.Scope).SingleOrDefaultAsync(o => o.TrackingCode == target, cancellationToken);
        if (survivor is null || survivor.State is OpinionState.Refused or OpinionState.Merged or OpinionState.Closed)
        {
            db.ChangeTracker.Clear();
            return EditResult.Invalid("IntoCode", "请填写一件仍在办理中的意见的查询码。");
        }

        opinion.MergedIntoId = survivor.Id;
        if (survivor.FedBackAt is not null)
        {
            // Merged after the survivor's feedback: its citizen gets that answer now, as the others did.
            opinion.PublishedAnswer = survivor.PublishedAnswer;
            opinion.FedBackAt = survivor.FedBackAt;
        }

        return await MoveAsync(opinion, OpinionAction.Merge, actor, new MoveNotes(PublicNote: $"与相同问题（查询码 {TrackingCodes.Display(survivor.TrackingCode)}）合并办理，办理结果会一并告诉您。"), cancellationToken);
    }

    /// <summary>上报 to the congress of the region above the case's station's region.</summary>
    public async Task<EditResult> EscalateAsync(CaseActor actor, string code, string? note, uint? version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Note(note) is not { } text)
        {
            return EditResult.Invalid("Note", "请写明上报的原因。");
        }

        var (opinion, error) = await LoadAsync(actor, code, version, cancellationToken);
        if (opinion is null)
        {
            return error!;
        }

        var parent = await db.Stations.Where(s => s.Id == opinion.StationId).Select(s => s.Region.ParentId).SingleAsync(cancellationToken);
        opinion.EscalatedToRegionId = parent;
        return await MoveAsync(opinion, OpinionAction.Escalate, actor, new MoveNotes(PublicNote: "已上报上级人大常委会办理。", InternalNote: text), cancellationToken);
    }

    /// <summary>交办 to a lead unit and co-units, with the deadline from the grade's rule and the holiday calendar.</summary>
    public async Task<EditResult> AssignAsync(CaseActor actor, string code, AssignInput input, uint? version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var (opinion, error) = await LoadAsync(actor, code, version, cancellationToken);
        if (opinion is null)
        {
            return error!;
        }

        var leadCode = input.LeadUnitCode?.Trim();
        var coCodes = (input.CoUnitCodes ?? []).Select(c => c.Trim()).Where(c => c.Length > 0 && c != leadCode).Distinct(StringComparer.Ordinal).ToList();
        var units = await db.HandlingUnits.Where(u => u.IsActive && (u.Code == leadCode || coCodes.Contains(u.Code))).ToListAsync(cancellationToken);
        var lead = units.SingleOrDefault(u => u.Code == leadCode);
        if (lead is null)
        {
            return EditResult.Invalid("LeadUnitCode", "请选择一个在用的主办单位。");
        }

        var missing = coCodes.Except(units.Select(u => u.Code)).ToList();
        if (missing.Count > 0)
        {
            return EditResult.Invalid("CoUnitCodes", $"协办单位 {string.Join("、", missing)} 不存在或已停用。");
        }

        var today = ChinaTime.Today(time);
        if (input.DueOn is { } chosen && chosen <= today)
        {
            return EditResult.Invalid("DueOn", "办理时限要晚于今天。");
        }

        var due = input.DueOn ?? await AnswerDueAsync(opinion.Grade ?? Grade.Normal, today, cancellationToken);
        var round = await db.OpinionAssignments.Where(a => a.OpinionId == opinion.Id).MaxAsync(a => (int?)a.Round, cancellationToken) ?? 0;
        var now = time.GetUtcNow();
        db.OpinionAssignments.Add(new OpinionAssignment(opinion.Id, round + 1, lead.Id, true, now, due));
        foreach (var co in units.Where(u => u.Id != lead.Id))
        {
            db.OpinionAssignments.Add(new OpinionAssignment(opinion.Id, round + 1, co.Id, false, now, due));
        }

        opinion.AnswerDueOn = due;
        var coNames = units.Where(u => u.Id != lead.Id).Select(u => u.Name).ToList();
        var internalNote = $"主办：{lead.Name}" + (coNames.Count > 0 ? $"；协办：{string.Join("、", coNames)}" : string.Empty) + $"；办理时限：{due:yyyy-MM-dd}" + (Note(input.Note) is { } n ? $"；{n}" : string.Empty);
        return await MoveAsync(opinion, OpinionAction.Assign, actor, new MoveNotes(InternalNote: internalNote), cancellationToken);
    }

    /// <summary>集中交办: the same unit for a list of cases; each case is its own transaction, and each gets its own result.</summary>
    public async Task<IReadOnlyList<(string Code, EditResult Result)>> AssignManyAsync(CaseActor actor, IReadOnlyList<string> codes, AssignInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var results = new List<(string, EditResult)>();
        foreach (var code in codes.Distinct(StringComparer.Ordinal))
        {
            results.Add((code, await AssignAsync(actor, code, input, null, cancellationToken)));
            db.ChangeTracker.Clear();
        }

        return results;
    }

    /// <summary>A unit's progress note (any time while assigned); citizens see it as "办理中".</summary>
    public async Task<EditResult> ProgressAsync(CaseActor actor, string code, string? note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Note(note) is not { } text)
        {
            return EditResult.Invalid("Note", "请填写办理进展。");
        }

        var (opinion, error) = await LoadAsync(actor, code, null, cancellationToken);
        if (opinion is null)
        {
            return error!;
        }

        if (await OpenAssignmentAsync(actor, opinion, cancellationToken) is null)
        {
            return EditResult.Conflict("这件意见目前没有交给您的单位办理。");
        }

        return await MoveAsync(opinion, OpinionAction.Progress, actor, new MoveNotes(InternalNote: text), cancellationToken);
    }

    /// <summary>
    /// A unit's answer. A co-unit's answer is recorded with its assignment; the lead unit's final answer moves the case
    /// to Answered. The citizen does not see it until feedback publishes it.
    /// </summary>
    public async Task<EditResult> AnswerAsync(CaseActor actor, string code, AnswerInput input, uint? version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var content = input.Content?.Trim();
        if (string.IsNullOrEmpty(content) || content.Length > OpinionAssignment.AnswerMaxLength)
        {
            return EditResult.Invalid("Content", $"请填写答复内容（不超过 {OpinionAssignment.AnswerMaxLength} 字）。");
        }

        if (input.Result is null || !Enum.IsDefined(input.Result.Value))
        {
            return EditResult.Invalid("Result", "请选择办理结果：已解决、正在解决或暂不能解决。");
        }

        if (input.Result == AnswerResult.BeingSolved && input.PlannedOn is null)
        {
            return EditResult.Invalid("PlannedOn", "正在解决的，请填写计划解决的日期。");
        }

        if (input.Result == AnswerResult.CannotSolve && Note(input.Reason) is null)
        {
            return EditResult.Invalid("Reason", "暂不能解决的，请说明原因。");
        }

        var (opinion, error) = await LoadAsync(actor, code, version, cancellationToken);
        if (opinion is null)
        {
            return error!;
        }

        var assignment = await OpenAssignmentAsync(actor, opinion, cancellationToken);
        if (assignment is null)
        {
            return EditResult.Conflict("这件意见目前没有交给您的单位办理。");
        }

        var final = input.Final && assignment.IsLead;
        if (final || !assignment.IsLead)
        {
            assignment.AnsweredAt = time.GetUtcNow();
        }

        assignment.Answer = content;
        assignment.Result = input.Result;
        assignment.PlannedOn = input.Result == AnswerResult.BeingSolved ? input.PlannedOn : null;
        assignment.Reason = input.Result == AnswerResult.CannotSolve ? Note(input.Reason) : null;
        var note = new MoveNotes(InternalNote: content);
        return final
            ? await MoveAsync(opinion, OpinionAction.Answer, actor, note, cancellationToken)
            : await MoveAsync(opinion, OpinionAction.Progress, actor, note, cancellationToken);
    }

    /// <summary>退回: a wrongly assigned case goes back to the office with the reason.</summary>
    public async Task<EditResult> ReturnAsync(CaseActor actor, string code, string? reason, uint? version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Note(reason) is not { } text)
        {
            return EditResult.Invalid("Reason", "请写明退回的理由。");
        }

        var (opinion, error) = await LoadAsync(actor, code, version, cancellationToken);
        if (opinion is null)
        {
            return error!;
        }

        var assignment = await OpenAssignmentAsync(actor, opinion, cancellationToken);
        if (assignment is not { IsLead: true })
        {
            return EditResult.Conflict("只有主办单位可以退回。");
        }

        var now = time.GetUtcNow();
        var round = await db.OpinionAssignments.Where(a => a.OpinionId == opinion.Id && a.Round == assignment.Round && a.ReturnedAt == null && a.AnsweredAt == null).ToListAsync(cancellationToken);
        foreach (var open in round)
        {
            open.ReturnedAt = now;
            open.ReturnReason = text;
        }

        opinion.AnswerDueOn = null;
        return await MoveAsync(opinion, OpinionAction.Return, actor, new MoveNotes(InternalNote: text), cancellationToken);
    }

    /// <summary>
    /// 反馈: the answer reaches the citizen (and the citizens of cases merged into this one); an SMS is queued for those
    /// who agreed to be contacted.
    /// </summary>
    public async Task<EditResult> FeedBackAsync(CaseActor actor, string code, string? message, uint? version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var text = message?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > OpinionEvent.NoteMaxLength)
        {
            return EditResult.Invalid("Message", $"请填写给群众的答复（不超过 {OpinionEvent.NoteMaxLength} 字）。");
        }

        var (opinion, error) = await LoadAsync(actor, code, version, cancellationToken);
        if (opinion is null)
        {
            return error!;
        }

        var now = time.GetUtcNow();
        opinion.PublishedAnswer = text;
        opinion.FeedbackRound++;
        opinion.FedBackAt = now;
        var merged = await db.Opinions.Where(o => o.MergedIntoId == opinion.Id).ToListAsync(cancellationToken);
        foreach (var other in merged)
        {
            other.PublishedAnswer = text;
            other.FedBackAt = now;
            other.UpdatedAt = now;
            Notify(other, $"您反映的问题（查询码 {TrackingCodes.Display(other.TrackingCode)}）已有办理结果，请凭查询码查看。");
        }

        return await MoveAsync(opinion, OpinionAction.FeedBack, actor, new MoveNotes(PublicNote: text), cancellationToken,
            notify: $"您的意见（查询码 {TrackingCodes.Display(opinion.TrackingCode)}）已有办理结果，请凭查询码查看并评价。");
    }

    /// <summary>督办: the supervision level and a note in the log.</summary>
    public async Task<EditResult> SuperviseAsync(CaseActor actor, string code, SupervisionLevel level, string? note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Enum.IsDefined(level))
        {
            return EditResult.Invalid("Level", "请选择督办级别。");
        }

        var (opinion, error) = await LoadAsync(actor, code, null, cancellationToken);
        if (opinion is null)
        {
            return error!;
        }

        opinion.Supervision = level;
        var text = Note(note);
        return await MoveAsync(opinion, OpinionAction.Supervise, actor, new MoveNotes(InternalNote: text is null ? LevelName(level) : $"{LevelName(level)}：{text}"), cancellationToken);
    }

    /// <summary>The unit's deadline for a case assigned today: reach (3) plus answer (10) working days by default.</summary>
    public async Task<DateOnly> AnswerDueAsync(Grade grade, DateOnly from, CancellationToken cancellationToken = default)
    {
        var rule = await db.DeadlineRules.AsNoTracking().SingleOrDefaultAsync(r => r.Grade == grade, cancellationToken) ?? CaseSettings.DefaultRule(grade);
        return await calendar.AddWorkingDaysAsync(from, rule.ReachDays + rule.AnswerDays, cancellationToken);
    }

    public static string GradeName(Grade grade) => grade switch
    {
        Grade.Important => "重要",
        Grade.Urgent => "紧急",
        _ => "一般",
    };

    public static string LevelName(SupervisionLevel level) => level switch
    {
        SupervisionLevel.Key => "重点督办",
        SupervisionLevel.Flagged => "挂牌督办",
        _ => "一般督办",
    };

    private static string? Note(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim()[..Math.Min(text.Trim().Length, NoteMaxLength)];

    private async Task<OpinionAssignment?> OpenAssignmentAsync(CaseActor actor, Opinion opinion, CancellationToken cancellationToken)
    {
        var units = scopes.HandlingUnits(actor.Scope).Select(u => u.Id);
        return await db.OpinionAssignments
            .Where(a => a.OpinionId == opinion.Id && a.AnsweredAt == null && a.ReturnedAt == null && units.Contains(a.HandlingUnitId))
            .OrderByDescending(a => a.IsLead).ThenByDescending(a => a.Round)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<(Opinion? Opinion, EditResult? Error)> LoadAsync(CaseActor actor, string code, uint? version, CancellationToken cancellationToken)
    {
        var normalized = TrackingCodes.Normalize(code);
        var opinion = await scopes.Opinions(actor.Scope).SingleOrDefaultAsync(o => o.TrackingCode == normalized, cancellationToken);
        if (opinion is null)
        {
            return (null, EditResult.NotFound);
        }

        if (version is { } expected)
        {
            if (opinion.Version != expected)
            {
                return (null, EditResult.Conflict(ChangedMessage));
            }

            db.Entry(opinion).Property(o => o.Version).OriginalValue = expected;
        }

        return (opinion, null);
    }

    private async Task<EditResult> MoveAsync(Opinion opinion, OpinionAction action, CaseActor actor, MoveNotes notes, CancellationToken cancellationToken, string? notify = null)
    {
        try
        {
            OpinionWorkflow.Apply(opinion, action, actor.Role, time.GetUtcNow(), notes with { ActorId = actor.UserId, ActorName = actor.Name });
        }
        catch (WorkflowException refused)
        {
            db.ChangeTracker.Clear();
            return EditResult.Conflict(refused.Message);
        }

        if (notify is not null)
        {
            Notify(opinion, notify);
        }

        // The overdue flag follows the move at once (a forwarded case leaves the overdue list today, not tomorrow).
        opinion.IsOverdue = await supervision.IsOverdueAsync(opinion, ChinaTime.Today(time), cancellationToken);

        // The row's xmin changes with every move, so a concurrent move on the same case fails here.
        db.Entry(opinion).State = EntityState.Modified;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return EditResult.Done(opinion.TrackingCode);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return EditResult.Conflict(ChangedMessage);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return EditResult.Conflict(ChangedMessage);
        }
    }

    private void Notify(Opinion opinion, string text)
    {
        if (opinion.MayContact && opinion.PhoneCipher is { } cipher)
        {
            outbox.Sms("opinion." + opinion.State.ToString().ToLowerInvariant(), phones.Unprotect(cipher), "【人大代表联络站】" + text);
        }
    }
}
