using LiaisonPortal.Core.Partners;

namespace LiaisonPortal.Web.Hosting;

/// <summary>The words admins read for partner systems (对接平台): their allowed operations and the call log's operations and outcomes.</summary>
public static class PartnerLabels
{
    /// <summary>The operations a key may be allowed, in the order forms list them.</summary>
    public static IReadOnlyList<PartnerOperations> Operations { get; } =
        [PartnerOperations.ReadServices, PartnerOperations.SubmitRequests, PartnerOperations.ReadRequests];

    public static string Of(PartnerOperations operation) => operation switch
    {
        PartnerOperations.ReadServices => "读取服务目录",
        PartnerOperations.SubmitRequests => "提交诉求",
        PartnerOperations.ReadRequests => "查询办理进度",
        _ => operation.ToString(),
    };

    /// <summary>The single operations set in <paramref name="operations"/>, in form order.</summary>
    public static IEnumerable<PartnerOperations> Each(PartnerOperations operations) => Operations.Where(o => (operations & o) == o);

    /// <summary>An operation as the call log records it (discovery, services, submit …).</summary>
    public static string Call(string operation) => operation switch
    {
        "discovery" => "接口发现",
        "services" => "服务目录",
        "service" => "服务详情",
        "submit" => "提交诉求",
        "requests" => "查询诉求列表",
        "request" => "查询办理进度",
        _ => operation,
    };

    public static string Of(PartnerCallOutcome outcome) => outcome switch
    {
        PartnerCallOutcome.Succeeded => "成功（2xx）",
        PartnerCallOutcome.Refused => "被拒（4xx）",
        PartnerCallOutcome.Failed => "出错（5xx）",
        _ => outcome.ToString(),
    };

    /// <summary>A status code's badge colour: green for 2xx, amber for 4xx, red for 5xx.</summary>
    public static string StatusBadge(int status) => status switch
    {
        >= 200 and < 300 => "text-bg-success",
        >= 400 and < 500 => "text-bg-warning",
        >= 500 => "text-bg-danger",
        _ => "text-bg-secondary",
    };

    /// <summary>How the key is shown in lists: lp_abcd1234…</summary>
    public static string KeyShown(string keyPrefix) => PartnerSystems.KeyPrefix + keyPrefix + "…";
}
