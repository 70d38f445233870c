using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Partners;
using LiaisonPortal.Tests.Exports;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Partners;

/// <summary>
/// The partner list's recent-call figures and a partner's call log (调用日志): 50 a page, newest first, filtered by China-time
/// days, outcome and operation, and exported with the same filters. The calls are written straight into PartnerCalls, as
/// the Open311 interface writes them.
/// </summary>
public class PartnerCallLogTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    // 2026-03-10 00:00 in China.
    private static readonly DateTimeOffset March10 = new(2026, 3, 9, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TheListCountsEachPartnersCallsOfTheLastDayAndShowsItsLastCall()
    {
        var busy = await CreateAsync("近期调用平台");
        var quiet = await CreateAsync("久未调用平台");
        var unused = await CreateAsync("从未调用平台");
        var now = DateTimeOffset.UtcNow;
        await AddCallsAsync(
            Call(busy, now.AddHours(-1), 200, "submit"),
            Call(busy, now.AddHours(-3), 403, "submit"),
            Call(busy, now.AddHours(-30), 200, "services"),
            Call(quiet, now.AddDays(-10), 200, "services"),
            Call(null, now.AddMinutes(-5), 401, "submit"));
        using var admin = await LedgerExports.SignedInAsync(portal, "admin@liaison.demo");

        var list = await admin.GetDocumentAsync("/Admin/Partners?q=" + Uri.EscapeDataString("调用平台"));

        var rows = list.QuerySelectorAll("[data-testid=partners] tbody tr").ToDictionary(r => int.Parse(r.GetAttribute("data-id")!, CultureInfo.InvariantCulture));
        Assert.Equal(3, rows.Count);
        Assert.Equal("2", rows[busy].QuerySelector("[data-testid=calls-last-day]")!.TextContent.Trim());
        Assert.Equal(ChinaTime.Minutes(now.AddHours(-1)), rows[busy].QuerySelector("[data-testid=last-call]")!.TextContent.Trim());
        Assert.Equal("0", rows[quiet].QuerySelector("[data-testid=calls-last-day]")!.TextContent.Trim());
        Assert.Equal(ChinaTime.Minutes(now.AddDays(-10)), rows[quiet].QuerySelector("[data-testid=last-call]")!.TextContent.Trim());
        Assert.Equal("0", rows[unused].QuerySelector("[data-testid=calls-last-day]")!.TextContent.Trim());
        Assert.Equal("从未调用", rows[unused].QuerySelector("[data-testid=last-call]")!.TextContent.Trim());
    }

    [Fact]
    public async Task TheCallLogPagesFiftyNewestFirstFiltersAndExportsTheSameRows()
    {
        var partner = await CreateAsync("调用日志平台");
        var other = await CreateAsync("另一个平台");
        var calls = new List<PartnerCall>();
        for (var i = 0; i < 60; i++)
        {
            calls.Add(Call(partner, March10.AddHours(2).AddMinutes(i), 200, "services"));
        }

        for (var i = 0; i < 30; i++)
        {
            var submitted = Call(partner, March10.AddDays(1).AddHours(3).AddMinutes(i), 201, "submit");
            submitted.ServiceRequestId = "K7M2Q9XP" + (char)('A' + (i % 20)) + "R";
            calls.Add(submitted);
        }

        for (var i = 0; i < 20; i++)
        {
            var refused = Call(partner, March10.AddDays(2).AddHours(4).AddMinutes(i), 403, "submit");
            refused.Error = "密钥已吊销";
            calls.Add(refused);
        }

        for (var i = 0; i < 10; i++)
        {
            calls.Add(Call(partner, March10.AddDays(2).AddHours(9).AddMinutes(i), 500, "requests"));
        }

        // Either side of midnight in China, which UTC puts on the same day.
        calls.Add(Call(partner, March10.AddMinutes(10), 200, "discovery"));
        calls.Add(Call(partner, March10.AddMinutes(-10), 200, "discovery"));
        calls.Add(Call(other, March10.AddHours(5), 200, "services"));
        calls.Add(Call(null, March10.AddHours(5), 401, "services"));
        await AddCallsAsync([.. calls]);
        var url = $"/Admin/Partners/Details/{partner}";
        using var admin = await LedgerExports.SignedInAsync(portal, "admin@liaison.demo");

        var first = await admin.GetDocumentAsync(url);
        Assert.Equal("共 122 次调用", first.QuerySelector("[data-testid=call-count]")!.TextContent.Trim());
        var shown = Times(first);
        Assert.Equal(50, shown.Count);
        Assert.Equal(ChinaTime.Of(March10.AddDays(2).AddHours(9).AddMinutes(9)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), shown[0]);
        Assert.Equal(shown.OrderByDescending(t => t, StringComparer.Ordinal), shown);
        var third = await admin.GetDocumentAsync(url + "?page=3");
        Assert.Equal(22, Times(third).Count);
        Assert.Equal("2026-03-09 23:50:00", Times(third)[^1]);

        Assert.Equal(61, await CountAsync(admin, url + "?from=2026-03-10&to=2026-03-10"));
        Assert.Equal(20, await CountAsync(admin, url + "?outcome=Refused"));
        Assert.Equal(10, await CountAsync(admin, url + "?outcome=Failed"));
        Assert.Equal(92, await CountAsync(admin, url + "?outcome=Succeeded"));
        Assert.Equal(50, await CountAsync(admin, url + "?op=submit"));
        Assert.Equal(30, await CountAsync(admin, url + "?op=submit&outcome=Succeeded&from=2026-03-11"));

        var refusedPage = await admin.GetDocumentAsync(url + "?outcome=Refused");
        Assert.Contains("密钥已吊销", refusedPage.QuerySelector("[data-testid=calls] tbody tr")!.TextContent, StringComparison.Ordinal);
        var submittedPage = await admin.GetDocumentAsync(url + "?outcome=Succeeded&op=submit");
        Assert.NotNull(submittedPage.QuerySelector("[data-testid=calls] a[href^='/Manage/Opinions/Details/K7M2Q9XP']"));

        // The export link carries the filters; it holds every matching row, not one page.
        var filtered = await admin.GetDocumentAsync(url + "?from=2026-03-12&to=2026-03-12");
        var lines = await LedgerExports.CsvAsync(admin, filtered.QuerySelector("[data-testid=export]")!.GetAttribute("href")!);
        Assert.Equal("时间,方法,路径,操作,状态码,耗时（毫秒）,来源地址,生成的查询码,错误", lines[0]);
        Assert.Equal(30, lines.Length - 1);
        Assert.Equal("2026-03-12 09:09:00,GET,/open311/v2/requests.json,查询诉求列表,500,42,192.0.2.10,,", lines[1]);
        Assert.Equal(20, lines.Count(l => l.EndsWith(",密钥已吊销", StringComparison.Ordinal)));

        using var xlsx = await admin.GetAsync(first.QuerySelector("[data-testid=export-xlsx]")!.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("no-store", xlsx.Headers.CacheControl?.ToString());
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        Assert.Equal(123, workbook.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().Count());
    }

    [Fact]
    public async Task APartnerWithoutCallsSaysHowCallsWillArrive()
    {
        var partner = await CreateAsync("新接入平台");
        using var admin = await LedgerExports.SignedInAsync(portal, "admin@liaison.demo");

        var page = await admin.GetDocumentAsync($"/Admin/Partners/Details/{partner}");
        Assert.Contains("/open311/v2/", page.QuerySelector("[data-testid=empty-calls]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=export]"));

        var filtered = await admin.GetDocumentAsync($"/Admin/Partners/Details/{partner}?outcome=Failed");
        Assert.Contains("没有符合条件的调用", filtered.QuerySelector("[data-testid=empty-calls]")!.TextContent, StringComparison.Ordinal);
    }

    private static PartnerCall Call(int? partner, DateTimeOffset at, int status, string operation) =>
        new(partner, at, operation == "submit" ? "POST" : "GET", "/open311/v2/" + operation + ".json", operation, status, 42, "192.0.2.10");

    private static List<string> Times(AngleSharp.Html.Dom.IHtmlDocument page) =>
        [.. page.QuerySelectorAll("[data-testid=calls] tbody tr td:first-child").Select(td => td.TextContent.Trim())];

    private static async Task<int> CountAsync(HttpClient client, string url)
    {
        var text = (await client.GetDocumentAsync(url)).QuerySelector("[data-testid=call-count]")!.TextContent.Trim();
        return int.Parse(text.Replace("共 ", string.Empty, StringComparison.Ordinal).Replace(" 次调用", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }

    private async Task<int> CreateAsync(string name)
    {
        var (result, credentials) = await portal.WithScopeAsync(s => s.GetRequiredService<PartnerSystems>().CreateAsync(
            new PartnerInput(name, null, PartnerOperations.All, null, null, null)));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        return credentials!.PartnerId;
    }

    private Task<int> AddCallsAsync(params PartnerCall[] calls) => portal.QueryAsync(db =>
    {
        db.PartnerCalls.AddRange(calls);
        return db.SaveChangesAsync();
    });
}
