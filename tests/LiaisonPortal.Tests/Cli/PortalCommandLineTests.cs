using System.Diagnostics;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Tests.Infrastructure;
using LiaisonPortal.Web.Cli;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Tests.Cli;

public class PortalCommandLineTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private const string GoodPassword = "Liaison-Station-2026";

    [Fact]
    public async Task CreateUserOpensAnAccountWithTheRoleAndTheScopeItNames()
    {
        var (code, output, error) = await RunAsync("create-user", "--email", "clerk@station.test", "--password", GoodPassword, "--role", "StationStaff", "--station", "990102001-01");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.Contains("clerk@station.test", output, StringComparison.Ordinal);
        var user = await database.FindUserAsync("clerk@station.test");
        Assert.NotNull(user);
        Assert.Equal(ScopeKind.Station, user.ScopeKind);
        var stationId = await database.QueryAsync(db => db.Stations.Where(s => s.Code == "990102001-01").Select(s => s.Id).SingleAsync());
        Assert.Equal(stationId, user.StationId);
        var roles = await database.QueryAsync(db => (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name).ToListAsync());
        Assert.Equal([Roles.StationStaff], roles);
    }

    [Fact]
    public async Task CreateUserAcceptsTheOptionsInEqualsFormAndARoleInAnyCase()
    {
        var (code, _, error) = await RunAsync("create-user", "--email=office2@congress.test", $"--password={GoodPassword}", "--role=congressstaff", "--region=990103");

        Assert.True(code == 0, error);
        Assert.Equal(ScopeKind.Region, (await database.FindUserAsync("office2@congress.test"))!.ScopeKind);
    }

    [Fact]
    public async Task AnAdminWithoutARegionIsCityWide()
    {
        var (code, _, error) = await RunAsync("create-user", "--email", "root@admin.test", "--password", GoodPassword, "--role", "Admin");

        Assert.True(code == 0, error);
        Assert.Equal(ScopeKind.Everything, (await database.FindUserAsync("root@admin.test"))!.ScopeKind);
    }

    [Theory]
    [InlineData("short1A!", "at least 12")]
    [InlineData("alllowercaseletters", "three of")]
    [InlineData("Password12345!", "too common")]
    [InlineData("P@ssw0rd2026!", "too common")]
    [InlineData("Qwerty123456!", "too common")]
    public async Task AWeakPasswordIsRefusedWithTheRuleItBreaks(string password, string reason)
    {
        var (code, _, error) = await RunAsync("create-user", "--email", "weak@unit.test", "--password", password, "--role", "UnitStaff", "--unit", "U990102-01");

        Assert.Equal(1, code);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Null(await database.FindUserAsync("weak@unit.test"));
    }

    [Theory]
    [InlineData("unknown role 'Mayor'", "--role", "Mayor")]
    [InlineData("role StationStaff needs a scope: --station", "--role", "StationStaff")]
    [InlineData("--region does not apply to role UnitStaff; it takes --unit", "--role", "UnitStaff", "--region", "990102")]
    [InlineData("unknown station code 'NOPE-1'", "--role", "StationStaff", "--station", "NOPE-1")]
    [InlineData("unknown deputy code 'X9'", "--role", "Deputy", "--deputy", "X9")]
    public async Task AnUnknownRoleOrAMismatchedOrUnknownScopeIsRefused(string reason, params string[] roleAndScope)
    {
        var (code, _, error) = await RunAsync(["create-user", "--email", "scope@test.test", "--password", GoodPassword, .. roleAndScope]);

        Assert.Equal(1, code);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Null(await database.FindUserAsync("scope@test.test"));
    }

    [Fact]
    public async Task ASecondAccountWithTheSameEmailIsRefused()
    {
        Assert.Equal(0, (await RunAsync("create-user", "--email", "twice@test.test", "--password", GoodPassword, "--role", "Admin")).Code);

        var (code, _, error) = await RunAsync("create-user", "--email", "TWICE@test.test", "--password", GoodPassword, "--role", "Admin");

        Assert.Equal(1, code);
        Assert.Contains("already taken", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown command 'frobnicate'", "frobnicate")]
    [InlineData("missing --password, --role", "create-user", "--email", "a@b.test")]
    [InlineData("--role needs a value", "create-user", "--email", "a@b.test", "--password", "x", "--role")]
    [InlineData("unknown option '--colour'", "create-user", "--colour", "red")]
    [InlineData("--email is given twice", "create-user", "--email", "a@b.test", "--email", "c@d.test")]
    [InlineData("migrate takes no arguments", "migrate", "now")]
    public async Task BadArgumentsExitWithTwoAndOneLineSayingWhatIsWrong(string reason, params string[] args)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task MigrateOnAnUpToDateDatabaseSucceeds()
    {
        var (code, output, _) = await RunAsync("migrate");

        Assert.Equal(0, code);
        Assert.Contains("up to date", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RebuildDashboardRecountsTheRollupsFromTheOpinions()
    {
        // Opinions at two stations in two months; then the rollups wiped, as a restore without them would leave them.
        await database.QueryAsync(async db =>
        {
            var stations = await db.Stations.OrderBy(s => s.Code).Select(s => s.Id).Take(2).ToListAsync();
            var at = new DateTimeOffset(2026, 3, 10, 2, 0, 0, TimeSpan.Zero);
            db.Opinions.AddRange(
                new Core.Opinions.Opinion("CLIDASH1", Core.Opinions.OpinionChannel.Web, stations[0], null, "命令行测试", "重建一屏纵览的测试意见", at),
                new Core.Opinions.Opinion("CLIDASH2", Core.Opinions.OpinionChannel.Web, stations[0], null, "命令行测试", "重建一屏纵览的测试意见", at.AddMonths(1)),
                new Core.Opinions.Opinion("CLIDASH3", Core.Opinions.OpinionChannel.Web, stations[1], null, "命令行测试", "重建一屏纵览的测试意见", at));
            return await db.SaveChangesAsync();
        });
        await database.QueryAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM \"DashboardMonths\"; DELETE FROM \"DashboardUnitMonths\""));
        var expected = await database.QueryAsync(db => db.Database.SqlQueryRaw<int>(
            "SELECT count(*)::int AS \"Value\" FROM (SELECT DISTINCT \"StationId\", date_trunc('month', \"ReceivedAt\" AT TIME ZONE 'Asia/Shanghai') FROM \"Opinions\" WHERE \"State\" <> 9) m")
            .SingleAsync());

        var (code, output, error) = await RunAsync("rebuild-dashboard");
        var months = await database.QueryAsync(db => db.Database.SqlQueryRaw<int>(
            "SELECT count(*)::int AS \"Value\" FROM (SELECT DISTINCT \"StationId\", \"Month\" FROM \"DashboardMonths\") m").SingleAsync());

        Assert.True(code == 0, error);
        Assert.Contains("Dashboard rollups rebuilt", output, StringComparison.Ordinal);
        Assert.True(expected >= 3, "the opinions' station-months are counted");
        Assert.Equal(expected, months);
    }

    [Fact]
    public async Task SeedDemoIsIdempotent()
    {
        var before = await CountsAsync();

        var (code, _, error) = await RunAsync("seed-demo");

        Assert.True(code == 0, error);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task TheCreatedAccountsPasswordIsStoredHashed()
    {
        await RunAsync("create-user", "--email", "hashed@test.test", "--password", GoodPassword, "--role", "Admin");
        var user = await database.FindUserAsync("hashed@test.test");

        Assert.DoesNotContain(GoodPassword, user!.PasswordHash!, StringComparison.Ordinal);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<ApplicationUser>().VerifyHashedPassword(user, user.PasswordHash!, GoodPassword));
    }

    [Fact]
    public async Task ThePublishedProgramExitsWithOneLineWhenPostgresCannotBeFound()
    {
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        startInfo.ArgumentList.Add(RepositoryPaths.WebAssembly());
        startInfo.ArgumentList.Add("migrate");
        startInfo.Environment["Database__PostgresBinDir"] = "/nonexistent/postgres/bin";
        startInfo.Environment["Database__DataDirectory"] = Path.Combine(Path.GetTempPath(), "liaison-never-created");
        startInfo.Environment.Remove("ConnectionStrings__Liaison");
        using var process = Process.Start(startInfo)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(1, process.ExitCode);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("/nonexistent/postgres/bin", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    private async Task<(int Regions, int Stations, int Deputies, int Units, int Categories, int Days, int Users)> CountsAsync() =>
        await database.QueryAsync(async db => (
            await db.Regions.CountAsync(), await db.Stations.CountAsync(), await db.Deputies.CountAsync(), await db.HandlingUnits.CountAsync(),
            await db.Categories.CountAsync(), await db.CalendarDays.CountAsync(), await db.Users.CountAsync(u => u.Email!.EndsWith("@liaison.demo"))));

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PortalCommandLine.RunAsync(args, output, error,
            builder => builder.Configuration["ConnectionStrings:Liaison"] = database.ConnectionString);
        return (code, output.ToString(), error.ToString());
    }
}
