using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Paging;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Suggestions;

/// <summary>One row of a suggestion list: every list carries the key-suggestion leader's name and the deadline.</summary>
public sealed record SuggestionRow(
    int Id, string? Number, string Title, SuggestionState State, string DeputyName, string? CategoryName, string? LeadUnitName,
    DateOnly? DueOn, bool IsOverdue, bool IsKey, string? KeyLeader, int Round, DateTimeOffset UpdatedAt, AnswerResult? Grade, Rating? Rating);

/// <summary>
/// What a list is narrowed to; every part optional. <see cref="UnitCode"/> is the lead unit (as in the figures: assigned,
/// not sent back, any round); <see cref="Year"/> the batch's year; <see cref="Text"/> matches the number or the title.
/// </summary>
public sealed record SuggestionQuery(
    SuggestionState? State = null, int? BatchId = null, string? UnitCode = null, string? CategoryCode = null, bool KeyOnly = false,
    bool OverdueOnly = false, string? Text = null, int? Year = null);

public sealed record SuggestionStep(DateTimeOffset At, SuggestionAction Action, SuggestionState State, string? Note, string? InternalNote, string? ActorName);

public sealed record SuggestionUnit(
    int Round, string Code, string Name, bool IsLead, DateTimeOffset? AssignedAt, DateOnly? DueOn, string? View, DateTimeOffset? ViewAt,
    string? Reply, AnswerResult? Grade, DateOnly? PlannedOn, string? Reason, DateTimeOffset? RepliedAt, DateTimeOffset? SentBackAt, string? SentBackReason);

public sealed record SuggestionContactRow(int Round, string UnitName, ContactStage Stage, ContactMode Mode, DateOnly On, string Note, string? RecordedByName);

public sealed record SuggestionRating(int Round, Rating Rating, string? Comment, DateTimeOffset At);

public sealed record SuggestionFile(int Id, string FileName, string ContentType, int Length);

public sealed record SourceOpinion(string TrackingCode, string Title, OpinionState State);

public sealed record DeputyName(string Code, string Name);

/// <summary>An opinion a deputy may turn into a suggestion (来源群众意见).</summary>
public sealed record OpinionChoice(string TrackingCode, string Title, OpinionState State, DateTimeOffset ReceivedAt);

/// <summary>A filed suggestion an opinion grew into: its number and state.</summary>
public sealed record SuggestionLink(int Id, string Number, SuggestionState State);

/// <summary>
/// A suggestion as the person asking may see it. <see cref="Steps"/> carry internal notes only for congress staff and
/// units (a deputy sees the notes meant for deputies); <see cref="Version"/> is the row's xmin for the next move.
/// </summary>
public sealed record SuggestionCase(
    int Id, string? Number, string? BatchName, int? BatchId, string Title, string Content, string? CategoryCode, string? CategoryName, SuggestionState State, uint Version,
    DeputyName Deputy, IReadOnlyList<DeputyName> Cosigners, IReadOnlyList<SourceOpinion> Sources, IReadOnlyList<SuggestionFile> Files,
    DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, int Round, DateOnly? DueOn, bool IsOverdue, bool IsKey, string? KeyLeader, string? ConvertedOpinionCode,
    IReadOnlyList<SuggestionUnit> Units, IReadOnlyList<SuggestionContactRow> Contacts, IReadOnlyList<SuggestionRating> Ratings, IReadOnlyList<SuggestionStep> Steps);

/// <summary>Reading suggestions, always through the scope filter: lists, one suggestion, an attachment, the batches.</summary>
public sealed class SuggestionDesk(ApplicationDbContext db, ScopeDirectory scopes, TimeProvider time)
{
    public async Task<Page<SuggestionRow>> ListAsync(StaffScope scope, SuggestionQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(page);
        return await Listed(scope, query).ToPageAsync(page, cancellationToken);
    }

    /// <summary>Every suggestion of the list (not one page), in the list's order, read one at a time: what the export writes.</summary>
    public IAsyncEnumerable<SuggestionRow> AllAsync(StaffScope scope, SuggestionQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Listed(scope, query).AsAsyncEnumerable();
    }

