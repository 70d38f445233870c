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
        await using var command = new NpgsqlCommand(sql, connection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains(Refused, refused.MessageText, StringComparison.Ordinal);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task EfBulkUpdatesAndDeletesAreRefusedToo()
    {
        var count = await database.QueryAsync(db => db.AuditEntries.CountAsync());

        var deleting = await Assert.ThrowsAsync<PostgresException>(() => database.QueryAsync(db => db.AuditEntries.ExecuteDeleteAsync()));
        var updating = await Assert.ThrowsAsync<PostgresException>(() => database.QueryAsync(db =>
            db.AuditEntries.ExecuteUpdateAsync(s => s.SetProperty(a => a.ActorName, "x"))));
        var removing = await Assert.ThrowsAsync<DbUpdateException>(() => database.QueryAsync(async db =>
        {
            db.AuditEntries.Remove(await db.AuditEntries.OrderBy(a => a.Id).FirstAsync());
            return await db.SaveChangesAsync();
        }));

        Assert.Contains(Refused, deleting.MessageText, StringComparison.Ordinal);
        Assert.Contains(Refused, updating.MessageText, StringComparison.Ordinal);
        Assert.Contains(Refused, ((PostgresException)removing.InnerException!).MessageText, StringComparison.Ordinal);
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
