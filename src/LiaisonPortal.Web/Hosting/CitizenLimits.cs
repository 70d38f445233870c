using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;

namespace LiaisonPortal.Web.Hosting;

/// <summary>
/// The one set of limits on citizens' public forms (opinions, bookings, tracking), kept per address, per phone number
/// and per tracking code. The pages check a
/// limit before the work and spend a permit only for what counts (a saved opinion or booking, a failed lookup), so a citizen
/// correcting a typo is never held back, and an answer over the limit re-shows the form with everything typed.
/// Counters live in this process: with several instances each keeps its own.
/// </summary>
public sealed class CitizenLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> postsPerAddress;
    private readonly PartitionedRateLimiter<string> postsPerPhone;
    private readonly PartitionedRateLimiter<string> failedLookupsPerAddress;
    private readonly PartitionedRateLimiter<string> failedLookupsPerCode;

    public CitizenLimits(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        postsPerAddress = Window(configuration.GetValue("RateLimits:PostsPerAddressPerHour", 10), TimeSpan.FromHours(1));
        postsPerPhone = Window(configuration.GetValue("RateLimits:PostsPerPhonePerDay", 5), TimeSpan.FromDays(1));
        failedLookupsPerAddress = Window(configuration.GetValue("RateLimits:FailedLookupsPerAddressPerHour", 10), TimeSpan.FromHours(1));
        failedLookupsPerCode = Window(configuration.GetValue("RateLimits:FailedLookupsPerCodePerHour", 5), TimeSpan.FromHours(1));
    }

    /// <summary>Whether this address may post another opinion or booking now.</summary>
    public bool MayPost(string address) => Available(postsPerAddress, address);

    /// <summary>Whether this mobile number may be used for another opinion or booking today.</summary>
    public bool MayPostWith(string phone) => Available(postsPerPhone, Hash(phone));

    /// <summary>Counts a saved opinion or booking against the address and the phone.</summary>
    public void Posted(string address, string? phone)
    {
        Spend(postsPerAddress, address);
        if (phone is not null)
        {
            Spend(postsPerPhone, Hash(phone));
        }
    }

    /// <summary>Whether this address may try a lookup for this code now; wrong attempts use up the allowance.</summary>
    public bool MayLookUp(string address, string code) =>
        Available(failedLookupsPerAddress, address) && Available(failedLookupsPerCode, code);

    public void LookupFailed(string address, string code)
    {
        Spend(failedLookupsPerAddress, address);
        Spend(failedLookupsPerCode, code);
    }

    public void Dispose()
    {
        postsPerAddress.Dispose();
        postsPerPhone.Dispose();
        failedLookupsPerAddress.Dispose();
        failedLookupsPerCode.Dispose();
    }

    public static string AddressOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    private static PartitionedRateLimiter<string> Window(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(permits, 1),
            Window = window,
            SegmentsPerWindow = 6,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    // Asking for no permits tells whether any are left without spending one.
    private static bool Available(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key, 0);
        return lease.IsAcquired;
    }

    private static void Spend(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key, 1);
    }

    // Phone numbers are not kept in memory in clear either.
    private static string Hash(string phone) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(phone)));
}
