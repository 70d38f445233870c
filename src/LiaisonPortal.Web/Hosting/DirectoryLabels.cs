using LiaisonPortal.Core.Organisation;

namespace LiaisonPortal.Web.Hosting;

/// <summary>The Chinese names of the directory's kinds and levels, used as localizer keys on pages.</summary>
public static class DirectoryLabels
{
    public static string Of(StationKind kind) => DirectoryNames.Of(kind);

    public static string Of(DeputyLevel level) => DirectoryNames.Of(level);

    public static string Of(HandlingUnitKind kind) => DirectoryNames.Of(kind);

    public static string Of(Gender gender) => DirectoryNames.Of(gender);

    public static string Of(StandardItem item) => DirectoryNames.Of(item);

    /// <summary>Opens the coordinates in the phone's map app (Amap's public marker URI; falls back to its web map).</summary>
    public static string MapLink(double latitude, double longitude, string name) =>
        FormattableString.Invariant($"https://uri.amap.com/marker?position={longitude},{latitude}&name={Uri.EscapeDataString(name)}&coordinate=gaode&callnative=1");
}
