namespace LiaisonPortal.Tests.Infrastructure;

public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string WebProject => Path.Combine(Root, "src", "LiaisonPortal.Web");

    /// <summary>Where tests leave screenshots and other artefacts for people to look at.</summary>
    public static string TestOutput(string name)
    {
        var folder = Path.Combine(Root, "tests", "LiaisonPortal.Tests", "TestResults", "artifacts");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    /// <summary>The web app's build output for the same configuration as this test assembly.</summary>
    public static string WebAssembly()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(WebProject, "bin", configuration, "net10.0", "LiaisonPortal.Web.dll");
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LiaisonPortal.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("LiaisonPortal.sln not found above " + AppContext.BaseDirectory);
    }
}
