using System.Net;
using System.Net.Http.Headers;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Tests.Pages.Manage;

public class DeputyAndUnitEditingTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];

    [Fact]
    public async Task ANewDeputyIsEnrolledInTheChosenStationsWithThePrimaryOneMarked()
    {
        using var client = await SignedInAsync("office@liaison.demo");

        using var response = await PostDeputyAsync(client, "/Manage/Deputies/Edit", "D9001", ["990102001003-01", "990102001004-01"], primary: "990102001004-01");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var enrolments = await EnrolmentsAsync("D9001");
        Assert.Equal([("990102001003-01", false), ("990102001004-01", true)], enrolments);
    }

    [Fact]
    public async Task ChangingThePrimaryStationAndLeavingTheOldOneIsSavedDespiteTheOnePrimaryIndex()
    {
        using var client = await SignedInAsync("office@liaison.demo");
        using var created = await PostDeputyAsync(client, "/Manage/Deputies/Edit", "D9002", ["990102001005-01", "990102001006-01"], primary: "990102001005-01");

        using var moved = await PostDeputyAsync(client, "/Manage/Deputies/Edit/D9002", null, ["990102001006-01", "990102001007-01"], primary: "990102001007-01");

        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal([("990102001006-01", false), ("990102001007-01", true)], await EnrolmentsAsync("D9002"));
    }

    [Fact]
    public async Task ADistrictAccountKeepsAnotherDistrictsEnrolmentWhenEditingADeputy()
    {
        using var client = await SignedInAsync("office@liaison.demo");

        // D0006 is enrolled in 荷塘 (东湖区) and in 西山区民情联络室, which this account does not manage.
        using var response = await PostDeputyAsync(client, "/Manage/Deputies/Edit/D0006", null, ["990102001002-01", "990102001008-01"], primary: null);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var enrolments = await EnrolmentsAsync("D0006");
        Assert.Contains(("990103-01", false), enrolments);
        Assert.Contains(("990102001008-01", false), enrolments);
        Assert.Contains(("990102001002-01", true), enrolments);
    }

    [Fact]
    public async Task TwoPeopleChangingOnlyADeputysStationsAtOnceCannotBothWin()
    {
        using var first = await SignedInAsync("office@liaison.demo");
        using var second = await SignedInAsync("admin@liaison.demo");
        var stale = await first.GetDocumentAsync("/Manage/Deputies/Edit/D0012");
        var fields = HtmlForms.FieldsOf((AngleSharp.Html.Dom.IHtmlFormElement)stale.QuerySelector("form.staff-form")!)
            .Where(f => f.Key != "Input.StationCodes").Append(new("Input.StationCodes", "990102001002-01")).Append(new("Input.StationCodes", "990102001009-01")).ToList();

        using var newer = await PostDeputyAsync(second, "/Manage/Deputies/Edit/D0012", null, ["990102001002-01", "990102001010-01"], primary: null);
        using var response = await first.PostAsync("/Manage/Deputies/Edit/D0012", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, newer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("刚被其他人修改过", (await HtmlForms.ParseAsync(response)).QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);
        Assert.Equal([("990102001002-01", true), ("990102001010-01", false)], await EnrolmentsAsync("D0012"));
        Assert.Equal(0, await portal.QueryAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == "Deputy" && a.EntityKey == "D0012" && a.Action == "Modified")));
    }

    [Fact]
    public async Task BadDeputyInputIsExplainedFieldByField()
    {
        using var client = await SignedInAsync("office@liaison.demo");

        using var response = await client.SubmitFormAsync("/Manage/Deputies/Edit", "form.staff-form", new Dictionary<string, string>
        {
            ["Input.Code"] = "D 9003",
            ["Input.Name"] = "张三",
            ["Input.Level"] = "Mayor",
            ["Input.TermStart"] = "2027-01-01",
            ["Input.TermEnd"] = "2026-01-01",
        });

        var page = await HtmlForms.ParseAsync(response);
        string Message(string field) => page.QuerySelector($"[data-valmsg-for='Input.{field}']")!.TextContent;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("代表编号只能包含字母、数字", Message("Code"), StringComparison.Ordinal);
        Assert.Contains("代表层级“Mayor”无法识别", Message("Level"), StringComparison.Ordinal);
        Assert.Equal("任期结束不能早于任期开始。", Message("TermEnd"));
        Assert.Equal("张三", page.QuerySelector("#Input_Name")!.GetAttribute("value"));
    }

    [Fact]
    public async Task APhotoIsShownOnThePublicPagesWithCachingAndANonImageIsRefused()
    {
        using var client = await SignedInAsync("office@liaison.demo");

        using var bad = await UploadAsync(client, "D0005", "not a photo"u8.ToArray(), "cv.txt");
        using var good = await UploadAsync(client, "D0005", Png, "me.png");
        using var photo = await client.GetAsync("/photos/deputies/D0005");
        var profile = await client.GetDocumentAsync("/deputies/D0005");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/photos/deputies/D0005");
        again.Headers.IfNoneMatch.Add(photo.Headers.ETag!);
        using var cached = await client.SendAsync(again);
        using var none = await client.GetAsync("/photos/deputies/D0001");

        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("只支持 JPG、PNG 或 WebP", (await HtmlForms.ParseAsync(bad)).Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Equal("image/png", photo.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Png, await photo.Content.ReadAsByteArrayAsync());
        Assert.Equal("public, max-age=86400", photo.Headers.CacheControl!.ToString());
        Assert.StartsWith("/photos/deputies/D0005?v=", profile.QuerySelector("img.deputy-photo")!.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task AUnitWithSubUnitsCannotBeDeletedAndASubUnitCannotGetSubUnits()
    {
        using var client = await SignedInAsync("office@liaison.demo");

        using var delete = await client.SubmitFormAsync("/Manage/Units/Edit/U990102-01", "form[action*='handler=Delete']", new Dictionary<string, string>());
        using var third = await client.SubmitFormAsync("/Manage/Units/Edit", "form.staff-form", new Dictionary<string, string>
        {
            ["Input.Code"] = "U990102-01-01-01",
            ["Input.Name"] = "第三级",
            ["Input.Kind"] = "GovernmentDepartment",
            ["Input.RegionCode"] = "990102",
            ["Input.ParentCode"] = "U990102-01-01",
        });

        Assert.Contains("它有 1 个下级单位", (await HtmlForms.ParseAsync(delete)).QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("承办单位只分两级", (await HtmlForms.ParseAsync(third)).QuerySelector("[data-valmsg-for='Input.ParentCode']")!.TextContent, StringComparison.Ordinal);
        Assert.True(await portal.QueryAsync(db => db.HandlingUnits.AnyAsync(u => u.Code == "U990102-01")));
    }

    [Fact]
    public async Task AnAdministratorEditsTheCategoryTreeAndCannotDeleteAParentWithChildren()
    {
        using var client = await SignedInAsync("admin@liaison.demo");

        using var added = await client.SubmitFormAsync("/Admin/Categories", "form[action*='handler=Add']", new Dictionary<string, string>
        {
            ["Input.Code"] = "CJ09",
            ["Input.Name"] = "燃气管网",
            ["Input.ParentCode"] = "CJ",
            ["Input.SortOrder"] = "9",
        });
        using var refused = await client.PostAsync("/Admin/Categories?handler=Delete", await TokenFormAsync(client, "/Admin/Categories", ("code", "CJ")));

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.True(await portal.QueryAsync(db => db.Categories.AnyAsync(c => c.Code == "CJ09" && c.Parent!.Code == "CJ")));
        Assert.Contains("还有 4 个子分类", (await HtmlForms.ParseAsync(refused)).QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdministratorEntersNextYearsCalendarAndAWeekdayIsRefusedAsAnAdjustedWorkday()
    {
        using var client = await SignedInAsync("admin@liaison.demo");
        var before = await client.GetDocumentAsync("/Admin/Holidays?year=2027");

        using var holiday = await client.SubmitFormAsync("/Admin/Holidays?year=2027", "form[action*='handler=Add']", new Dictionary<string, string>
        {
            ["Input.Kind"] = "Holiday", ["Input.From"] = "2027-10-01", ["Input.To"] = "2027-10-07", ["Input.Name"] = "国庆节",
        });
        using var weekday = await client.SubmitFormAsync("/Admin/Holidays?year=2027", "form[action*='handler=Add']", new Dictionary<string, string>
        {
            ["Input.Kind"] = "AdjustedWorkday", ["Input.From"] = "2027-09-29", ["Input.Name"] = "国庆节",
        });

        Assert.Contains(before.QuerySelectorAll("[data-testid=missing-year]"), a => a.TextContent.Contains("2027", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, holiday.StatusCode);
        Assert.Contains("调休上班日只能是周六或周日", (await HtmlForms.ParseAsync(weekday)).QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(7, await portal.QueryAsync(db => db.CalendarDays.CountAsync(d => d.Date.Year == 2027 && d.Kind == CalendarDayKind.Holiday)));
        var after = await client.GetDocumentAsync("/Admin/Holidays?year=2027");
        Assert.Equal(7, after.QuerySelectorAll("[data-testid=calendar-days] tbody tr").Length);
    }

    private static async Task<HttpResponseMessage> PostDeputyAsync(HttpClient client, string url, string? code, string[] stations, string? primary)
    {
        var document = await client.GetDocumentAsync(url);
        var fields = HtmlForms.FieldsOf((AngleSharp.Html.Dom.IHtmlFormElement)document.QuerySelector("form.staff-form")!)
            .Where(f => f.Key is not ("Input.StationCodes" or "Input.PrimaryStationCode")).ToList();
        if (code is not null)
        {
            fields.RemoveAll(f => f.Key is "Input.Code" or "Input.Name" or "Input.Level");
            fields.Add(new("Input.Code", code));
            fields.Add(new("Input.Name", "测试代表" + code));
            fields.Add(new("Input.Level", "County"));
        }

        // Enrolments outside the account's scope are posted back as hidden fields by the page itself.
        fields.AddRange(document.QuerySelectorAll("form.staff-form input[type=hidden][name='Input.StationCodes']").Select(i => new KeyValuePair<string, string>("Input.StationCodes", i.GetAttribute("value")!)));
        fields.AddRange(stations.Select(s => new KeyValuePair<string, string>("Input.StationCodes", s)));
        if (primary is not null)
        {
            fields.Add(new("Input.PrimaryStationCode", primary));
        }

        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(url, content);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string code, byte[] bytes, string fileName)
    {
        var page = await client.GetDocumentAsync($"/Manage/Deputies/Edit/{code}");
        var token = page.QuerySelector("form[action*='handler=Photo'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "photo", fileName);
        return await client.PostAsync($"/Manage/Deputies/Edit/{code}?handler=Photo", content);
    }

    private static async Task<FormUrlEncodedContent> TokenFormAsync(HttpClient client, string url, params (string Name, string Value)[] values)
    {
        var page = await client.GetDocumentAsync(url);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return new FormUrlEncodedContent(values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)).Append(new("__RequestVerificationToken", token)));
    }

    private async Task<List<(string Code, bool IsPrimary)>> EnrolmentsAsync(string deputy) =>
        (await portal.QueryAsync(db => db.DeputyStations.Where(e => e.Deputy.Code == deputy).OrderBy(e => e.Station.Code)
            .Select(e => new { e.Station.Code, e.IsPrimary }).ToListAsync()))
        .Select(e => (e.Code, e.IsPrimary)).ToList();

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
