using System.Security.Cryptography;
using LiaisonPortal.Core.Citizens;
using Microsoft.AspNetCore.DataProtection;

namespace LiaisonPortal.Tests.Citizens;

public sealed class QuerySecretsTests
{
    private readonly QuerySecrets secrets = new(new EphemeralDataProtectionProvider());

    [Fact]
    public void TheSecretIsKeptEncryptedAndMatchesAsTheCitizenTypesIt()
    {
        var secret = TrackingCodes.NewSecret();

        var stored = secrets.Protect(secret);

        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        Assert.NotEqual(stored, secrets.Protect(secret));
        Assert.True(secrets.Matches(secret, stored));
        Assert.True(secrets.Matches(" " + secret[..3].ToLowerInvariant() + "-" + secret[3..] + " ", stored));
    }

    [Fact]
    public void AnotherSecretAnEmptyOneOrATamperedRecordDoesNotMatch()
    {
        var stored = secrets.Protect("ABC234");

        Assert.False(secrets.Matches("ABC235", stored));
        Assert.False(secrets.Matches("ABC23", stored));
        Assert.False(secrets.Matches("", stored));
        Assert.False(secrets.Matches(null, stored));
        Assert.False(secrets.Matches("ABC234", null));
        Assert.False(secrets.Matches("ABC234", stored[..^2] + (stored[^2] == 'A' ? "B" : "A") + stored[^1]));
        Assert.False(secrets.Matches("ABC234", new QuerySecrets(new EphemeralDataProtectionProvider()).Protect("ABC234")));
    }

    [Fact]
    public void ARecordHashedWithPbkdf2BeforeStillMatches()
    {
        // The format rows were written in before the secret was encrypted: base64 salt ":" base64 PBKDF2-SHA256 (10,000 rounds).
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2("K7M2QX", salt, 10_000, HashAlgorithmName.SHA256, 32);
        var stored = Convert.ToBase64String(salt) + ":" + Convert.ToBase64String(hash);

        Assert.True(secrets.Matches("k7m2qx", stored));
        Assert.False(secrets.Matches("K7M2QY", stored));
    }
}
