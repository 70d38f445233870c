using LiaisonPortal.Benchmarks;
using LiaisonPortal.Benchmarks.Data;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Dashboard;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace LiaisonPortal.Tests.Benchmarks;

/// <summary>The benchmark's data set (10,000 opinions), generated once into a fresh demo database for the whole class.</summary>
public class GeneratedDatabaseFixture : DemoDatabaseFixture
{
    public const int TenThousand = 10_000;

    public BenchmarkDataset Dataset { get; private set; } = null!;

    public IReadOnlyList<string> Progress { get; private set; } = [];

    public virtual int Opinions => TenThousand;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var lines = new List<string>();
        Dataset = await BenchmarkData.GenerateAsync(Services, Opinions, new Lines(lines), CancellationToken.None);
        Progress = lines;
    }

    private sealed class Lines(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}

public sealed class BenchmarkDataTests(GeneratedDatabaseFixture database, ITestOutputHelper output) : IClassFixture<GeneratedDatabaseFixture>
{
    private BenchmarkDataset Dataset => database.Dataset;

    [Fact]
    public async Task TheCountsAreTheDatabases()
    {
        foreach (var line in database.Progress)
        {
            output.WriteLine(line);
        }

        var counts = await database.QueryAsync(async db => new
        {
            Opinions = await db.Opinions.CountAsync(),
            Stations = await db.Stations.CountAsync(),
            Deputies = await db.Deputies.CountAsync(),
            Events = await db.OpinionEvents.CountAsync(),
            Districts = await db.Regions.CountAsync(r => r.Level == Core.Organisation.RegionLevel.District),
            Units = await db.HandlingUnits.CountAsync(),
            ActiveWithStation = await db.Deputies.CountAsync(d => d.IsActive && d.Stations.Any(s => s.Station.IsActive)),
            Primaries = await db.Deputies.CountAsync(d => d.Stations.Count(s => s.IsPrimary) == 1),
        });
        Assert.Equal(GeneratedDatabaseFixture.TenThousand, Dataset.Opinions);
        Assert.Equal(counts.Opinions, Dataset.Opinions);
        Assert.Equal(counts.Stations, Dataset.Stations);
        Assert.Equal(counts.Deputies, Dataset.Deputies);
        Assert.InRange(Dataset.Stations, 450, 650);
        Assert.InRange(Dataset.Deputies, 5000, 5100);
        Assert.Equal(12, counts.Districts);
        Assert.InRange(counts.Units, 250, 300);
        // Every deputy has exactly one primary station; the codes are the active deputies with an open station.
        Assert.Equal(counts.Deputies, counts.Primaries);
        Assert.Equal(counts.ActiveWithStation, Dataset.DeputyCodes.Count);
        Assert.Equal(Dataset.DeputyCodes.Count, Dataset.DeputyCodes.Distinct().Count());
        Assert.InRange(counts.Events, 2 * counts.Opinions, 8 * counts.Opinions);
        Assert.True(Dataset.LoadTime > TimeSpan.Zero);
        Assert.Contains(Dataset.LoadSteps, s => s.Name == "COPY" && s.Rows > counts.Opinions);
    }

