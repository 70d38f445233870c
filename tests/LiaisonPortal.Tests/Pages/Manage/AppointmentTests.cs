using System.Globalization;
using System.Net;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Pages.Manage;

/// <summary>Station and office staff open slots and answer bookings through the pages, within their scope.</summary>
public class AppointmentTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Station = "990102001-01";

    [Fact]
    public async Task StationStaffOpenASlotWhichTheListAndTheCitizensPageShow()
    {
        using var client = await SignedInAsync("station@liaison.demo");
        var day = DateTimeOffset.UtcNow.ToOffset(Core.Calendar.ChinaTime.Offset).AddDays(12).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        using var response = await client.SubmitFormAsync("/Manage/Appointments/Open", "#slot-form", new Dictionary<string, string>
        {
            ["Input.StationCode"] = Station,
            ["Input.DeputyCode"] = "D0004",
            ["Input.Date"] = day,
            ["Input.StartTime"] = "09:30",
            ["Input.EndTime"] = "11:30",
            ["Input.Capacity"] = "6",
            ["Input.Place"] = "二楼代表接待室",
            ["Input.Topic"] = "老旧小区改造",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var slotUrl = response.Headers.Location!.OriginalString;
        Assert.Matches("^/Manage/Appointments/Slot/[0-9]+$", slotUrl);
        var slot = await client.GetDocumentAsync(slotUrl);
        Assert.Equal("0 / 6", slot.QuerySelector("[data-testid=seats]")!.TextContent);
        var list = await client.GetDocumentAsync("/Manage/Appointments");
        Assert.NotNull(list.QuerySelector($"a[href='{slotUrl}']"));
        var citizens = await client.GetDocumentAsync("/d/D0004/book");
        Assert.Contains("二楼代表接待室", citizens.QuerySelector("#booking-form")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongSlotFormComesBackWithMessagesAndInputKept()
    {
        using var client = await SignedInAsync("station@liaison.demo");

        using var response = await client.SubmitFormAsync("/Manage/Appointments/Open", "#slot-form", new Dictionary<string, string>
        {
            ["Input.StationCode"] = Station,
            ["Input.Date"] = "2020-02-02",
            ["Input.StartTime"] = "09:00",
            ["Input.EndTime"] = "10:00",
            ["Input.Capacity"] = "0",
            ["Input.Topic"] = "旧的时段",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("过去", page.QuerySelector("[data-valmsg-for='Input.Date']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("1–200", page.QuerySelector("[data-valmsg-for='Input.Capacity']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("旧的时段", page.QuerySelector("#Input_Topic")!.GetAttribute("value"));
    }

    [Fact]
    public async Task StaffConfirmRescheduleAndDeclineOnTheBookingPage()
    {
        var first = await OpenSlotAsync(Station, capacity: 3, daysAhead: 13);
        var second = await OpenSlotAsync(Station, capacity: 3, daysAhead: 14);
        var id = await BookAsync(first, "13912345678");
        using var client = await SignedInAsync("station@liaison.demo");
        var url = $"/Manage/Appointments/Booking/{id}";
        var before = await portal.QueryAsync(db => db.OutboxMessages.CountAsync());

        var page = await client.GetDocumentAsync(url);
        using var confirm = await client.SubmitFormAsync(url, "#confirm-form", new Dictionary<string, string>());
        using var move = await client.SubmitFormAsync(url, "#reschedule-form", new Dictionary<string, string>
        {
            ["Form.ToSlotId"] = second.ToString(CultureInfo.InvariantCulture),
            ["Form.Message"] = "代表那天外出调研",
        });
        var moved = await portal.QueryAsync(db => db.Appointments.AsNoTracking().SingleAsync(a => a.Id == id));
        var seats = (await SeatsAsync(first), await SeatsAsync(second));
        using var emptyReason = await client.SubmitFormAsync(url, "#decline-form", new Dictionary<string, string> { ["Form.Reason"] = "" });
        using var decline = await client.SubmitFormAsync(url, "#decline-form", new Dictionary<string, string> { ["Form.Reason"] = "近期名额已满" });

        Assert.Equal("139****5678", page.QuerySelector("[data-testid=phone]")!.TextContent);
        Assert.DoesNotContain("13912345678", page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, move.StatusCode);
        Assert.Equal((AppointmentStatus.Rescheduled, second, "代表那天外出调研"), (moved.Status, moved.SlotId, moved.Reply));
        Assert.Equal((0, 1), seats);
        Assert.Equal(HttpStatusCode.OK, emptyReason.StatusCode);
        Assert.Contains("请写明原因", (await HtmlForms.ParseAsync(emptyReason)).QuerySelector("[data-valmsg-for='Form.Reason']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, decline.StatusCode);
        var after = await client.GetDocumentAsync(url);
        Assert.Equal("未能安排", after.QuerySelector("[data-testid=status]")!.TextContent);
        Assert.Equal(0, await SeatsAsync(second));
        var kinds = await portal.QueryAsync(db => db.OutboxMessages.OrderBy(m => m.Id).Skip(before).Select(m => m.Kind).ToListAsync());
        Assert.Equal(["appointment.confirmed", "appointment.rescheduled", "appointment.declined"], kinds);
    }

    [Fact]
    public async Task AStaleFormIsRefusedWithAMessageInsteadOfOverwriting()
    {
        var slot = await OpenSlotAsync(Station, capacity: 3, daysAhead: 15);
        var id = await BookAsync(slot, "13912340001");
        using var first = await SignedInAsync("station@liaison.demo");
        using var second = await SignedInAsync("office@liaison.demo");
        var url = $"/Manage/Appointments/Booking/{id}";
        var stale = await first.GetDocumentAsync(url);
        var fields = HtmlForms.FieldsOf((AngleSharp.Html.Dom.IHtmlFormElement)stale.QuerySelector("#decline-form")!)
            .Select(f => f.Key == "Form.Reason" ? new KeyValuePair<string, string>(f.Key, "重复预约") : f).ToList();

        using var confirmed = await second.SubmitFormAsync(url, "#confirm-form", new Dictionary<string, string>());
        using var response = await first.PostAsync(url + "?handler=Decline", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("刚被其他人处理过", page.QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("重复预约", page.QuerySelector("#Form_Reason")!.TextContent.Trim());
        Assert.Equal(AppointmentStatus.Confirmed, await portal.QueryAsync(db => db.Appointments.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task ShowingTheFullNumberIsLoggedInTheChangeLog()
    {
        var slot = await OpenSlotAsync(Station, capacity: 2, daysAhead: 16);
        var id = await BookAsync(slot, "13812348888");
        using var client = await SignedInAsync("station@liaison.demo");

        using var response = await client.SubmitFormAsync($"/Manage/Appointments/Booking/{id}", "form[action*='handler=ShowPhone']", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("13812348888", (await HtmlForms.ParseAsync(response)).QuerySelector("[data-testid=phone]")!.TextContent);
        var entry = await portal.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityType == "Appointment" && a.Action == "PhoneShown"));
        Assert.Equal("湖滨代表之家工作人员", entry.ActorName);
        Assert.DoesNotContain("8888", entry.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellingASlotAsksFirstThenDeclinesItsBookings()
    {
        var slot = await OpenSlotAsync(Station, capacity: 2, daysAhead: 17);
        var id = await BookAsync(slot, "13812347777");
        using var client = await SignedInAsync("office@liaison.demo");
        var url = $"/Manage/Appointments/CancelSlot/{slot}";

        var ask = await client.GetDocumentAsync(url);
        using var response = await client.SubmitFormAsync(url, "#cancel-slot-form", new Dictionary<string, string> { ["Form.Reason"] = "会场临时征用" });

        Assert.Contains("1 位群众", ask.QuerySelector("[data-testid=holding]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var appointment = await portal.QueryAsync(db => db.Appointments.AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.Equal((AppointmentStatus.Declined, "接待时段已取消：会场临时征用"), (appointment.Status, appointment.Reply));
        Assert.True(await portal.QueryAsync(db => db.ReceptionSlots.Where(s => s.Id == slot).Select(s => s.IsCancelled).SingleAsync()));
    }

    [Fact]
    public async Task AStationAccountCannotSeeOrAnswerAnotherStationsSlotsAndBookings()
    {
        var otherSlot = await OpenSlotAsync("990102002-01", capacity: 2, daysAhead: 18);
        var westSlot = await OpenSlotAsync("990103-01", capacity: 2, daysAhead: 18);
        var otherBooking = await BookAsync(otherSlot, "13812346666", "990102002-01");
        using var station = await SignedInAsync("station@liaison.demo");
        using var office = await SignedInAsync("office@liaison.demo");
        var own = await station.GetDocumentAsync("/Manage/Appointments/Booking/" + await BookAsync(await OpenSlotAsync(Station, 2, 18), "13812345555"));
        var fields = HtmlForms.FieldsOf((AngleSharp.Html.Dom.IHtmlFormElement)own.QuerySelector("#confirm-form")!);

        using var slot = await station.GetAsync($"/Manage/Appointments/Slot/{otherSlot}");
        using var booking = await station.GetAsync($"/Manage/Appointments/Booking/{otherBooking}");
        using var confirm = await station.PostAsync($"/Manage/Appointments/Booking/{otherBooking}?handler=Confirm", new FormUrlEncodedContent(fields));
        using var cancel = await station.GetAsync($"/Manage/Appointments/CancelSlot/{otherSlot}");
        using var west = await office.GetAsync($"/Manage/Appointments/Slot/{westSlot}");
        var list = await station.GetDocumentAsync("/Manage/Appointments");

        Assert.Equal(HttpStatusCode.NotFound, slot.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, booking.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, west.StatusCode);
        Assert.Null(list.QuerySelector($"a[href='/Manage/Appointments/Slot/{otherSlot}']"));
        Assert.Equal(AppointmentStatus.Requested, await portal.QueryAsync(db => db.Appointments.Where(a => a.Id == otherBooking).Select(a => a.Status).SingleAsync()));
    }

    private Task<int> SeatsAsync(int slotId) => portal.QueryAsync(db => db.ReceptionSlots.Where(s => s.Id == slotId).Select(s => s.Booked).SingleAsync());

    private async Task<int> BookAsync(int slotId, string phone, string station = Station)
    {
        var result = await portal.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().BookAsync(BookingTargetKind.Station, station,
            new BookingInput { SlotId = slotId, Name = "周九", Phone = phone, Topic = "想反映小区路灯不亮" }));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return await portal.QueryAsync(db => db.Appointments.Where(a => a.TrackingCode == result.Code).Select(a => a.Id).SingleAsync());
    }

    private async Task<int> OpenSlotAsync(string station, int capacity, int daysAhead)
    {
        var day = DateTimeOffset.UtcNow.ToOffset(Core.Calendar.ChinaTime.Offset).AddDays(daysAhead);
        var result = await portal.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().OpenSlotAsync(StaffScope.Everything, new SlotInput
        {
            StationCode = station,
            Date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            StartTime = "09:00",
            EndTime = "10:00",
            Capacity = capacity.ToString(CultureInfo.InvariantCulture),
        }));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return int.Parse(result.Code!, CultureInfo.InvariantCulture);
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
