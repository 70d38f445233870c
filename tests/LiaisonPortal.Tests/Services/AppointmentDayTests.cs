using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Services;

/// <summary>Waiting lists, check-in codes, no-shows and the day-before reminders of appointments.</summary>
public class AppointmentDayTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private const string Station = "990102001-01";

    [Fact]
    public async Task AFullSlotTakesAWaitingListAndAFreedSeatGoesToTheFirstInLine()
    {
        var slot = await OpenSlotAsync(capacity: 1, daysAhead: 6);
        var seated = await BookAsync(slot, "13700000001", waitlist: false);
        var refused = await BookAsync(slot, "13700000002", waitlist: false);
        var first = await BookAsync(slot, "13700000003", waitlist: true);
        var second = await BookAsync(slot, "13700000004", waitlist: true);

        Assert.True(seated.Succeeded);
        Assert.Equal(AppointmentBook.FullMessage, Assert.Single(refused.Errors).Message);
        Assert.True(first.Succeeded && second.Succeeded);
        Assert.Equal(1, await SeatsAsync(slot));
        Assert.True(await WaitlistedAsync(first.Code!));

        // The seated citizen withdraws: the seat goes to the first on the list, who is told by text message.
        Assert.True((await Book(b => b.CancelByCitizenAsync(seated.Code!, "0001"))).Succeeded);

        Assert.False(await WaitlistedAsync(first.Code!));
        Assert.True(await WaitlistedAsync(second.Code!));
        Assert.Equal(1, await SeatsAsync(slot));
        Assert.Equal(1, await database.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == "appointment.promoted" && m.Body.Contains(Display(first.Code!)))));

        // A waiting citizen who withdraws frees no seat.
        Assert.True((await Book(b => b.CancelByCitizenAsync(second.Code!, "0004"))).Succeeded);
        Assert.Equal(1, await SeatsAsync(slot));
    }

    [Fact]
    public async Task ConfirmingGivesACheckInCodeThatChecksTheCitizenInOnceOnTheDay()
    {
        var slot = await OpenSlotAsync(capacity: 3, daysAhead: 1);
        var booked = await BookAsync(slot, "13700000011", waitlist: false);
        var appointment = await database.QueryAsync(db => db.Appointments.SingleAsync(a => a.TrackingCode == booked.Code));
        var waiting = await BookAsync(slot, "13700000012", waitlist: false);

        Assert.True((await Book(b => b.ConfirmAsync(StaffScope.Everything, appointment.Id, appointment.Version))).Succeeded);
        var code = await database.QueryAsync(db => db.Appointments.Where(a => a.Id == appointment.Id).Select(a => a.CheckInCode).SingleAsync());
        var day = ChinaTime.Today(TimeProvider.System).AddDays(1);

        Assert.Matches("^[0-9]{6}$", code);
        var confirmations = await database.QueryAsync(db => db.OutboxMessages.Where(m => m.Kind == "appointment.confirmed").Select(m => m.Body).ToListAsync());
        Assert.Contains(confirmations, body => body.Contains(code!, StringComparison.Ordinal));
        Assert.Equal("Code", Assert.Single((await Book(b => b.CheckInAsync(StaffScope.Everything, Station, "000000", day))).Errors).Field);
        Assert.False((await Book(b => b.CheckInAsync(StaffScope.Everything, Station, code, day.AddDays(1)))).Succeeded);
        Assert.True((await Book(b => b.CheckInAsync(StaffScope.Everything, Station, code, day))).Succeeded);
        Assert.Contains("已于", Assert.Single((await Book(b => b.CheckInAsync(StaffScope.Everything, Station, code, day))).Errors).Message, StringComparison.Ordinal);

        var list = await database.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().DayListAsync(StaffScope.Everything, Station, day));
        Assert.NotNull(list.Single(r => r.Id == appointment.Id).AttendedAt);
        Assert.Contains(list, r => r.TrackingCode == waiting.Code && r.MaskedPhone == "137****0012");
    }

    [Fact]
    public async Task TheDayBeforeEachConfirmedCitizenIsRemindedOnceEvenFromTwoInstancesAtOnce()
    {
        var slot = await OpenSlotAsync(capacity: 5, daysAhead: 2);
        var ids = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var booked = await BookAsync(slot, string.Create(CultureInfo.InvariantCulture, $"1370000002{i}"), waitlist: false);
            var appointment = await database.QueryAsync(db => db.Appointments.SingleAsync(a => a.TrackingCode == booked.Code));
            Assert.True((await Book(b => b.ConfirmAsync(StaffScope.Everything, appointment.Id, appointment.Version))).Succeeded);
            ids.Add(appointment.Id);
        }

        var today = ChinaTime.Today(TimeProvider.System).AddDays(1);
        var counts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => database.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().RemindAsync(today))));
        var again = await database.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().RemindAsync(today));

        Assert.Equal(3, counts.Sum());
        Assert.Equal(0, again);
        Assert.Equal(3, await database.QueryAsync(db => db.Appointments.CountAsync(a => ids.Contains(a.Id) && a.RemindedOn == today)));
    }

    private static string Display(string code) => Core.Citizens.TrackingCodes.Display(code);

    private Task<EditResult> Book(Func<AppointmentBook, Task<EditResult>> action) =>
        database.WithScopeAsync(p => action(p.GetRequiredService<AppointmentBook>()));

    private Task<int> SeatsAsync(int slotId) => database.QueryAsync(db => db.ReceptionSlots.Where(s => s.Id == slotId).Select(s => s.Booked).SingleAsync());

    private Task<bool> WaitlistedAsync(string code) => database.QueryAsync(db => db.Appointments.Where(a => a.TrackingCode == code).Select(a => a.IsWaitlisted).SingleAsync());

    private Task<EditResult> BookAsync(int slotId, string phone, bool waitlist) => Book(b => b.BookAsync(
        BookingTargetKind.Station, Station, new BookingInput { SlotId = slotId, Name = "李四", Phone = phone, Topic = "想反映小区停车难的问题", JoinWaitlist = waitlist }));

    private async Task<int> OpenSlotAsync(int capacity, int daysAhead)
    {
        var day = DateTimeOffset.UtcNow.ToOffset(ChinaTime.Offset).AddDays(daysAhead);
        var result = await Book(book => book.OpenSlotAsync(StaffScope.Everything, new SlotInput
        {
            StationCode = Station,
            Date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            StartTime = "09:00",
            EndTime = "11:00",
            Capacity = capacity.ToString(CultureInfo.InvariantCulture),
        }));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return int.Parse(result.Code!, CultureInfo.InvariantCulture);
    }
}

