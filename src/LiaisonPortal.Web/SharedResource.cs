namespace LiaisonPortal.Web;

/// <summary>
/// The anchor of the shared string table. Keys are the Simplified Chinese texts themselves (the default culture);
/// Resources/SharedResource.en.resx holds their English.
/// </summary>
#pragma warning disable CA1052 // A marker type for IStringLocalizer<SharedResource>; never instantiated.
public sealed class SharedResource
#pragma warning restore CA1052
{
}
