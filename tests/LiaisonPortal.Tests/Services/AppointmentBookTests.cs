using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LiaisonPortal.Tests.Services;

public class AppointmentBookTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private const string Station = "990102001-01";

    [Fact]
    public async Task AHundredConcurrentBookingsForAFiveSeatSlotYieldExactlyFiveAppointments()
    {
        var slotId = await OpenSlotAsync(capacity: 5, daysAhead: 3);

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => database.WithScopeAsync(provider =>
            provider.GetRequiredService<AppointmentBook>().BookAsync(BookingTargetKind.Station, Station, new BookingInput
            {
                SlotId = slotId,
                Name = $"群众{i}",
                Phone = string.Create(CultureInfo.InvariantCulture, $"139{i:00000000}"),
                Topic = "想反映小区加装电梯的事情",
            }))));

        Assert.Equal(5, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(AppointmentBook.FullMessage, Assert.Single(r.Errors).Message));
        Assert.Equal(5, await database.QueryAsync(db => db.Appointments.CountAsync(a => a.SlotId == slotId)));
        Assert.Equal(5, await database.QueryAsync(db => db.ReceptionSlots.Where(s => s.Id == slotId).Select(s => s.Booked).SingleAsync()));
        Assert.Equal(5, results.Where(r => r.Succeeded).Select(r => r.Code).Distinct().Count());
    }

    [Fact]
    public async Task TheDatabaseRefusesMoreBookedSeatsThanTheCapacityEvenFromRawSql()
    {
        var slotId = await OpenSlotAsync(capacity: 2, daysAhead: 4);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => database.QueryAsync(db =>
            db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "ReceptionSlots" SET "Booked" = 3 WHERE "Id" = {slotId}""")));
        var negative = await Assert.ThrowsAsync<PostgresException>(() => database.QueryAsync(db =>
            db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "ReceptionSlots" SET "Booked" = -1 WHERE "Id" = {slotId}""")));

        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
        Assert.Equal("CK_ReceptionSlots_Seats", refused.ConstraintName);
        Assert.Equal(PostgresErrorCodes.CheckViolation, negative.SqlState);
    }

    [Fact]
    public async Task ABookingIsTrackedWithItsCodeAndTheLastFourDigitsOnly()
    {
        var slotId = await OpenSlotAsync(capacity: 3, daysAhead: 5, place: "二楼接待室");
        var booked = await BookAsync(slotId, "138 1234 5678");

        var tracking = await database.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().TrackAsync(booked.Code!.ToLowerInvariant().Insert(5, "-"), "5678", default));
        var wrongDigits = await database.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().TrackAsync(booked.Code!, "5679", default));
        var unknown = await database.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().TrackAsync("ABCDE-FGHJK", "5678", default));

        Assert.NotNull(tracking);
        Assert.Equal(booked.Code, tracking.Code);
        Assert.Equal(AppointmentStatus.Requested, tracking.Status);
        Assert.Equal("待确认", tracking.StatusName);
        Assert.Equal("湖滨街道人大代表之家", tracking.StationName);
        Assert.Equal("二楼接待室", tracking.Place);
        Assert.Null(wrongDigits);
        Assert.Null(unknown);
        var message = await database.QueryAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Kind == "appointment.received").OrderBy(m => m.Id).LastAsync());
        Assert.Contains(Core.Citizens.TrackingCodes.Display(booked.Code!), message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("张三", message.Body, StringComparison.Ordinal);
        var cipher = await database.QueryAsync(db => db.Appointments.Where(a => a.TrackingCode == booked.Code).Select(a => a.PhoneCipher).SingleAsync());
        Assert.DoesNotContain("5678", cipher, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BookingChecksEveryFieldAndNamesEachWrongOne()
    {
        var slotId = await OpenSlotAsync(capacity: 3, daysAhead: 5);

        var result = await database.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().BookAsync(BookingTargetKind.Station, Station,
            new BookingInput { SlotId = null, Name = new string('名', 51), Phone = "12345", Topic = "太短" }));
        var otherStation = await database.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().BookAsync(BookingTargetKind.Station, "990102002-01",
            new BookingInput { SlotId = slotId, Name = "张三", Phone = "13812345678", Topic = "想反映停车难的问题" }));

        Assert.Equal(EditOutcome.Invalid, result.Outcome);
        Assert.Equal(["Name", "Phone", "SlotId", "Topic"], result.Errors.Select(e => e.Field).Order());
        Assert.Equal("所选时段已不能预约，请重新选择。", Assert.Single(otherStation.Errors).Message);
    }

    [Fact]
    public async Task ADeputysPageOffersTheirOwnSlotsAndTheirStationsSlotsWithoutADeputy()
    {
        var own = await OpenSlotAsync(capacity: 2, daysAhead: 6, deputy: "D0004");
        var stationWide = await OpenSlotAsync(capacity: 2, daysAhead: 6);
        var someoneElses = await OpenSlotAsync(capacity: 2, daysAhead: 6, deputy: "D0001");

        var target = await database.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().FindTargetAsync(BookingTargetKind.Deputy, "D0004"));

        Assert.NotNull(target);
        Assert.Contains(target.Slots, s => s.Id == own);
        Assert.Contains(target.Slots, s => s.Id == stationWide);
        Assert.DoesNotContain(target.Slots, s => s.Id == someoneElses);
    }

    [Fact]
    public async Task StaffConfirmRescheduleAndDeclineMoveTheStatusTheSeatsAndQueueATextEach()
    {
        var first = await OpenSlotAsync(capacity: 2, daysAhead: 7);
        var second = await OpenSlotAsync(capacity: 1, daysAhead: 8);
        var booked = await BookAsync(first, "13900001111");
        var id = await database.QueryAsync(db => db.Appointments.Where(a => a.TrackingCode == booked.Code).Select(a => a.Id).SingleAsync());
        var scope = StaffScope.ForStation(await database.QueryAsync(db => db.Stations.Where(s => s.Code == Station).Select(s => s.Id).SingleAsync()));
        var before = await database.QueryAsync(db => db.OutboxMessages.CountAsync());

        var confirmed = await Staff(book => book.ConfirmAsync(scope, id, VersionOf(id)));
        var stale = await Staff(book => book.ConfirmAsync(scope, id, 1));
        var moved = await Staff(book => book.RescheduleAsync(scope, id, VersionOf(id), second, "原时段代表外出开会"));
        var (firstSeats, secondSeats) = (await SeatsAsync(first), await SeatsAsync(second));
        var declined = await Staff(book => book.DeclineAsync(scope, id, VersionOf(id), "代表近期无法接待"));

        Assert.True(confirmed.Succeeded);
        Assert.Contains("刚被其他人处理过", Assert.Single(stale.Errors).Message, StringComparison.Ordinal);
        Assert.True(moved.Succeeded, string.Join(";", moved.Errors));
        Assert.Equal((0, 1), (firstSeats, secondSeats));
        Assert.True(declined.Succeeded);
        Assert.Equal(0, await SeatsAsync(second));
        var appointment = await database.QueryAsync(db => db.Appointments.AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.Equal((AppointmentStatus.Declined, "代表近期无法接待", second), (appointment.Status, appointment.Reply, appointment.SlotId));
        var kinds = await database.QueryAsync(db => db.OutboxMessages.OrderBy(m => m.Id).Skip(before).Select(m => m.Kind).ToListAsync());
        Assert.Equal(["appointment.confirmed", "appointment.rescheduled", "appointment.declined"], kinds);

        uint VersionOf(int appointmentId) => database.QueryAsync(db => db.Appointments.Where(a => a.Id == appointmentId).Select(a => a.Version).SingleAsync()).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task CancellingASlotDeclinesItsBookingsWithTheReasonAndClosesItToNewOnes()
    {
        var slotId = await OpenSlotAsync(capacity: 3, daysAhead: 9);
        var one = await BookAsync(slotId, "13700001111");
        var two = await BookAsync(slotId, "13700002222");

        var cancelled = await Staff(book => book.CancelSlotAsync(StaffScope.Everything, slotId, "场地临时检修"));
        var late = await BookAsync(slotId, "13700003333");

        Assert.Equal("2", cancelled.Code);
        Assert.Equal("所选时段已不能预约，请重新选择。", Assert.Single(late.Errors).Message);
        var appointments = await database.QueryAsync(db => db.Appointments.AsNoTracking().Where(a => a.SlotId == slotId).ToListAsync());
        Assert.All(appointments, a => Assert.Equal((AppointmentStatus.Declined, "接待时段已取消：场地临时检修"), (a.Status, a.Reply)));
        Assert.Equal(0, await SeatsAsync(slotId));
        Assert.Equal(2, await database.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == "appointment.declined" && (m.Body.Contains(one.Code!.Substring(0, 5)) || m.Body.Contains(two.Code!.Substring(0, 5))))));
    }

    [Fact]
    public async Task ACitizenCanWithdrawWithCodeAndLastFourDigitsWhichReleasesTheSeat()
    {
        var slotId = await OpenSlotAsync(capacity: 1, daysAhead: 10);
        var booked = await BookAsync(slotId, "13600001234");

        var wrong = await database.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().CancelByCitizenAsync(booked.Code!, "9999"));
        var withdrawn = await database.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().CancelByCitizenAsync(booked.Code!, "1234"));
        var again = await database.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().CancelByCitizenAsync(booked.Code!, "1234"));

        Assert.Equal(EditOutcome.NotFound, wrong.Outcome);
        Assert.True(withdrawn.Succeeded);
        Assert.Equal(EditOutcome.Invalid, again.Outcome);
        Assert.Equal(0, await SeatsAsync(slotId));
    }

    [Fact]
    public async Task OpeningASlotChecksTheFormAndRefusesThePast()
    {
        var scope = StaffScope.ForStation(await database.QueryAsync(db => db.Stations.Where(s => s.Code == Station).Select(s => s.Id).SingleAsync()));

        var result = await Staff(book => book.OpenSlotAsync(scope, new SlotInput
        {
            StationCode = "990102002-01",
            Date = "2020-01-01",
            StartTime = "10:00",
            EndTime = "09:00",
            Capacity = "201",
        }));
        var past = await Staff(book => book.OpenSlotAsync(scope, new SlotInput { StationCode = Station, Date = "2020-01-01", StartTime = "09:00", EndTime = "10:00", Capacity = "5" }));
        var otherDeputy = await Staff(book => book.OpenSlotAsync(scope, new SlotInput { StationCode = Station, DeputyCode = "D0007", Date = "2099-01-01", StartTime = "09:00", EndTime = "10:00", Capacity = "5" }));

        Assert.Equal(["Capacity", "Date", "EndTime", "StationCode"], result.Errors.Select(e => e.Field).Order());
        Assert.Equal("不能开放已经过去的时段，请选择以后的日期和时间。", Assert.Single(past.Errors).Message);
        Assert.Equal("DeputyCode", Assert.Single(otherDeputy.Errors).Field);
    }

    private Task<EditResult> Staff(Func<AppointmentBook, Task<EditResult>> action) =>
        database.WithScopeAsync(p => action(p.GetRequiredService<AppointmentBook>()));

    private Task<int> SeatsAsync(int slotId) => database.QueryAsync(db => db.ReceptionSlots.Where(s => s.Id == slotId).Select(s => s.Booked).SingleAsync());

    private Task<EditResult> BookAsync(int slotId, string phone) => database.WithScopeAsync(p => p.GetRequiredService<AppointmentBook>().BookAsync(
        BookingTargetKind.Station, Station, new BookingInput { SlotId = slotId, Name = "张三", Phone = phone, Topic = "想反映小区停车难的问题" }));

    private async Task<int> OpenSlotAsync(int capacity, int daysAhead, string? deputy = null, string? place = null)
    {
        var day = DateTimeOffset.UtcNow.ToOffset(Core.Calendar.ChinaTime.Offset).AddDays(daysAhead);
        var result = await Staff(book => book.OpenSlotAsync(StaffScope.Everything, new SlotInput
        {
            StationCode = Station,
            DeputyCode = deputy,
            Date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            StartTime = "09:00",
            EndTime = "11:00",
            Capacity = capacity.ToString(CultureInfo.InvariantCulture),
            Place = place,
        }));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return int.Parse(result.Code!, CultureInfo.InvariantCulture);
    }
}