    private IQueryable<SuggestionRow> Listed(StaffScope scope, SuggestionQuery query)
    {
        var rows = scopes.Suggestions(scope).AsNoTracking();
        if (query.State is { } state)
        {
            rows = rows.Where(s => s.State == state);
        }

        if (query.BatchId is { } batch)
        {
            rows = rows.Where(s => s.BatchId == batch);
        }

        if (!string.IsNullOrWhiteSpace(query.UnitCode))
        {
            var unit = query.UnitCode.Trim();
            rows = rows.Where(s => db.SuggestionAssignments.Any(a => a.SuggestionId == s.Id && a.IsLead && a.AssignedAt != null && a.SentBackAt == null && a.HandlingUnit.Code == unit));
        }

        if (query.Year is { } year)
        {
            rows = rows.Where(s => s.Batch != null && s.Batch.Year == year);
        }

        if (!string.IsNullOrWhiteSpace(query.CategoryCode))
        {
            var category = query.CategoryCode.Trim();
            rows = rows.Where(s => s.Category != null && s.Category.Code == category);
        }

        if (query.KeyOnly)
        {
            rows = rows.Where(s => s.IsKey);
        }

        if (query.OverdueOnly)
        {
            rows = rows.Where(s => s.IsOverdue);
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var pattern = "%" + query.Text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            rows = rows.Where(s => EF.Functions.ILike(s.Title, pattern) || (s.Number != null && EF.Functions.ILike(s.Number, pattern)));
        }

        return rows
            .OrderByDescending(s => s.IsKey).ThenBy(s => s.BatchId).ThenBy(s => s.Sequence).ThenByDescending(s => s.UpdatedAt).ThenBy(s => s.Id)
            .Select(s => new SuggestionRow(
                s.Id, s.Number, s.Title, s.State, s.Deputy.Name, s.Category == null ? null : s.Category.Name,
                db.SuggestionAssignments.Where(a => a.SuggestionId == s.Id && a.Round == s.Round && a.IsLead && a.SentBackAt == null).Select(a => a.HandlingUnit.Name).FirstOrDefault(),
                s.DueOn, s.IsOverdue, s.IsKey, s.KeyLeader, s.Round, s.UpdatedAt,
                db.SuggestionAssignments.Where(a => a.SuggestionId == s.Id && a.IsLead && a.RepliedAt != null).OrderByDescending(a => a.Round).Select(a => a.Grade).FirstOrDefault(),
                db.SuggestionEvaluations.Where(e => e.SuggestionId == s.Id).OrderByDescending(e => e.Round).Select(e => (Rating?)e.Rating).FirstOrDefault()));
    }

    /// <summary>
    /// The suggestion's id for its number, through the scope filter (the API addresses suggestions by number). Numbers
    /// are unique per congress; when a scope spanning two congresses matches two suggestions, none is chosen (address
    /// it by id instead).
    /// </summary>
    public async Task<int?> IdOfAsync(StaffScope scope, string? number, CancellationToken cancellationToken = default)
    {
        var text = number?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var ids = await scopes.Suggestions(scope).Where(s => s.Number == text).Select(s => s.Id).Take(2).ToListAsync(cancellationToken);
        return ids.Count == 1 ? ids[0] : null;
    }

