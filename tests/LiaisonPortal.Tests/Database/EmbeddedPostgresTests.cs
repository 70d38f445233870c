using LiaisonPortal.Core.Database;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LiaisonPortal.Tests.Database;

public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _folder = TempFolder.Create("launcher");

    public void Dispose() => TempFolder.Delete(_folder);

    [Fact]
    public async Task StartsANewClusterInAnEmptyFolderAndStopsItAgain()
    {
        var server = await Start();
        Assert.True(server.OwnsServer);
        Assert.True(File.Exists(Path.Combine(_folder, "pgdata", "PG_VERSION")));
        Assert.Equal(1, await ScalarAsync<int>(server, "SELECT 1"));
        Assert.StartsWith("PostgreSQL", await ScalarAsync<string>(server, "SELECT version()"), StringComparison.Ordinal);

        await server.StopAsync();

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(server, "SELECT 1"));
        Assert.False(File.Exists(Path.Combine(_folder, "pgdata", "postmaster.pid")));
    }

    [Fact]
    public async Task ASecondStartReusesTheDataOfTheFirst()
    {
        var first = await Start();
        await ExecuteAsync(first, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')");
        var password = first.Password;
        await first.StopAsync();

        await using var second = await Start();

        Assert.Equal(password, second.Password);
        Assert.Equal("still here", await ScalarAsync<string>(second, "SELECT note FROM kept"));
    }

    [Fact]
    public async Task AServerThatIsAlreadyRunningIsAttachedToAndLeftRunning()
    {
        await using var owner = await Start();

        var attached = await Start();
        Assert.False(attached.OwnsServer);
        Assert.Equal(owner.Port, attached.Port);
        await attached.StopAsync();

        Assert.Equal(1, await ScalarAsync<int>(owner, "SELECT 1"));
    }

    [Fact]
    public async Task TheDatabaseIsCreatedAndOnlyListensOnLoopbackWithAPassword()
    {
        await using var server = await Start();

        Assert.Equal("app_db", await ScalarAsync<string>(server, "SELECT current_database()"));
        Assert.Equal("127.0.0.1", await ScalarAsync<string>(server, "SHOW listen_addresses"));
        var wrongPassword = new NpgsqlConnectionStringBuilder(server.ConnectionStringFor("app_db")) { Password = "wrong" }.ConnectionString;
        await using var connection = new NpgsqlConnection(wrongPassword);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
        Assert.Equal("28P01", refused.SqlState);
    }

    [Fact]
    public async Task AClusterWithoutItsPasswordFileIsRefusedWithAMessageSayingWhatToDo()
    {
        var server = await Start();
        await server.StopAsync();
        File.Delete(Path.Combine(_folder, "superuser.password"));

        var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(Start);

        Assert.Contains("password file", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    private Task<EmbeddedPostgres> Start() =>
        EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = _folder, Database = "app_db" }, NullLogger.Instance);

    private static async Task<T> ScalarAsync<T>(EmbeddedPostgres server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionStringFor("app_db") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(EmbeddedPostgres server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionStringFor("app_db") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
