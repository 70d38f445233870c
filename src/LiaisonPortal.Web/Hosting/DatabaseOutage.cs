using System.Net.Sockets;
using Npgsql;

namespace LiaisonPortal.Web.Hosting;

/// <summary>
/// Whether an exception means "the database is not there right now" (refused or broken connection, a server shutting
/// down, crashed or still recovering, a timeout), as opposed to a fault in the request or the code. Such a request is
/// answered 503 with "nothing was saved, try again", never a 500.
/// </summary>
public static class DatabaseOutage
{
    /// <summary>HttpContext.Items key of the outage that kept a request's sign-in from being checked.</summary>
    public const string ItemKey = "LiaisonPortal.DatabaseOutage";

    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case NpgsqlException { IsTransient: true }:
                case NpgsqlException { InnerException: SocketException or IOException }:
                // 57P01-57P03: admin or crash shutdown, "the database system is starting up / in recovery"; 08: connection exceptions.
                case PostgresException postgres when postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) || postgres.SqlState.StartsWith("08", StringComparison.Ordinal):
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <see cref="Is"/>, and when so, empties the connection pools: the connections idle in them died with the server,
    /// and each would otherwise fail one more request after the database is back.
    /// </summary>
    public static bool Handle(Exception? exception)
    {
        if (!Is(exception))
        {
            return false;
        }

        NpgsqlConnection.ClearAllPools();
        return true;
    }
}
