using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Import;
using LiaisonPortal.Core.Organisation;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Management;

/// <summary>
/// Ledger exports of the staff lists (台账): the list's own scope and filters, the import's columns first so a file can
/// be corrected and imported again, at most <see cref="MaxExportRows"/> rows.
/// </summary>
public sealed partial class DirectoryEditor
{
    public const int MaxExportRows = 20_000;

    public async Task<byte[]> ExportStationsAsync(StaffScope scope, StaffStationFilter filter, CancellationToken cancellationToken = default)
    {
        var stations = await FilterStationsAsync(scope, filter, cancellationToken);
        var rows = await stations.OrderBy(s => s.Code).Take(MaxExportRows).Select(s => new
        {
            s.Code,
            s.Name,
            s.Kind,
            RegionCode = s.Region.Code,
            s.Address,
            s.OpeningHours,
            s.ContactPhone,
            s.ManagerName,
            s.ManagerPhone,
            s.Latitude,
            s.Longitude,
            s.IsActive,
            Deputies = db.DeputyStations.Count(e => e.StationId == s.Id),
            Met = db.StationStandardChecks.Count(c => c.StationId == s.Id && c.IsMet),
        }).ToListAsync(cancellationToken);
        return ImportLayout.Stations.Export(
            rows.Select(r => (IReadOnlyList<string?>)
            [
                r.Code, r.Name, DirectoryNames.Of(r.Kind), r.RegionCode, r.Address, r.OpeningHours, r.ContactPhone, r.ManagerName, r.ManagerPhone,
                Number(r.Latitude), Number(r.Longitude), r.IsActive ? "在用" : "已关闭", Number(r.Deputies), Number(r.Met) + "/8",
            ]),
            "状态", "进站代表数", "八有");
    }

    public async Task<byte[]> ExportDeputiesAsync(StaffScope scope, StaffDeputyFilter filter, CancellationToken cancellationToken = default)
    {
        var deputies = await FilterDeputiesAsync(scope, filter, cancellationToken);
        var rows = await deputies.OrderBy(d => d.Code).Take(MaxExportRows).Select(d => new
        {
            d.Code,
            d.Name,
            d.Gender,
            d.Level,
            d.Constituency,
            d.Delegation,
            d.Occupation,
            d.ProfessionalGroup,
            d.Commitment,
            d.TermStart,
            d.TermEnd,
            d.PrivatePhone,
            d.IsActive,
            Stations = db.DeputyStations.Where(e => e.DeputyId == d.Id).OrderByDescending(e => e.IsPrimary).ThenBy(e => e.Station.Code).Select(e => e.Station.Code).ToList(),
        }).ToListAsync(cancellationToken);
        return ImportLayout.Deputies.Export(
            rows.Select(r => (IReadOnlyList<string?>)
            [
                r.Code, r.Name, r.Gender == Gender.Unspecified ? null : DirectoryNames.Of(r.Gender), DirectoryNames.Of(r.Level), r.Constituency,
                r.Delegation, r.Occupation, r.ProfessionalGroup, r.Commitment, Date(r.TermStart), Date(r.TermEnd), r.PrivatePhone,
                string.Join("；", r.Stations), r.IsActive ? "在用" : "已停用",
            ]),
            "状态");
    }

    public async Task<byte[]> ExportUnitsAsync(StaffScope scope, StaffUnitFilter filter, CancellationToken cancellationToken = default)
    {
        var units = await FilterUnitsAsync(scope, filter, cancellationToken);
        var rows = await units.OrderBy(u => u.Code).Take(MaxExportRows).Select(u => new
        {
            u.Code,
            u.Name,
            u.Kind,
            RegionCode = u.Region.Code,
            ParentCode = u.Parent == null ? null : u.Parent.Code,
            u.ContactPerson,
            u.ContactPhone,
            u.IsActive,
        }).ToListAsync(cancellationToken);
        return ImportLayout.HandlingUnits.Export(
            rows.Select(r => (IReadOnlyList<string?>)
            [
                r.Code, r.Name, DirectoryNames.Of(r.Kind), r.RegionCode, r.ParentCode, r.ContactPerson, r.ContactPhone, r.IsActive ? "在用" : "已停用",
            ]),
            "状态");
    }

    private static string? Number(double? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
