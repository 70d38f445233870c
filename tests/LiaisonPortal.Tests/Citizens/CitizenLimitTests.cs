using System.Net;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Tests.Citizens;

/// <summary>The defences with their real settings: a fresh app per test, so each starts with full allowances.</summary>
public class CitizenLimitTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private const string Content = "小区里的健身器材坏了，孩子玩的时候容易受伤，希望有人来修。";

    /// <summary>The production defaults, over the test factory's generous ones.</summary>
    private static Dictionary<string, string?> RealLimits(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["RateLimits:PostsPerAddressPerHour"] = "10", ["RateLimits:PostsPerPhonePerDay"] = "5" };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task ThirtyRapidSubmissionsFromOneAddressAreLimitedAndTheLimitedOnesKeepTheirText()
    {
        await using var factory = new PortalFactory(database.ConnectionString, settings: RealLimits(("Citizens:MinimumFillSeconds", "0")));
        using var client = factory.CreateBrowserLikeClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            var title = $"连续提交 {i}";
            using var response = await client.SubmitMultipartAsync("/s/990102001-03", "form", new Dictionary<string, string>
            {
                ["Input.Title"] = title,
                ["Input.Content"] = Content,
            });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var page = await HtmlForms.ParseAsync(response);
                Assert.Contains("提交次数过多", page.QuerySelector(".form-alert")!.TextContent, StringComparison.Ordinal);
                Assert.Equal(Content, page.QuerySelector("#Input_Content")!.TextContent.TrimStart('\n'));
                Assert.Equal(title, page.QuerySelector("#Input_Title")!.GetAttribute("value"));
            }
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Redirect));
        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.DoesNotContain(HttpStatusCode.InternalServerError, statuses);
        Assert.Equal(10, await database.QueryAsync(db => db.Opinions.CountAsync(o => o.Title.StartsWith("连续提交"))));
    }

    [Fact]
    public async Task AFormSentFasterThanAPersonCanTypeComesBackWithTheText()
    {
        await using var factory = new PortalFactory(database.ConnectionString, settings: RealLimits());
        using var client = factory.CreateBrowserLikeClient();
        using var response = await client.SubmitMultipartAsync("/s/990102001-03", "form", new Dictionary<string, string>
        {
            ["Input.Title"] = "太快了",
            ["Input.Content"] = Content,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("提交得太快了", page.QuerySelector(".form-alert")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Content, page.QuerySelector("#Input_Content")!.TextContent.TrimStart('\n'));
    }

    [Fact]
    public async Task TwentyWrongTrackingCodesAnswerNotFoundThenAreLimitedNeverAServerError()
    {
        await using var factory = new PortalFactory(database.ConnectionString, settings: RealLimits());
        using var client = factory.CreateBrowserLikeClient();
        var answers = new List<(HttpStatusCode Status, string Message)>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await client.SubmitFormAsync("/track", "form", new Dictionary<string, string>
            {
                ["Code"] = $"ABCDE{i:00}XYZ"[..10],
                ["Proof"] = "1234",
            });
            var page = await HtmlForms.ParseAsync(response);
            answers.Add((response.StatusCode, page.QuerySelector(".form-alert")!.TextContent));
            Assert.Equal($"ABCDE{i:00}XYZ"[..10], page.QuerySelector("#code")!.GetAttribute("value"));
        }

        Assert.All(answers.Take(10), a => Assert.Equal((HttpStatusCode.OK, "没有找到。请核对查询码，以及手机号码后四位或查询密码。"), a));
        Assert.All(answers.Skip(10), a =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a.Status);
            Assert.Contains("查询错误次数过多", a.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task GuessingTheLastDigitsOfOneCodeIsStoppedAfterFiveTries()
    {
        await using var factory = new PortalFactory(database.ConnectionString, settings: RealLimits(("Citizens:MinimumFillSeconds", "0")));
        using var client = factory.CreateBrowserLikeClient();
        using var submitted = await client.SubmitMultipartAsync("/s/990102001-03", "form", new Dictionary<string, string>
        {
            ["Input.Title"] = "猜尾号",
            ["Input.Content"] = Content,
            ["Input.Phone"] = "13700001111",
        });
        var code = await database.QueryAsync(db => db.Opinions.Where(o => o.Title == "猜尾号").Select(o => o.TrackingCode).SingleAsync());

        var statuses = new List<HttpStatusCode>();
        foreach (var guess in new[] { "0000", "0001", "0002", "0003", "0004", "1111" })
        {
            using var response = await client.SubmitFormAsync("/track", "form", new Dictionary<string, string> { ["Code"] = code, ["Proof"] = guess });
            statuses.Add(response.StatusCode);
        }

        // Even the right digits are refused once the code has had five wrong tries.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests], statuses);
    }
}