    [Fact]
    public async Task TheStatesComeInSensibleProportions()
    {
        var states = await database.QueryAsync(db => db.Opinions.GroupBy(o => o.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        double Share(OpinionState state) => states.GetValueOrDefault(state) / (double)Dataset.Opinions;
        Assert.InRange(Share(OpinionState.Closed), 0.45, 0.8);
        Assert.InRange(Share(OpinionState.Refused), 0.02, 0.06);
        Assert.InRange(Share(OpinionState.Merged), 0.01, 0.05);
        Assert.InRange(Share(OpinionState.Escalated), 0.01, 0.04);
        Assert.True(states.GetValueOrDefault(OpinionState.Classified) >= 3000);
        foreach (var open in new[] { OpinionState.Received, OpinionState.Assigned, OpinionState.Answered, OpinionState.FedBack })
        {
            Assert.True(states.GetValueOrDefault(open) > 0, $"no opinion is {open}");
        }

        // Closed long ago, open recently: nothing received more than three months ago is still with a unit.
        var old = await database.QueryAsync(db => db.Opinions.CountAsync(o => o.ReceivedAt < DateTimeOffset.UtcNow.AddDays(-90)
            && (o.State == OpinionState.Received || o.State == OpinionState.Assigned || o.State == OpinionState.Answered || o.State == OpinionState.FedBack)));
        Assert.True(old < Dataset.Opinions / 200, $"{old} old opinions still open");

        // Busy stations are much busier than quiet ones; a lead unit per assigned round; rated ones have their rating.
        var perStation = await database.QueryAsync(db => db.Opinions.GroupBy(o => o.StationId).Select(g => g.Count()).OrderByDescending(c => c).ToListAsync());
        Assert.True(perStation[0] > 20 * perStation[^1], $"busiest {perStation[0]}, quietest {perStation[^1]}");
        var leadless = await database.QueryAsync(db => db.OpinionAssignments.GroupBy(a => new { a.OpinionId, a.Round }).CountAsync(g => g.Count(a => a.IsLead) != 1));
        Assert.Equal(0, leadless);
        var unrated = await database.QueryAsync(db => db.Opinions.CountAsync(o => o.State == OpinionState.Closed && o.ClosedAt == null));
        Assert.Equal(0, unrated);

        // The daily supervision job (the app runs it at start) finds nothing to do: overdue flags, reminders, auto-closes.
        var today = ChinaTime.Today(TimeProvider.System);
        Assert.Equal((0, 0), await database.WithScopeAsync(s => s.GetRequiredService<Supervision>().RecomputeOverdueAsync(today)));
        Assert.Equal(0, await database.WithScopeAsync(s => s.GetRequiredService<Supervision>().RemindAsync(today)));
        Assert.Equal(0, await database.WithScopeAsync(s => s.GetRequiredService<Supervision>().AutoCloseAsync()));
    }

    [Fact]
    public async Task EveryTrackSampleIsFoundWithItsProof()
    {
        Assert.InRange(Dataset.TrackSamples.Count, 1500, 2000);
        Assert.Equal(Dataset.TrackSamples.Count, Dataset.TrackSamples.Select(s => s.Code).Distinct().Count());
        var found = new List<OpinionState>();
        await database.WithScopeAsync(async s =>
        {
            var tracking = s.GetRequiredService<OpinionTracking>();
            foreach (var sample in Dataset.TrackSamples)
            {
                var opinion = await tracking.FindAsync(sample.Code, sample.Proof);
                Assert.True(opinion is not null, $"{sample.Code} not found with {sample.Proof}");
                Assert.InRange(opinion.Steps.Count, 1, 20);
                Assert.Equal(opinion.State, opinion.Steps[^1].State);
                found.Add(opinion.State);
            }

            // A wrong proof finds nothing.
            Assert.Null(await tracking.FindAsync(Dataset.TrackSamples[0].Code, "0000"));
            return 0;
        });

        var states = await database.QueryAsync(db => db.Opinions.Select(o => o.State).Distinct().ToListAsync());
        Assert.Equal(states.Order(), found.Distinct().Order());
    }

    [Fact]
    public async Task OldEndedCasesAreWrittenAsTheRetentionJobLeavesThem()
    {
        var anonymised = await database.QueryAsync(db => db.Opinions.Where(o => o.AnonymisedAt != null)
            .Select(o => new { o.PhoneCipher, o.MayContact, o.CitizenName, o.State }).ToListAsync());
        Assert.NotEmpty(anonymised);
        Assert.All(anonymised, o =>
        {
            Assert.Null(o.PhoneCipher);
            Assert.False(o.MayContact);
            Assert.True(o.CitizenName is null or Core.Citizens.CitizenDataRetention.AnonymisedName);
            Assert.Contains(o.State, new[] { OpinionState.Refused, OpinionState.Closed, OpinionState.Merged, OpinionState.Escalated });
        });

        // The app's own job finds nothing left to do on the generated cases (it runs at the benchmark app's start).
        var left = await database.WithScopeAsync(s => s.GetRequiredService<Core.Citizens.CitizenDataRetention>().RunAsync(dryRun: true));
        Assert.Equal(0, left.Opinions);
    }

    [Fact]
    public async Task TheAssignableCodesAreClassifiedUnassignedAndInTheOfficesScope()
    {
        Assert.True(Dataset.AssignableCodes.Count >= 3000);
        var office = await database.FindUserAsync(Dataset.Office.Email);
        Assert.NotNull(office);
        var codes = Dataset.AssignableCodes.ToList();
        var rows = await database.WithScopeAsync(s =>
        {
            var db = s.GetRequiredService<ApplicationDbContext>();
            return s.GetRequiredService<ScopeDirectory>().Opinions(office.Scope)
                .Where(o => codes.Contains(o.TrackingCode))
                .Select(o => new { o.TrackingCode, o.State, o.ReceivedAt, Assigned = db.OpinionAssignments.Any(a => a.OpinionId == o.Id) })
                .ToListAsync();
        });
        Assert.Equal(codes.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(OpinionState.Classified, r.State));
        Assert.DoesNotContain(rows, r => r.Assigned);
        var received = rows.ToDictionary(r => r.TrackingCode, r => r.ReceivedAt);
        Assert.Equal(codes, codes.OrderByDescending(c => received[c]).ToList());

        // The unit is one the office may assign to: an active unit in its region.
        var unit = await database.WithScopeAsync(s => s.GetRequiredService<ScopeDirectory>().HandlingUnits(office.Scope).SingleOrDefaultAsync(u => u.Code == Dataset.AssignUnitCode));
        Assert.True(unit is { IsActive: true });
    }

    [Fact]
    public async Task TheOfficeSignsInForTheWholeCity()
    {
        var valid = await database.WithScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByEmailAsync(Dataset.Office.Email);
            Assert.NotNull(user);
            Assert.Contains(Roles.CongressStaff, await users.GetRolesAsync(user));
            Assert.False(await users.IsLockedOutAsync(user));
            return await users.CheckPasswordAsync(user, Dataset.Office.Password);
        });
        Assert.True(valid);
        var office = await database.FindUserAsync(Dataset.Office.Email);
        var city = await database.QueryAsync(db => db.Regions.SingleAsync(r => r.Code == "990100"));
        Assert.Equal(StaffScope.ForRegion(city.Id), office!.Scope);
    }

