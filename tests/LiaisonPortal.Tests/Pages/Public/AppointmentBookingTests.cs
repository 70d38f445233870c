using System.Globalization;
using System.Net;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Pages.Public;

/// <summary>A citizen books a meeting from a station's or a deputy's page, over real HTTP, without JavaScript.</summary>
public class AppointmentBookingTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Station = "990102001-01";

    [Fact]
    public async Task ACitizenBooksASlotAndGetsATrackingCodeThatFindsTheAppointment()
    {
        var slotId = await OpenSlotAsync(Station, capacity: 4);
        using var client = portal.Factory.CreateBrowserLikeClient();

        var page = await client.GetDocumentAsync($"/s/{Station}/book");
        using var response = await client.SubmitFormAsync($"/s/{Station}/book", "#booking-form", new Dictionary<string, string>
        {
            ["Input.SlotId"] = slotId.ToString(CultureInfo.InvariantCulture),
            ["Input.Name"] = "李四",
            ["Input.Phone"] = "139 8765 4321",
            ["Input.Topic"] = "想和代表谈谈社区养老食堂的事",
        });

        Assert.NotNull(page.QuerySelector($"input[type=radio][value='{slotId}']"));
        Assert.NotNull(page.QuerySelector("input[name='__RequestVerificationToken']"));
        Assert.Empty(page.QuerySelectorAll("script"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/book/done", response.Headers.Location!.OriginalString);
        var done = await client.GetDocumentAsync("/book/done");
        var code = done.QuerySelector("[data-testid=tracking-code]")!.TextContent.Trim();
        Assert.Matches("^[2-9A-Z]{5}-[2-9A-Z]{5}$", code);
        Assert.NotNull(done.QuerySelector("a[href='/track']"));
        var again = await client.GetDocumentAsync("/book/done");
        Assert.Null(again.QuerySelector("[data-testid=tracking-code]"));

        var tracking = await portal.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().TrackAsync(code, "4321", default));
        Assert.NotNull(tracking);
        Assert.Equal(AppointmentStatus.Requested, tracking.Status);
        Assert.Equal("想和代表谈谈社区养老食堂的事", tracking.Topic);
        Assert.Equal(1, await portal.QueryAsync(db => db.ReceptionSlots.Where(s => s.Id == slotId).Select(s => s.Booked).SingleAsync()));

        // The citizen's tracking page shows the booking's status with the same code.
        using var tracked = await client.SubmitFormAsync("/track", "form", new Dictionary<string, string> { ["Code"] = code, ["Proof"] = "4321" });
        var status = (await HtmlForms.ParseAsync(tracked)).QuerySelector("[data-testid=appointment-tracking]");
        Assert.NotNull(status);
        Assert.Contains("待确认", status.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongPhoneAndAnEmptyTopicComeBackNextToTheirFieldsWithEverythingTypedKept()
    {
        var slotId = await OpenSlotAsync(Station, capacity: 4);
        using var client = portal.Factory.CreateBrowserLikeClient();

        using var response = await client.SubmitFormAsync($"/s/{Station}/book", "#booking-form", new Dictionary<string, string>
        {
            ["Input.SlotId"] = slotId.ToString(CultureInfo.InvariantCulture),
            ["Input.Name"] = "王五",
            ["Input.Phone"] = "12345",
            ["Input.Topic"] = "",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("手机号码格式不正确", page.QuerySelector("[data-valmsg-for='Input.Phone']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("请写下想和代表谈的事情。", page.QuerySelector("[data-valmsg-for='Input.Topic']")!.TextContent);
        Assert.Equal("", page.QuerySelector("[data-valmsg-for='Input.Name']")!.TextContent);
        Assert.Equal("王五", page.QuerySelector("#Input_Name")!.GetAttribute("value"));
        Assert.Equal("12345", page.QuerySelector("#Input_Phone")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector($"input[type=radio][value='{slotId}'][checked]"));
        Assert.NotNull(page.QuerySelector(".form-field.invalid #Input_Phone"));
        Assert.Equal(0, await portal.QueryAsync(db => db.Appointments.CountAsync(a => a.SlotId == slotId)));
    }

    [Fact]
    public async Task NonsenseInTheSlotFieldIsAFieldMessageNotAnError()
    {
        await OpenSlotAsync(Station, capacity: 2);
        using var client = portal.Factory.CreateBrowserLikeClient();

        using var response = await client.SubmitFormAsync($"/s/{Station}/book", "#booking-form", new Dictionary<string, string>
        {
            ["Input.SlotId"] = "abc",
            ["Input.Name"] = "赵六",
            ["Input.Phone"] = "13812345678",
            ["Input.Topic"] = "想反映公交站台太远",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Equal("请选择一个接待时段。", page.QuerySelector("[data-valmsg-for='Input.SlotId']")!.TextContent);
        Assert.Equal("想反映公交站台太远", page.QuerySelector("#Input_Topic")!.TextContent.Trim());
    }

    [Fact]
    public async Task ADeputysPageLinksToBookingAndTheBookingPageIsSmall()
    {
        await OpenSlotAsync(Station, capacity: 2, deputy: "D0004");
        using var client = portal.Factory.CreateBrowserLikeClient();

        var profile = await client.GetDocumentAsync("/deputies/D0004");
        var station = await client.GetDocumentAsync($"/stations/{Station}");
        using var booking = await client.GetAsync("/d/D0004/book");
        var html = await booking.Content.ReadAsStringAsync();

        Assert.NotNull(profile.QuerySelector("a[href='/d/D0004/book']"));
        Assert.NotNull(station.QuerySelector($"a[href='/s/{Station}/book']"));
        Assert.Equal(HttpStatusCode.OK, booking.StatusCode);
        Assert.Contains("王建华", html, StringComparison.Ordinal);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(html) < 60_000, $"{html.Length} characters");
    }

    [Theory]
    [InlineData("/s/990199-01/book")]
    [InlineData("/d/D9999/book")]
    [InlineData("/x/990102001-01/book")]
    public async Task AnUnknownDeputyOrStationIsNotFound(string url)
    {
        using var client = portal.Factory.CreateBrowserLikeClient();

        using var get = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task AStationWithoutSlotsSaysSoAndGivesItsPhoneAndOpeningHours()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();

        var page = await client.GetDocumentAsync("/s/990103-01/book");

        Assert.Contains("暂无可预约的接待时段", page.QuerySelector("[data-testid=no-slots]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#booking-form"));
    }

    [Fact]
    public async Task TooManyBookingsFromOnePhoneAreRefusedWith429AndTheFormKept()
    {
        var slotId = await OpenSlotAsync(Station, capacity: 10);
        await using var factory = new PortalFactory(portal.ConnectionString, settings: new Dictionary<string, string?> { ["RateLimits:PostsPerPhonePerDay"] = "1" });
        using var client = factory.CreateBrowserLikeClient();
        var input = new Dictionary<string, string>
        {
            ["Input.SlotId"] = slotId.ToString(CultureInfo.InvariantCulture),
            ["Input.Name"] = "钱七",
            ["Input.Phone"] = "13600007777",
            ["Input.Topic"] = "想反映菜市场噪声扰民",
        };

        using var first = await client.SubmitFormAsync($"/s/{Station}/book", "#booking-form", input);
        using var second = await client.SubmitFormAsync($"/s/{Station}/book", "#booking-form", input);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        var page = await HtmlForms.ParseAsync(second);
        Assert.Contains("预约次数已达上限", page.QuerySelector(".form-alert")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("钱七", page.QuerySelector("#Input_Name")!.GetAttribute("value"));
        Assert.Equal("想反映菜市场噪声扰民", page.QuerySelector("#Input_Topic")!.TextContent.Trim());
        Assert.Equal(1, await portal.QueryAsync(db => db.Appointments.CountAsync(a => a.SlotId == slotId)));
    }

    [Fact]
    public async Task AFilledHoneypotBooksNothing()
    {
        var slotId = await OpenSlotAsync(Station, capacity: 3);
        using var client = portal.Factory.CreateBrowserLikeClient();

        using var response = await client.SubmitFormAsync($"/s/{Station}/book", "#booking-form", new Dictionary<string, string>
        {
            ["Input.SlotId"] = slotId.ToString(CultureInfo.InvariantCulture),
            ["Input.Name"] = "机器人",
            ["Input.Phone"] = "13812340000",
            ["Input.Topic"] = "buy cheap things now",
            ["Website"] = "http://spam.invalid",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await portal.QueryAsync(db => db.Appointments.CountAsync(a => a.SlotId == slotId)));
    }

    [Fact]
    public async Task TheTrackingPartialShowsTheStatusAndACitizenCanWithdraw()
    {
        var slotId = await OpenSlotAsync(Station, capacity: 2);
        var booked = await portal.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().BookAsync(BookingTargetKind.Station, Station,
            new BookingInput { SlotId = slotId, Name = "孙八", Phone = "13511112222", Topic = "想咨询老旧小区改造进度" }));
        using var client = portal.Factory.CreateBrowserLikeClient();
        var form = await client.GetDocumentAsync("/appointments/withdraw");
        Assert.NotNull(form.QuerySelector("#withdraw-form"));

        using var wrong = await client.SubmitFormAsync("/appointments/withdraw", "#withdraw-form", new Dictionary<string, string> { ["Code"] = booked.Code!, ["Last4"] = "0000" });
        using var right = await client.SubmitFormAsync("/appointments/withdraw", "#withdraw-form", new Dictionary<string, string> { ["Code"] = booked.Code!, ["Last4"] = "2222" });

        Assert.Contains("不对", (await HtmlForms.ParseAsync(wrong)).QuerySelector(".form-alert")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("预约已取消", (await HtmlForms.ParseAsync(right)).QuerySelector(".form-notice")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await portal.QueryAsync(db => db.ReceptionSlots.Where(s => s.Id == slotId).Select(s => s.Booked).SingleAsync()));
    }

    private async Task<int> OpenSlotAsync(string station, int capacity, string? deputy = null)
    {
        var day = DateTimeOffset.UtcNow.ToOffset(Core.Calendar.ChinaTime.Offset).AddDays(2);
        var result = await portal.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().OpenSlotAsync(StaffScope.Everything, new SlotInput
        {
            StationCode = station,
            DeputyCode = deputy,
            Date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            StartTime = "14:00",
            EndTime = "16:00",
            Capacity = capacity.ToString(CultureInfo.InvariantCulture),
        }));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return int.Parse(result.Code!, CultureInfo.InvariantCulture);
    }
}
