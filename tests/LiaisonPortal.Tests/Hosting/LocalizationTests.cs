using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using LiaisonPortal.Tests.Infrastructure;

namespace LiaisonPortal.Tests.Hosting;

public partial class LocalizationTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    /// <summary>Chinese literals that are not UI text: the console banner, and the switch's own label.</summary>
    private static readonly string[] NotTranslated = ["LiaisonPortal 人大代表联络站服务平台 is running:", "中文"];

    [Fact]
    public void EveryChineseTextInTheWebProjectHasAnEnglishTranslation()
    {
        var english = EnglishResources();
        var missing = ChineseLiterals(RepositoryPaths.WebProject).Except(NotTranslated).Where(text => !english.ContainsKey(text)).ToList();

        Assert.True(missing.Count == 0, "Add to Resources/SharedResource.en.resx: " + string.Join(" | ", missing));
    }

    [Fact]
    public void EveryEnglishTranslationIsStillUsed()
    {
        var used = ChineseLiterals(RepositoryPaths.WebProject).Concat(ChineseLiterals(Path.Combine(RepositoryPaths.Root, "src", "LiaisonPortal.Core"))).ToHashSet();

        var stale = EnglishResources().Keys.Where(key => !used.Contains(key)).ToList();

        Assert.True(stale.Count == 0, "No longer used: " + string.Join(" | ", stale));
    }

    [Fact]
    public async Task PagesAreChineseByDefaultEvenForAnEnglishBrowser()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US,en;q=0.9");

        var page = await client.GetDocumentAsync("/Account/Login");

        Assert.Equal("zh-CN", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("工作人员登录", page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task TheLanguageSwitchTurnsTheSignInPageIntoEnglishWithNoChineseLeft()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();

        using var switched = await client.GetAsync("/Culture?culture=en&returnUrl=%2FAccount%2FLogin");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/Account/Login", switched.Headers.Location!.OriginalString);
        var page = await client.GetDocumentAsync("/Account/Login");

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Staff sign-in", page.QuerySelector("h1")!.TextContent);
        var visible = page.Body!.TextContent.Replace("中文", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotMatch(Cjk(), visible);
    }

    [Fact]
    public async Task AnUnsupportedLanguageOrAForeignReturnUrlIsNotFollowed()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();

        using var unsupported = await client.GetAsync("/Culture?culture=xx-YY&returnUrl=%2F");
        using var foreign = await client.GetAsync("/Culture?culture=en&returnUrl=https%3A%2F%2Fevil.example%2F");

        Assert.Equal(HttpStatusCode.BadRequest, unsupported.StatusCode);
        Assert.Equal("/", foreign.Headers.Location!.OriginalString);
    }

    private static Dictionary<string, string> EnglishResources() =>
        XDocument.Load(Path.Combine(RepositoryPaths.WebProject, "Resources", "SharedResource.en.resx"))
            .Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    private static HashSet<string> ChineseLiterals(string folder) =>
        Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Demo{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Calendar{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .SelectMany(text => StringLiteral().Matches(text).Concat(LocalizerKey().Matches(text)).Select(m => m.Groups[1].Value))
            .Where(text => Cjk().IsMatch(text))
            .ToHashSet();

    [GeneratedRegex("\"([^\"\\r\\n]*)\"")]
    private static partial Regex StringLiteral();

    /// <summary>Keys inside attributes (title="@L["角色"]"), where quotes nest.</summary>
    [GeneratedRegex("L\\[\"([^\"\\r\\n]+)\"\\]")]
    private static partial Regex LocalizerKey();

    [GeneratedRegex(@"[\u4e00-\u9fff]")]
    private static partial Regex Cjk();
}
