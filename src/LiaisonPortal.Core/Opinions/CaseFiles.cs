using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Opinions;

/// <summary>One unit's part in one round of handling, as the case page shows it.</summary>
public sealed record AssignmentView(
    int Round, string UnitCode, string UnitName, bool IsLead, DateTimeOffset AssignedAt, DateOnly AnswerDueOn,
    DateTimeOffset? AnsweredAt, string? Answer, AnswerResult? Result, DateOnly? PlannedOn, string? Reason,
    DateTimeOffset? ReturnedAt, string? ReturnReason, bool Mine)
{
    public bool IsOpen => AnsweredAt is null && ReturnedAt is null;
}

/// <summary>
/// Everything the case page needs besides <see cref="OpinionCase"/>: the row's version for the forms, the workflow's
/// marks, the assignments of every round, and the merge links.
/// </summary>
public sealed record CaseFile(
    OpinionCase Case, uint Version, string? CategoryCode, SupervisionLevel Supervision, bool IsOverdue, bool LeaderAttention,
    int HandlingRound, DateOnly? AnswerDueOn, DateOnly FeedbackDueOn, IReadOnlyList<AssignmentView> Assignments,
    string? MergedIntoCode, IReadOnlyList<string> MergedCodes)
{
    public OpinionState State => Case.State;

    /// <summary>The signed-in unit's open assignment (lead first), when the reader is a unit.</summary>
    public AssignmentView? MyOpenAssignment => Assignments.Where(a => a.Mine && a.IsOpen).OrderByDescending(a => a.IsLead).ThenByDescending(a => a.Round).FirstOrDefault();

    /// <summary>The latest round's lead answer: what feedback starts from.</summary>
    public AssignmentView? LeadAnswer => Assignments.Where(a => a.IsLead && a.Answer is not null).OrderByDescending(a => a.Round).FirstOrDefault();
}

public sealed record CaseChoice(string Code, string Name);

/// <summary>The case page's reading side, always through the scope filter (outside it: null, the page answers 404).</summary>
public sealed class CaseFiles(ApplicationDbContext db, ScopeDirectory scopes, OpinionDesk desk)
{
    public async Task<CaseFile?> GetAsync(StaffScope scope, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var normalized = Citizens.TrackingCodes.Normalize(code);
        var found = await desk.GetAsync(scope, normalized, cancellationToken);
        if (found is null)
        {
            return null;
        }

        var row = await db.Opinions.AsNoTracking().Where(o => o.TrackingCode == normalized)
            .Select(o => new
            {
                o.Id, o.Version, CategoryCode = o.Category == null ? null : o.Category.Code, o.Supervision, o.IsOverdue, o.LeaderAttention,
                o.HandlingRound, o.AnswerDueOn, o.FeedbackDueOn,
                MergedInto = db.Opinions.Where(m => m.Id == o.MergedIntoId).Select(m => m.TrackingCode).FirstOrDefault(),
            })
            .SingleAsync(cancellationToken);
        var mine = scope.Kind == ScopeKind.Unit ? await scopes.HandlingUnits(scope).Select(u => u.Id).ToListAsync(cancellationToken) : [];
        var assignments = await db.OpinionAssignments.AsNoTracking().Where(a => a.OpinionId == row.Id)
            .OrderBy(a => a.Round).ThenByDescending(a => a.IsLead).ThenBy(a => a.Id)
            .Select(a => new AssignmentView(
                a.Round, a.HandlingUnit.Code, a.HandlingUnit.Name, a.IsLead, a.AssignedAt, a.AnswerDueOn, a.AnsweredAt, a.Answer, a.Result,
                a.PlannedOn, a.Reason, a.ReturnedAt, a.ReturnReason, mine.Contains(a.HandlingUnitId)))
            .ToListAsync(cancellationToken);
        var merged = await scopes.Opinions(scope).AsNoTracking().Where(o => o.MergedIntoId == row.Id).OrderBy(o => o.Id).Select(o => o.TrackingCode).ToListAsync(cancellationToken);
        return new CaseFile(
            found, row.Version, row.CategoryCode, row.Supervision, row.IsOverdue, row.LeaderAttention, row.HandlingRound,
            row.AnswerDueOn, row.FeedbackDueOn, assignments, row.MergedInto, merged);
    }

    /// <summary>Active categories, parents before their children, for classifying and filtering.</summary>
    public async Task<IReadOnlyList<CaseChoice>> CategoriesAsync(CancellationToken cancellationToken = default)
    {
        var all = await db.Categories.AsNoTracking().Where(c => c.IsActive)
            .Select(c => new { c.Code, c.Name, c.SortOrder, Parent = c.Parent == null ? null : c.Parent.Code })
            .ToListAsync(cancellationToken);
        var ordered = new List<CaseChoice>();
        foreach (var parent in all.Where(c => c.Parent is null).OrderBy(c => c.SortOrder).ThenBy(c => c.Code, StringComparer.Ordinal))
        {
            ordered.Add(new CaseChoice(parent.Code, parent.Name));
            ordered.AddRange(all.Where(c => c.Parent == parent.Code).OrderBy(c => c.SortOrder).ThenBy(c => c.Code, StringComparer.Ordinal)
                .Select(c => new CaseChoice(c.Code, $"{parent.Name} / {c.Name}")));
        }

        return ordered;
    }

    /// <summary>
    /// The handling units a case can go to from this scope: the scope's own and those of the regions above it (a
    /// district office may assign to a city company too).
    /// </summary>
    public async Task<IReadOnlyList<CaseChoice>> UnitsAsync(StaffScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var units = db.HandlingUnits.AsNoTracking().Where(u => u.IsActive);
        if (scope.Kind == ScopeKind.Region)
        {
            var ancestors = await AncestorsAsync(scope.Id ?? 0, cancellationToken);
            units = units.Where(u => scopes.HandlingUnits(scope).Any(s => s.Id == u.Id) || ancestors.Contains(u.RegionId));
        }
        else if (scope.Kind != ScopeKind.Everything)
        {
            units = units.Where(u => scopes.HandlingUnits(scope).Any(s => s.Id == u.Id));
        }

        return await units.OrderBy(u => u.Code).Select(u => new CaseChoice(u.Code, u.Name)).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CaseChoice>> StationsAsync(StaffScope scope, CancellationToken cancellationToken = default) =>
        await scopes.Stations(scope).AsNoTracking().OrderBy(s => s.Code).Select(s => new CaseChoice(s.Code, s.Name)).ToListAsync(cancellationToken);

    private async Task<List<int>> AncestorsAsync(int regionId, CancellationToken cancellationToken)
    {
        var ids = new List<int>();
        int? current = await db.Regions.Where(r => r.Id == regionId).Select(r => r.ParentId).SingleOrDefaultAsync(cancellationToken);
        while (current is { } id && !ids.Contains(id))
        {
            ids.Add(id);
            current = await db.Regions.Where(r => r.Id == id).Select(r => r.ParentId).SingleOrDefaultAsync(cancellationToken);
        }

        return ids;
    }
}
