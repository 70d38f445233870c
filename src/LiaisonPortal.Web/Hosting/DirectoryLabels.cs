using LiaisonPortal.Core.Organisation;

namespace LiaisonPortal.Web.Hosting;

/// <summary>The Chinese names of the directory's kinds and levels (localizer keys).</summary>
public static class DirectoryLabels
{
    public static string Of(StationKind kind) => kind switch
    {
        StationKind.DeputyHome => "人大代表之家",
        StationKind.LiaisonStation => "代表联络站",
        StationKind.ContactPoint => "代表联系点",
        StationKind.MobileStation => "流动联络站",
        StationKind.PublicOpinionRoom => "民情联络室",
        _ => kind.ToString(),
    };

    public static string Of(DeputyLevel level) => level switch
    {
        DeputyLevel.National => "全国人大代表",
        DeputyLevel.Provincial => "省人大代表",
        DeputyLevel.City => "市人大代表",
        DeputyLevel.County => "区县人大代表",
        DeputyLevel.Township => "乡镇人大代表",
        DeputyLevel.StreetDeliberative => "街道议政代表",
        _ => level.ToString(),
    };

    /// <summary>Opens the coordinates in the phone's map app (Amap's public marker URI; falls back to its web map).</summary>
    public static string MapLink(double latitude, double longitude, string name) =>
        FormattableString.Invariant($"https://uri.amap.com/marker?position={longitude},{latitude}&name={Uri.EscapeDataString(name)}&coordinate=gaode&callnative=1");
}
