using Npgsql;

namespace LiaisonPortal.Benchmarks.Data;

/// <summary>An index or constraint as PostgreSQL describes it: enough to drop it and to create it again exactly.</summary>
internal sealed record SchemaObject(string Table, string Name, string Definition, bool IsConstraint);

/// <summary>
/// The indexes and constraints of the public schema (pg_indexes, pg_constraint). The loader drops the secondary indexes
/// and the foreign keys of the tables it fills, loads, and creates them again from these very definitions; comparing a
/// snapshot taken before with one taken after proves the schema is what the migrations made.
/// </summary>
internal sealed class Schema
{
    private Schema(IReadOnlyList<SchemaObject> objects) => Objects = objects;

    public IReadOnlyList<SchemaObject> Objects { get; }

    public static async Task<Schema> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var indexes = await Sql.ListAsync(connection, """
            SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY tablename, indexname
            """, r => new SchemaObject(r.GetString(0), r.GetString(1), r.GetString(2), false), cancellationToken);
        var constraints = await Sql.ListAsync(connection, """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) || CASE WHEN c.convalidated THEN '' ELSE ' /* not validated */' END
            FROM pg_constraint c WHERE c.connamespace = 'public'::regnamespace AND c.conrelid <> 0
            ORDER BY 1, 2
            """, r => new SchemaObject(r.GetString(0).Trim('"'), r.GetString(1), r.GetString(2), true), cancellationToken);
        return new Schema([.. indexes, .. constraints]);
    }

    /// <summary>The indexes of these tables that no constraint owns (primary keys stay: they are in id order, cheap to fill).</summary>
    public IReadOnlyList<SchemaObject> SecondaryIndexes(IReadOnlyCollection<string> tables)
    {
        var owned = Objects.Where(o => o.IsConstraint).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        return Objects.Where(o => !o.IsConstraint && tables.Contains(o.Table) && !owned.Contains(o.Name)).ToList();
    }

    /// <summary>The foreign keys declared on these tables (checking them row by row during COPY is what costs).</summary>
    public IReadOnlyList<SchemaObject> ForeignKeys(IReadOnlyCollection<string> tables) =>
        Objects.Where(o => o.IsConstraint && tables.Contains(o.Table) && o.Definition.StartsWith("FOREIGN KEY", StringComparison.Ordinal)).ToList();

    /// <summary>What differs from <paramref name="other"/>, one line each; empty when the two are the same.</summary>
    public IReadOnlyList<string> Differences(Schema other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var mine = Objects.Select(Describe).ToHashSet(StringComparer.Ordinal);
        var theirs = other.Objects.Select(Describe).ToHashSet(StringComparer.Ordinal);
        return mine.Except(theirs).Select(d => "missing: " + d).Concat(theirs.Except(mine).Select(d => "extra: " + d)).ToList();
    }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Describe(SchemaObject o) => $"{o.Table}.{o.Name}: {o.Definition}";
}
