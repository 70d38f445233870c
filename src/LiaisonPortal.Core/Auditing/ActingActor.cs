namespace LiaisonPortal.Core.Auditing;

/// <summary>
/// The actor the change log records: the ambient one (the signed-in account on the web, the system elsewhere), unless
/// work running outside a request acts for someone. A confirmed import runs in the background and is logged as its uploader's.
/// </summary>
public sealed class ActingActor(ICurrentActor ambient) : ICurrentActor
{
    private (string? UserId, string Name)? _actingFor;

    public string? UserId => _actingFor is { } actingFor ? actingFor.UserId : ambient.UserId;

    public string Name => _actingFor?.Name ?? ambient.Name;

    public string? Address => ambient.Address;

    public void ActFor(string? userId, string name) => _actingFor = (userId, name);
}