/// <summary>The day list page: staff type the citizen's check-in code.</summary>
public class AppointmentDayPageTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task StaffCheckACitizenInWithTheCodeFromTheirMessage()
    {
        var day = DateTimeOffset.UtcNow.ToOffset(ChinaTime.Offset).AddDays(1);
        var code = await portal.WithScopeAsync(async p =>
        {
            var book = p.GetRequiredService<AppointmentBook>();
            var opened = await book.OpenSlotAsync(StaffScope.Everything, new SlotInput
            {
                StationCode = "990102001-01", Date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StartTime = "09:00", EndTime = "11:00", Capacity = "2",
            });
            var booked = await book.BookAsync(BookingTargetKind.Station, "990102001-01", new BookingInput
            {
                SlotId = int.Parse(opened.Code!, CultureInfo.InvariantCulture), Name = "王五", Phone = "13700000031", Topic = "想反映菜市场的卫生问题",
            });
            return booked.Code!;
        });
        var appointment = await portal.QueryAsync(db => db.Appointments.SingleAsync(a => a.TrackingCode == code));
        await portal.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().ConfirmAsync(StaffScope.Everything, appointment.Id, appointment.Version));
        var checkIn = await portal.QueryAsync(db => db.Appointments.Where(a => a.Id == appointment.Id).Select(a => a.CheckInCode!).SingleAsync());
        using var station = portal.Factory.CreateBrowserLikeClient();
        await station.SignInAsync("station@liaison.demo");
        var url = $"/Manage/Appointments/Today?day={day:yyyy-MM-dd}";

        using var wrong = await station.SubmitFormAsync(url, "#check-in-form", new Dictionary<string, string> { ["Code"] = "12" });
        using var right = await station.SubmitFormAsync(url, "#check-in-form", new Dictionary<string, string> { ["Code"] = checkIn });

        Assert.Contains("6 位数字", (await HtmlForms.ParseAsync(wrong)).QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, right.StatusCode);
        var list = await station.GetDocumentAsync(right.Headers.Location!.OriginalString);
        Assert.NotNull(list.QuerySelector("[data-testid=day-list] [data-testid=attended]"));
        Assert.Contains("137****0031", list.QuerySelector("[data-testid=day-list]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASlotIsOpenedFromOneOfTheStationsReceptionDaysWithOneClick()
    {
        using var office = portal.Factory.CreateBrowserLikeClient();
        await office.SignInAsync("office@liaison.demo");

        var page = await office.GetDocumentAsync("/Manage/Appointments/Open?station=990102001-01");
        var link = page.QuerySelector("[data-testid=reception-days] a")!;
        var prefilled = await office.GetDocumentAsync("/Manage/Appointments/Open" + link.GetAttribute("href"));

        var date = prefilled.QuerySelector("#slot-form [name='Input.Date']")!.GetAttribute("value");
        Assert.Matches("^20[0-9]{2}-[0-9]{2}-[0-9]{2}$", date);
        Assert.StartsWith(date!, link.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("09:00", prefilled.QuerySelector("#slot-form [name='Input.StartTime']")!.GetAttribute("value"));
    }
}
