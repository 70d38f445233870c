using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Suggestions;

namespace LiaisonPortal.Web.Hosting;

/// <summary>The audit page's words for kinds and actions (keys of the localizer).</summary>
public static class AuditLabels
{
    public static string Of(AuditKind kind) => kind switch
    {
        AuditKind.Change => "数据变更",
        AuditKind.SignIn => "登录",
        AuditKind.SignOut => "退出登录",
        AuditKind.Account => "账号和权限",
        AuditKind.CaseMove => "办理流转",
        AuditKind.Reveal => "查看个人信息",
        AuditKind.Export => "导出",
        AuditKind.Download => "下载文件",
        _ => kind.ToString(),
    };

    /// <summary>The action in words; a case move's step by the case's own labels; anything unknown as recorded.</summary>
    public static string Action(AuditRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Kind == AuditKind.CaseMove)
        {
            if (row.EntityType == nameof(Opinion) && Enum.TryParse<OpinionAction>(row.Action, out var step))
            {
                return OpinionLabels.Step(step);
            }

            if (row.EntityType == nameof(Suggestion) && Enum.TryParse<SuggestionAction>(row.Action, out var suggestionStep))
            {
                return SuggestionLabels.Step(suggestionStep);
            }
        }

        return ActionName(row.Action);
    }

    /// <summary>An action other than a case move in words; anything unknown as recorded.</summary>
    public static string ActionName(string action) => action switch
    {
        "Added" => "新增",
        "Modified" => "修改",
        "Deleted" => "删除",
        "Swapped" => "调班",
        "SignedIn" => "登录成功",
        "SignInFailed" => "登录失败",
        "SecondFactorAsked" => "密码正确，待输入验证码",
        "SignedOut" => "退出登录",
        "RoleAdded" => "授予角色",
        "RoleRemoved" => "撤销角色",
        "RevealPhone" or "PhoneShown" => "查看完整电话号码",
        "PhotoShown" => "查看群众上传的照片",
        "LogPhotoShown" => "查看接待日照片",
        "rotate" => "更换数据保护密钥",
        "Exported" => "导出列表",
        "Downloaded" => "下载附件",
        "Anonymised" => "个人信息保留期满，已匿名化",
        "AccessExport" => "导出个人信息（查阅申请）",
        _ => action,
    };

    public static string Badge(AuditKind kind) => kind switch
    {
        AuditKind.SignIn or AuditKind.SignOut => "text-bg-info",
        AuditKind.Account => "text-bg-warning",
        AuditKind.Reveal or AuditKind.Export or AuditKind.Download => "text-bg-danger",
        AuditKind.CaseMove => "text-bg-primary",
        _ => "text-bg-secondary",
    };
}
