using System.Net;
using System.Text.RegularExpressions;
using LiaisonPortal.Core.Partners;
using LiaisonPortal.Tests.Infrastructure;
using LiaisonPortal.Web.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Partners;

/// <summary><c>create-partner</c>: the key and webhook secret printed once; bad input exits 2 with one line saying why.</summary>
public partial class CreatePartnerCommandTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [Fact]
    public async Task CreatePartnerPrintsTheKeyAndSecretOnceAndAllowsEveryOperationByDefault()
    {
        var (code, output, error) = await RunAsync("create-partner", "--name", "市民意见征集系统", "--webhook", "https://partner.example/hooks");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        var key = KeyLine().Match(output).Groups[1].Value;
        var secret = SecretLine().Match(output).Groups[1].Value;
        Assert.Equal(PartnerSystems.KeyPrefix.Length + PartnerSystems.KeyRandomLength, key.Length);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(output, Regex.Escape(key)));
        Assert.Contains("shown only this once", output, StringComparison.Ordinal);

        var caller = await database.WithScopeAsync(s => s.GetRequiredService<PartnerSystems>().AuthenticateAsync(key));
        Assert.NotNull(caller);
        Assert.Equal("市民意见征集系统", caller.Name);
        Assert.Equal(PartnerOperations.All, caller.Operations);
        Assert.Equal(PartnerSystem.DefaultRateLimitPerMinute, caller.RateLimitPerMinute);
        Assert.Empty(caller.AllowedNetworks);
        Assert.Equal(secret, await database.WithScopeAsync(s => s.GetRequiredService<PartnerSystems>().WebhookSecretAsync(caller.Id)));
        var row = await database.QueryAsync(db => db.Database
            .SqlQuery<string>($"SELECT row_to_json(p)::text AS \"Value\" FROM \"PartnerSystems\" p WHERE p.\"Id\" = {caller.Id}").SingleAsync());
        Assert.DoesNotContain(key, row, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, row, StringComparison.Ordinal);
        Assert.Contains("https://partner.example/hooks", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOptionsSetTheOperationsTheRateLimitAndTheAllowList()
    {
        var (code, output, error) = await RunAsync(
            "create-partner", "--name=12345 热线", "--operations", "submit,read", "--rate-limit", "30", "--allow", "10.0.0.0/8,192.0.2.5", "--contact", "热线办 王工");

        Assert.True(code == 0, error);
        var caller = await database.WithScopeAsync(s => s.GetRequiredService<PartnerSystems>().AuthenticateAsync(KeyLine().Match(output).Groups[1].Value));
        Assert.NotNull(caller);
        Assert.True(caller.May(PartnerOperations.SubmitRequests));
        Assert.True(caller.May(PartnerOperations.ReadRequests));
        Assert.False(caller.May(PartnerOperations.ReadServices));
        Assert.Equal(30, caller.RateLimitPerMinute);
        Assert.True(caller.AllowsAddress(IPAddress.Parse("10.9.8.7")));
        Assert.True(caller.AllowsAddress(IPAddress.Parse("192.0.2.5")));
        Assert.False(caller.AllowsAddress(IPAddress.Parse("192.0.2.6")));
        Assert.Equal("热线办 王工", await database.QueryAsync(db => db.PartnerSystems.Where(p => p.Id == caller.Id).Select(p => p.Contact).SingleAsync()));
    }

    [Fact]
    public async Task ASecondPartnerWithTheSameNameExitsWithTwo()
    {
        Assert.Equal(0, (await RunAsync("create-partner", "--name", "重复的平台")).Code);

        var (code, output, error) = await RunAsync("create-partner", "--name", "重复的平台");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("已有名为“重复的平台”的对接平台", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Equal(1, await database.QueryAsync(db => db.PartnerSystems.CountAsync(p => p.Name == "重复的平台")));
    }

    [Theory]
    [InlineData("回调地址应是以 https:// 开头", "--name", "坏地址平台", "--webhook", "ftp://partner.example/hook")]
    [InlineData("回调地址应是以 https:// 开头", "--name", "坏地址平台", "--webhook", "https://user:pw@partner.example/hook")]
    [InlineData("unknown operation 'delete'", "--name", "坏操作平台", "--operations", "submit,delete")]
    [InlineData("--rate-limit must be a whole number", "--name", "坏上限平台", "--rate-limit", "lots")]
    [InlineData("每分钟调用上限应在 1 到 6000 之间", "--name", "坏上限平台", "--rate-limit", "0")]
    [InlineData("“10.0.0.300”不是 IP 地址或网段", "--name", "坏白名单平台", "--allow", "10.0.0.300")]
    [InlineData("missing --name", "--webhook", "https://partner.example/hook")]
    [InlineData("--name needs a value", "--name")]
    [InlineData("unknown option '--key'", "--name", "x", "--key", "lp_mine")]
    public async Task BadInputExitsWithTwoAndOneLineSayingWhatIsWrong(string reason, params string[] options)
    {
        var before = await database.QueryAsync(db => db.PartnerSystems.CountAsync());

        var (code, output, error) = await RunAsync(["create-partner", .. options]);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Equal(before, await database.QueryAsync(db => db.PartnerSystems.CountAsync()));
    }

    [Fact]
    public async Task TheUsageNamesTheCommandAndItsOptions()
    {
        var (code, output, _) = await RunAsync("help");

        Assert.Equal(0, code);
        Assert.Contains("create-partner --name NAME [--webhook URL] [--operations submit,read,services] [--rate-limit PER_MINUTE] [--allow ADDRESSES]", output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^API key: (\S+)\r?$", RegexOptions.Multiline)]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"^Webhook signing secret: (\S+)\r?$", RegexOptions.Multiline)]
    private static partial Regex SecretLine();

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PortalCommandLine.RunAsync(args, output, error,
            builder => builder.Configuration["ConnectionStrings:Liaison"] = database.ConnectionString);
        return (code, output.ToString(), error.ToString());
    }
}
