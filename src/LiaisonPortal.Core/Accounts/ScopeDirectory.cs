using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Performance;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Core.Suggestions;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Accounts;

/// <summary>What a staff account's scope covers, in figures, for its workspace home.</summary>
public sealed record ScopeSummary(string ScopeName, int Regions, int Stations, int ActiveStations, int Deputies, int HandlingUnits, int Accounts);

/// <summary>
/// The one scope filter: every query of stations, deputies, units, opinions and appointments a staff member may see goes through it.
/// A region scope is the region's subtree; a station scope is one station and the deputies enrolled in it; a unit
/// scope is the unit and its sub-units; a deputy scope is the deputy and their stations.
/// </summary>
public sealed class ScopeDirectory(ApplicationDbContext db)
{
    public async Task<string> DescribeAsync(StaffScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var name = scope.Kind switch
        {
            ScopeKind.Region => await db.Regions.Where(r => r.Id == scope.Id).Select(r => r.Name + "（" + r.Code + "）").SingleOrDefaultAsync(cancellationToken),
            ScopeKind.Station => await db.Stations.Where(s => s.Id == scope.Id).Select(s => s.Name + "（" + s.Code + "）").SingleOrDefaultAsync(cancellationToken),
            ScopeKind.Unit => await db.HandlingUnits.Where(u => u.Id == scope.Id).Select(u => u.Name + "（" + u.Code + "）").SingleOrDefaultAsync(cancellationToken),
            ScopeKind.Deputy => await db.Deputies.Where(d => d.Id == scope.Id).Select(d => d.Name + "（" + d.Code + "）").SingleOrDefaultAsync(cancellationToken),
            _ => "全部",
        };
        return name ?? "—";
    }

    public IQueryable<Region> Regions(StaffScope scope) => scope.Kind switch
    {
        ScopeKind.Everything => db.Regions,
        ScopeKind.Region => db.Regions.Where(r => db.Regions.Any(root => root.Id == scope.Id && r.Path.StartsWith(root.Path))),
        _ => db.Regions.Where(_ => false),
    };

    public IQueryable<Station> Stations(StaffScope scope) => scope.Kind switch
    {
        ScopeKind.Everything => db.Stations,
        ScopeKind.Region => db.Stations.Where(s => Regions(scope).Any(r => r.Id == s.RegionId)),
        ScopeKind.Station => db.Stations.Where(s => s.Id == scope.Id),
        ScopeKind.Deputy => db.Stations.Where(s => db.DeputyStations.Any(e => e.DeputyId == scope.Id && e.StationId == s.Id)),
        _ => db.Stations.Where(_ => false),
    };

    public IQueryable<Deputy> Deputies(StaffScope scope) => scope.Kind switch
    {
        ScopeKind.Everything => db.Deputies,
        ScopeKind.Deputy => db.Deputies.Where(d => d.Id == scope.Id),
        ScopeKind.Region or ScopeKind.Station => db.Deputies.Where(d => db.DeputyStations.Any(e => e.DeputyId == d.Id && Stations(scope).Any(s => s.Id == e.StationId))),
        _ => db.Deputies.Where(_ => false),
    };

    public IQueryable<HandlingUnit> HandlingUnits(StaffScope scope) => scope.Kind switch
    {
        ScopeKind.Everything => db.HandlingUnits,
        ScopeKind.Region => db.HandlingUnits.Where(u => Regions(scope).Any(r => r.Id == u.RegionId)),
        ScopeKind.Unit => db.HandlingUnits.Where(u => u.Id == scope.Id || u.ParentId == scope.Id),
        _ => db.HandlingUnits.Where(_ => false),
    };

    /// <summary>
    /// Opinions addressed to a station in the scope; a deputy sees what was addressed to them; a unit sees what was
    /// assigned to it or its sub-units (as lead or co-unit, in any round). An opinion addressed to a deputy belongs to
    /// the deputy's primary station too, because its station is that station.
    /// </summary>
    public IQueryable<Opinion> Opinions(StaffScope scope) => scope.Kind switch
    {
        ScopeKind.Everything => db.Opinions,
        ScopeKind.Region or ScopeKind.Station => db.Opinions.Where(o => Stations(scope).Any(s => s.Id == o.StationId)),
        ScopeKind.Deputy => db.Opinions.Where(o => o.DeputyId == scope.Id),
        ScopeKind.Unit => db.Opinions.Where(o => db.OpinionAssignments.Any(a => a.OpinionId == o.Id && HandlingUnits(scope).Any(u => u.Id == a.HandlingUnitId))),
        _ => db.Opinions.Where(_ => false),
    };

    /// <summary>
    /// The same opinions as <see cref="Opinions"/>, with a region or station scope's stations read first (one small query)
    /// and given to the opinions' query as a list of ids: PostgreSQL then knows how many stations (and so opinions) the
    /// scope holds, where the region subtree's path prefix hides it (it guessed one station, and planned the whole city's
    /// queue as if it were one), and a (State, StationId) index answers the queue's counts without reading the table.
    /// </summary>
    public async Task<IQueryable<Opinion>> OpinionsAsync(StaffScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Kind is not (ScopeKind.Region or ScopeKind.Station))
        {
            return Opinions(scope);
        }

