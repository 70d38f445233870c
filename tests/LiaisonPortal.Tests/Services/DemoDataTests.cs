using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Tests.Services;

public class DemoDataTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [Fact]
    public async Task TheDemoCityHasTwoDistrictsWithStreetsAndCommunities()
    {
        var levels = await database.QueryAsync(db => db.Regions.GroupBy(r => r.Level).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));

        Assert.Equal(1, levels[RegionLevel.City]);
        Assert.Equal(2, levels[RegionLevel.District]);
        Assert.True(levels[RegionLevel.Street] >= 3);
        Assert.True(levels[RegionLevel.Community] >= 3);
    }

    [Fact]
    public async Task ThereAreStationsOfEveryKindAndDeputiesOfEveryLevelEachEnrolledWithOnePrimaryStation()
    {
        var kinds = await database.QueryAsync(db => db.Stations.Select(s => s.Kind).Distinct().ToListAsync());
        var levels = await database.QueryAsync(db => db.Deputies.Select(d => d.Level).Distinct().ToListAsync());
        var primaries = await database.QueryAsync(db => db.Deputies.Select(d => d.Stations.Count(s => s.IsPrimary)).ToListAsync());

        Assert.Equal(Enum.GetValues<StationKind>().Order(), kinds.Order());
        Assert.Equal(Enum.GetValues<DeputyLevel>().Order(), levels.Order());
        Assert.All(primaries, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task TheOfficialHolidayCalendarsAreLoaded()
    {
        var days = await database.QueryAsync(db => db.CalendarDays.AsNoTracking().ToListAsync());

        Assert.Contains(days, d => d.Date == new DateOnly(2026, 10, 7) && d.Kind == CalendarDayKind.Holiday);
        Assert.Contains(days, d => d.Date == new DateOnly(2026, 9, 20) && d.Kind == CalendarDayKind.AdjustedWorkday);
        Assert.Equal(33, days.Count(d => d.Date.Year == 2026 && d.Kind == CalendarDayKind.Holiday));
        Assert.Equal(6, days.Count(d => d.Date.Year == 2026 && d.Kind == CalendarDayKind.AdjustedWorkday));
        Assert.Equal(5, days.Count(d => d.Date.Year == 2025 && d.Kind == CalendarDayKind.AdjustedWorkday));
        Assert.All(days.Where(d => d.Kind == CalendarDayKind.AdjustedWorkday),
            d => Assert.True(d.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, $"{d.Date} is not a weekend day"));
    }

    [Fact]
    public async Task HandlingUnitsOfSeveralKindsIncludingASubUnitAndATwoLevelCategoryTree()
    {
        var unitKinds = await database.QueryAsync(db => db.HandlingUnits.Select(u => u.Kind).Distinct().CountAsync());
        var subUnits = await database.QueryAsync(db => db.HandlingUnits.CountAsync(u => u.ParentId != null));
        var grandchildren = await database.QueryAsync(db => db.Categories.CountAsync(c => c.Parent != null && c.Parent.ParentId != null));
        var topLevel = await database.QueryAsync(db => db.Categories.CountAsync(c => c.ParentId == null));

        Assert.True(unitKinds >= 5);
        Assert.True(subUnits >= 1);
        Assert.Equal(0, grandchildren);
        Assert.True(topLevel >= 10);
    }

    [Fact]
    public async Task OneStreetLooksLikeARealOne()
    {
        var street = await database.QueryAsync(db => db.Stations.Where(s => s.Region.Path.Contains("/990102001/"))
            .GroupBy(s => s.Kind).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        var levels = await database.QueryAsync(db => db.Deputies
            .Where(d => d.Stations.Any(e => e.Station.Region.Path.Contains("/990102001/")))
            .Select(d => d.Level).Distinct().ToListAsync());
        var checklist = await database.QueryAsync(db => db.StationStandardChecks.CountAsync(c => c.IsMet && db.Stations.Any(s => s.Id == c.StationId && s.Code == "990102001-01")));

        Assert.Equal(1, street[StationKind.DeputyHome]);
        Assert.True(street[StationKind.LiaisonStation] >= 12, $"{street[StationKind.LiaisonStation]} community stations");
        Assert.Equal(1, street[StationKind.ContactPoint]);
        Assert.Equal(1, street[StationKind.MobileStation]);
        // A street has no township congress: every other level, and the street's deliberative representatives.
        Assert.Equal(
            [DeputyLevel.National, DeputyLevel.Provincial, DeputyLevel.City, DeputyLevel.County, DeputyLevel.StreetDeliberative],
            levels.Order());
        Assert.Equal(8, checklist);
    }

    [Fact]
    public async Task SeedingIsRecordedInTheChangeLogAsTheSystem()
    {
        var entry = await database.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityType == "Station" && a.EntityKey == "990102001-01"));

        Assert.Equal("Added", entry.Action);
        Assert.Null(entry.ActorId);
        Assert.Equal("系统", entry.ActorName);
        using var changes = System.Text.Json.JsonDocument.Parse(entry.Changes);
        Assert.Equal("湖滨街道人大代表之家", changes.RootElement.GetProperty("Name")[1].GetString());
        Assert.Equal("（已修改）", changes.RootElement.GetProperty("ContactPhone")[1].GetString());
    }
}
