using System.Net;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Citizens;

/// <summary>The QR landing form: what arrives, what is refused, and that nothing typed is ever lost.</summary>
public class OpinionFormTests(CitizenPortalFixture portal) : IClassFixture<CitizenPortalFixture>
{
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private const string Station = "/s/990102001-01";
    private const string Content = "柳岸社区东门口的路灯坏了两个星期，晚上出入很不安全，希望尽快修好。";

    [Fact]
    public async Task TheStationFormIsLightNeedsNoScriptAndNamesTheStation()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.GetAsync(Station);
        var html = await response.Content.ReadAsStringAsync();
        using var css = await client.GetAsync("/css/public.css");
        var cssBytes = (await css.Content.ReadAsByteArrayAsync()).Length;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("湖滨街道人大代表之家", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(html) + cssBytes < 60 * 1024, $"page {html.Length} + css {cssBytes} bytes");
        var page = await HtmlForms.ParseAsync(response);
        Assert.NotNull(page.QuerySelector("form[enctype='multipart/form-data'] input[name='__RequestVerificationToken']"));
        Assert.NotNull(page.QuerySelector("input[name='website']"));
    }

    [Theory]
    [InlineData("/s/no-such-station")]
    [InlineData("/d/NOSUCH")]
    [InlineData("/x/990102001-01")]
    public async Task AnUnknownCodeIsNotFound(string url)
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ASubmissionWithAPhotoArrivesWithItsStationChannelEncryptedPhoneAndAQueuedSms()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SubmitMultipartAsync(Station, "form", new Dictionary<string, string>
        {
            ["Input.Title"] = "东门路灯不亮",
            ["Input.Content"] = Content,
            ["Input.Name"] = "李女士",
            ["Input.Phone"] = "138 1234 5678",
            ["Input.MayContact"] = "true",
        }, [new FormFile("Photos", "lamp.png", "image/png", Png)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var success = await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
        var code = success.QuerySelector("#tracking-code")!.TextContent.Replace("-", "", StringComparison.Ordinal);
        Assert.Equal(10, code.Length);
        Assert.Null(success.QuerySelector("#tracking-secret"));

        var saved = await portal.QueryAsync(db => db.Opinions.Include(o => o.Station).Include(o => o.Photos).SingleAsync(o => o.TrackingCode == code));
        Assert.Equal(OpinionChannel.Qr, saved.Channel);
        Assert.Equal("990102001-01", saved.Station.Code);
        Assert.Null(saved.DeputyId);
        Assert.Equal(OpinionState.Received, saved.State);
        Assert.Equal("李女士", saved.CitizenName);
        Assert.DoesNotContain("5678", saved.PhoneCipher!, StringComparison.Ordinal);
        Assert.Equal("image/png", Assert.Single(saved.Photos).ContentType);
        var sms = await portal.QueryAsync(db => db.OutboxMessages.Where(m => m.Kind == "opinion.received" && m.Body.Contains(code.Substring(5))).ToListAsync());
        Assert.Equal(MessageChannel.Sms, Assert.Single(sms).Channel);
        Assert.DoesNotContain("13812345678", sms[0].RecipientCipher, StringComparison.Ordinal);

        // The success page's code and the phone's last four digits show the status.
        using var track = await client.SubmitFormAsync("/track", "form", new Dictionary<string, string> { ["Code"] = code, ["Proof"] = "5678" });
        var tracked = await HtmlForms.ParseAsync(track);
        Assert.Contains("已受理", tracked.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("东门路灯不亮", tracked.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeputysCodeAddressesTheDeputyAndTheirPrimaryStation()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SubmitMultipartAsync("/d/D0004", "form", new Dictionary<string, string>
        {
            ["Input.Title"] = "请王代表关注老年食堂",
            ["Input.Content"] = "柳岸社区老年人多，希望能开一个老年食堂，解决吃饭难。",
            ["Input.Anonymous"] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var success = await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
        var code = success.QuerySelector("#tracking-code")!.TextContent.Replace("-", "", StringComparison.Ordinal);
        var secret = success.QuerySelector("#tracking-secret")!.TextContent;
        var saved = await portal.QueryAsync(db => db.Opinions.Select(o => new { o.TrackingCode, Deputy = o.Deputy!.Code, Station = o.Station.Code, o.IsAnonymous, o.CitizenName, o.PhoneCipher })
            .SingleAsync(o => o.TrackingCode == code));
        Assert.Equal("D0004", saved.Deputy);
        Assert.Equal("990102001-01", saved.Station);
        Assert.True(saved.IsAnonymous);
        Assert.Null(saved.PhoneCipher);

        // An anonymous submission is tracked with its secret; the success page shows it only once.
        using var again = await client.GetAsync("/opinions/submitted");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        using var wrong = await client.SubmitFormAsync("/track", "form", new Dictionary<string, string> { ["Code"] = code, ["Proof"] = "AAAAAA" });
        Assert.Contains("没有找到", (await HtmlForms.ParseAsync(wrong)).QuerySelector(".form-alert")!.TextContent, StringComparison.Ordinal);
        using var right = await client.SubmitFormAsync("/track", "form", new Dictionary<string, string> { ["Code"] = code.ToLowerInvariant(), ["Proof"] = secret });
        Assert.Contains("请王代表关注老年食堂", (await HtmlForms.ParseAsync(right)).QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    public static TheoryData<string, Dictionary<string, string>, string> BadInputs => new()
    {
        { "Input.Content", new() { ["Input.Title"] = "空内容", ["Input.Content"] = "" }, "至少 10 个字" },
        { "Input.Content", new() { ["Input.Title"] = "超长内容", ["Input.Content"] = new string('长', 2001) }, "最多 2000 个字" },
        { "Input.Title", new() { ["Input.Title"] = "", ["Input.Content"] = Content }, "概括" },
        { "Input.Phone", new() { ["Input.Title"] = "电话不对", ["Input.Content"] = Content, ["Input.Phone"] = "12345" }, "11 位手机号码" },
        { "Input.Phone", new() { ["Input.Title"] = "同意联系却没留电话", ["Input.Content"] = Content, ["Input.MayContact"] = "true" }, "请留下手机号码" },
        { "Input.Phone", new() { ["Input.Title"] = "匿名又留电话", ["Input.Content"] = Content, ["Input.Anonymous"] = "true", ["Input.Phone"] = "13812345678" }, "匿名提交不保留电话" },
        { "Input.CategoryCode", new() { ["Input.Title"] = "分类不存在", ["Input.Content"] = Content, ["Input.CategoryCode"] = "NOPE" }, "请从列表中选择分类" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task ABadFieldComesBackWithItsMessageAndEverythingTyped(string field, Dictionary<string, string> values, string message)
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SubmitMultipartAsync(Station, "form", values);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains(message, page.QuerySelector($"[data-valmsg-for='{field}']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(values["Input.Content"], page.QuerySelector("#Input_Content")!.TextContent.TrimStart('\n'));
        Assert.Equal(values["Input.Title"], page.QuerySelector("#Input_Title")!.GetAttribute("value"));
        Assert.False(await portal.QueryAsync(db => db.Opinions.AnyAsync(o => o.Title == values["Input.Title"])));
    }

    [Fact]
    public async Task AScriptTagIsStoredAsTypedAndShownEscaped()
    {
        const string script = "<script>alert('x')</script> 楼道里的灯坏了很久了";
        using var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SubmitMultipartAsync(Station, "form", new Dictionary<string, string>
        {
            ["Input.Title"] = "<b>灯</b>",
            ["Input.Content"] = script,
            ["Input.Phone"] = "13912340000",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await portal.QueryAsync(db => db.Opinions.SingleAsync(o => o.Content == script));

        using var track = await client.SubmitFormAsync("/track", "form", new Dictionary<string, string> { ["Code"] = saved.TrackingCode, ["Proof"] = "0000" });
        var html = await track.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;灯&lt;/b&gt;", html, StringComparison.Ordinal);

        using var staff = portal.Factory.CreateBrowserLikeClient();
        await staff.SignInAsync("office@liaison.demo");
        var details = await (await staff.GetAsync($"/Manage/Opinions/Details/{saved.TrackingCode}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", details, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert", details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARenamedProgramAndAnOversizedPhotoAreRefusedNextToThePhotosWithTheTextKept()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        byte[] program = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF];
        var big = new byte[6 * 1024 * 1024];
        Png.CopyTo(big, 0);
        using var response = await client.SubmitMultipartAsync(Station, "form", new Dictionary<string, string>
        {
            ["Input.Title"] = "照片有问题",
            ["Input.Content"] = Content,
        }, [new FormFile("Photos", "photo.jpg", "image/jpeg", program), new FormFile("Photos", "big.png", "image/png", big)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        var message = page.QuerySelector("[data-valmsg-for='Photos']")!.TextContent;
        Assert.Contains("“photo.jpg”不是 JPG、PNG 或 WebP 格式的照片", message, StringComparison.Ordinal);
        Assert.Contains("“big.png”超过 5 MB", message, StringComparison.Ordinal);
        Assert.Equal(Content, page.QuerySelector("#Input_Content")!.TextContent.TrimStart('\n'));
        Assert.False(await portal.QueryAsync(db => db.Opinions.AnyAsync(o => o.Title == "照片有问题")));
    }

    [Fact]
    public async Task AnUploadBeyondTheRequestLimitGetsAPlainAnswerNotAServerError()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        var huge = new byte[9 * 1024 * 1024];
        using var response = await client.SubmitMultipartAsync(Station, "form", new Dictionary<string, string>
        {
            ["Input.Title"] = "太大了",
            ["Input.Content"] = Content,
        }, [new FormFile("Photos", "a.jpg", "image/jpeg", huge), new FormFile("Photos", "b.jpg", "image/jpeg", huge)]);

        // Under the request limit, each photo is refused next to the field; over it, a plain 413 page (Kestrel).
        Assert.True((int)response.StatusCode is 200 or 413, response.StatusCode.ToString());
        if (response.StatusCode == HttpStatusCode.OK)
        {
            var page = await HtmlForms.ParseAsync(response);
            Assert.Contains("超过 5 MB", page.QuerySelector("[data-valmsg-for='Photos']")!.TextContent, StringComparison.Ordinal);
            Assert.Equal(Content, page.QuerySelector("#Input_Content")!.TextContent.TrimStart('\n'));
        }

        Assert.False(await portal.QueryAsync(db => db.Opinions.AnyAsync(o => o.Title == "太大了")));
    }

    [Fact]
    public async Task AFormReplayedWithoutItsAntiforgeryTokenIsRefusedWithTheTextKept()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SubmitMultipartAsync(Station, "form", new Dictionary<string, string>
        {
            ["Input.Title"] = "没有令牌",
            ["Input.Content"] = Content,
        }, alter: fields => fields.Where(f => f.Key != "__RequestVerificationToken").ToList());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("页面已过期", page.QuerySelector(".form-alert")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Content, page.QuerySelector("#Input_Content")!.TextContent.TrimStart('\n'));
        Assert.False(await portal.QueryAsync(db => db.Opinions.AnyAsync(o => o.Title == "没有令牌")));
    }

    [Fact]
    public async Task TheHoneypotRefusesRobotsWithoutLosingText()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SubmitMultipartAsync(Station, "form", new Dictionary<string, string>
        {
            ["Input.Title"] = "机器人",
            ["Input.Content"] = Content,
            ["website"] = "http://spam.example",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Content, (await HtmlForms.ParseAsync(response)).QuerySelector("#Input_Content")!.TextContent.TrimStart('\n'));
        Assert.False(await portal.QueryAsync(db => db.Opinions.AnyAsync(o => o.Title == "机器人")));
    }

    [Fact]
    public async Task AClosedStationsCodeLandsOnAFriendlyPageThatPointsToTheNearestActiveStation()
    {
        await portal.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<Core.Data.ApplicationDbContext>();
            var station = await db.Stations.SingleAsync(s => s.Code == "990102001-02");
            station.Close();
            return await db.SaveChangesAsync();
        });
        try
        {
            using var client = portal.Factory.CreateBrowserLikeClient();
            using var response = await client.GetAsync("/s/990102001-02");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await HtmlForms.ParseAsync(response);
            Assert.Contains("已停止接待", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
            var link = page.QuerySelector("a.action")!.GetAttribute("href")!;
            Assert.StartsWith("/s/", link, StringComparison.Ordinal);
            Assert.NotEqual("/s/990102001-02", link);
            Assert.Null(page.QuerySelector("form"));
            using var next = await client.GetAsync(link);
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        }
        finally
        {
            await portal.WithScopeAsync(async services =>
            {
                var db = services.GetRequiredService<Core.Data.ApplicationDbContext>();
                (await db.Stations.SingleAsync(s => s.Code == "990102001-02")).Reopen();
                return await db.SaveChangesAsync();
            });
        }
    }
}
