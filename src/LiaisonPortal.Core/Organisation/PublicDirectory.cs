using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Paging;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Organisation;

public sealed record StationFilter(string? RegionCode = null, StationKind? Kind = null, string? Text = null);

public sealed record DeputyFilter(string? RegionCode = null, DeputyLevel? Level = null, string? Text = null);

public sealed record StationCard(
    string Code, string Name, StationKind Kind, string RegionCode, string RegionName, string Address,
    string? OpeningHours, double? Latitude, double? Longitude, int DeputyCount);

/// <summary>A deputy on a station page; <see cref="PhotoVersion"/> (seconds since 1970) is set when there is a photo.</summary>
public sealed record EnrolledDeputy(string Code, string Name, DeputyLevel Level, bool IsPrimary, long? PhotoVersion = null);

public sealed record StationDetail(StationCard Station, string? ContactPhone, IReadOnlyList<EnrolledDeputy> Deputies);

public sealed record DeputyStationLink(string Code, string Name, StationKind Kind, bool IsPrimary);

public sealed record DeputyCard(string Code, string Name, DeputyLevel Level, string? Occupation, IReadOnlyList<DeputyStationLink> Stations, long? PhotoVersion = null);

public sealed record DeputyProfile(
    DeputyCard Deputy, Gender Gender, string? Constituency, string? Delegation, string? Commitment, DateOnly? TermStart, DateOnly? TermEnd,
    string? ProfessionalGroup = null);

public sealed record RegionOption(string Code, string Name, RegionLevel Level);

/// <summary>
/// What citizens may see of the directory: active stations and deputies, public fields only. Nothing here returns a
/// database id, an account, or a deputy's private contact.
/// </summary>
public sealed class PublicDirectory(ApplicationDbContext db)
{
    public const int MaxTextLength = 50;

    public async Task<Page<StationCard>> SearchStationsAsync(StationFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var stations = db.Stations.AsNoTracking().Where(s => s.IsActive);
        if (await SubtreePatternAsync(filter.RegionCode, cancellationToken) is { } subtree)
        {
            stations = stations.Where(s => EF.Functions.Like(s.Region.Path, subtree, "\\"));
        }

        if (filter.Kind is { } kind)
        {
            stations = stations.Where(s => s.Kind == kind);
        }

        if (LikePattern(filter.Text) is { } pattern)
        {
            stations = stations.Where(s => EF.Functions.ILike(s.Name, pattern, "\\") || EF.Functions.ILike(s.Address, pattern, "\\"));
        }

        return await stations
            .OrderBy(s => s.Region.Path).ThenBy(s => s.Kind).ThenBy(s => s.Code)
            .Select(StationCardOf())
            .ToPageAsync(page, cancellationToken);
    }

    public async Task<StationDetail?> GetStationAsync(string code, CancellationToken cancellationToken = default)
    {
        var card = await db.Stations.AsNoTracking().Where(s => s.Code == code && s.IsActive).Select(StationCardOf()).SingleOrDefaultAsync(cancellationToken);
        if (card is null)
        {
            return null;
        }

        var phone = await db.Stations.Where(s => s.Code == code).Select(s => s.ContactPhone).SingleAsync(cancellationToken);
        var deputies = await db.DeputyStations.AsNoTracking()
            .Where(e => e.Station.Code == code && e.Deputy.IsActive)
            .OrderBy(e => e.Deputy.Level).ThenBy(e => e.Deputy.Code)
            .Select(e => new EnrolledDeputy(e.Deputy.Code, e.Deputy.Name, e.Deputy.Level, e.IsPrimary,
                PhotoVersion(db.DeputyPhotos.Where(p => p.DeputyId == e.DeputyId).Select(p => (DateTimeOffset?)p.UpdatedAt).FirstOrDefault())))
            .ToListAsync(cancellationToken);
        return new StationDetail(card, phone, deputies);
    }

