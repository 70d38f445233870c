using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Organisation;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Management;

/// <summary>
/// 代表联系卡: what a deputy's printed contact card shows. <see cref="PhotoVersion"/> is set when the deputy is active and
/// has a photo (the public photo endpoint serves active deputies only).
/// </summary>
public sealed record ContactCard(
    string Code, string Name, DeputyLevel Level, string? StationName, string? Commitment, long? PhotoVersion, bool IsActive);

/// <summary>What a station's door poster shows.</summary>
public sealed record StationPoster(
    string Code, string Name, StationKind Kind, string RegionName, string Address, string? OpeningHours, string? ContactPhone, bool IsActive);

/// <summary>A station and the contact cards of its enrolled active deputies, for one sheet.</summary>
public sealed record StationCardSheet(StationPoster Station, IReadOnlyList<ContactCard> Cards);

/// <summary>The staff's printables (contact cards and door posters), within the account's scope: anything outside is null.</summary>
public sealed class Printables(ApplicationDbContext db, ScopeDirectory scopes)
{
    /// <summary>One deputy's card, naming their primary station (or the first active one).</summary>
    public async Task<ContactCard?> ContactCardAsync(StaffScope scope, string code, CancellationToken cancellationToken = default)
    {
        var deputy = await scopes.Deputies(scope).AsNoTracking().Where(d => d.Code == code)
            .Select(d => new
            {
                d.Code,
                d.Name,
                d.Level,
                d.Commitment,
                d.IsActive,
                Station = db.DeputyStations.Where(e => e.DeputyId == d.Id && e.Station.IsActive)
                    .OrderByDescending(e => e.IsPrimary).ThenBy(e => e.Station.Code).Select(e => e.Station.Name).FirstOrDefault(),
                Photo = db.DeputyPhotos.Where(p => p.DeputyId == d.Id).Select(p => (DateTimeOffset?)p.UpdatedAt).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return deputy is null
            ? null
            : new ContactCard(deputy.Code, deputy.Name, deputy.Level, deputy.Station, deputy.Commitment,
                deputy.IsActive ? deputy.Photo?.ToUnixTimeSeconds() : null, deputy.IsActive);
    }

    public async Task<StationPoster?> StationPosterAsync(StaffScope scope, string code, CancellationToken cancellationToken = default) =>
        await scopes.Stations(scope).AsNoTracking().Where(s => s.Code == code)
            .Select(s => new StationPoster(s.Code, s.Name, s.Kind, s.Region.Name, s.Address, s.OpeningHours, s.ContactPhone, s.IsActive))
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>The cards of every active deputy enrolled in the station, by level then code, each naming this station.</summary>
    public async Task<StationCardSheet?> StationCardsAsync(StaffScope scope, string code, CancellationToken cancellationToken = default)
    {
        var station = await StationPosterAsync(scope, code, cancellationToken);
        if (station is null)
        {
            return null;
        }

        var cards = await db.DeputyStations.AsNoTracking()
            .Where(e => e.Station.Code == code && e.Deputy.IsActive)
            .OrderBy(e => e.Deputy.Level).ThenBy(e => e.Deputy.Code)
            .Select(e => new ContactCard(e.Deputy.Code, e.Deputy.Name, e.Deputy.Level, station.Name, e.Deputy.Commitment,
                UnixSeconds(db.DeputyPhotos.Where(p => p.DeputyId == e.DeputyId).Select(p => (DateTimeOffset?)p.UpdatedAt).FirstOrDefault()), true))
            .ToListAsync(cancellationToken);
        return new StationCardSheet(station, cards);
    }

    private static long? UnixSeconds(DateTimeOffset? at) => at?.ToUnixTimeSeconds();
}
