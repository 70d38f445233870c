using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;

namespace LiaisonPortal.Web.Hosting;

/// <summary>
/// Limits on citizens' public forms, kept per address, per phone number and per tracking code. The pages check a
/// limit before the work and spend a permit only for what counts (a saved opinion, a failed lookup), so a citizen
/// correcting a typo is never held back, and an answer over the limit re-shows the form with everything typed.
/// Counters live in this process: with several instances each keeps its own.
/// </summary>
public sealed class CitizenLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> opinionsPerAddress;
    private readonly PartitionedRateLimiter<string> opinionsPerPhone;
    private readonly PartitionedRateLimiter<string> failedLookupsPerAddress;
    private readonly PartitionedRateLimiter<string> failedLookupsPerCode;

    public CitizenLimits(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        opinionsPerAddress = Window(configuration.GetValue("RateLimits:OpinionsPerAddressPerHour", 10), TimeSpan.FromHours(1));
        opinionsPerPhone = Window(configuration.GetValue("RateLimits:OpinionsPerPhonePerDay", 5), TimeSpan.FromDays(1));
        failedLookupsPerAddress = Window(configuration.GetValue("RateLimits:FailedLookupsPerAddressPerHour", 10), TimeSpan.FromHours(1));
        failedLookupsPerCode = Window(configuration.GetValue("RateLimits:FailedLookupsPerCodePerHour", 5), TimeSpan.FromHours(1));
    }

    /// <summary>Whether this address (and phone, if given) may submit another opinion now.</summary>
    public bool MaySubmit(string address, string? phone) =>
        Available(opinionsPerAddress, address) && (phone is null || Available(opinionsPerPhone, Hash(phone)));

    public void Submitted(string address, string? phone)
    {
        Spend(opinionsPerAddress, address);
        if (phone is not null)
        {
            Spend(opinionsPerPhone, Hash(phone));
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
        opinionsPerAddress.Dispose();
        opinionsPerPhone.Dispose();
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
