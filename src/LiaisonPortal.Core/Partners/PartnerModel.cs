namespace LiaisonPortal.Core.Partners;

/// <summary>What a partner system's key may do on the Open311 interface.</summary>
[Flags]
public enum PartnerOperations
{
    None = 0,

    /// <summary>GET services.json and services/{code}.json.</summary>
    ReadServices = 1,

    /// <summary>POST requests.json: submit opinions.</summary>
    SubmitRequests = 2,

    /// <summary>GET requests.json and requests/{id}.json: follow the opinions it submitted.</summary>
    ReadRequests = 4,

    All = ReadServices | SubmitRequests | ReadRequests,
}

/// <summary>
/// 对接平台: another system (a people's-suggestion collection system, a 12345 hotline, a mini-program) that submits
/// opinions through the Open311 GeoReport v2 interface with its own API key. The key is shown once and kept only as a
/// SHA-256 hash (it is 160 random bits, so a slow hash adds nothing); its first characters identify it in lists and
/// find the row. The webhook's signing secret must be read back to sign, so it is kept encrypted.
/// </summary>
public class PartnerSystem
{
    public const int NameMaxLength = 100;
    public const int ContactMaxLength = 200;
    public const int KeyPrefixLength = 8;
    public const int KeyHashLength = 64;
    public const int IpAllowListMaxLength = 1000;
    public const int WebhookUrlMaxLength = 500;
    public const int DefaultRateLimitPerMinute = 60;
    public const int MaxRateLimitPerMinute = 6000;

    private PartnerSystem()
    {
        Name = string.Empty;
        KeyPrefix = string.Empty;
        KeyHash = string.Empty;
    }

    public PartnerSystem(string name, string keyPrefix, string keyHash, PartnerOperations operations, int rateLimitPerMinute, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPrefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyHash);
        Name = name;
        KeyPrefix = keyPrefix;
        KeyHash = keyHash;
        Operations = operations;
        RateLimitPerMinute = rateLimitPerMinute;
        CreatedAt = createdAt;
        KeyIssuedAt = createdAt;
    }

    public int Id { get; private set; }

    /// <summary>Shown to staff as the opinion's channel (来源渠道), e.g. "市民意见征集系统".</summary>
    public string Name { get; set; }

    /// <summary>Who runs the partner system and how to reach them (staff only).</summary>
    public string? Contact { get; set; }

    /// <summary>The key's first random characters, unique: finds the row, and identifies the key in lists.</summary>
    public string KeyPrefix { get; private set; }

    /// <summary>SHA-256 of the whole key, lower-case hex.</summary>
    public string KeyHash { get; private set; }

    public DateTimeOffset KeyIssuedAt { get; private set; }

    public PartnerOperations Operations { get; set; }

    /// <summary>Addresses or networks (CIDR) the key may be used from, one per line or comma-separated; empty = anywhere.</summary>
    public string? IpAllowList { get; set; }

    public int RateLimitPerMinute { get; set; }

    /// <summary>Where status changes of its requests are POSTed (signed with HMAC-SHA256), if anywhere.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The webhook signing secret, encrypted with Data Protection.</summary>
    public string? WebhookSecretCipher { get; set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string? CreatedBy { get; set; }

    /// <summary>Set once revoked: every call with the key answers 403 from then on; kept so its requests keep their channel.</summary>
    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevokedBy { get; private set; }

    public uint Version { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    public void Revoke(DateTimeOffset at, string? by)
    {
        RevokedAt ??= at;
        RevokedBy ??= by;
    }

    /// <summary>A new key replaces the old one at once (the old key stops working).</summary>
    public void ReplaceKey(string keyPrefix, string keyHash, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPrefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyHash);
        KeyPrefix = keyPrefix;
        KeyHash = keyHash;
        KeyIssuedAt = at;
    }
}

/// <summary>
/// One call to the Open311 interface (调用日志): who (the partner, when the key named one), what, the outcome and how
/// long it took. Never the key, the query string or the body: those may carry citizens' data.
/// </summary>
public class PartnerCall
{
    public const int MethodMaxLength = 10;
    public const int PathMaxLength = 200;
    public const int OperationMaxLength = 30;
    public const int AddressMaxLength = 45;
    public const int ErrorMaxLength = 200;

    private PartnerCall()
    {
        Method = string.Empty;
        Path = string.Empty;
        Operation = string.Empty;
    }

    public PartnerCall(int? partnerSystemId, DateTimeOffset at, string method, string path, string operation, int status, int durationMs, string? address)
    {
        PartnerSystemId = partnerSystemId;
        At = at;
        Method = Cut(method, MethodMaxLength);
        Path = Cut(path, PathMaxLength);
        Operation = Cut(operation, OperationMaxLength);
        Status = status;
        DurationMs = durationMs;
        Address = address is null ? null : Cut(address, AddressMaxLength);
    }

    public long Id { get; private set; }

    /// <summary>Null when the call named no key or an unknown one.</summary>
    public int? PartnerSystemId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string Method { get; private set; }

    /// <summary>The path without the query string.</summary>
    public string Path { get; private set; }

    /// <summary>discovery, services, service, submit, requests, request.</summary>
    public string Operation { get; private set; }

    public int Status { get; private set; }

    public int DurationMs { get; private set; }

    /// <summary>The calling server's address (a partner's system, not a citizen).</summary>
    public string? Address { get; private set; }

    /// <summary>The tracking code a submission created, if it did.</summary>
    public string? ServiceRequestId { get; set; }

    /// <summary>The error's description when the call was refused (never the input).</summary>
    public string? Error { get; set; }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
