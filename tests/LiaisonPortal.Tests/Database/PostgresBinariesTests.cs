using LiaisonPortal.Core.Database;

namespace LiaisonPortal.Tests.Database;

public class PostgresBinariesTests
{
    [Fact]
    public void OnAMachineWithoutPostgresTheMessageSaysHowToInstallItOrConnectElsewhere()
    {
        var nowhere = new PostgresSearch(pgConfig: "/nonexistent/pg_config", pathVariable: "/nonexistent/bin", versionedRoots: ["/nonexistent/lib"]);

        var error = Assert.Throws<PostgresNotFoundException>(() => PostgresBinaries.Locate(null, nowhere));

        Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Liaison", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AConfiguredFolderWithoutTheProgramsIsNamedInTheMessage()
    {
        var error = Assert.Throws<PostgresNotFoundException>(() => PostgresBinaries.Locate("/nonexistent/pg/bin"));

        Assert.Contains("/nonexistent/pg/bin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheVersionedFoldersAreSearchedNewestFirst()
    {
        var root = Directory.CreateTempSubdirectory("pgroot-").FullName;
        try
        {
            foreach (var version in new[] { "9.6", "15", "13" })
            {
                var bin = Directory.CreateDirectory(Path.Combine(root, version, "bin")).FullName;
                File.WriteAllText(Path.Combine(bin, "initdb"), string.Empty);
                File.WriteAllText(Path.Combine(bin, "pg_ctl"), string.Empty);
            }

            var found = PostgresBinaries.Locate(null, new PostgresSearch(pgConfig: null, pathVariable: null, versionedRoots: [root]));

            Assert.Equal(Path.Combine(root, "15", "bin"), found.BinDirectory);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void ThisMachinesServerBinariesAreFound()
    {
        var found = PostgresBinaries.Locate(null);

        Assert.True(File.Exists(found.InitDb));
        Assert.True(File.Exists(found.PgCtl));
    }
}