    [Fact]
    public async Task TheIndexesAndConstraintsAreTheMigrations()
    {
        var fresh = await TestCluster.CloneAsync(withDemoData: true);
        try
        {
            Assert.Equal(await SchemaAsync(fresh), await SchemaAsync(database.ConnectionString));
        }
        finally
        {
            await TestCluster.DropAsync(fresh);
        }
    }

    [Fact]
    public async Task ASecondLoadIntoTheSameDatabaseIsRefused()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => BenchmarkData.GenerateAsync(database.Services, 10, null, CancellationToken.None));
        Assert.Contains("already holds", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<List<string>> SchemaAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT tablename || '.' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL
            SELECT conrelid::regclass::text || '.' || conname || ': ' || pg_get_constraintdef(oid) || CASE WHEN convalidated THEN '' ELSE ' NOT VALID' END
            FROM pg_constraint WHERE connamespace = 'public'::regnamespace
            ORDER BY 1
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}

/// <summary>The app on freshly generated data (a database of its own, since these tests change it).</summary>
public sealed class BenchmarkDataAfterLoadTests(BenchmarkDataAfterLoadTests.Fixture database) : IClassFixture<BenchmarkDataAfterLoadTests.Fixture>
{
    private BenchmarkDataset Dataset => database.Dataset;

    /// <summary>
    /// After the load the app goes on as usual: the rollups equal a rebuild, and a submission, an assignment and a rating
    /// insert new rows (ids from the sequences, past the generated ones) and mark the dashboard.
    /// </summary>
    [Fact]
    public async Task TheAppWorksOnTheGeneratedData()
    {
        string[] rollups =
        [
            "SELECT string_agg(m::text, ' ' ORDER BY m.\"StationId\", m.\"Month\", m.\"CategoryId\") FROM \"DashboardMonths\" m",
            "SELECT string_agg(u::text, ' ' ORDER BY u.\"StationId\", u.\"Month\", u.\"HandlingUnitId\") FROM \"DashboardUnitMonths\" u",
        ];
        var before = await ReadAsync(rollups);
        Assert.Equal(0, await database.QueryAsync(db => db.Set<DashboardDirtyMonth>().CountAsync()));
        await database.WithScopeAsync(s => s.GetRequiredService<DashboardRollups>().RebuildAsync());
        Assert.Equal(before, await ReadAsync(rollups));
        Assert.True(before.Length > 1000);

        var maxId = await database.QueryAsync(db => db.Opinions.MaxAsync(o => o.Id));
        var submitted = await database.WithScopeAsync(s => s.GetRequiredService<OpinionIntake>().SubmitAsync(AddressKind.Deputy, Dataset.DeputyCodes[^1],
            new OpinionSubmission("小区门口路灯不亮", "小区门口的路灯坏了一个多月，晚上出行很不安全。", null, "李女士", "13912345678", true, false, [], OpinionChannel.Web)));
        Assert.True(submitted.Succeeded);
        var opinion = await database.QueryAsync(db => db.Opinions.AsNoTracking().SingleAsync(o => o.TrackingCode == submitted.TrackingCode));
        Assert.True(opinion.Id > maxId);

        var office = await database.FindUserAsync(Dataset.Office.Email);
        var actor = new CaseActor(office!.Scope, WorkflowActor.Office, office.Id, office.DisplayName);
        var assigned = await database.WithScopeAsync(s => s.GetRequiredService<OpinionCases>().AssignAsync(actor, Dataset.AssignableCodes[0], new AssignInput(Dataset.AssignUnitCode, null), null));
        Assert.True(assigned.Succeeded, string.Join("; ", assigned.Errors));

        var samples = Dataset.TrackSamples.Select(s => s.Code).ToList();
        var waiting = await database.QueryAsync(db => db.Opinions.Where(o => samples.Contains(o.TrackingCode) && o.State == OpinionState.FedBack).Select(o => o.TrackingCode).ToListAsync());
        var fedBack = Dataset.TrackSamples.First(s => waiting.Contains(s.Code));
        var rated = await database.WithScopeAsync(s => s.GetRequiredService<OpinionTracking>().RateAsync(fedBack.Code, fedBack.Proof, Core.Opinions.Rating.Satisfied, "满意"));
        Assert.Equal(RatingOutcome.Done, rated);
        Assert.True(await database.QueryAsync(db => db.Set<DashboardDirtyMonth>().CountAsync()) > 0);
    }

    private async Task<string> ReadAsync(string[] statements)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var parts = new List<string>();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            parts.Add((string)(await command.ExecuteScalarAsync())!);
        }

        return string.Join("\n", parts);
    }

    /// <summary>3,000 opinions: enough for every state, the backlog and a case waiting for its rating.</summary>
    public sealed class Fixture : GeneratedDatabaseFixture
    {
        public override int Opinions => 3000;
    }
}
