using System.Net;
using System.Security.Cryptography;
using System.Text;
using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Management;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LiaisonPortal.Core.Partners;

/// <summary>What an admin types for a partner system.</summary>
public sealed record PartnerInput(
    string? Name, string? Contact, PartnerOperations Operations, string? IpAllowList, int? RateLimitPerMinute, string? WebhookUrl);

/// <summary>A new key (and webhook signing secret): shown once, never stored in clear.</summary>
public sealed record PartnerCredentials(int PartnerId, string Name, string ApiKey, string WebhookSecret);

/// <summary>Where a partner's webhooks go now and the secret that signs them.</summary>
public sealed record WebhookTarget(Uri Url, string Secret);

/// <summary>The partner a key belongs to, as the Open311 interface needs it for one call.</summary>
public sealed record PartnerCaller(
    int Id, string Name, PartnerOperations Operations, IReadOnlyList<IPNetwork> AllowedNetworks, int RateLimitPerMinute, bool IsRevoked)
{
    public bool May(PartnerOperations operation) => (Operations & operation) == operation;

    /// <summary>True when no allow-list is set, or the address is in one of its networks.</summary>
    public bool AllowsAddress(IPAddress? address)
    {
        if (AllowedNetworks.Count == 0)
        {
            return true;
        }

        if (address is null)
        {
            return false;
        }

        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return AllowedNetworks.Any(n => n.Contains(plain));
    }
}

/// <summary>
/// Partner systems and their keys (对接平台管理): create (the key shown once), change, replace the key, revoke; and
/// find the partner a presented key belongs to. Keys look like <c>lp_</c> + 40 random characters (200 bits); the first
/// eight after the prefix find the row and the SHA-256 of the whole key is compared in constant time.
/// </summary>
public sealed class PartnerSystems(ApplicationDbContext db, IDataProtectionProvider provider, ICurrentActor actor, TimeProvider time)
{
    public const string KeyPrefix = "lp_";
    public const int KeyRandomLength = 40;
    private const string KeyAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    /// <summary>The Data Protection purpose of <see cref="PartnerSystem.WebhookSecretCipher"/>.</summary>
    public const string WebhookSecretPurpose = "LiaisonPortal.Partners.WebhookSecret.v1";

    private readonly IDataProtector secrets = provider.CreateProtector(WebhookSecretPurpose);

    public async Task<(EditResult Result, PartnerCredentials? Credentials)> CreateAsync(PartnerInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return (EditResult.Invalid(errors), null);
        }

        var name = input.Name!.Trim();
        if (await db.PartnerSystems.AnyAsync(p => p.Name == name, cancellationToken))
        {
            return (EditResult.Invalid(nameof(input.Name), $"已有名为“{name}”的对接平台。"), null);
        }

