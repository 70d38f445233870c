using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LiaisonPortal.Tests.Security.Audit;

/// <summary>
/// PostgreSQL itself refuses to change the audit log: through the connection string the application uses (the same
/// role, here the database's owner), an UPDATE, a DELETE or a TRUNCATE fails with the trigger's message, by raw SQL and
/// through EF alike, and the rows stay as they were.
/// </summary>
[Trait("Category", "Security")]
public class AppendOnlyTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    /// <summary>The trigger's message (migration AuditTrail).</summary>
    private const string Refused = Core.Data.Migrations.AuditTrail.RefusedMessage;

    [Theory]
    [InlineData("""UPDATE "AuditEntries" SET "ActorName" = 'someone else'""")]
    [InlineData("""UPDATE "AuditEntries" SET "Changes" = '{}' WHERE "Id" = (SELECT min("Id") FROM "AuditEntries")""")]
    [InlineData("""DELETE FROM "AuditEntries" WHERE "Id" = (SELECT min("Id") FROM "AuditEntries")""")]
    [InlineData("""DELETE FROM "AuditEntries" WHERE "At" < now() - interval '6 months' OR true""")]
    [InlineData("""TRUNCATE "AuditEntries" """)]
    public async Task TheApplicationsOwnConnectionCannotChangeOrRemoveAuditRows(string sql)
    {
        var before = await SnapshotAsync();
        Assert.NotEmpty(before);

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        // Rolled back whatever happens, so that without the trigger each case still fails on its own.
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        await transaction.RollbackAsync();

        Assert.Contains(Refused, refused.MessageText, StringComparison.Ordinal);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("ExecuteDelete")]
    [InlineData("ExecuteUpdate")]
    [InlineData("Remove")]
    public async Task EfUpdatesAndDeletesAreRefusedToo(string how)
    {
        var count = await database.QueryAsync(db => db.AuditEntries.CountAsync());

        var refused = await database.QueryAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var thrown = await Record.ExceptionAsync(async () =>
            {
                switch (how)
                {
                    case "ExecuteDelete":
                        await db.AuditEntries.ExecuteDeleteAsync();
                        break;
                    case "ExecuteUpdate":
                        await db.AuditEntries.ExecuteUpdateAsync(s => s.SetProperty(a => a.ActorName, "x"));
                        break;
                    default:
                        db.AuditEntries.Remove(await db.AuditEntries.OrderBy(a => a.Id).FirstAsync());
                        await db.SaveChangesAsync();
                        break;
                }
            });
            await transaction.RollbackAsync();
            return thrown;
        });

        var postgres = Assert.IsType<PostgresException>(refused is DbUpdateException update ? update.InnerException : refused);
        Assert.Contains(Refused, postgres.MessageText, StringComparison.Ordinal);
        Assert.Equal(count, await database.QueryAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task NewEntriesCanStillBeAppended()
    {
        var before = await database.QueryAsync(db => db.AuditEntries.CountAsync());
        await database.WithScopeAsync(async services =>
        {
            await services.GetRequiredService<AuditLog>().WriteAsync(AuditKind.Export, "Export", "/test", "Exported", new { file = "x.csv" });
            return 0;
        });

        Assert.Equal(before + 1, await database.QueryAsync(db => db.AuditEntries.CountAsync()));
        Assert.Equal(AuditKind.Export, await database.QueryAsync(db => db.AuditEntries.OrderByDescending(a => a.Id).Select(a => a.Kind).FirstAsync()));
    }

    private Task<List<string>> SnapshotAsync() => database.QueryAsync(db => db.AuditEntries.AsNoTracking()
        .OrderBy(a => a.Id).Select(a => a.Id + "|" + a.ActorName + "|" + a.Action + "|" + a.Changes).ToListAsync());
}
