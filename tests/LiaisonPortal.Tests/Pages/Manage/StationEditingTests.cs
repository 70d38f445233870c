using System.Net;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Tests.Pages.Manage;

public class StationEditingTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task ABadFormComesBackWithEachMessageNextToItsFieldAndEverythingTypedKept()
    {
        using var client = await SignedInAsync("office@liaison.demo");

        using var response = await client.SubmitFormAsync("/Manage/Stations/Edit", "form.staff-form", new Dictionary<string, string>
        {
            ["Input.Code"] = "990102001-50",
            ["Input.Name"] = "",
            ["Input.Kind"] = "LiaisonStation",
            ["Input.RegionCode"] = "990102001",
            ["Input.Address"] = new string('路', 201),
            ["Input.ContactPhone"] = "call me",
            ["Input.Latitude"] = "31.5",
            ["Input.OpeningHours"] = "每周三上午",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        string Message(string field) => page.QuerySelector($"[data-valmsg-for='Input.{field}']")!.TextContent;
        Assert.Equal("请填写名称。", Message("Name"));
        Assert.Equal("地址不能超过 200 个字，现在有 201 个。", Message("Address"));
        Assert.Contains("联系电话格式不正确", Message("ContactPhone"), StringComparison.Ordinal);
        Assert.Contains("经度和纬度要么都填", Message("Longitude"), StringComparison.Ordinal);
        Assert.Equal("990102001-50", page.QuerySelector("#Input_Code")!.GetAttribute("value"));
        Assert.Equal("每周三上午", page.QuerySelector("#Input_OpeningHours")!.GetAttribute("value"));
        Assert.Equal("990102001", page.QuerySelector("#Input_RegionCode option[selected]")!.GetAttribute("value"));
        Assert.False(await portal.QueryAsync(db => db.Stations.AnyAsync(s => s.Code == "990102001-50")));
    }

    [Fact]
    public async Task ANewStationIsSavedAndItsCreationIsRecordedWithWhoAndWhen()
    {
        using var client = await SignedInAsync("office@liaison.demo");

        using var response = await client.SubmitFormAsync("/Manage/Stations/Edit", "form.staff-form", new Dictionary<string, string>
        {
            ["Input.Code"] = "990102001-51",
            ["Input.Name"] = "湖滨新村人大代表联络站",
            ["Input.Kind"] = "LiaisonStation",
            ["Input.RegionCode"] = "990102001",
            ["Input.Address"] = "东湖区湖滨新村 1 号",
            ["Input.ContactPhone"] = "0510-81234567",
            ["Input.Latitude"] = "31.49",
            ["Input.Longitude"] = "120.31",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Manage/Stations/Edit/990102001-51", response.Headers.Location!.OriginalString);
        var page = await client.GetDocumentAsync("/Manage/Stations/Edit/990102001-51");
        Assert.Contains("已保存家站点 990102001-51", page.QuerySelector(".alert-success")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("东湖区人大代表工委", page.QuerySelector("table.history")!.TextContent, StringComparison.Ordinal);
        var entry = await portal.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityType == "Station" && a.EntityKey == "990102001-51"));
        Assert.Equal("东湖区人大代表工委", entry.ActorName);
        Assert.NotNull(entry.ActorId);
        Assert.True(entry.At > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.DoesNotContain("81234567", entry.Changes, StringComparison.Ordinal);
        using var publicPage = await client.GetAsync("/stations/990102001-51");
        Assert.Equal(HttpStatusCode.OK, publicPage.StatusCode);
    }

    [Fact]
    public async Task ATakenUnifiedNumberIsRefusedNextToTheField()
    {
        using var client = await SignedInAsync("office@liaison.demo");

        using var response = await client.SubmitFormAsync("/Manage/Stations/Edit", "form.staff-form", new Dictionary<string, string>
        {
            ["Input.Code"] = "990102001-01",
            ["Input.Name"] = "重复编号",
            ["Input.Kind"] = "DeputyHome",
            ["Input.RegionCode"] = "990102001",
        });

        var page = await HtmlForms.ParseAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("统一编号 990102001-01 已被使用，请换一个。", page.QuerySelector("[data-valmsg-for='Input.Code']")!.TextContent);
    }

    [Fact]
    public async Task AFormSavedOverSomeoneElsesNewerChangeIsRefusedAndKeepsWhatWasTyped()
    {
        using var first = await SignedInAsync("office@liaison.demo");
        using var second = await SignedInAsync("admin@liaison.demo");
        var stale = await first.GetDocumentAsync("/Manage/Stations/Edit/990102002-01");
        var fields = HtmlForms.FieldsOf((AngleSharp.Html.Dom.IHtmlFormElement)stale.QuerySelector("form.staff-form")!);

        using var newer = await second.SubmitFormAsync("/Manage/Stations/Edit/990102002-01", "form.staff-form", new Dictionary<string, string> { ["Input.OpeningHours"] = "管理员改的时间" });
        var mine = fields.Select(f => f.Key == "Input.OpeningHours" ? new KeyValuePair<string, string>(f.Key, "我改的时间") : f).ToList();
        using var response = await first.PostAsync("/Manage/Stations/Edit/990102002-01", new FormUrlEncodedContent(mine));

        Assert.Equal(HttpStatusCode.Redirect, newer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("刚被其他人修改过", page.QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("我改的时间", page.QuerySelector("#Input_OpeningHours")!.GetAttribute("value"));
        Assert.Equal("管理员改的时间", await portal.QueryAsync(db => db.Stations.Where(s => s.Code == "990102002-01").Select(s => s.OpeningHours).SingleAsync()));
    }

    [Fact]
    public async Task AStationWithDeputiesCannotBeDeletedButCanBeClosedWhichHidesItFromCitizens()
    {
        using var client = await SignedInAsync("office@liaison.demo");
        const string Url = "/Manage/Stations/Edit/990102002-02";

        using var delete = await client.SubmitFormAsync(Url, "form[action*='handler=Delete']", new Dictionary<string, string>());
        using var close = await client.SubmitFormAsync(Url, "form.d-inline", new Dictionary<string, string>(), action: Url + "?handler=Close");
        using var publicPage = await client.GetAsync("/stations/990102002-02");

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Contains("不能删除：2 位代表编入该站", (await HtmlForms.ParseAsync(delete)).QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, close.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, publicPage.StatusCode);
        Assert.True(await portal.QueryAsync(db => db.Stations.AnyAsync(s => s.Code == "990102002-02" && !s.IsActive)));
    }

    [Fact]
    public async Task AStationEnteredByMistakeCanBeDeleted()
    {
        using var client = await SignedInAsync("admin@liaison.demo");
        using var created = await client.SubmitFormAsync("/Manage/Stations/Edit", "form.staff-form", new Dictionary<string, string>
        {
            ["Input.Code"] = "990103-77",
            ["Input.Name"] = "录错的站",
            ["Input.Kind"] = "MobileStation",
            ["Input.RegionCode"] = "990103",
        });

        using var delete = await client.SubmitFormAsync("/Manage/Stations/Edit/990103-77", "form[action*='handler=Delete']", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        Assert.False(await portal.QueryAsync(db => db.Stations.AnyAsync(s => s.Code == "990103-77")));
        Assert.Equal(["Added", "Deleted"], await portal.QueryAsync(db => db.AuditEntries.Where(a => a.EntityKey == "990103-77").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task TheEightHavesCheckRecordsWhoCheckedEachItemAndWhen()
    {
        using var client = await SignedInAsync("office@liaison.demo");
        const string Url = "/Manage/Stations/Edit/990102001002-01";
        var values = new Dictionary<string, string>();
        foreach (var (item, index) in Enum.GetValues<StandardItem>().Select((item, index) => (item, index)))
        {
            values[$"Standard[{index}].Item"] = item.ToString();
            if (item != StandardItem.OnlinePlatform)
            {
                values[$"Standard[{index}].IsMet"] = "true";
            }
        }

        values["Standard[7].Note"] = "平台账号申请中";

        using var response = await client.SubmitFormAsync(Url, "form[action*='handler=Standard']", values);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var checks = await portal.QueryAsync(db => db.StationStandardChecks.AsNoTracking().Where(c => db.Stations.Any(s => s.Id == c.StationId && s.Code == "990102001002-01")).ToListAsync());
        Assert.Equal(8, checks.Count);
        Assert.Equal(7, checks.Count(c => c.IsMet));
        Assert.All(checks, c => Assert.Equal("东湖区人大代表工委", c.CheckedBy));
        Assert.Equal("平台账号申请中", checks.Single(c => c.Item == StandardItem.OnlinePlatform).Note);
        var page = await client.GetDocumentAsync(Url);
        Assert.Contains("7/8", page.QuerySelector("#standard-heading")!.TextContent, StringComparison.Ordinal);
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
