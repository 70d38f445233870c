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

    /// <summary>The form label of a property named in the change log; a property without one keeps its own name.</summary>
    public static string Field(string property) => property switch
    {
        "Code" => "编码",
        "Name" => "名称",
        "Kind" => "类型",
        "Address" => "地址",
        "IsActive" => "状态",
        "RegionId" => "所属区域",
        "ParentId" => "上级单位",
        "ManagerName" => "管理员",
        "ManagerPhone" => "管理员电话（不公开）",
        "ContactPhone" => "联系电话",
        "ContactPerson" => "联系人",
        "OpeningHours" => "开放时间",
        "Latitude" => "纬度",
        "Longitude" => "经度",
        "Gender" => "性别",
        "Level" => "代表层级",
        "Constituency" => "选区",
        "Delegation" => "代表团（组）",
        "Occupation" => "职业",
        "ProfessionalGroup" => "专业代表小组",
        "Commitment" => "亮承诺",
        "TermStart" => "任期开始",
        "TermEnd" => "任期结束",
        "PrivatePhone" => "代表本人电话（不公开）",
        "SortOrder" => "排序",
        _ => property,
    };

    /// <summary>Opens the coordinates in the phone's map app (Amap's public marker URI; falls back to its web map).</summary>
    public static string MapLink(double latitude, double longitude, string name) =>
        FormattableString.Invariant($"https://uri.amap.com/marker?position={longitude},{latitude}&name={Uri.EscapeDataString(name)}&coordinate=gaode&callnative=1");
}
