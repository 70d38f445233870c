using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using LiaisonPortal.Core.Partners;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Partners;

/// <summary>对接平台 admin pages through their real forms: the key shown once, validation, stale edits, revocation, key replacement, access.</summary>
public class PartnerAdminPagesTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string PartnersUrl = "/Admin/Partners";

    [Fact]
    public async Task ANewPartnerShowsItsKeyOnceAndTheDatabaseKeepsOnlyItsHash()
    {
        using var admin = await AdminAsync();

        using var created = await admin.SubmitFormAsync("/Admin/Partners/Create", "#partner-form", new Dictionary<string, string>
        {
            ["Input.Name"] = "市民意见征集系统",
            ["Input.Contact"] = "信息中心 张工 0510-12345678",
            ["Input.IpAllowList"] = "10.0.0.0/8\n203.0.113.7",
            ["Input.RateLimitPerMinute"] = "120",
            ["Input.WebhookUrl"] = "https://partner.example/hooks/liaison",
        });

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.True(created.Headers.CacheControl?.NoStore, "the page with the key is marked no-store");
        var page = await HtmlForms.ParseAsync(created);
        var key = page.QuerySelector("[data-testid=api-key]")!.TextContent.Trim();
        var secret = page.QuerySelector("[data-testid=webhook-secret]")!.TextContent.Trim();
        Assert.StartsWith("lp_", key, StringComparison.Ordinal);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Contains("只在这里显示这一次", page.QuerySelector("[data-testid=credentials]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("[data-testid=credentials] a[href='/Help/Api']"));

        var caller = await AuthenticateAsync(key);
        Assert.NotNull(caller);
        Assert.Equal("市民意见征集系统", caller.Name);
        Assert.False(caller.IsRevoked);
        Assert.True(caller.May(PartnerOperations.All));
        Assert.Equal(120, caller.RateLimitPerMinute);
        Assert.True(caller.AllowsAddress(IPAddress.Parse("10.20.30.40")));
        Assert.True(caller.AllowsAddress(IPAddress.Parse("203.0.113.7")));
        Assert.False(caller.AllowsAddress(IPAddress.Parse("192.0.2.1")));
        Assert.Equal(secret, await portal.WithScopeAsync(s => s.GetRequiredService<PartnerSystems>().WebhookSecretAsync(caller.Id)));

        // The row as PostgreSQL holds it: the hash and the key's prefix, never the key or the secret in clear.
        var row = await RowJsonAsync(caller.Id);
        Assert.DoesNotContain(key, row, StringComparison.Ordinal);
        Assert.DoesNotContain(key["lp_".Length..], row, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, row, StringComparison.Ordinal);
        Assert.Contains(PartnerSystems.Hash(key), row, StringComparison.Ordinal);

        // Not reachable again: the form comes back empty, the details and the list show only the prefix.
        foreach (var url in new[] { "/Admin/Partners/Create", $"/Admin/Partners/Details/{caller.Id}", PartnersUrl })
        {
            using var again = await admin.GetAsync(url);
            var html = await again.Content.ReadAsStringAsync();
            Assert.DoesNotContain(key, html, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        }

        var list = await admin.GetDocumentAsync(PartnersUrl + "?q=" + Uri.EscapeDataString("市民意见征集"));
        var listed = Assert.Single(list.QuerySelectorAll("[data-testid=partners] tbody tr"));
        Assert.Equal(key[..11] + "…", listed.QuerySelector("[data-testid=key-prefix]")!.TextContent.Trim());
        Assert.Contains("提交诉求", listed.TextContent, StringComparison.Ordinal);
        Assert.Contains("有效", listed.TextContent, StringComparison.Ordinal);

        // The change log names the new partner and that a key hash was set, not its value.
        var added = Regex.Unescape(await portal.QueryAsync(db => db.AuditEntries
            .Where(a => a.EntityType == nameof(PartnerSystem) && a.EntityKey == "市民意见征集系统" && a.Action == "Added").Select(a => a.Changes).SingleAsync()));
        Assert.Contains("\"KeyHash\": [null, \"（已修改）\"]", added, StringComparison.Ordinal);
        Assert.Contains("\"WebhookSecretCipher\": [null, \"（已修改）\"]", added, StringComparison.Ordinal);
        Assert.Contains("https://partner.example/hooks/liaison", added, StringComparison.Ordinal);
        Assert.DoesNotContain(PartnerSystems.Hash(key), added, StringComparison.Ordinal);
        Assert.DoesNotContain(key, added, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, added, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedFormComesBackWithEachMessageNextToItsFieldAndEverythingTypedKept()
    {
        using var admin = await AdminAsync();
        var form = await FormAsync(admin, "/Admin/Partners/Create", "#partner-form");
        var fields = HtmlForms.FieldsOf(form).Where(f => f.Key != "Input.Operations").ToList();
        Set(fields, "Input.Name", "   ");
        Set(fields, "Input.Contact", "王科长 13800000000");
        Set(fields, "Input.IpAllowList", "10.0.0.0/8\n10.0.0.300");
        Set(fields, "Input.RateLimitPerMinute", "很多");
        Set(fields, "Input.WebhookUrl", "ftp://partner.example/hook");

        using var refused = await PostAsync(admin, "/Admin/Partners/Create", fields);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await HtmlForms.ParseAsync(refused);
        Assert.Null(page.QuerySelector("[data-testid=credentials]"));
        Assert.Contains("请填写对接平台的名称", Message(page, "Input.Name"), StringComparison.Ordinal);
        Assert.Contains("请至少允许一项操作", Message(page, "Input.Operations"), StringComparison.Ordinal);
        Assert.Contains("10.0.0.300", Message(page, "Input.IpAllowList"), StringComparison.Ordinal);
        Assert.Contains("1 到 6000", Message(page, "Input.RateLimitPerMinute"), StringComparison.Ordinal);
        Assert.Contains("https://", Message(page, "Input.WebhookUrl"), StringComparison.Ordinal);
        Assert.Equal("王科长 13800000000", page.GetElementById("Input_Contact")!.GetAttribute("value"));
        Assert.Equal("10.0.0.0/8\n10.0.0.300", ((IHtmlTextAreaElement)page.GetElementById("Input_IpAllowList")!).Value);
        Assert.Equal("很多", page.GetElementById("Input_RateLimitPerMinute")!.GetAttribute("value"));
        Assert.Equal("ftp://partner.example/hook", page.GetElementById("Input_WebhookUrl")!.GetAttribute("value"));
        Assert.Empty(page.QuerySelectorAll("input[name='Input.Operations'][checked]"));
        Assert.Equal(0, await portal.QueryAsync(db => db.PartnerSystems.CountAsync(p => p.Contact == "王科长 13800000000")));
    }

    [Fact]
    public async Task ASecondPartnerWithTheSameNameIsRefusedWithTheNameInTheMessage()
    {
        using var admin = await AdminAsync();
        await CreateAsync("12345 政务服务热线");

        using var refused = await admin.SubmitFormAsync("/Admin/Partners/Create", "#partner-form", new Dictionary<string, string>
        {
            ["Input.Name"] = " 12345 政务服务热线 ",
            ["Input.Contact"] = "热线办",
        });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await HtmlForms.ParseAsync(refused);
        Assert.Contains("已有名为“12345 政务服务热线”的对接平台", Message(page, "Input.Name"), StringComparison.Ordinal);
        Assert.Equal("热线办", page.GetElementById("Input_Contact")!.GetAttribute("value"));
        Assert.Equal(1, await portal.QueryAsync(db => db.PartnerSystems.CountAsync(p => p.Name == "12345 政务服务热线")));
    }

    [Fact]
    public async Task AnEditOverAStaleVersionAnswers409KeepsWhatWasTypedAndSavesOnTheSecondTry()
    {
        using var admin = await AdminAsync();
        var credentials = await CreateAsync("小程序随手拍");
        var url = $"/Admin/Partners/Edit/{credentials.PartnerId}";
        var stale = HtmlForms.FieldsOf(await FormAsync(admin, url, "#partner-form"));

        // Another admin saves first.
        var version = await portal.QueryAsync(db => db.PartnerSystems.Where(p => p.Id == credentials.PartnerId).Select(p => p.Version).SingleAsync());
        var first = await portal.WithScopeAsync(s => s.GetRequiredService<PartnerSystems>().UpdateAsync(
            credentials.PartnerId, new PartnerInput("小程序随手拍", "另一位管理员", PartnerOperations.All, null, 30, null), version));
        Assert.True(first.Succeeded);

        Set(stale, "Input.Name", "随手拍小程序");
        Set(stale, "Input.RateLimitPerMinute", "90");
        using var conflict = await PostAsync(admin, url, stale);

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var page = await HtmlForms.ParseAsync(conflict);
        Assert.Contains("刚被其他人修改过", page.QuerySelector("[data-testid=form-message]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("随手拍小程序", page.GetElementById("Input_Name")!.GetAttribute("value"));
        Assert.Equal("90", page.GetElementById("Input_RateLimitPerMinute")!.GetAttribute("value"));
        Assert.Equal("小程序随手拍", await NameAsync(credentials.PartnerId));

        // The form came back with the fresh version: saving it again is a deliberate overwrite.
        using var saved = await PostAsync(admin, url, HtmlForms.FieldsOf((IHtmlFormElement)page.QuerySelector("#partner-form")!));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/Admin/Partners/Details/{credentials.PartnerId}", saved.Headers.Location!.OriginalString);
        Assert.Equal("随手拍小程序", await NameAsync(credentials.PartnerId));
        Assert.Equal(90, (await AuthenticateAsync(credentials.ApiKey))!.RateLimitPerMinute);
    }

    [Theory]
    [InlineData("/Admin/Partners/Edit/987654")]
    [InlineData("/Admin/Partners/Details/987654")]
    [InlineData("/Admin/Partners/Details/987654?handler=Export&format=csv")]
    public async Task AnUnknownPartnerIsNotFound(string url)
    {
        using var admin = await AdminAsync();
        using var response = await admin.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task RevokingAfterConfirmationRefusesTheKeyAndAnEditDoesNotBringItBack()
    {
        using var admin = await AdminAsync();
        var credentials = await CreateAsync("旧版民意直通车");
        var details = $"/Admin/Partners/Details/{credentials.PartnerId}";
        var before = await admin.GetDocumentAsync(details);
        Assert.Contains("每次调用立即被拒绝（403）", before.QuerySelector("#revoke-form")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(before.QuerySelector("details#revoke > #revoke-form"));

        using var revoked = await admin.SubmitFormAsync(details, "#revoke-form", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.True((await AuthenticateAsync(credentials.ApiKey))!.IsRevoked);
        var after = await admin.GetDocumentAsync(details);
        Assert.Equal("已吊销", after.QuerySelector("[data-testid=status]")!.TextContent.Trim());
        Assert.Null(after.QuerySelector("#revoke-form"));
        Assert.Null(after.QuerySelector("#replace-form"));

        using var edited = await admin.SubmitFormAsync($"/Admin/Partners/Edit/{credentials.PartnerId}", "#partner-form",
            new Dictionary<string, string> { ["Input.Contact"] = "已停用，留档" });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.True((await AuthenticateAsync(credentials.ApiKey))!.IsRevoked);
        Assert.NotNull(await portal.QueryAsync(db => db.PartnerSystems.Where(p => p.Id == credentials.PartnerId).Select(p => p.RevokedAt).SingleAsync()));

        var revokedList = await admin.GetDocumentAsync(PartnersUrl + "?status=Revoked&q=" + Uri.EscapeDataString("民意直通车"));
        Assert.Contains("已吊销", Assert.Single(revokedList.QuerySelectorAll("[data-testid=partners] tbody tr")).TextContent, StringComparison.Ordinal);
        var activeList = await admin.GetDocumentAsync(PartnersUrl + "?status=Active&q=" + Uri.EscapeDataString("民意直通车"));
        Assert.NotNull(activeList.QuerySelector("[data-testid=empty-list]"));
    }

    [Fact]
    public async Task ReplacingTheKeyShowsTheNewOneOnceTheOldOneStopsWorkingAndAStaleConfirmationIsRefused()
    {
        using var admin = await AdminAsync();
        var credentials = await CreateAsync("人民建议征集平台");
        var details = $"/Admin/Partners/Details/{credentials.PartnerId}";
        var stale = HtmlForms.FieldsOf(await FormAsync(admin, details, "#replace-form"));

        using var replaced = await admin.SubmitFormAsync(details, "#replace-form", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.True(replaced.Headers.CacheControl?.NoStore);
        var page = await HtmlForms.ParseAsync(replaced);
        var newKey = page.QuerySelector("[data-testid=api-key]")!.TextContent.Trim();
        Assert.NotEqual(credentials.ApiKey, newKey);
        Assert.Null(await AuthenticateAsync(credentials.ApiKey));
        Assert.Equal(credentials.PartnerId, (await AuthenticateAsync(newKey))!.Id);
        Assert.DoesNotContain(newKey, await (await admin.GetAsync(details)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The change log says the hash changed, without either value.
        var changes = await portal.QueryAsync(db => db.AuditEntries
            .Where(a => a.EntityType == nameof(PartnerSystem) && a.EntityKey == "人民建议征集平台" && a.Action == "Modified")
            .Select(a => a.Changes).ToListAsync());
        var replacement = Regex.Unescape(Assert.Single(changes));
        Assert.Contains("\"KeyHash\": [\"（已修改）\", \"（已修改）\"]", replacement, StringComparison.Ordinal);
        Assert.Contains("\"WebhookSecretCipher\": [\"（已修改）\", \"（已修改）\"]", replacement, StringComparison.Ordinal);
        Assert.DoesNotContain(PartnerSystems.Hash(newKey), replacement, StringComparison.Ordinal);
        Assert.DoesNotContain(PartnerSystems.Hash(credentials.ApiKey), replacement, StringComparison.Ordinal);

        // The confirmation read before the replacement carries the old version: refused, no key shown.
        using var again = await PostAsync(admin, details + "?handler=ReplaceKey", stale);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var refused = await HtmlForms.ParseAsync(again);
        Assert.Null(refused.QuerySelector("[data-testid=credentials]"));
        Assert.False(string.IsNullOrWhiteSpace(refused.QuerySelector("[data-testid=form-message]")!.TextContent));
        Assert.Equal(credentials.PartnerId, (await AuthenticateAsync(newKey))!.Id);
    }

    [Theory]
    [InlineData("/Admin/Partners")]
    [InlineData("/Admin/Partners/Create")]
    [InlineData("/Admin/Partners/Details/{0}")]
    [InlineData("/Admin/Partners/Edit/{0}")]
    [InlineData("/Admin/Partners/Details/{0}?handler=Export&format=csv")]
    public async Task OnlyAdministratorsMayOpenThePartnerPages(string url)
    {
        var credentials = await CreateAsync("权限测试平台 " + Guid.NewGuid().ToString("N")[..6]);
        var target = string.Format(System.Globalization.CultureInfo.InvariantCulture, url, credentials.PartnerId);
        using var office = portal.Factory.CreateBrowserLikeClient();
        await office.SignInAsync("office@liaison.demo");

        using var response = await office.GetAsync(target);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var anonymous = portal.Factory.CreateBrowserLikeClient();
        using var signedOut = await anonymous.GetAsync(target);
        Assert.Contains("/Account/Login", signedOut.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOfficeAccountCannotRevokeAKeyByPostingDirectly()
    {
        var credentials = await CreateAsync("直接提交测试平台");
        using var admin = await AdminAsync();
        var fields = HtmlForms.FieldsOf(await FormAsync(admin, $"/Admin/Partners/Details/{credentials.PartnerId}", "#revoke-form"));
        using var office = portal.Factory.CreateBrowserLikeClient();
        await office.SignInAsync("office@liaison.demo");
        // The office's own antiforgery token, from a page it may open.
        var token = (await office.GetDocumentAsync("/Manage/Opinions")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        Set(fields, "__RequestVerificationToken", token);

        using var response = await PostAsync(office, $"/Admin/Partners/Details/{credentials.PartnerId}?handler=Revoke", fields);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await AuthenticateAsync(credentials.ApiKey))!.IsRevoked);
    }

    [Fact]
    public async Task AnEmptySearchSaysSoAndTheListPagesByTwenty()
    {
        using var admin = await AdminAsync();
        var empty = await admin.GetDocumentAsync(PartnersUrl + "?q=" + Uri.EscapeDataString("没有这个平台"));
        Assert.Contains("没有符合条件的对接平台", empty.QuerySelector("[data-testid=empty-list]")!.TextContent, StringComparison.Ordinal);

        await portal.QueryAsync(db =>
        {
            var at = DateTimeOffset.UtcNow;
            for (var i = 1; i <= 23; i++)
            {
                var prefix = "pg" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
                db.PartnerSystems.Add(new PartnerSystem($"分页平台{i:D2}", prefix, PartnerSystems.Hash("lp_" + prefix), PartnerOperations.ReadServices, 60, at));
            }

            return db.SaveChangesAsync();
        });

        var first = await admin.GetDocumentAsync(PartnersUrl + "?q=" + Uri.EscapeDataString("分页平台"));
        Assert.Contains("共 23 个对接平台", first.QuerySelector("[data-testid=result-count]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(20, first.QuerySelectorAll("[data-testid=partners] tbody tr").Length);
        var next = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        var second = await admin.GetDocumentAsync(next);
        Assert.Equal(["分页平台21", "分页平台22", "分页平台23"], second.QuerySelectorAll("[data-testid=partners] tbody tr td:first-child > a").Select(a => a.TextContent));
    }

    private async Task<HttpClient> AdminAsync()
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SignInAsync("admin@liaison.demo");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private async Task<PartnerCredentials> CreateAsync(string name)
    {
        var (result, credentials) = await portal.WithScopeAsync(s => s.GetRequiredService<PartnerSystems>().CreateAsync(
            new PartnerInput(name, null, PartnerOperations.All, null, null, null)));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        return credentials!;
    }

    private Task<PartnerCaller?> AuthenticateAsync(string key) =>
        portal.WithScopeAsync(s => s.GetRequiredService<PartnerSystems>().AuthenticateAsync(key));

    private Task<string> NameAsync(int id) => portal.QueryAsync(db => db.PartnerSystems.Where(p => p.Id == id).Select(p => p.Name).SingleAsync());

    private Task<string> RowJsonAsync(int id) => portal.QueryAsync(db => db.Database
        .SqlQuery<string>($"SELECT row_to_json(p)::text AS \"Value\" FROM \"PartnerSystems\" p WHERE p.\"Id\" = {id}").SingleAsync());

    private static async Task<IHtmlFormElement> FormAsync(HttpClient client, string url, string selector) =>
        (IHtmlFormElement)((await client.GetDocumentAsync(url)).QuerySelector(selector) ?? throw new InvalidOperationException($"No form '{selector}' on {url}"));

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, List<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(url, content);
    }

    private static void Set(List<KeyValuePair<string, string>> fields, string name, string value)
    {
        fields.RemoveAll(f => f.Key == name);
        fields.Add(new(name, value));
    }

    private static string Message(IHtmlDocument page, string field) =>
        page.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent ?? throw new InvalidOperationException($"No message slot for {field}");
}