    public async Task<SuggestionCase?> GetAsync(StaffScope scope, int id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var s = await scopes.Suggestions(scope).AsNoTracking().Where(x => x.Id == id)
            .Select(x => new
            {
                x.Id, x.Number, BatchName = x.Batch == null ? null : x.Batch.Name, x.BatchId, x.Title, x.Content,
                CategoryCode = x.Category == null ? null : x.Category.Code, CategoryName = x.Category == null ? null : x.Category.Name,
                x.State, x.Version, Deputy = new DeputyName(x.Deputy.Code, x.Deputy.Name), x.CreatedAt, x.SubmittedAt, x.Round, x.DueOn, x.IsOverdue, x.IsKey, x.KeyLeader,
                Converted = db.Opinions.Where(o => o.Id == x.ConvertedOpinionId).Select(o => o.TrackingCode).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (s is null)
        {
            return null;
        }

        var staff = scope.Kind != ScopeKind.Deputy;
        var cosigners = await db.SuggestionCosigners.AsNoTracking().Where(c => c.SuggestionId == id).OrderBy(c => c.Deputy.Code)
            .Select(c => new DeputyName(c.Deputy.Code, c.Deputy.Name)).ToListAsync(cancellationToken);
        var sources = await db.SuggestionSources.AsNoTracking().Where(c => c.SuggestionId == id).OrderBy(c => c.Opinion.ReceivedAt)
            .Select(c => new SourceOpinion(c.Opinion.TrackingCode, c.Opinion.Title, c.Opinion.State)).ToListAsync(cancellationToken);
        var files = await db.SuggestionAttachments.AsNoTracking().Where(a => a.SuggestionId == id).OrderBy(a => a.Id)
            .Select(a => new SuggestionFile(a.Id, a.FileName, a.ContentType, a.Length)).ToListAsync(cancellationToken);
        var units = await db.SuggestionAssignments.AsNoTracking().Where(a => a.SuggestionId == id).OrderBy(a => a.Round).ThenByDescending(a => a.IsLead).ThenBy(a => a.Id)
            .Select(a => new SuggestionUnit(a.Round, a.HandlingUnit.Code, a.HandlingUnit.Name, a.IsLead, a.AssignedAt, a.DueOn, a.View, a.ViewAt, a.Reply, a.Grade, a.PlannedOn, a.Reason, a.RepliedAt, a.SentBackAt, a.SentBackReason))
            .ToListAsync(cancellationToken);
        if (scope.Kind == ScopeKind.Deputy)
        {
            // A deputy sees the units' replies, not a proposal, nor co-units' views meant for the lead unit.
            units = [.. units.Where(u => u.AssignedAt is not null).Select(u => u with { View = null })];
        }

        var contacts = await db.SuggestionContacts.AsNoTracking().Where(c => c.SuggestionId == id).OrderBy(c => c.On).ThenBy(c => c.Id)
            .Select(c => new SuggestionContactRow(c.Round, c.HandlingUnit.Name, c.Stage, c.Mode, c.On, c.Note, c.RecordedByName)).ToListAsync(cancellationToken);
        var ratings = await db.SuggestionEvaluations.AsNoTracking().Where(e => e.SuggestionId == id).OrderBy(e => e.Round)
            .Select(e => new SuggestionRating(e.Round, e.Rating, e.Comment, e.At)).ToListAsync(cancellationToken);
        var steps = await db.SuggestionEvents.AsNoTracking().Where(e => e.SuggestionId == id).OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new { e.At, e.Action, e.State, e.Note, e.InternalNote, e.ActorName }).ToListAsync(cancellationToken);
        return new SuggestionCase(
            s.Id, s.Number, s.BatchName, s.BatchId, s.Title, s.Content, s.CategoryCode, s.CategoryName, s.State, s.Version, s.Deputy, cosigners, sources, files,
            s.CreatedAt, s.SubmittedAt, s.Round, s.DueOn, s.IsOverdue, s.IsKey, s.KeyLeader, s.Converted,
            units, contacts, ratings,
            [.. steps.Select(e => new SuggestionStep(e.At, Enum.Parse<SuggestionAction>(e.Action), e.State, e.Note, staff ? e.InternalNote : null, e.ActorName))]);
    }

    /// <summary>An attachment, if its suggestion is in the scope.</summary>
    public async Task<SuggestionAttachment?> AttachmentAsync(StaffScope scope, int id, int attachmentId, CancellationToken cancellationToken = default) =>
        await db.SuggestionAttachments.AsNoTracking()
            .Where(a => a.Id == attachmentId && a.SuggestionId == id && scopes.Suggestions(scope).Any(s => s.Id == id))
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>The batches of the congresses in the scope (everything for an administrator), newest first.</summary>
    public async Task<IReadOnlyList<SuggestionBatch>> BatchesAsync(StaffScope scope, CancellationToken cancellationToken = default) =>
        await db.SuggestionBatches.AsNoTracking().Include(b => b.Region)
            .Where(b => scopes.Regions(scope).Any(r => r.Id == b.RegionId) || scope.Kind == ScopeKind.Everything)
            .OrderByDescending(b => b.OpensOn).ThenBy(b => b.Id)
            .ToListAsync(cancellationToken);

    /// <summary>Which of <paramref name="ids"/> the deputy of the scope leads (领衔); the rest of their list they co-sign (附议).</summary>
    public async Task<IReadOnlySet<int>> LedAsync(StaffScope scope, IReadOnlyCollection<int> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Kind != ScopeKind.Deputy || ids is not { Count: > 0 })
        {
            return new HashSet<int>();
        }

        return (await db.Suggestions.AsNoTracking().Where(s => ids.Contains(s.Id) && s.DeputyId == scope.Id).Select(s => s.Id).ToListAsync(cancellationToken)).ToHashSet();
    }