        if (_stationIds is not { } known || known.Scope != scope)
        {
            var ids = await Stations(scope).Select(s => s.Id).ToArrayAsync(cancellationToken);
            // A scope holding every station (a city's office) needs no condition at all: a list of 540 ids costs the
            // planner milliseconds on every query of a queue page.
            var all = scope.Kind == ScopeKind.Region && ids.Length == await db.Stations.CountAsync(cancellationToken);
            known = (scope, all ? null : ids);
            _stationIds = known;
        }

        var stations = known.Ids;
        return stations is null ? db.Opinions : db.Opinions.Where(o => stations.Contains(o.StationId));
    }

    /// <summary>The station ids of the last scope <see cref="OpinionsAsync"/> was asked for (null: every station), as a page asks twice.</summary>
    private (StaffScope Scope, int[]? Ids)? _stationIds;

    /// <summary>
    /// Deputies' suggestions: a congress office sees the suggestions filed to the congresses of its regions (never a
    /// draft); a deputy sees what they lead, and what they co-sign once it is filed; a unit sees what was assigned to it
    /// or its sub-units (lead or co-unit, any round; a proposal before the assignment meeting is not yet theirs).
    /// </summary>
    public IQueryable<Suggestion> Suggestions(StaffScope scope) => scope.Kind switch
    {
        ScopeKind.Everything => db.Suggestions.Where(s => s.State != SuggestionState.Draft),
        ScopeKind.Region => db.Suggestions.Where(s => s.State != SuggestionState.Draft && s.BatchId != null
            && Regions(scope).Any(r => r.Id == s.Batch!.RegionId)),
        ScopeKind.Deputy => db.Suggestions.Where(s => s.DeputyId == scope.Id
            || (s.State != SuggestionState.Draft && db.SuggestionCosigners.Any(c => c.SuggestionId == s.Id && c.DeputyId == scope.Id))),
        ScopeKind.Unit => db.Suggestions.Where(s => db.SuggestionAssignments.Any(a => a.SuggestionId == s.Id && a.AssignedAt != null
            && HandlingUnits(scope).Any(u => u.Id == a.HandlingUnitId))),
        _ => db.Suggestions.Where(_ => false),
    };

    /// <summary>Reception slots at stations in the scope; a deputy sees their own slots.</summary>
    public IQueryable<ReceptionSlot> ReceptionSlots(StaffScope scope) => scope.Kind switch
    {
        ScopeKind.Everything => db.ReceptionSlots,
        ScopeKind.Region or ScopeKind.Station => db.ReceptionSlots.Where(r => Stations(scope).Any(s => s.Id == r.StationId)),
        ScopeKind.Deputy => db.ReceptionSlots.Where(r => r.DeputyId == scope.Id),
        _ => db.ReceptionSlots.Where(_ => false),
    };

    /// <summary>Appointments at stations in the scope; a deputy sees the ones asking for them.</summary>
    public IQueryable<Appointment> Appointments(StaffScope scope) => scope.Kind switch
    {
        ScopeKind.Everything => db.Appointments,
        ScopeKind.Region or ScopeKind.Station => db.Appointments.Where(a => Stations(scope).Any(s => s.Id == a.StationId)),
        ScopeKind.Deputy => db.Appointments.Where(a => a.DeputyId == scope.Id),
        _ => db.Appointments.Where(_ => false),
    };

    /// <summary>Reception logs (履职登记表) of stations in the scope.</summary>
    public IQueryable<ReceptionLog> ReceptionLogs(StaffScope scope) => scope.Kind switch
    {
        ScopeKind.Everything => db.ReceptionLogs,
        ScopeKind.Region or ScopeKind.Station => db.ReceptionLogs.Where(l => Stations(scope).Any(s => s.Id == l.StationId)),
        _ => db.ReceptionLogs.Where(_ => false),
    };

    /// <summary>
    /// Deputies' recorded activities (履职活动): an office sees those of the regions in its scope and those recorded at its
    /// stations; station staff those of their station; a deputy those they took part in.
    /// </summary>
    public IQueryable<DeputyActivity> DeputyActivities(StaffScope scope) => scope.Kind switch
    {
        ScopeKind.Everything => db.DeputyActivities,
        ScopeKind.Region => db.DeputyActivities.Where(a => Regions(scope).Any(r => r.Id == a.RegionId) || Stations(scope).Any(s => s.Id == a.StationId)),
        ScopeKind.Station => db.DeputyActivities.Where(a => a.StationId == scope.Id),
        ScopeKind.Deputy => db.DeputyActivities.Where(a => a.Participants.Any(p => p.DeputyId == scope.Id)),
        _ => db.DeputyActivities.Where(_ => false),
    };

    public async Task<ScopeSummary> SummarizeAsync(StaffScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var accounts = scope.Kind == ScopeKind.Everything
            ? await db.Users.CountAsync(cancellationToken)
            : await db.Users.CountAsync(u => u.ScopeKind == scope.Kind
                && (u.RegionId == scope.Id || u.StationId == scope.Id || u.HandlingUnitId == scope.Id || u.DeputyId == scope.Id), cancellationToken);
        return new ScopeSummary(
            await DescribeAsync(scope, cancellationToken),
            await Regions(scope).CountAsync(cancellationToken),
            await Stations(scope).CountAsync(cancellationToken),
            await Stations(scope).CountAsync(s => s.IsActive, cancellationToken),
            await Deputies(scope).CountAsync(cancellationToken),
            await HandlingUnits(scope).CountAsync(cancellationToken),
            accounts);
    }
}
