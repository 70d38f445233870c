using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Services;

public class ScopeDirectoryTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [Fact]
    public async Task ADistrictOfficeSeesItsOwnSubtreeAndNotTheNeighbouringDistrict()
    {
        var scope = StaffScope.ForRegion(await RegionIdAsync("990102"));

        var stations = await WithDirectory(d => d.Stations(scope).Select(s => s.Code).ToListAsync());
        var regions = await WithDirectory(d => d.Regions(scope).Select(r => r.Code).ToListAsync());

        Assert.NotEmpty(stations);
        Assert.All(stations, code => Assert.StartsWith("990102", code, StringComparison.Ordinal));
        Assert.DoesNotContain("990103-01", stations);
        Assert.All(regions, code => Assert.StartsWith("990102", code, StringComparison.Ordinal));
        Assert.Contains("990102001001", regions);
    }

    [Fact]
    public async Task TheCitySeesBothDistricts()
    {
        var scope = StaffScope.ForRegion(await RegionIdAsync("990100"));

        var total = await database.QueryAsync(db => db.Stations.CountAsync());
        var seen = await WithDirectory(d => d.Stations(scope).CountAsync());

        Assert.Equal(total, seen);
    }

    [Fact]
    public async Task AStationSeesItselfAndTheDeputiesEnrolledInIt()
    {
        var stationId = await database.QueryAsync(db => db.Stations.Where(s => s.Code == "990102002-02").Select(s => s.Id).SingleAsync());
        var scope = StaffScope.ForStation(stationId);

        var deputies = await WithDirectory(d => d.Deputies(scope).Select(x => x.Code).OrderBy(c => c).ToListAsync());
        var stations = await WithDirectory(d => d.Stations(scope).Select(s => s.Code).ToListAsync());

        Assert.Equal(["D0002", "D0003"], deputies);
        Assert.Equal(["990102002-02"], stations);
    }

    [Fact]
    public async Task AUnitSeesItselfAndItsSubUnitsOnly()
    {
        var unitId = await database.QueryAsync(db => db.HandlingUnits.Where(u => u.Code == "U990102-01").Select(u => u.Id).SingleAsync());

        var units = await WithDirectory(d => d.HandlingUnits(StaffScope.ForUnit(unitId)).Select(u => u.Code).OrderBy(c => c).ToListAsync());
        var stations = await WithDirectory(d => d.Stations(StaffScope.ForUnit(unitId)).CountAsync());

        Assert.Equal(["U990102-01", "U990102-01-01"], units);
        Assert.Equal(0, stations);
    }

    [Fact]
    public async Task ADeputySeesTheirStations()
    {
        var deputyId = await database.QueryAsync(db => db.Deputies.Where(d => d.Code == "D0004").Select(d => d.Id).SingleAsync());

        var stations = await WithDirectory(d => d.Stations(StaffScope.ForDeputy(deputyId)).Select(s => s.Code).OrderBy(c => c).ToListAsync());
        var summary = await WithDirectory(d => d.SummarizeAsync(StaffScope.ForDeputy(deputyId)));

        Assert.Equal(["990102001-01", "990102001001-01"], stations);
        Assert.Equal("王建华（D0004）", summary.ScopeName);
        Assert.Equal(1, summary.Deputies);
    }

    [Fact]
    public async Task TheDatabaseRefusesAnAccountWhoseScopeKindAndIdDisagree()
    {
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => database.QueryAsync(db =>
            db.Database.ExecuteSqlRawAsync("""UPDATE "AspNetUsers" SET "ScopeKind" = 2 WHERE "Email" = 'office@liaison.demo'""")));

        Assert.Equal("23514", error.SqlState);
    }

    [Fact]
    public async Task TheDatabaseRefusesASecondPrimaryStationForADeputy()
    {
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => database.QueryAsync(db =>
            db.Database.ExecuteSqlRawAsync("""UPDATE "DeputyStations" SET "IsPrimary" = true WHERE "DeputyId" = (SELECT "Id" FROM "Deputies" WHERE "Code" = 'D0004')""")));

        Assert.Equal("23505", error.SqlState);
    }

    private Task<int> RegionIdAsync(string code) => database.QueryAsync(db => db.Regions.Where(r => r.Code == code).Select(r => r.Id).SingleAsync());

    private Task<T> WithDirectory<T>(Func<ScopeDirectory, Task<T>> query) =>
        database.WithScopeAsync(provider => query(provider.GetRequiredService<ScopeDirectory>()));
}