    /// <summary>The active deputies sharing a station with the deputy of the scope: the likely co-signers (附议).</summary>
    public async Task<IReadOnlyList<DeputyName>> ColleaguesAsync(StaffScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Kind != ScopeKind.Deputy)
        {
            return [];
        }

        return await db.Deputies.AsNoTracking()
            .Where(d => d.IsActive && d.Id != scope.Id
                && db.DeputyStations.Any(e => e.DeputyId == d.Id && db.DeputyStations.Any(mine => mine.DeputyId == scope.Id && mine.StationId == e.StationId)))
            .OrderBy(d => d.Code).Take(200)
            .Select(d => new DeputyName(d.Code, d.Name))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The opinions in the scope a suggestion may grow out of (a deputy: those addressed to them), newest first, with
    /// the <paramref name="chosen"/> tracking codes always among them.
    /// </summary>
    public async Task<IReadOnlyList<OpinionChoice>> OpinionChoicesAsync(StaffScope scope, IReadOnlyCollection<string> chosen, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        var codes = chosen.Select(Citizens.TrackingCodes.Normalize).Where(c => c.Length > 0).ToList();
        var opinions = scopes.Opinions(scope).AsNoTracking();
        var recent = await opinions.OrderByDescending(o => o.ReceivedAt).ThenByDescending(o => o.Id).Take(100)
            .Select(o => new OpinionChoice(o.TrackingCode, o.Title, o.State, o.ReceivedAt)).ToListAsync(cancellationToken);
        var missing = codes.Except(recent.Select(r => r.TrackingCode)).ToList();
        if (missing.Count > 0)
        {
            recent.AddRange(await opinions.Where(o => missing.Contains(o.TrackingCode))
                .Select(o => new OpinionChoice(o.TrackingCode, o.Title, o.State, o.ReceivedAt)).ToListAsync(cancellationToken));
        }

        return [.. recent.OrderByDescending(r => r.ReceivedAt)];
    }

    /// <summary>
    /// The filed suggestions (never a draft) an opinion in the scope was turned into: what the opinion's page shows as
    /// "转为代表建议". Outside the scope: none.
    /// </summary>
    public async Task<IReadOnlyList<SuggestionLink>> FromOpinionAsync(StaffScope scope, string? code, CancellationToken cancellationToken = default)
    {
        var normalized = Citizens.TrackingCodes.Normalize(code);
        if (normalized.Length == 0)
        {
            return [];
        }

        var opinions = scopes.Opinions(scope).Where(o => o.TrackingCode == normalized);
        return await db.Suggestions.AsNoTracking()
            .Where(s => s.State != SuggestionState.Draft && s.Number != null
                && db.SuggestionSources.Any(x => x.SuggestionId == s.Id && opinions.Any(o => o.Id == x.OpinionId)))
            .OrderBy(s => s.SubmittedAt).ThenBy(s => s.Id)
            .Select(s => new SuggestionLink(s.Id, s.Number!, s.State))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Today in China, for pages that compare deadlines.</summary>
    public DateOnly Today => ChinaTime.Today(time);
}
