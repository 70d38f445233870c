using System.Data;
using LiaisonPortal.Core.Database;
using Npgsql;

namespace LiaisonPortal.Core.Import;

/// <summary>
/// The imports this instance has confirmed and not finished, each held by a session-level advisory lock on one connection
/// of its own (not pooled), from the confirmation until the run ends. When an instance starts it fails only the
/// "importing" batches nobody holds (<see cref="DirectoryImporter.FailInterruptedAsync"/>): a stopped or killed
/// instance's locks went with its connection, while an import another instance is running, or has queued, is left alone.
/// The same lock lets only one of two simultaneous confirmations of a batch (on two instances) start it.
/// </summary>
public sealed class ImportClaims(PortalDatabase database) : IAsyncDisposable
{
    /// <summary>The advisory-lock key of a batch (its id, hashed by PostgreSQL), as SQL on a uuid expression.</summary>
    internal static string KeyOf(string idSql) => $"hashtextextended(({idSql})::text, 20260411)";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _connection;

    /// <summary>Takes the batch; false when another session holds it (another instance confirming it at the same moment).</summary>
    public async Task<bool> TryClaimAsync(Guid batchId, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            try
            {
                return await TryLockAsync(await ConnectionAsync(cancellationToken), batchId, cancellationToken);
            }
            catch (NpgsqlException)
            {
                // The kept connection broke (a database restart): its locks are gone; open a new one and try once more.
                await ResetAsync();
                return await TryLockAsync(await ConnectionAsync(cancellationToken), batchId, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Lets the batch go (its run ended, or its confirmation was refused).</summary>
    public async Task ReleaseAsync(Guid batchId)
    {
        await _gate.WaitAsync();
        try
        {
            if (_connection is not { State: ConnectionState.Open } connection)
            {
                return;
            }

            await using var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({KeyOf("@id")})", connection);
            command.Parameters.AddWithValue("id", batchId);
            await command.ExecuteScalarAsync();
        }
        catch (NpgsqlException)
        {
            // The connection is gone, and its locks with it.
            await ResetAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>On a clean stop the locks are let go before the connection closes (its server process ends a moment later).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_connection is { State: ConnectionState.Open } connection)
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                await command.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException)
            {
                // Gone already, and its locks with it.
            }
        }

        await ResetAsync();
        _gate.Dispose();
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, Guid batchId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({KeyOf("@id")})", connection);
        command.Parameters.AddWithValue("id", batchId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: ConnectionState.Open } open)
        {
            return open;
        }

        await ResetAsync();
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        _connection = connection;
        return connection;
    }

    private async Task ResetAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }
}
