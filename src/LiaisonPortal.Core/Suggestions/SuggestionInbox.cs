using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Paging;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Suggestions;

/// <summary>The tabs of a unit's suggestion inbox.</summary>
public enum UnitInboxTab
{
    /// <summary>全部: every suggestion ever assigned to the unit.</summary>
    All = 0,

    /// <summary>主办: the unit leads the current round, still to be replied.</summary>
    Lead = 1,

    /// <summary>协办: the unit is a co-unit of the current round, still being handled.</summary>
    Co = 2,

    /// <summary>已答复: the lead unit has replied (waiting for the rating, or closed).</summary>
    Replied = 3,
}

/// <summary>One row of a unit's inbox: the suggestion as every list shows it, and the unit's own part in its latest round.</summary>
public sealed record UnitInboxRow(
    int Id, string? Number, string Title, SuggestionState State, string DeputyName, bool IsLead, DateOnly? DueOn, bool IsOverdue,
    bool IsKey, string? KeyLeader, int Round, bool ViewSent, DateTimeOffset? SentBackAt);

/// <summary>
/// A handling unit's suggestion inbox (代表建议办理), always through <see cref="ScopeDirectory.Suggestions"/> with the
/// unit's scope: tabs by the unit's part, a text search, real pages; open ones first, nearest deadline first.
/// </summary>
public sealed class SuggestionInbox(ApplicationDbContext db, ScopeDirectory scopes)
{
    public async Task<Page<UnitInboxRow>> ListAsync(StaffScope scope, UnitInboxTab tab, string? text, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        return await Rows(scope, tab, text).ToPageAsync(page, cancellationToken);
    }

    /// <summary>Every suggestion of the tab (not one page), in the inbox's order, read one at a time: what the export writes.</summary>
    public IAsyncEnumerable<UnitInboxRow> AllAsync(StaffScope scope, UnitInboxTab tab, string? text) => Rows(scope, tab, text).AsAsyncEnumerable();

    private IQueryable<UnitInboxRow> Rows(StaffScope scope, UnitInboxTab tab, string? text)
    {
        var rows = Filter(scope, tab, text);
        var mine = MyAssignments(scope);
        return rows
            .OrderBy(s => s.State == SuggestionState.Assigned ? 0 : 1).ThenBy(s => s.DueOn).ThenByDescending(s => s.IsKey).ThenBy(s => s.Id)
            .Select(s => new
            {
                s.Id, s.Number, s.Title, s.State, DeputyName = s.Deputy.Name, s.DueOn, s.IsOverdue, s.IsKey, s.KeyLeader, s.Round,
                Part = mine.Where(a => a.SuggestionId == s.Id).OrderByDescending(a => a.Round).ThenByDescending(a => a.IsLead)
                    .Select(a => new { a.IsLead, a.DueOn, HasView = a.ViewAt != null, a.SentBackAt }).FirstOrDefault(),
            })
            .Select(s => new UnitInboxRow(
                s.Id, s.Number, s.Title, s.State, s.DeputyName, s.Part != null && s.Part.IsLead, s.DueOn ?? (s.Part == null ? null : s.Part.DueOn),
                s.IsOverdue, s.IsKey, s.KeyLeader, s.Round, s.Part != null && s.Part.HasView, s.Part == null ? null : s.Part.SentBackAt));
    }

    /// <summary>How many suggestions each tab holds (with the same text search).</summary>
    public async Task<IReadOnlyDictionary<UnitInboxTab, int>> CountsAsync(StaffScope scope, string? text, CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<UnitInboxTab, int>();
        foreach (var tab in Enum.GetValues<UnitInboxTab>())
        {
            counts[tab] = await Filter(scope, tab, text).CountAsync(cancellationToken);
        }

        return counts;
    }

    /// <summary>The codes of the units the account acts for (its unit and sub-units).</summary>
    public async Task<IReadOnlyList<string>> UnitCodesAsync(StaffScope scope, CancellationToken cancellationToken = default) =>
        await scopes.HandlingUnits(scope).Select(u => u.Code).ToListAsync(cancellationToken);

    private IQueryable<SuggestionAssignment> MyAssignments(StaffScope scope) =>
        db.SuggestionAssignments.Where(a => a.AssignedAt != null && scopes.HandlingUnits(scope).Any(u => u.Id == a.HandlingUnitId));

    private IQueryable<Suggestion> Filter(StaffScope scope, UnitInboxTab tab, string? text)
    {
        var rows = scopes.Suggestions(scope).AsNoTracking();
        var mine = MyAssignments(scope);
        rows = tab switch
        {
            UnitInboxTab.Lead => rows.Where(s => s.State == SuggestionState.Assigned
                && mine.Any(a => a.SuggestionId == s.Id && a.Round == s.Round && a.IsLead && a.SentBackAt == null)),
            UnitInboxTab.Co => rows.Where(s => s.State == SuggestionState.Assigned
                && mine.Any(a => a.SuggestionId == s.Id && a.Round == s.Round && !a.IsLead && a.SentBackAt == null)),
            UnitInboxTab.Replied => rows.Where(s => s.State == SuggestionState.Replied || s.State == SuggestionState.Closed),
            _ => rows,
        };
        if (!string.IsNullOrWhiteSpace(text))
        {
            var pattern = "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            rows = rows.Where(s => EF.Functions.ILike(s.Title, pattern) || (s.Number != null && EF.Functions.ILike(s.Number, pattern)));
        }

        return rows;
    }
}
