using System.Diagnostics;
using System.Globalization;
using System.Net;
using LiaisonPortal.Core.Database;
using LiaisonPortal.Tests.Citizens;
using LiaisonPortal.Tests.Infrastructure;
using LiaisonPortal.Web.Cli;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit.Abstractions;

namespace LiaisonPortal.Tests.Security.Backup;

/// <summary>
/// The restore drill: the demo database with a few submitted opinions is dumped by the <c>backup --out FILE</c> command
/// (pg_dump -Fc), restored by pg_restore into a new database, and the app started on that one answers with the same
/// data over HTTP: a tracking-code lookup, the office's opinion list, a phone number decrypted with the Data Protection
/// keys that came in the dump, the audit log still append-only, and every table's row count equal.
/// LIAISON_HEAVY=1 submits 300 opinions instead of 4.
/// </summary>
[Trait("Category", "Security")]
public class BackupRestoreDrillTests(CitizenPortalFixture portal, ITestOutputHelper output) : IClassFixture<CitizenPortalFixture>
{
    private static readonly bool Heavy = Environment.GetEnvironmentVariable("LIAISON_HEAVY") == "1";

    [Fact]
    public async Task ADumpRestoredIntoANewDatabaseServesTheSameDataThroughTheApp()
    {
        var submitted = new List<(string Code, string Title, string Phone)>();
        using (var citizen = portal.Factory.CreateBrowserLikeClient())
        {
            for (var i = 0; i < (Heavy ? 300 : 4); i++)
            {
                var title = string.Create(CultureInfo.InvariantCulture, $"备份演练意见{i:D3}");
                var phone = string.Create(CultureInfo.InvariantCulture, $"1390000{i:D4}");
                using var response = await citizen.SubmitMultipartAsync("/s/990102001-01", "form", new Dictionary<string, string>
                {
                    ["Input.Title"] = title,
                    ["Input.Content"] = "小区东门外的人行道砖块松动，老人经过容易绊倒，希望尽快修补。",
                    ["Input.Phone"] = phone,
                    ["Input.MayContact"] = "true",
                });
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                submitted.Add((await portal.QueryAsync(db => db.Opinions.Where(o => o.Title == title).Select(o => o.TrackingCode).SingleAsync()), title, phone));
            }
        }

        var folder = TempFolder.Create("liaison-backup");
        var file = Path.Combine(folder, "liaison.dump");
        var restored = string.Empty;
        try
        {
            var clock = Stopwatch.StartNew();
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var exit = await PortalCommandLine.RunAsync(["backup", "--out", file], stdout, stderr,
                builder => builder.Configuration["ConnectionStrings:Liaison"] = portal.ConnectionString);
            var dumped = clock.Elapsed;
            Assert.True(exit == 0, stderr.ToString());
            Assert.Contains("Backup written to", stdout.ToString(), StringComparison.Ordinal);
            Assert.Equal("PGDMP", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(file).AsSpan(0, 5)));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }

            var counts = await CountsAsync(portal.ConnectionString);
            clock.Restart();
            restored = await RestoreAsync(file);
            var restoring = clock.Elapsed;
            Assert.Equal(counts, await CountsAsync(restored));
            output.WriteLine($"pg_dump -Fc: {new FileInfo(file).Length / 1024} KiB in {dumped.TotalSeconds:0.0} s (command start included); " +
                $"pg_restore: {restoring.TotalSeconds:0.0} s; {counts.Count} tables, {counts.Values.Sum()} rows, {submitted.Count} opinions submitted.");

            await using var app = new PortalFactory(restored, settings: CitizenPortalFixture.RelaxedSettings);
            using var citizenAfter = app.CreateBrowserLikeClient();
            var (code, title, phone) = submitted[^1];
            using (var tracked = await citizenAfter.SubmitFormAsync("/track", "form", new Dictionary<string, string> { ["Code"] = code, ["Proof"] = phone[^4..] }))
            {
                Assert.Contains(title, (await HtmlForms.ParseAsync(tracked)).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
            }

            using var office = app.CreateBrowserLikeClient();
            using (var signedIn = await office.SignInAsync("office@liaison.demo"))
            {
                Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            }

            var list = await office.GetDocumentAsync("/Manage/Opinions?q=备份演练意见");
            var listed = list.QuerySelector("table")!.TextContent;
            Assert.All(submitted.Take(20), s => Assert.Contains(s.Title, listed, StringComparison.Ordinal));

            using (var revealed = await office.SubmitFormAsync($"/Manage/Opinions/Details/{code}", "form[action*='handler=Reveal']", new Dictionary<string, string>()))
            {
                // The phone is decrypted with the Data Protection keys that were restored from the dump.
                Assert.Equal(phone, (await HtmlForms.ParseAsync(revealed)).QuerySelector("[data-testid='citizen-phone']")!.TextContent.Trim());
            }

            await using var connection = new NpgsqlConnection(restored);
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand("""DELETE FROM "AuditEntries" """, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => tamper.ExecuteNonQueryAsync());
            Assert.Contains(Core.Data.Migrations.AuditTrail.RefusedMessage, refused.MessageText, StringComparison.Ordinal);
        }
        finally
        {
            if (restored.Length > 0)
            {
                await TestCluster.DropAsync(restored);
            }

            TempFolder.Delete(folder);
        }
    }

    [Fact]
    public async Task ABackupWithoutAnOutputFileIsRefused()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await PortalCommandLine.RunAsync(["backup"], stdout, stderr, builder => builder.Configuration["ConnectionStrings:Liaison"] = portal.ConnectionString);

        Assert.Equal(2, exit);
        Assert.Contains("missing --out", stderr.ToString(), StringComparison.Ordinal);
    }

    /// <summary>createdb + pg_restore --no-owner --exit-on-error, as the README's restore steps say.</summary>
    private async Task<string> RestoreAsync(string file)
    {
        var source = new NpgsqlConnectionStringBuilder(portal.ConnectionString);
        var name = "restored_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(source.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'", admin);
            await create.ExecuteNonQueryAsync();
        }

        var pgRestore = Path.Combine(PostgresBinaries.Locate(null).BinDirectory, "pg_restore");
        var result = await ExternalProcess.RunAsync(
            pgRestore,
            ["--no-owner", "--exit-on-error", "--host", source.Host!, "--port", source.Port.ToString(CultureInfo.InvariantCulture), "--username", source.Username!, "--no-password", "--dbname", name, file],
            runAsUser: null, TimeSpan.FromMinutes(10), CancellationToken.None,
            new Dictionary<string, string> { ["PGPASSWORD"] = source.Password ?? string.Empty });
        Assert.True(result.Succeeded, result.Output);
        return new NpgsqlConnectionStringBuilder(source.ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Every table of the public schema with its exact row count.</summary>
    private static async Task<SortedDictionary<string, long>> CountsAsync(string connectionString)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }

        return counts;
    }
}
