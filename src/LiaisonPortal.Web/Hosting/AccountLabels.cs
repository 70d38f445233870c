using LiaisonPortal.Core.Accounts;

namespace LiaisonPortal.Web.Hosting;

/// <summary>Chinese names (localizer keys) of roles and scope kinds on the account pages.</summary>
public static class AccountLabels
{
    public static string RoleName(string role) => role switch
    {
        Roles.Admin => "系统管理员",
        Roles.CongressStaff => "人大工作人员",
        Roles.StationStaff => "联络站工作人员",
        Roles.UnitStaff => "承办单位",
        Roles.Deputy => "人大代表",
        _ => role,
    };

    /// <summary>What the scope code field asks for with each role.</summary>
    public static string ScopeCodeHint(string role) => role switch
    {
        Roles.Admin => "行政区代码（不填为全市）",
        Roles.CongressStaff => "行政区代码，如 990102",
        Roles.StationStaff => "联络站代码，如 990102001-01",
        Roles.UnitStaff => "承办单位代码，如 U990102-01",
        Roles.Deputy => "代表编号，如 D0004",
        _ => string.Empty,
    };
}
