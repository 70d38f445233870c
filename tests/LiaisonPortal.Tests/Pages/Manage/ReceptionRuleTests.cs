using System.Globalization;
using System.Net;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Tests.Pages.Manage;

/// <summary>Staff keep the 接待日 rules on /Manage/Reception, within their scope, with messages next to the fields.</summary>
public class ReceptionRuleTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string OwnStation = "990102001-01";
    private const string OtherStation = "990102001-02";

    [Fact]
    public async Task AWrongRuleComesBackWithEachMessageNextToItsFieldAndTheInputKept()
    {
        using var client = await SignedInAsync("station@liaison.demo");
        var before = await portal.QueryAsync(db => db.ReceptionRules.CountAsync());

        using var response = await client.SubmitFormAsync("/Manage/Reception", "#rule-form", new Dictionary<string, string>
        {
            ["Rule.Kind"] = "MonthlyWeekday",
            ["Rule.Nth"] = "7",
            ["Rule.Weekday"] = "Tuesday",
            ["Rule.StartTime"] = "11:30",
            ["Rule.EndTime"] = "09:00",
            ["Rule.Mode"] = "Online",
            ["Rule.MeetingLink"] = "ftp://meeting.example.cn/1",
            ["Rule.Topic"] = "每月民情恳谈",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        string Message(string field) => page.QuerySelector($"[data-valmsg-for='Rule.{field}']")!.TextContent;
        Assert.Contains("第一个到第五个", Message("Nth"), StringComparison.Ordinal);
        Assert.Equal("结束时间要晚于开始时间。", Message("EndTime"));
        Assert.Contains("http:// 或 https://", Message("MeetingLink"), StringComparison.Ordinal);
        Assert.Equal("每月民情恳谈", page.QuerySelector("#Rule_Topic")!.GetAttribute("value"));
        Assert.Equal("11:30", page.QuerySelector("#Rule_StartTime")!.GetAttribute("value"));
        Assert.Equal("Online", page.QuerySelector("#Rule_Mode option[selected]")!.GetAttribute("value"));
        Assert.Equal(before, await portal.QueryAsync(db => db.ReceptionRules.CountAsync()));
    }

    [Fact]
    public async Task ASpecialSessionInThePastOrMobileWithoutAPlaceOrOnlineWithoutALinkIsRefused()
    {
        using var client = await SignedInAsync("station@liaison.demo");

        using var mobile = await client.SubmitFormAsync("/Manage/Reception", "#session-form", new Dictionary<string, string>
        {
            ["Session.Date"] = "2020-02-02",
            ["Session.StartTime"] = "09:00",
            ["Session.EndTime"] = "10:00",
            ["Session.Mode"] = "Mobile",
            ["Session.Topic"] = "代表带主题进站：加装电梯",
        });
        using var online = await client.SubmitFormAsync("/Manage/Reception", "#session-form", new Dictionary<string, string>
        {
            ["Session.Date"] = Today().AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Session.StartTime"] = "19:00",
            ["Session.EndTime"] = "20:00",
            ["Session.Mode"] = "Online",
        });

        var page = await HtmlForms.ParseAsync(mobile);
        Assert.Equal("专题接待的日期不能早于今天。", page.QuerySelector("[data-valmsg-for='Session.Date']")!.TextContent);
        Assert.Contains("流动接待请填写地点", page.QuerySelector("[data-valmsg-for='Session.Place']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("代表带主题进站：加装电梯", page.QuerySelector("#Session_Topic")!.GetAttribute("value"));
        Assert.Equal("2020-02-02", page.QuerySelector("#Session_Date")!.GetAttribute("value"));
        var second = await HtmlForms.ParseAsync(online);
        Assert.Equal("在线接待请填写会议链接。", second.QuerySelector("[data-valmsg-for='Session.MeetingLink']")!.TextContent);
    }

    [Fact]
    public async Task AStationAccountKeepsItsOwnStationsRulesAndAnotherStationsAre404()
    {
        using var client = await SignedInAsync("station@liaison.demo");
        var other = await InsertStationRuleAsync(OtherStation);
        var district = await portal.QueryAsync(db => db.ReceptionRules.Where(r => r.Region!.Code == "990102").Select(r => r.Id).FirstAsync());

        var own = await client.GetDocumentAsync("/Manage/Reception");
        using var otherList = await client.GetAsync($"/Manage/Reception?station={OtherStation}");
        using var otherEdit = await client.GetAsync($"/Manage/Reception/Edit/{other}");
        using var districtEdit = await client.GetAsync($"/Manage/Reception/Edit/{district}");
        using var otherDeactivate = await client.GetAsync($"/Manage/Reception/Deactivate/{other}");
        using var created = await client.SubmitFormAsync("/Manage/Reception", "#rule-form", new Dictionary<string, string>
        {
            ["Rule.Kind"] = "MonthlyDay",
            ["Rule.DayOfMonth"] = "20",
            ["Rule.StartTime"] = "14:00",
            ["Rule.EndTime"] = "16:30",
            ["Rule.HolidayPolicy"] = "Skip",
        });

        Assert.Equal("湖滨街道人大代表之家", own.QuerySelector("[data-testid=owner]")!.TextContent);
        // Without its own rule the station follows the district's third Tuesday.
        Assert.Contains("每月第三个星期二 09:00–11:30，遇节假日顺延", own.QuerySelector("[data-testid=inherited]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, otherList.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherEdit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, districtEdit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherDeactivate.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var rule = await portal.QueryAsync(db => db.ReceptionRules.AsNoTracking().Include(r => r.Station).OrderByDescending(r => r.Id).FirstAsync());
        Assert.Equal((OwnStation, RecurrenceKind.MonthlyDay, 20, HolidayPolicy.Skip), (rule.Station!.Code, rule.Kind, rule.DayOfMonth!.Value, rule.HolidayPolicy));
        var after = await client.GetDocumentAsync("/Manage/Reception");
        Assert.Null(after.QuerySelector("[data-testid=inherited]"));
        Assert.Contains("每月 20 日 14:00–16:30，遇节假日取消", after.QuerySelector("[data-testid=rules]")!.TextContent, StringComparison.Ordinal);
        // The 20th, skipped when it is not a working day: fewer than twelve dates in the year ahead, each on the 20th.
        var preview = after.QuerySelectorAll("[data-testid=preview] li").Select(li => li.TextContent).Where(t => !t.Contains("进站", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(preview);
        Assert.All(preview, text => Assert.Contains("月20日", text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheOfficeSeesItsDistrictRuleWithTwelveDatesAndOpensAStationsOverrides()
    {
        using var client = await SignedInAsync("office@liaison.demo");

        var page = await client.GetDocumentAsync("/Manage/Reception");
        var station = await client.GetDocumentAsync("/Manage/Reception?station=990102001001-01");
        using var elsewhere = await client.GetAsync("/Manage/Reception?station=990103001-01");

        Assert.Equal("东湖区", page.QuerySelector("[data-testid=owner]")!.TextContent);
        Assert.Contains("每月第三个星期二", page.QuerySelector("[data-testid=rules]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(12, page.QuerySelectorAll("[data-testid=preview] li").Length);
        Assert.NotNull(page.QuerySelector("a[href='/Manage/Reception?station=990102001001-01']"));
        Assert.Contains("每月 4 日", station.QuerySelector("[data-testid=rules]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Fact]
    public async Task DeactivatingAsksFirstThenTheSessionLeavesThePublicPage()
    {
        using var client = await SignedInAsync("station@liaison.demo");
        var day = Today().AddDays(6);
        using var created = await client.SubmitFormAsync("/Manage/Reception", "#session-form", new Dictionary<string, string>
        {
            ["Session.Date"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Session.StartTime"] = "19:00",
            ["Session.EndTime"] = "20:30",
            ["Session.Mode"] = "Online",
            ["Session.MeetingLink"] = "https://meeting.example.cn/8848",
            ["Session.Topic"] = "区人大社会建设委进站：养老服务",
        });
        var id = await portal.QueryAsync(db => db.ReceptionRules.Where(r => r.Topic == "区人大社会建设委进站：养老服务").Select(r => r.Id).SingleAsync());
        var shown = await client.GetDocumentAsync($"/stations/{OwnStation}");

        var confirm = await client.GetDocumentAsync($"/Manage/Reception/Deactivate/{id}");
        var stillActive = await portal.QueryAsync(db => db.ReceptionRules.Where(r => r.Id == id).Select(r => r.IsActive).SingleAsync());
        using var done = await client.SubmitFormAsync($"/Manage/Reception/Deactivate/{id}", "#deactivate-form", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains("区人大社会建设委进站：养老服务", shown.QuerySelector("[data-testid=next-reception]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("确认停用", confirm.QuerySelector("#deactivate-form")!.TextContent, StringComparison.Ordinal);
        Assert.True(stillActive);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.False(await portal.QueryAsync(db => db.ReceptionRules.Where(r => r.Id == id).Select(r => r.IsActive).SingleAsync()));
        var after = await client.GetDocumentAsync($"/stations/{OwnStation}");
        Assert.DoesNotContain("区人大社会建设委进站：养老服务", after.QuerySelector("[data-testid=next-reception]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditingARuleKeepsTheTypedFormOnAMistakeAndSavesOtherwise()
    {
        using var client = await SignedInAsync("station@liaison.demo");
        var id = await InsertStationRuleAsync(OwnStation);
        var url = $"/Manage/Reception/Edit/{id}";

        using var wrong = await client.SubmitFormAsync(url, "#edit-rule-form", new Dictionary<string, string> { ["Input.DayOfMonth"] = "32", ["Input.Topic"] = "改过的主题" });
        using var right = await client.SubmitFormAsync(url, "#edit-rule-form", new Dictionary<string, string> { ["Input.DayOfMonth"] = "28" });

        var page = await HtmlForms.ParseAsync(wrong);
        Assert.Contains("1–31", page.QuerySelector("[data-valmsg-for='Input.DayOfMonth']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("改过的主题", page.QuerySelector("#Input_Topic")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(28, await portal.QueryAsync(db => db.ReceptionRules.Where(r => r.Id == id).Select(r => r.DayOfMonth).SingleAsync()));
    }

    private static DateOnly Today() => ChinaTime.Today(TimeProvider.System);

    private Task<int> InsertStationRuleAsync(string stationCode) => portal.QueryAsync(async db =>
    {
        var station = await db.Stations.SingleAsync(s => s.Code == stationCode);
        var rule = new ReceptionRule(null, station.Id, RecurrenceKind.MonthlyDay, new TimeOnly(9, 0), new TimeOnly(11, 0)) { DayOfMonth = 10 };
        db.ReceptionRules.Add(rule);
        await db.SaveChangesAsync();
        return rule.Id;
    });

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
