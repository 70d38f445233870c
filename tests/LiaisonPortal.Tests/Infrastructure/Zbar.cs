using System.Diagnostics;

namespace LiaisonPortal.Tests.Infrastructure;

/// <summary>Debian's real QR decoder (zbarimg, package zbar-tools), so a test reads a code the way a phone would.</summary>
public static class Zbar
{
    public const string Path = "/usr/bin/zbarimg";

    /// <summary>The text of every code zbarimg finds in the image, one a line.</summary>
    public static async Task<string> DecodeAsync(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"liaison-qr-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, image);
        try
        {
            var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "--raw", "-q", file })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"zbarimg found no code (exit {process.ExitCode}): {await errors}");
            return (await output).TrimEnd('\n');
        }
        finally
        {
            File.Delete(file);
        }
    }
}

/// <summary>A test that decodes with zbarimg: skipped on a developer machine without it, always run in CI (which installs it).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ZbarFactAttribute : FactAttribute
{
    public ZbarFactAttribute()
    {
        var inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!File.Exists(Zbar.Path) && !inCi)
        {
            Skip = $"zbarimg is not installed at {Zbar.Path} (apt-get install zbar-tools); CI installs it and runs this test.";
        }
    }
}