        var (key, prefix, hash) = NewKey();
        var secret = NewSecret();
        var partner = new PartnerSystem(name, prefix, hash, input.Operations, input.RateLimitPerMinute ?? PartnerSystem.DefaultRateLimitPerMinute, time.GetUtcNow())
        {
            CreatedBy = actor.Name,
            WebhookSecretCipher = secrets.Protect(secret),
        };
        Apply(partner, input);
        db.PartnerSystems.Add(partner);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return (EditResult.Invalid(nameof(input.Name), $"已有名为“{name}”的对接平台。"), null);
        }

        return (EditResult.Done(), new PartnerCredentials(partner.Id, partner.Name, key, secret));
    }

    /// <summary>Changes name, contact, operations, allow-list, rate limit and webhook; <paramref name="version"/> is the row version the form was shown with.</summary>
    public async Task<EditResult> UpdateAsync(int id, PartnerInput input, uint version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var partner = await db.PartnerSystems.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (partner is null)
        {
            return EditResult.NotFound;
        }

        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        var name = input.Name!.Trim();
        if (await db.PartnerSystems.AnyAsync(p => p.Name == name && p.Id != id, cancellationToken))
        {
            return EditResult.Invalid(nameof(input.Name), $"已有名为“{name}”的对接平台。");
        }

        db.Entry(partner).Property(p => p.Version).OriginalValue = version;
        partner.Name = name;
        Apply(partner, input);
        return await SaveAsync(cancellationToken);
    }

    /// <summary>Revokes the key: every later call with it answers 403. The partner's requests keep their channel.</summary>
    public async Task<EditResult> RevokeAsync(int id, uint version, CancellationToken cancellationToken = default)
    {
        var partner = await db.PartnerSystems.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (partner is null)
        {
            return EditResult.NotFound;
        }

        if (partner.IsRevoked)
        {
            return EditResult.Done();
        }

        db.Entry(partner).Property(p => p.Version).OriginalValue = version;
        partner.Revoke(time.GetUtcNow(), actor.Name);
        return await SaveAsync(cancellationToken);
    }

    /// <summary>Issues a new key and webhook secret (shown once); the old key stops working at once. Not for a revoked partner.</summary>
    public async Task<(EditResult Result, PartnerCredentials? Credentials)> ReplaceKeyAsync(int id, uint version, CancellationToken cancellationToken = default)
    {
        var partner = await db.PartnerSystems.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (partner is null)
        {
            return (EditResult.NotFound, null);
        }

        if (partner.IsRevoked)
        {
            return (EditResult.Conflict("该对接平台的密钥已吊销，不能重新生成；如需恢复对接，请新建对接平台。"), null);
        }

        var (key, prefix, hash) = NewKey();
        var secret = NewSecret();
        db.Entry(partner).Property(p => p.Version).OriginalValue = version;
        partner.ReplaceKey(prefix, hash, time.GetUtcNow());
        partner.WebhookSecretCipher = secrets.Protect(secret);
        var result = await SaveAsync(cancellationToken);
        return result.Succeeded ? (result, new PartnerCredentials(partner.Id, partner.Name, key, secret)) : (result, null);
    }

    /// <summary>The partner a presented key belongs to (revoked ones too, so the call can be refused and logged as theirs); null for anything else.</summary>
    public async Task<PartnerCaller?> AuthenticateAsync(string? apiKey, CancellationToken cancellationToken = default)
    {
        if (apiKey is null || apiKey.Length != KeyPrefix.Length + KeyRandomLength || !apiKey.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var prefix = apiKey.Substring(KeyPrefix.Length, PartnerSystem.KeyPrefixLength);
        var partner = await db.PartnerSystems.AsNoTracking().Where(p => p.KeyPrefix == prefix)
            .Select(p => new { p.Id, p.Name, p.KeyHash, p.Operations, p.IpAllowList, p.RateLimitPerMinute, p.RevokedAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (partner is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(apiKey)), Encoding.ASCII.GetBytes(partner.KeyHash)))
        {
            return null;
        }

        return new PartnerCaller(
            partner.Id, partner.Name, partner.Operations, ParseNetworks(partner.IpAllowList, null), partner.RateLimitPerMinute, partner.RevokedAt is not null);
    }

    /// <summary>The webhook signing secret in clear, for the outbox sender only; null when the partner has none.</summary>
    public async Task<string?> WebhookSecretAsync(int partnerId, CancellationToken cancellationToken = default)
    {
        var cipher = await db.PartnerSystems.AsNoTracking().Where(p => p.Id == partnerId)
            .Select(p => p.WebhookSecretCipher).SingleOrDefaultAsync(cancellationToken);
        return cipher is null ? null : secrets.Unprotect(cipher);
    }

    /// <summary>
    /// Where and with what secret to deliver a webhook now, for the outbox sender: null when the partner is gone, revoked,
    /// or has no webhook URL or secret any more (its queued events are then not delivered).
    /// </summary>
    public async Task<WebhookTarget?> WebhookTargetAsync(int partnerId, CancellationToken cancellationToken = default)
    {
        var partner = await db.PartnerSystems.AsNoTracking().Where(p => p.Id == partnerId)
            .Select(p => new { p.WebhookUrl, p.WebhookSecretCipher, p.RevokedAt }).SingleOrDefaultAsync(cancellationToken);
        if (partner is not { RevokedAt: null, WebhookUrl: not null, WebhookSecretCipher: not null }
            || !Uri.TryCreate(partner.WebhookUrl, UriKind.Absolute, out var url))
        {
            return null;
        }

        return new WebhookTarget(url, secrets.Unprotect(partner.WebhookSecretCipher));
    }

    /// <summary>SHA-256 of the key, lower-case hex.</summary>
    public static string Hash(string apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
    }

    /// <summary>The allow-list's entries (addresses or CIDR networks, separated by commas, spaces or lines); bad entries go to <paramref name="errors"/> when given.</summary>
    public static IReadOnlyList<IPNetwork> ParseNetworks(string? text, List<string>? errors)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in (text ?? string.Empty).Split([',', ' ', '\n', '\r', '\t', '，'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                errors?.Add(entry);
            }
        }

        return networks;
    }

    private static List<FieldError> Validate(PartnerInput input)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(new(nameof(input.Name), "请填写对接平台的名称，例如“市民意见征集系统”。"));
        }
        else if (name.Length > PartnerSystem.NameMaxLength)
        {
            errors.Add(new(nameof(input.Name), $"名称最多 {PartnerSystem.NameMaxLength} 个字。"));
        }

        if (input.Contact?.Trim() is { Length: > PartnerSystem.ContactMaxLength })
        {
            errors.Add(new(nameof(input.Contact), $"联系方式最多 {PartnerSystem.ContactMaxLength} 个字。"));
        }

        if (input.Operations == PartnerOperations.None || (input.Operations & ~PartnerOperations.All) != 0)
        {
            errors.Add(new(nameof(input.Operations), "请至少允许一项操作。"));
        }

        var bad = new List<string>();
        ParseNetworks(input.IpAllowList, bad);
        if (input.IpAllowList?.Trim() is { Length: > PartnerSystem.IpAllowListMaxLength })
        {
            errors.Add(new(nameof(input.IpAllowList), $"地址白名单最多 {PartnerSystem.IpAllowListMaxLength} 个字符。"));
        }
        else if (bad.Count > 0)
        {
            errors.Add(new(nameof(input.IpAllowList), $"“{bad[0]}”不是 IP 地址或网段（例如 10.1.2.3 或 10.1.2.0/24）。"));
        }

        if (input.RateLimitPerMinute is { } rate && (rate < 1 || rate > PartnerSystem.MaxRateLimitPerMinute))
        {
            errors.Add(new(nameof(input.RateLimitPerMinute), $"每分钟调用上限应在 1 到 {PartnerSystem.MaxRateLimitPerMinute} 之间。"));
        }

        var url = input.WebhookUrl?.Trim();
        if (!string.IsNullOrEmpty(url)
            && (url.Length > PartnerSystem.WebhookUrlMaxLength
                || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
                || uri.Scheme is not ("https" or "http")
                || !string.IsNullOrEmpty(uri.UserInfo)))
        {
            errors.Add(new(nameof(input.WebhookUrl), "回调地址应是以 https:// 开头的完整网址（不含用户名和密码）。"));
        }

        return errors;
    }

    private static void Apply(PartnerSystem partner, PartnerInput input)
    {
        partner.Contact = string.IsNullOrWhiteSpace(input.Contact) ? null : input.Contact.Trim();
        partner.Operations = input.Operations;
        partner.IpAllowList = string.IsNullOrWhiteSpace(input.IpAllowList) ? null : input.IpAllowList.Trim();
        partner.RateLimitPerMinute = input.RateLimitPerMinute ?? PartnerSystem.DefaultRateLimitPerMinute;
        partner.WebhookUrl = string.IsNullOrWhiteSpace(input.WebhookUrl) ? null : input.WebhookUrl.Trim();
    }

    private async Task<EditResult> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return EditResult.Done();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return EditResult.Conflict("这条记录已被他人修改，请刷新后再改。");
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return EditResult.Invalid(nameof(PartnerInput.Name), "已有同名的对接平台。");
        }
    }

    private static (string Key, string Prefix, string Hash) NewKey()
    {
        var random = RandomNumberGenerator.GetString(KeyAlphabet, KeyRandomLength);
        var key = KeyPrefix + random;
        return (key, random[..PartnerSystem.KeyPrefixLength], Hash(key));
    }

    private static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
