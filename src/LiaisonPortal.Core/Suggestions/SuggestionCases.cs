using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Files;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LiaisonPortal.Core.Suggestions;

/// <summary>What a deputy writes: the text, the category, co-signing deputies (codes) and source opinions (tracking codes).</summary>
public sealed record SuggestionInput(string? Title, string? Content, string? CategoryCode, IReadOnlyList<string>? CosignerCodes = null, IReadOnlyList<string>? SourceCodes = null);

/// <summary>A file sent with a suggestion.</summary>
public sealed record SuggestionUpload(string FileName, byte[] Content);

/// <summary>The lead unit's reply: the text, the grade A/B/C, the planned date (B) or the reason (C).</summary>
public sealed record ReplyInput(string? Content, AnswerResult? Grade, DateOnly? PlannedOn = null, string? Reason = null);

/// <summary>A unit's note of a meeting or call with the deputy.</summary>
public sealed record ContactInput(ContactStage? Stage, ContactMode? Mode, DateOnly? On, string? Note);

/// <summary>
/// Every move on a deputy's suggestion — from the pages and the JSON API alike — goes through here: loaded through the
/// scope filter (outside the scope: not found), checked against <see cref="SuggestionWorkflow"/>, written to the
/// history, saved with the row's xmin (of two people moving one suggestion at once the second is told to reload), with
/// the texts to deputies and units queued in the same transaction. Deadlines come from the batch's rule and the one
/// working-day calendar. <see cref="EditResult.Code"/> carries the suggestion's id.
/// </summary>
public sealed partial class SuggestionCases(
    ApplicationDbContext db, ScopeDirectory scopes, WorkingDayCalendar calendar, OpinionIntake intake, SuggestionNotifier notifier, TimeProvider time)
{
    public const string ChangedMessage = "这件建议刚被其他人处理过，请刷新页面看看最新情况。";
    public const int MaxCosigners = 30;
    public const int MaxSources = 20;

    /// <summary>
    /// Saves a new suggestion or edits the deputy's draft (or returned suggestion); with <paramref name="submit"/> it is
    /// filed: numbered in the batch open today for the congress above the deputy's station.
    /// </summary>
    public async Task<EditResult> SaveAsync(CaseActor actor, int? id, SuggestionInput input, IReadOnlyList<SuggestionUpload> files, bool submit, uint? version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(files);
        if (actor.Scope.Kind != ScopeKind.Deputy || actor.Scope.Id is not { } deputyId)
        {
            return EditResult.Forbidden("只有代表本人可以起草和提交代表建议。");
        }

        var errors = new List<FieldError>();
        var title = input.Title?.Trim() ?? string.Empty;
        var content = input.Content?.Trim() ?? string.Empty;
        if (title.Length == 0 || title.Length > Suggestion.TitleMaxLength)
        {
            errors.Add(new("Title", $"请填写建议标题（不超过 {Suggestion.TitleMaxLength} 字）。"));
        }

        if (content.Length > Suggestion.ContentMaxLength || (submit && content.Length < Suggestion.ContentMinLength))
        {
            errors.Add(new("Content", $"建议内容请写 {Suggestion.ContentMinLength} 到 {Suggestion.ContentMaxLength} 字：存在的问题、原因分析和具体建议。"));
        }

        int? categoryId = null;
        if (!string.IsNullOrWhiteSpace(input.CategoryCode))
        {
            categoryId = await db.Categories.Where(c => c.Code == input.CategoryCode.Trim() && c.IsActive).Select(c => (int?)c.Id).SingleOrDefaultAsync(cancellationToken);
        }

        if (categoryId is null && (submit || !string.IsNullOrWhiteSpace(input.CategoryCode)))
        {
            errors.Add(new("CategoryCode", "请选择建议的分类。"));
        }

        var cosignerCodes = Codes(input.CosignerCodes);
        var cosigners = await db.Deputies.Where(d => cosignerCodes.Contains(d.Code) && d.IsActive && d.Id != deputyId).Select(d => new { d.Id, d.Code }).ToListAsync(cancellationToken);
        if (cosignerCodes.Count > MaxCosigners)
        {
            errors.Add(new("CosignerCodes", $"附议代表最多 {MaxCosigners} 位。"));
        }
        else if (cosignerCodes.Except(cosigners.Select(c => c.Code)).ToList() is { Count: > 0 } unknown)
        {
            errors.Add(new("CosignerCodes", $"附议代表 {string.Join("、", unknown)} 不存在、已不在任，或是领衔代表本人。"));
        }

        var sourceCodes = Codes(input.SourceCodes).Select(Citizens.TrackingCodes.Normalize).ToList();
        var sources = await scopes.Opinions(actor.Scope).Where(o => sourceCodes.Contains(o.TrackingCode)).Select(o => new { o.Id, o.TrackingCode }).ToListAsync(cancellationToken);
        if (sourceCodes.Count > MaxSources)
        {
            errors.Add(new("SourceCodes", $"来源意见最多 {MaxSources} 件。"));
        }
        else if (sourceCodes.Except(sources.Select(s => s.TrackingCode)).ToList() is { Count: > 0 } missing)
        {
            errors.Add(new("SourceCodes", $"查询码 {string.Join("、", missing.Select(Citizens.TrackingCodes.Display))} 不是写给您的群众意见。"));
        }

        var uploads = new List<(string Name, string Type, byte[] Content)>();
        foreach (var file in files)
        {
            if (AttachmentTypes.Detect(file.FileName, file.Content) is not { } type)
            {
                errors.Add(new("Files", $"附件 {file.FileName} 不是 PDF、Word、Excel 或图片文件。"));
            }
            else if (file.Content.Length > SuggestionAttachment.MaxBytes)
            {
                errors.Add(new("Files", $"附件 {file.FileName} 超过 {SuggestionAttachment.MaxBytes / 1024 / 1024} MB。"));
            }
            else
            {
                uploads.Add((AttachmentTypes.SafeName(file.FileName), type, file.Content));
            }
        }

        Suggestion? suggestion = null;
        if (id is { } existing)
        {
            suggestion = await db.Suggestions.SingleOrDefaultAsync(s => s.Id == existing && s.DeputyId == deputyId, cancellationToken);
            if (suggestion is null)
            {
                return EditResult.NotFound;
            }

            if (version is { } expected && suggestion.Version != expected)
            {
                return EditResult.Conflict(ChangedMessage);
            }

            if (version is { } v)
            {
                db.Entry(suggestion).Property(s => s.Version).OriginalValue = v;
            }
        }

        var attached = suggestion is null ? 0 : await db.SuggestionAttachments.CountAsync(a => a.SuggestionId == suggestion.Id, cancellationToken);
        if (attached + uploads.Count > SuggestionAttachment.MaxFiles)
        {
            errors.Add(new("Files", $"附件最多 {SuggestionAttachment.MaxFiles} 个。"));
        }

        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return EditResult.Invalid(errors);
        }

        var now = time.GetUtcNow();
        SuggestionBatch? batch = null;
        if (submit && suggestion?.BatchId is null)
        {
            batch = await OpenBatchAsync(deputyId, ChinaTime.Today(time), cancellationToken);
            if (batch is null)
            {
                db.ChangeTracker.Clear();
                return EditResult.Invalid("", "目前没有正在接收代表建议的批次（会议期间或闭会期间），请先保存草稿并联系人大常委会代表工委。");
            }
        }

        suggestion ??= new Suggestion(deputyId, title, content, now, actor.UserId);
        suggestion.Title = title;
        suggestion.Content = content;
        suggestion.CategoryId = categoryId;
        var action = submit ? SuggestionAction.Submit : SuggestionAction.Save;
        try
        {
            SuggestionWorkflow.Apply(suggestion, action, actor.Role, now, Notes(actor, submit ? "提交建议" : null));
        }
        catch (WorkflowException refused)
        {
            db.ChangeTracker.Clear();
            return EditResult.Conflict(refused.Message);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            if (batch is not null)
            {
                // The batch row stays locked until commit: numbers are given in order, without gaps or repeats.
                var sequence = await db.Database
                    .SqlQuery<int>($"""UPDATE "SuggestionBatches" SET "LastNumber" = "LastNumber" + 1 WHERE "Id" = {batch.Id} RETURNING "LastNumber" AS "Value" """)
                    .ToListAsync(cancellationToken);
                suggestion.BatchId = batch.Id;
                suggestion.Sequence = sequence[0];
                suggestion.Number = batch.NumberFor(sequence[0]);
            }

            if (submit)
            {
                suggestion.SubmittedAt = now;
            }

            if (suggestion.Id == 0)
            {
                db.Suggestions.Add(suggestion);
            }
            else
            {
                db.Entry(suggestion).State = EntityState.Modified;
            }

            await db.SaveChangesAsync(cancellationToken);
            await db.SuggestionCosigners.Where(c => c.SuggestionId == suggestion.Id).ExecuteDeleteAsync(cancellationToken);
            await db.SuggestionSources.Where(c => c.SuggestionId == suggestion.Id).ExecuteDeleteAsync(cancellationToken);
            db.SuggestionCosigners.AddRange(cosigners.Select(c => new SuggestionCosigner(suggestion.Id, c.Id)));
            db.SuggestionSources.AddRange(sources.Select(s => new SuggestionSource(suggestion.Id, s.Id)));
            db.SuggestionAttachments.AddRange(uploads.Select(u => new SuggestionAttachment(suggestion.Id, u.Name, u.Type, u.Content, now)));
            if (submit)
            {
                await notifier.FiledAsync(suggestion, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return EditResult.Done(Id(suggestion));
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return EditResult.Conflict(ChangedMessage);
        }
    }

    /// <summary>A draft's (or returned suggestion's) attachment removed by its deputy.</summary>
    public async Task<EditResult> RemoveAttachmentAsync(CaseActor actor, int id, int attachmentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var editable = await db.Suggestions.AnyAsync(s => s.Id == id && s.DeputyId == actor.Scope.Id && actor.Scope.Kind == ScopeKind.Deputy, cancellationToken);
        if (!editable)
        {
            return EditResult.NotFound;
        }

        var removed = await db.SuggestionAttachments
            .Where(a => a.Id == attachmentId && a.SuggestionId == id && db.Suggestions.Any(s => s.Id == id && (s.State == SuggestionState.Draft || s.State == SuggestionState.Returned)))
            .ExecuteDeleteAsync(cancellationToken);
        return removed == 1 ? EditResult.Done(id.ToString(System.Globalization.CultureInfo.InvariantCulture)) : EditResult.Conflict("已提交的建议不能再删改附件。");
    }

    /// <summary>A draft never filed is deleted by its deputy (a filed one keeps its number and history).</summary>
    public async Task<EditResult> DeleteDraftAsync(CaseActor actor, int id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var mine = db.Suggestions.Where(s => s.Id == id && actor.Scope.Kind == ScopeKind.Deputy && s.DeputyId == actor.Scope.Id);
        if (!await mine.AnyAsync(cancellationToken))
        {
            return EditResult.NotFound;
        }

        var deleted = await mine.Where(s => s.State == SuggestionState.Draft && s.Number == null).ExecuteDeleteAsync(cancellationToken);
        return deleted == 1 ? EditResult.Done() : EditResult.Conflict("已经提交过的建议不能删除。");
    }

    /// <summary>The deputy takes a filed suggestion back (before the review) to edit it; it keeps its number.</summary>
    public async Task<EditResult> WithdrawAsync(CaseActor actor, int id, uint? version, CancellationToken cancellationToken = default)
    {
        var (suggestion, error) = await LoadAsync(actor, id, version, cancellationToken);
        if (suggestion is null)
        {
            return error!;
        }

        if (suggestion.DeputyId != actor.Scope.Id)
        {
            return Forbidden("只有领衔代表可以撤回建议。");
        }

        return await MoveAsync(suggestion, SuggestionAction.Withdraw, actor, Notes(actor, "代表撤回修改"), cancellationToken);
    }

    /// <summary>审核通过 (立案).</summary>
    public async Task<EditResult> AcceptAsync(CaseActor actor, int id, string? note, uint? version, CancellationToken cancellationToken = default)
    {
        var (suggestion, error) = await LoadAsync(actor, id, version, cancellationToken);
        if (suggestion is null)
        {
            return error!;
        }

        suggestion.AcceptedAt = time.GetUtcNow();
        return await MoveAsync(suggestion, SuggestionAction.Accept, actor, Notes(actor, "审核通过，已立案", Text(note)), cancellationToken,
            async s => await notifier.DeputyAsync(s, "已审核立案", cancellationToken));
    }

    /// <summary>退回: back to the deputy with the reasons (e.g. too vague); the deputy edits and files it again.</summary>
    public async Task<EditResult> ReturnAsync(CaseActor actor, int id, string? reason, uint? version, CancellationToken cancellationToken = default)
    {
        if (Text(reason) is not { } text)
        {
            return EditResult.Invalid("Reason", "请写明退回的理由，代表会看到它。");
        }

        var (suggestion, error) = await LoadAsync(actor, id, version, cancellationToken);
        if (suggestion is null)
        {
            return error!;
        }

        return await MoveAsync(suggestion, SuggestionAction.Return, actor, Notes(actor, "退回修改：" + text), cancellationToken,
            async s => await notifier.DeputyAsync(s, "被退回修改，理由可在系统中查看", cancellationToken));
    }

    /// <summary>转为群众意见: the text becomes an opinion addressed to the deputy, handled in the opinion workflow.</summary>
    public async Task<EditResult> ConvertAsync(CaseActor actor, int id, string? note, uint? version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (suggestion, error) = await LoadAsync(actor, id, version, cancellationToken);
        if (suggestion is null)
        {
            return error!;
        }

        if (!SuggestionWorkflow.Table.Allows(suggestion.State, SuggestionAction.Convert, actor.Role))
        {
            return await MoveAsync(suggestion, SuggestionAction.Convert, actor, Notes(actor), cancellationToken);
        }

        var deputyCode = await db.Deputies.Where(d => d.Id == suggestion.DeputyId).Select(d => d.Code).SingleAsync(cancellationToken);
        var categoryCode = suggestion.CategoryId is null ? null : await db.Categories.Where(c => c.Id == suggestion.CategoryId).Select(c => c.Code).SingleAsync(cancellationToken);
        var content = suggestion.Content.Length <= Opinion.ContentMaxLength ? suggestion.Content : suggestion.Content[..(Opinion.ContentMaxLength - 12)] + "……（全文见代表建议）";
        var submission = new OpinionSubmission(suggestion.Title, content, categoryCode, null, null, MayContact: false, Anonymous: false, [], OpinionChannel.Suggestion);
        var saved = await intake.SubmitAsync(AddressKind.Deputy, deputyCode, submission, actor, cancellationToken);
        if (!saved.Succeeded)
        {
            db.ChangeTracker.Clear();
            return saved.Unavailable ? EditResult.Conflict("意见没能保存，请稍后再试。") : EditResult.Invalid(saved.Errors);
        }

        db.ChangeTracker.Clear();
        (suggestion, error) = await LoadAsync(actor, id, null, cancellationToken);
        if (suggestion is null)
        {
            return error!;
        }

        suggestion.ConvertedOpinionId = await db.Opinions.Where(o => o.TrackingCode == saved.TrackingCode).Select(o => o.Id).SingleAsync(cancellationToken);
        var display = Citizens.TrackingCodes.Display(saved.TrackingCode!);
        return await MoveAsync(suggestion, SuggestionAction.Convert, actor, Notes(actor, $"转为群众意见办理（查询码 {display}）", Text(note)), cancellationToken,
            async s => await notifier.DeputyAsync(s, $"已转为群众意见办理（查询码 {display}）", cancellationToken));
    }

    /// <summary>拟交办: the lead unit and co-units proposed for the assignment meeting (replaces an earlier proposal).</summary>
    public async Task<EditResult> ProposeAsync(CaseActor actor, int id, AssignInput input, uint? version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (suggestion, error) = await LoadAsync(actor, id, version, cancellationToken);
        if (suggestion is null)
        {
            return error!;
        }

        var (units, invalid) = await UnitsAsync(actor, input, cancellationToken);
        if (invalid is not null)
        {
            db.ChangeTracker.Clear();
            return invalid;
        }

        await db.SuggestionAssignments.Where(a => a.SuggestionId == suggestion.Id && a.Round == suggestion.Round && a.AssignedAt == null).ExecuteDeleteAsync(cancellationToken);
        db.SuggestionAssignments.AddRange(units.Select(u => new SuggestionAssignment(suggestion.Id, suggestion.Round, u.Id, u.IsLead)));
        return await MoveAsync(suggestion, SuggestionAction.Propose, actor, Notes(actor, null, "拟交办：" + UnitNames(units)), cancellationToken);
    }

    /// <summary>交办: to the lead unit and co-units (the proposal when none are given), due by the batch's rule or the date given.</summary>
    public async Task<EditResult> AssignAsync(CaseActor actor, int id, AssignInput input, uint? version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var (suggestion, error) = await LoadAsync(actor, id, version, cancellationToken);
        if (suggestion is null)
        {
            return error!;
        }

        if (!SuggestionWorkflow.Table.Allows(suggestion.State, SuggestionAction.Assign, actor.Role))
        {
            return await MoveAsync(suggestion, SuggestionAction.Assign, actor, Notes(actor), cancellationToken);
        }

        var today = ChinaTime.Today(time);
        if (input.DueOn is { } chosen && chosen <= today)
        {
            db.ChangeTracker.Clear();
            return EditResult.Invalid("DueOn", "办理时限要晚于今天。");
        }

        var proposal = await db.SuggestionAssignments.Where(a => a.SuggestionId == suggestion.Id && a.Round == suggestion.Round && a.AssignedAt == null).ToListAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(input.LeadUnitCode))
        {
            var (units, invalid) = await UnitsAsync(actor, input, cancellationToken);
            if (invalid is not null)
            {
                db.ChangeTracker.Clear();
                return invalid;
            }

            db.SuggestionAssignments.RemoveRange(proposal);
            proposal = units.Select(u => new SuggestionAssignment(suggestion.Id, suggestion.Round, u.Id, u.IsLead)).ToList();
            db.SuggestionAssignments.AddRange(proposal);
        }
        else if (!proposal.Any(a => a.IsLead))
        {
            db.ChangeTracker.Clear();
            return EditResult.Invalid("LeadUnitCode", "请选择主办单位。");
        }

        var batch = await db.SuggestionBatches.AsNoTracking().SingleAsync(b => b.Id == suggestion.BatchId, cancellationToken);
        var due = input.DueOn ?? await DueAsync(batch, today, cancellationToken);
        var now = time.GetUtcNow();
        foreach (var assignment in proposal)
        {
            assignment.AssignedAt = now;
            assignment.DueOn = due;
        }

        suggestion.AssignedAt = now;
        suggestion.DueOn = due;
        var names = await db.HandlingUnits.Where(u => proposal.Select(a => a.HandlingUnitId).Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        var lead = names[proposal.Single(a => a.IsLead).HandlingUnitId];
        var co = proposal.Where(a => !a.IsLead).Select(a => names[a.HandlingUnitId]).ToList();
        var text = $"交办{lead}主办" + (co.Count > 0 ? $"，{string.Join("、", co)}协办" : string.Empty) + $"，办理时限 {due:yyyy-MM-dd}";
        return await MoveAsync(suggestion, SuggestionAction.Assign, actor, Notes(actor, text, Text(input.Note)), cancellationToken, async s =>
        {
            await notifier.DeputyAsync(s, text, cancellationToken);
            await notifier.UnitsAsync(s, proposal.Select(a => a.HandlingUnitId).ToList(), $"收到交办的代表建议，办理时限 {due:yyyy-MM-dd}", cancellationToken);
        });
    }

    /// <summary>
    /// 交办会: every accepted suggestion of a batch with a proposed lead unit is assigned in one action, each in its own
    /// transaction with its own result; the batch records the meeting.
    /// </summary>
    public async Task<IReadOnlyList<(int Id, string? Number, EditResult Result)>> AssignBatchAsync(CaseActor actor, int batchId, DateOnly? dueOn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var candidates = await scopes.Suggestions(actor.Scope)
            .Where(s => s.BatchId == batchId && s.State == SuggestionState.Accepted
                && db.SuggestionAssignments.Any(a => a.SuggestionId == s.Id && a.Round == s.Round && a.IsLead && a.AssignedAt == null))
            .OrderBy(s => s.Sequence).Select(s => new { s.Id, s.Number }).ToListAsync(cancellationToken);
        var results = new List<(int, string?, EditResult)>();
        foreach (var candidate in candidates)
        {
            results.Add((candidate.Id, candidate.Number, await AssignAsync(actor, candidate.Id, new AssignInput(null, null, dueOn), null, cancellationToken)));
            db.ChangeTracker.Clear();
        }

        if (results.Any(r => r.Item3.Succeeded))
        {
            var now = time.GetUtcNow();
            await db.SuggestionBatches.Where(b => b.Id == batchId).ExecuteUpdateAsync(s => s.SetProperty(b => b.AssignedAt, now), cancellationToken);
        }

        return results;
    }

    /// <summary>协办意见: a co-unit's views for the lead unit (may be updated until the lead unit replies).</summary>
    public async Task<EditResult> ViewAsync(CaseActor actor, int id, string? view, CancellationToken cancellationToken = default)
    {
        var text = view?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > SuggestionAssignment.ViewMaxLength)
        {
            return EditResult.Invalid("View", $"请填写协办意见（不超过 {SuggestionAssignment.ViewMaxLength} 字）。");
        }

        var (suggestion, error) = await LoadAsync(actor, id, null, cancellationToken);
        if (suggestion is null)
        {
            return error!;
        }

        var assignment = await OwnAssignmentAsync(actor, suggestion, cancellationToken);
        if (assignment is null || assignment.IsLead)
        {
            db.ChangeTracker.Clear();
            return Forbidden("只有本轮的协办单位可以提交协办意见；主办单位请直接答复。");
        }

        assignment.View = text;
        assignment.ViewAt = time.GetUtcNow();
        var unit = await UnitNameAsync(assignment.HandlingUnitId, cancellationToken);
        return await MoveAsync(suggestion, SuggestionAction.View, actor, Notes(actor, null, $"{unit}提交协办意见：{text}"), cancellationToken, async s =>
        {
            var lead = await db.SuggestionAssignments.Where(a => a.SuggestionId == s.Id && a.Round == s.Round && a.IsLead).Select(a => a.HandlingUnitId).ToListAsync(cancellationToken);
            await notifier.UnitsAsync(s, lead, $"{unit}已提交协办意见", cancellationToken);
        });
    }

    /// <summary>办前/办中/办后 contact with the deputy, by the lead unit or a co-unit of the current round.</summary>
    public async Task<EditResult> ContactAsync(CaseActor actor, int id, ContactInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        if (input.Stage is not { } stage || !Enum.IsDefined(stage))
        {
            errors.Add(new("Stage", "请选择沟通阶段：办前、办中或办后。"));
        }

        if (input.Mode is not { } mode || !Enum.IsDefined(mode))
        {
            errors.Add(new("Mode", "请选择沟通方式。"));
        }

        var today = ChinaTime.Today(time);
        if (input.On is not { } on || on > today || on < today.AddYears(-2))
        {
            errors.Add(new("On", "请填写沟通的日期（不能晚于今天）。"));
        }

        var note = Text(input.Note);
        if (note is null || note.Length > SuggestionContact.NoteMaxLength)
        {
            errors.Add(new("Note", $"请写明沟通的情况（不超过 {SuggestionContact.NoteMaxLength} 字）：和谁、怎么谈的、代表的意见。"));
        }

        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        var (suggestion, error) = await LoadAsync(actor, id, null, cancellationToken);
        if (suggestion is null)
        {
            return error!;
        }

        var assignment = await db.SuggestionAssignments
            .Where(a => a.SuggestionId == suggestion.Id && a.Round == suggestion.Round && a.AssignedAt != null && a.SentBackAt == null
                && scopes.HandlingUnits(actor.Scope).Any(u => u.Id == a.HandlingUnitId))
            .OrderByDescending(a => a.IsLead).FirstOrDefaultAsync(cancellationToken);
        if (assignment is null)
        {
            db.ChangeTracker.Clear();
            return Forbidden("这件建议本轮没有交给您的单位办理。");
        }

        var contact = new SuggestionContact(suggestion.Id, suggestion.Round, assignment.HandlingUnitId, input.Stage!.Value, input.Mode!.Value, input.On!.Value, note!, time.GetUtcNow(), actor.UserId, actor.Name);
        db.SuggestionContacts.Add(contact);
        var unit = await UnitNameAsync(assignment.HandlingUnitId, cancellationToken);
        return await MoveAsync(suggestion, SuggestionAction.Contact, actor,
            Notes(actor, $"{unit}{StageName(contact.Stage)}与代表沟通（{ModeName(contact.Mode)}，{contact.On:yyyy-MM-dd}）", note), cancellationToken);
    }

    /// <summary>答复: the lead unit's formal reply, graded; it needs a recorded contact with the deputy in this round first.</summary>
    public async Task<EditResult> ReplyAsync(CaseActor actor, int id, ReplyInput input, uint? version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var content = input.Content?.Trim();
        var errors = new List<FieldError>();
        if (string.IsNullOrEmpty(content) || content.Length > SuggestionAssignment.ReplyMaxLength)
        {
            errors.Add(new("Content", $"请填写答复内容（不超过 {SuggestionAssignment.ReplyMaxLength} 字）。"));
        }

        if (input.Grade is not { } grade || !Enum.IsDefined(grade))
        {
            errors.Add(new("Grade", "请选择办理结果：A 已解决或采纳、B 正在解决或列入计划、C 暂不能解决。"));
        }
        else if (grade == AnswerResult.BeingSolved && (input.PlannedOn is not { } planned || planned <= ChinaTime.Today(time)))
        {
            errors.Add(new("PlannedOn", "B 类答复请填写计划解决的日期（晚于今天）。"));
        }
        else if (grade == AnswerResult.CannotSolve && Text(input.Reason) is null)
        {
            errors.Add(new("Reason", "C 类答复请说明暂不能解决的原因。"));
        }

        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        var (suggestion, error) = await LoadAsync(actor, id, version, cancellationToken);
        if (suggestion is null)
        {
            return error!;
        }

        var assignment = await OwnAssignmentAsync(actor, suggestion, cancellationToken);
        if (assignment is not { IsLead: true })
        {
            db.ChangeTracker.Clear();
            return Forbidden("只有主办单位可以答复；协办单位请把协办意见提交给主办单位。");
        }

        if (!await db.SuggestionContacts.AnyAsync(c => c.SuggestionId == suggestion.Id && c.Round == suggestion.Round && c.HandlingUnitId == assignment.HandlingUnitId, cancellationToken))
        {
            db.ChangeTracker.Clear();
            return EditResult.Invalid("", "答复前请先登记与代表的沟通情况（办前或办中沟通）。");
        }

        assignment.Reply = content;
        assignment.Grade = input.Grade;
        assignment.PlannedOn = input.Grade == AnswerResult.BeingSolved ? input.PlannedOn : null;
        assignment.Reason = input.Grade == AnswerResult.CannotSolve ? Text(input.Reason) : null;
        assignment.RepliedAt = time.GetUtcNow();
        var gradeText = $"{GradeLetter(input.Grade!.Value)} 类（{GradeName(input.Grade.Value)}）";
        return await MoveAsync(suggestion, SuggestionAction.Reply, actor, Notes(actor, $"主办单位已答复：{gradeText}"), cancellationToken,
            async s => await notifier.DeputyAsync(s, $"已收到主办单位答复（{gradeText}），请查看并评价", cancellationToken));
    }

    /// <summary>The lead unit sends a wrongly assigned suggestion back to the office to assign again.</summary>
    public async Task<EditResult> SendBackAsync(CaseActor actor, int id, string? reason, uint? version, CancellationToken cancellationToken = default)
    {
        if (Text(reason) is not { } text)
        {
            return EditResult.Invalid("Reason", "请写明退回的理由。");
        }

        var (suggestion, error) = await LoadAsync(actor, id, version, cancellationToken);
        if (suggestion is null)
        {
            return error!;
        }

        var assignment = await OwnAssignmentAsync(actor, suggestion, cancellationToken);
        if (assignment is not { IsLead: true })
        {
            db.ChangeTracker.Clear();
            return Forbidden("只有主办单位可以退回。");
        }

        var now = time.GetUtcNow();
        var round = await db.SuggestionAssignments.Where(a => a.SuggestionId == suggestion.Id && a.Round == suggestion.Round).ToListAsync(cancellationToken);
        foreach (var open in round)
        {
            open.SentBackAt = now;
            open.SentBackReason = text;
        }

        // The round's rows stay as the record; the office proposes and assigns again in the same round.
        suggestion.DueOn = null;
        var unit = await UnitNameAsync(assignment.HandlingUnitId, cancellationToken);
        return await MoveAsync(suggestion, SuggestionAction.SendBack, actor, Notes(actor, null, $"{unit}退回：{text}"), cancellationToken);
    }

    /// <summary>
    /// The lead deputy's rating of the reply: satisfied or basically satisfied closes it; unsatisfied sends it back to the
    /// same units for a second handling with a new deadline; unsatisfied with the second reply closes it as unsatisfied.
    /// </summary>
    public async Task<EditResult> EvaluateAsync(CaseActor actor, int id, Rating? rating, string? comment, uint? version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (rating is not { } given || !Enum.IsDefined(given))
        {
            return EditResult.Invalid("Rating", "请选择：满意、基本满意或不满意。");
        }

        var remark = Text(comment);
        if (given == Rating.Unsatisfied && remark is null)
        {
            return EditResult.Invalid("Comment", "不满意的，请写明不满意的地方，承办单位会据此重新办理。");
        }

        var (suggestion, error) = await LoadAsync(actor, id, version, cancellationToken);
        if (suggestion is null)
        {
            return error!;
        }

        if (suggestion.DeputyId != actor.Scope.Id)
        {
            db.ChangeTracker.Clear();
            return Forbidden("只有领衔代表可以评价答复。");
        }

        var now = time.GetUtcNow();
        db.SuggestionEvaluations.Add(new SuggestionEvaluation(suggestion.Id, suggestion.Round, given, remark, now));
        var ratingText = RatingName(given);
        if (given != Rating.Unsatisfied || suggestion.Round >= Suggestion.MaxRounds)
        {
            suggestion.ClosedAt = now;
            suggestion.DueOn = null;
            return await MoveAsync(suggestion, SuggestionAction.Evaluate, actor, Notes(actor, $"代表评价：{ratingText}，建议办结" + (remark is null ? string.Empty : $"。代表的意见：{remark}")), cancellationToken,
                async s => await notifier.UnitsAsync(s, await RoundUnitsAsync(s, cancellationToken), $"代表评价：{ratingText}", cancellationToken));
        }

        // 不满意: the same units, a new round, a new deadline by the batch's rule from today.
        var previous = await db.SuggestionAssignments.AsNoTracking()
            .Where(a => a.SuggestionId == suggestion.Id && a.Round == suggestion.Round && a.AssignedAt != null && a.SentBackAt == null).ToListAsync(cancellationToken);
        var batch = await db.SuggestionBatches.AsNoTracking().SingleAsync(b => b.Id == suggestion.BatchId, cancellationToken);
        var due = await DueAsync(batch, ChinaTime.Today(time), cancellationToken);
        suggestion.Round++;
        suggestion.DueOn = due;
        foreach (var old in previous)
        {
            db.SuggestionAssignments.Add(new SuggestionAssignment(suggestion.Id, suggestion.Round, old.HandlingUnitId, old.IsLead) { AssignedAt = now, DueOn = due });
        }

        return await MoveAsync(suggestion, SuggestionAction.Rehandle, actor, Notes(actor, $"代表评价：不满意，重新办理，办理时限 {due:yyyy-MM-dd}。代表的意见：{remark}"), cancellationToken,
            async s => await notifier.UnitsAsync(s, previous.Select(a => a.HandlingUnitId).ToList(), $"代表对答复不满意，请重新办理，时限 {due:yyyy-MM-dd}", cancellationToken));
    }

    /// <summary>重点督办建议: marked (with the congress leader who supervises it) or lifted; or only a supervision note.</summary>
    public async Task<EditResult> SuperviseAsync(CaseActor actor, int id, bool isKey, string? leader, string? note, CancellationToken cancellationToken = default)
    {
        var leaderName = Text(leader);
        if (isKey && (leaderName is null || leaderName.Length > Suggestion.LeaderMaxLength))
        {
            return EditResult.Invalid("Leader", $"重点督办建议请填写督办的常委会领导（不超过 {Suggestion.LeaderMaxLength} 字）。");
        }

        var (suggestion, error) = await LoadAsync(actor, id, null, cancellationToken);
        if (suggestion is null)
        {
            return error!;
        }

        var text = isKey ? $"列为重点督办建议（{leaderName}督办）" : suggestion.IsKey ? "取消重点督办" : "督办";
        suggestion.IsKey = isKey;
        suggestion.KeyLeader = isKey ? leaderName : null;
        return await MoveAsync(suggestion, SuggestionAction.Supervise, actor, Notes(actor, text, Text(note)), cancellationToken);
    }

    /// <summary>The units' deadline for an assignment made on <paramref name="from"/>: months (moved to a working day) or working days.</summary>
    public async Task<DateOnly> DueAsync(SuggestionBatch batch, DateOnly from, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.DeadlineWorkingDays is { } days)
        {
            return await calendar.AddWorkingDaysAsync(from, days, cancellationToken);
        }

        var due = from.AddMonths(batch.DeadlineMonths ?? 3);
        return await calendar.IsWorkingDayAsync(due, cancellationToken) ? due : await calendar.AddWorkingDaysAsync(due, 1, cancellationToken);
    }

    /// <summary>The batch a deputy's suggestion filed today goes to: open today, in a region above the deputy's stations; a session batch first, then the nearest region.</summary>
    public async Task<SuggestionBatch?> OpenBatchAsync(int deputyId, DateOnly today, CancellationToken cancellationToken = default)
    {
        var paths = await db.DeputyStations.Where(e => e.DeputyId == deputyId).OrderByDescending(e => e.IsPrimary)
            .Select(e => e.Station.Region.Path).ToListAsync(cancellationToken);
        var open = await db.SuggestionBatches.Include(b => b.Region).Where(b => b.OpensOn <= today && b.ClosesOn >= today).ToListAsync(cancellationToken);
        return open
            .Where(b => paths.Any(p => p.StartsWith(b.Region.Path, StringComparison.Ordinal)))
            .OrderBy(b => b.Kind)
            .ThenByDescending(b => b.Region.Path.Length)
            .FirstOrDefault();
    }

    public static string GradeLetter(AnswerResult grade) => grade switch
    {
        AnswerResult.Solved => "A",
        AnswerResult.BeingSolved => "B",
        _ => "C",
    };

    public static string GradeName(AnswerResult grade) => grade switch
    {
        AnswerResult.Solved => "已解决或采纳",
        AnswerResult.BeingSolved => "正在解决或列入计划",
        _ => "暂不能解决",
    };

    public static string RatingName(Rating rating) => rating switch
    {
        Rating.Satisfied => "满意",
        Rating.BasicallySatisfied => "基本满意",
        _ => "不满意",
    };

    public static string StageName(ContactStage stage) => stage switch
    {
        ContactStage.Before => "办前",
        ContactStage.During => "办中",
        _ => "办后",
    };

    public static string ModeName(ContactMode mode) => mode switch
    {
        ContactMode.Visit => "当面走访",
        ContactMode.Phone => "电话沟通",
        ContactMode.Meeting => "座谈会",
        ContactMode.SiteVisit => "实地察看",
        _ => "其他方式",
    };

    private static string Id(Suggestion suggestion) => suggestion.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static List<string> Codes(IReadOnlyList<string>? codes) =>
        (codes ?? []).SelectMany(c => c.Split([',', '，', '、', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    private static string? Text(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim()[..Math.Min(text.Trim().Length, SuggestionEvent.NoteMaxLength)];

    private static SuggestionNotes Notes(CaseActor actor, string? note = null, string? internalNote = null) => new(note, internalNote, actor.UserId, actor.Name);

    private static EditResult Forbidden(string message) => EditResult.Forbidden(message);

    private static string UnitNames(IReadOnlyList<(int Id, string Name, bool IsLead)> units) =>
        $"{units.Single(u => u.IsLead).Name}主办" + (units.Any(u => !u.IsLead) ? $"，{string.Join("、", units.Where(u => !u.IsLead).Select(u => u.Name))}协办" : string.Empty);

    private async Task<string> UnitNameAsync(int unitId, CancellationToken cancellationToken) =>
        await db.HandlingUnits.Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync(cancellationToken);

    private async Task<List<int>> RoundUnitsAsync(Suggestion suggestion, CancellationToken cancellationToken) =>
        await db.SuggestionAssignments.Where(a => a.SuggestionId == suggestion.Id && a.Round == suggestion.Round && a.AssignedAt != null && a.SentBackAt == null)
            .Select(a => a.HandlingUnitId).ToListAsync(cancellationToken);

    /// <summary>The lead and co-units named, active and within the office's scope (another district's unit is refused like a missing one).</summary>
    private async Task<(IReadOnlyList<(int Id, string Name, bool IsLead)> Units, EditResult? Error)> UnitsAsync(CaseActor actor, AssignInput input, CancellationToken cancellationToken)
    {
        var leadCode = input.LeadUnitCode?.Trim();
        var coCodes = Codes(input.CoUnitCodes).Where(c => c != leadCode).ToList();
        var units = await scopes.HandlingUnits(actor.Scope).Where(u => u.IsActive && (u.Code == leadCode || coCodes.Contains(u.Code))).Select(u => new { u.Id, u.Code, u.Name }).ToListAsync(cancellationToken);
        var lead = units.SingleOrDefault(u => u.Code == leadCode);
        if (lead is null)
        {
            return ([], EditResult.Invalid("LeadUnitCode", "请选择一个在用的主办单位。"));
        }

        var missing = coCodes.Except(units.Select(u => u.Code)).ToList();
        if (missing.Count > 0)
        {
            return ([], EditResult.Invalid("CoUnitCodes", $"协办单位 {string.Join("、", missing)} 不存在或已停用。"));
        }

        return ([.. units.Select(u => (u.Id, u.Name, u.Id == lead.Id)).OrderByDescending(u => u.Item3)], null);
    }

    private async Task<SuggestionAssignment?> OwnAssignmentAsync(CaseActor actor, Suggestion suggestion, CancellationToken cancellationToken) =>
        await db.SuggestionAssignments
            .Where(a => a.SuggestionId == suggestion.Id && a.Round == suggestion.Round && a.AssignedAt != null && a.SentBackAt == null && a.RepliedAt == null
                && scopes.HandlingUnits(actor.Scope).Any(u => u.Id == a.HandlingUnitId))
            .OrderByDescending(a => a.IsLead)
            .FirstOrDefaultAsync(cancellationToken);

    private async Task<(Suggestion? Suggestion, EditResult? Error)> LoadAsync(CaseActor actor, int id, uint? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var suggestion = await scopes.Suggestions(actor.Scope).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (suggestion is null)
        {
            return (null, EditResult.NotFound);
        }

        if (version is { } expected)
        {
            if (suggestion.Version != expected)
            {
                db.ChangeTracker.Clear();
                return (null, EditResult.Conflict(ChangedMessage));
            }

            db.Entry(suggestion).Property(s => s.Version).OriginalValue = expected;
        }

        return (suggestion, null);
    }

    private async Task<EditResult> MoveAsync(Suggestion suggestion, SuggestionAction action, CaseActor actor, SuggestionNotes notes, CancellationToken cancellationToken, Func<Suggestion, Task>? notify = null)
    {
        try
        {
            SuggestionWorkflow.Apply(suggestion, action, actor.Role, time.GetUtcNow(), notes);
        }
        catch (WorkflowException refused)
        {
            db.ChangeTracker.Clear();
            return EditResult.Conflict(refused.Message);
        }

        if (notify is not null)
        {
            await notify(suggestion);
        }

        suggestion.IsOverdue = suggestion.State == SuggestionState.Assigned && suggestion.DueOn is { } due && due < ChinaTime.Today(time);

        // The row's xmin changes with every move, so a concurrent move on the same suggestion fails here.
        db.Entry(suggestion).State = EntityState.Modified;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return EditResult.Done(Id(suggestion));
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
}
