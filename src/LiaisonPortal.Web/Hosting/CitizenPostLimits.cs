using System.Threading.RateLimiting;

namespace LiaisonPortal.Web.Hosting;

/// <summary>
/// Limits on what citizens post (bookings, opinions): per client address and per phone number, in fixed windows held
/// in memory. A page asks before it saves and, when refused, shows its form again with the input kept and a 429.
/// </summary>
public sealed class CitizenPostLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perClient;
    private readonly PartitionedRateLimiter<string> _perPhone;

    public CitizenPostLimits(IConfiguration configuration)
    {
        var perClient = configuration.GetValue("RateLimits:CitizenPostsPerIpPerHour", 20);
        var perPhone = configuration.GetValue("RateLimits:CitizenPostsPerPhonePerDay", 5);
        _perClient = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perClient, Window = TimeSpan.FromHours(1), QueueLimit = 0 }));
        _perPhone = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perPhone, Window = TimeSpan.FromDays(1), QueueLimit = 0 }));
    }

    /// <summary>One post from this client's address; false when it has posted too often this hour.</summary>
    public bool TryClient(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var lease = _perClient.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return lease.IsAcquired;
    }

    /// <summary>One post for this (normalized) phone number; false when it was used too often today.</summary>
    public bool TryPhone(string phone)
    {
        ArgumentException.ThrowIfNullOrEmpty(phone);
        using var lease = _perPhone.AttemptAcquire(phone);
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        _perClient.Dispose();
        _perPhone.Dispose();
    }
}