    public async Task<Page<DeputyCard>> SearchDeputiesAsync(DeputyFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var deputies = db.Deputies.AsNoTracking().Where(d => d.IsActive);
        if (await SubtreePatternAsync(filter.RegionCode, cancellationToken) is { } subtree)
        {
            deputies = deputies.Where(d => db.DeputyStations.Any(e => e.DeputyId == d.Id && EF.Functions.Like(e.Station.Region.Path, subtree, "\\")));
        }

        if (filter.Level is { } level)
        {
            deputies = deputies.Where(d => d.Level == level);
        }

        if (LikePattern(filter.Text) is { } pattern)
        {
            deputies = deputies.Where(d => EF.Functions.ILike(d.Name, pattern, "\\") || EF.Functions.ILike(d.Occupation!, pattern, "\\"));
        }

        var result = await deputies.OrderBy(d => d.Level).ThenBy(d => d.Code)
            .Select(d => new
            {
                d.Code,
                d.Name,
                d.Level,
                d.Occupation,
                Photo = db.DeputyPhotos.Where(p => p.DeputyId == d.Id).Select(p => (DateTimeOffset?)p.UpdatedAt).FirstOrDefault(),
            })
            .ToPageAsync(page, cancellationToken);
        var links = await StationLinksAsync(result.Items.Select(d => d.Code).ToList(), cancellationToken);
        return new Page<DeputyCard>(
            result.Items.Select(d => new DeputyCard(d.Code, d.Name, d.Level, d.Occupation, links.GetValueOrDefault(d.Code, []), d.Photo?.ToUnixTimeSeconds())).ToList(),
            result.Number, result.Size, result.Total);
    }

    public async Task<DeputyProfile?> GetDeputyAsync(string code, CancellationToken cancellationToken = default)
    {
        var deputy = await db.Deputies.AsNoTracking().Where(d => d.Code == code && d.IsActive).SingleOrDefaultAsync(cancellationToken);
        if (deputy is null)
        {
            return null;
        }

        var links = await StationLinksAsync([code], cancellationToken);
        var photo = await db.DeputyPhotos.Where(p => p.DeputyId == deputy.Id).Select(p => (DateTimeOffset?)p.UpdatedAt).FirstOrDefaultAsync(cancellationToken);
        return new DeputyProfile(
            new DeputyCard(deputy.Code, deputy.Name, deputy.Level, deputy.Occupation, links.GetValueOrDefault(code, []), photo?.ToUnixTimeSeconds()),
            deputy.Gender, deputy.Constituency, deputy.Delegation, deputy.Commitment, deputy.TermStart, deputy.TermEnd, deputy.ProfessionalGroup);
    }

    /// <summary>Whether the station is active, so its QR code is served.</summary>
    public Task<bool> IsActiveStationAsync(string code, CancellationToken cancellationToken = default) =>
        db.Stations.AnyAsync(s => s.Code == code && s.IsActive, cancellationToken);

    /// <summary>Whether the deputy is active, so their QR code is served.</summary>
    public Task<bool> IsActiveDeputyAsync(string code, CancellationToken cancellationToken = default) =>
        db.Deputies.AnyAsync(d => d.Code == code && d.IsActive, cancellationToken);

    /// <summary>Districts and streets, for the directory's region filter.</summary>
    public async Task<IReadOnlyList<RegionOption>> RegionOptionsAsync(CancellationToken cancellationToken = default) =>
        await db.Regions.AsNoTracking()
            .Where(r => r.Level == RegionLevel.District || r.Level == RegionLevel.Street)
            .OrderBy(r => r.Path)
            .Select(r => new RegionOption(r.Code, r.Name, r.Level))
            .ToListAsync(cancellationToken);

    private System.Linq.Expressions.Expression<Func<Station, StationCard>> StationCardOf() => s => new StationCard(
        s.Code, s.Name, s.Kind, s.Region.Code, s.Region.Name, s.Address, s.OpeningHours, s.Latitude, s.Longitude,
        db.DeputyStations.Count(e => e.StationId == s.Id && e.Deputy.IsActive));

    private async Task<Dictionary<string, IReadOnlyList<DeputyStationLink>>> StationLinksAsync(List<string> deputyCodes, CancellationToken cancellationToken)
    {
        var links = await db.DeputyStations.AsNoTracking()
            .Where(e => deputyCodes.Contains(e.Deputy.Code) && e.Station.IsActive)
            .OrderByDescending(e => e.IsPrimary).ThenBy(e => e.Station.Code)
            .Select(e => new { DeputyCode = e.Deputy.Code, Link = new DeputyStationLink(e.Station.Code, e.Station.Name, e.Station.Kind, e.IsPrimary) })
            .ToListAsync(cancellationToken);
        return links.GroupBy(l => l.DeputyCode).ToDictionary(g => g.Key, g => (IReadOnlyList<DeputyStationLink>)g.Select(l => l.Link).ToList());
    }

    /// <summary>The photo's version for its URL (?v=), so a replaced photo is fetched again despite the long cache lifetime.</summary>
    private static long? PhotoVersion(DateTimeOffset? updatedAt) => updatedAt?.ToUnixTimeSeconds();

    private Task<string?> SubtreePatternAsync(string? regionCode, CancellationToken cancellationToken) =>
        SearchPatterns.SubtreeAsync(db.Regions, regionCode, cancellationToken);

    private static string? LikePattern(string? text) => SearchPatterns.Contains(text, MaxTextLength);
}
