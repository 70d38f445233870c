using System.Security.Claims;
using LiaisonPortal.Core.Auditing;

namespace LiaisonPortal.Web.Hosting;

/// <summary>The signed-in staff member making a change, for the change log; the system when nobody is signed in.</summary>
public sealed class SignedInActor(IHttpContextAccessor accessor) : ICurrentActor
{
    private readonly SystemActor system = new();

    public string? UserId => User is { } user ? user.FindFirstValue(ClaimTypes.NameIdentifier) : system.UserId;

    public string Name => User is { } user ? user.DisplayName() : system.Name;

    /// <summary>The client's address (the forwarded one behind the trusted proxy), for the audit log.</summary>
    public string? Address => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    private ClaimsPrincipal? User => accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user ? user : null;
}
