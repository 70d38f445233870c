namespace LiaisonPortal.Tests.Infrastructure;

/// <summary>
/// A test that drives Debian's chromium. On a developer machine without chromium it is skipped with the reason;
/// in CI (CI=true) it always runs, so a missing browser fails the build instead of hiding.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        var inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!File.Exists(ChromiumPath) && !inCi)
        {
            Skip = $"chromium is not installed at {ChromiumPath} (apt-get install chromium); CI installs it and runs this test.";
        }
    }
}
