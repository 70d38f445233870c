using System.Globalization;
using System.Runtime.CompilerServices;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Exports;
using LiaisonPortal.Core.Import;
using LiaisonPortal.Core.Organisation;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Management;

/// <summary>
/// Ledger exports of the staff lists (台账): the list's own scope and filters, the import's columns first so a file can
/// be corrected and imported again. Streamed: rows are read from the database one at a time as the file is written.
/// </summary>
public sealed partial class DirectoryEditor
{
    public ExportTable StationsTable(StaffScope scope, StaffStationFilter filter) =>
        ImportLayout.Stations.Table("家站点", StationRowsAsync(scope, filter), "状态", "进站代表数", "八有");

    public ExportTable DeputiesTable(StaffScope scope, StaffDeputyFilter filter) =>
        ImportLayout.Deputies.Table("代表", DeputyRowsAsync(scope, filter), "状态");

    public ExportTable UnitsTable(StaffScope scope, StaffUnitFilter filter) =>
        ImportLayout.HandlingUnits.Table("承办单位", UnitRowsAsync(scope, filter), "状态");

    public Task<byte[]> ExportStationsAsync(StaffScope scope, StaffStationFilter filter, CancellationToken cancellationToken = default) =>
        TableWriter.CsvBytesAsync(StationsTable(scope, filter), cancellationToken);

    public Task<byte[]> ExportDeputiesAsync(StaffScope scope, StaffDeputyFilter filter, CancellationToken cancellationToken = default) =>
        TableWriter.CsvBytesAsync(DeputiesTable(scope, filter), cancellationToken);

    public Task<byte[]> ExportUnitsAsync(StaffScope scope, StaffUnitFilter filter, CancellationToken cancellationToken = default) =>
        TableWriter.CsvBytesAsync(UnitsTable(scope, filter), cancellationToken);

    private async IAsyncEnumerable<IReadOnlyList<string?>> StationRowsAsync(StaffScope scope, StaffStationFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var stations = await FilterStationsAsync(scope, filter, cancellationToken);
        var rows = stations.AsNoTracking().OrderBy(s => s.Code).Select(s => new
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
        }).AsAsyncEnumerable().WithCancellation(cancellationToken);
        await foreach (var r in rows)
        {
            yield return
            [
                r.Code, r.Name, DirectoryNames.Of(r.Kind), r.RegionCode, r.Address, r.OpeningHours, r.ContactPhone, r.ManagerName, r.ManagerPhone,
                Number(r.Latitude), Number(r.Longitude), r.IsActive ? "在用" : "已关闭", Number(r.Deputies), Number(r.Met) + "/8",
            ];
        }
    }

    private async IAsyncEnumerable<IReadOnlyList<string?>> DeputyRowsAsync(StaffScope scope, StaffDeputyFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var deputies = await FilterDeputiesAsync(scope, filter, cancellationToken);
        var rows = deputies.AsNoTracking().OrderBy(d => d.Code).Select(d => new
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

            // One string per deputy from PostgreSQL (string_agg), so the rows stream without a collection join.
            Stations = string.Join("；", db.DeputyStations.Where(e => e.DeputyId == d.Id).OrderByDescending(e => e.IsPrimary).ThenBy(e => e.Station.Code).Select(e => e.Station.Code)),
        }).AsAsyncEnumerable().WithCancellation(cancellationToken);
        await foreach (var r in rows)
        {
            yield return
            [
                r.Code, r.Name, r.Gender == Gender.Unspecified ? null : DirectoryNames.Of(r.Gender), DirectoryNames.Of(r.Level), r.Constituency,
                r.Delegation, r.Occupation, r.ProfessionalGroup, r.Commitment, Date(r.TermStart), Date(r.TermEnd), r.PrivatePhone,
                r.Stations, r.IsActive ? "在用" : "已停用",
            ];
        }
    }

    private async IAsyncEnumerable<IReadOnlyList<string?>> UnitRowsAsync(StaffScope scope, StaffUnitFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var units = await FilterUnitsAsync(scope, filter, cancellationToken);
        var rows = units.AsNoTracking().OrderBy(u => u.Code).Select(u => new
        {
            u.Code,
            u.Name,
            u.Kind,
            RegionCode = u.Region.Code,
            ParentCode = u.Parent == null ? null : u.Parent.Code,
            u.ContactPerson,
            u.ContactPhone,
            u.IsActive,
        }).AsAsyncEnumerable().WithCancellation(cancellationToken);
        await foreach (var r in rows)
        {
            yield return [r.Code, r.Name, DirectoryNames.Of(r.Kind), r.RegionCode, r.ParentCode, r.ContactPerson, r.ContactPhone, r.IsActive ? "在用" : "已停用"];
        }
    }

    private static string? Number(double? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
