namespace LiaisonPortal.Core.Organisation;

/// <summary>
/// The Chinese names of the directory's kinds and levels, shown on pages (as localizer keys) and read back from
/// import files, where people write them in several ways ("区人大代表", "区县", "县人大代表" are one level).
/// </summary>
public static class DirectoryNames
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

    public static string Of(HandlingUnitKind kind) => kind switch
    {
        HandlingUnitKind.GovernmentDepartment => "政府部门",
        HandlingUnitKind.SupervisoryCommission => "监察委员会",
        HandlingUnitKind.Court => "人民法院",
        HandlingUnitKind.Procuratorate => "人民检察院",
        HandlingUnitKind.StreetOffice => "街道办事处",
        HandlingUnitKind.PublicEnterprise => "公用企业",
        HandlingUnitKind.Other => "其他单位",
        _ => kind.ToString(),
    };

    public static string Of(Gender gender) => gender switch
    {
        Gender.Male => "男",
        Gender.Female => "女",
        _ => "未填写",
    };

    public static string Of(StandardItem item) => item switch
    {
        StandardItem.Place => "有场所",
        StandardItem.Sign => "有统一标识",
        StandardItem.Rules => "有制度",
        StandardItem.WorkPlan => "有工作计划",
        StandardItem.Ledger => "有台账记录",
        StandardItem.StudyMaterial => "有学习资料",
        StandardItem.Equipment => "有办公设备",
        StandardItem.OnlinePlatform => "有网络平台",
        _ => item.ToString(),
    };

    public static bool TryParseLevel(string? text, out DeputyLevel level) => TryParse(text, Of, LevelAliases, out level);

    public static bool TryParseStationKind(string? text, out StationKind kind) => TryParse(text, Of, StationKindAliases, out kind);

    public static bool TryParseUnitKind(string? text, out HandlingUnitKind kind) => TryParse(text, Of, UnitKindAliases, out kind);

    public static bool TryParseGender(string? text, out Gender gender)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            gender = Gender.Unspecified;
            return true;
        }

        return TryParse(text, Of, GenderAliases, out gender);
    }

    private static readonly Dictionary<string, DeputyLevel> LevelAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["全国"] = DeputyLevel.National,
        ["全国人大"] = DeputyLevel.National,
        ["省"] = DeputyLevel.Provincial,
        ["省级"] = DeputyLevel.Provincial,
        ["市"] = DeputyLevel.City,
        ["市级"] = DeputyLevel.City,
        ["区县"] = DeputyLevel.County,
        ["区"] = DeputyLevel.County,
        ["县"] = DeputyLevel.County,
        ["区人大代表"] = DeputyLevel.County,
        ["县人大代表"] = DeputyLevel.County,
        ["乡镇"] = DeputyLevel.Township,
        ["乡"] = DeputyLevel.Township,
        ["镇"] = DeputyLevel.Township,
        ["镇人大代表"] = DeputyLevel.Township,
        ["乡人大代表"] = DeputyLevel.Township,
        ["议政代表"] = DeputyLevel.StreetDeliberative,
        ["街道议政代表"] = DeputyLevel.StreetDeliberative,
    };

    private static readonly Dictionary<string, StationKind> StationKindAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["代表之家"] = StationKind.DeputyHome,
        ["联络站"] = StationKind.LiaisonStation,
        ["人大代表联络站"] = StationKind.LiaisonStation,
        ["联系点"] = StationKind.ContactPoint,
        ["人大代表联系点"] = StationKind.ContactPoint,
        ["流动站"] = StationKind.MobileStation,
        ["民情室"] = StationKind.PublicOpinionRoom,
    };

    private static readonly Dictionary<string, HandlingUnitKind> UnitKindAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["部门"] = HandlingUnitKind.GovernmentDepartment,
        ["监委"] = HandlingUnitKind.SupervisoryCommission,
        ["法院"] = HandlingUnitKind.Court,
        ["检察院"] = HandlingUnitKind.Procuratorate,
        ["街道"] = HandlingUnitKind.StreetOffice,
        ["镇政府"] = HandlingUnitKind.StreetOffice,
        ["企业"] = HandlingUnitKind.PublicEnterprise,
        ["其他"] = HandlingUnitKind.Other,
    };

    private static readonly Dictionary<string, Gender> GenderAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["男性"] = Gender.Male,
        ["女性"] = Gender.Female,
    };

    /// <summary>Accepts the enum's own name (what forms post), the display name, or a known alias.</summary>
    private static bool TryParse<T>(string? text, Func<T, string> name, Dictionary<string, T> aliases, out T value)
        where T : struct, Enum
    {
        value = default;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return false;
        }

        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToString(), trimmed, StringComparison.OrdinalIgnoreCase) || name(candidate) == trimmed)
            {
                value = candidate;
                return true;
            }
        }

        return aliases.TryGetValue(trimmed, out value);
    }
}
