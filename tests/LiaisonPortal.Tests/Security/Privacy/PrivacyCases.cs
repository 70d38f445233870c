using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Security.Privacy;

/// <summary>The raw columns of an opinion that hold the citizen's data, read with SQL (not through the entity).</summary>
public sealed record RawOpinion(string? CitizenName, string? PhoneCipher, bool MayContact, DateTimeOffset? AnonymisedAt, int State, DateTimeOffset UpdatedAt, string? SecretHash);

public sealed record RawAppointment(string Name, string PhoneCipher, DateTimeOffset? AnonymisedAt, int Status);

/// <summary>
/// Cases made through the real services, at times the test's clock sets: an opinion taken through the whole loop
/// (classified, assigned, answered, fed back, rated satisfied: closed at a chosen moment), refused, left open, or
/// submitted anonymously; a booked appointment; the messages about them marked sent. Everything goes to the database the
/// given services use.
/// </summary>
public sealed class PrivacyCases(IServiceProvider services, AdjustableClock clock)
{
    public const string StationCode = "990102001-01";
    public const string OtherDistrictStation = "990103001-01";
    public const string UnitCode = "U990102-01";
    public const string Satisfied = "办得很快，谢谢";

    private static readonly CaseActor Office = new(StaffScope.Everything, WorkflowActor.Office, null, "东湖区代表工委");
    private static int _phone;

    /// <summary>A phone number no other test uses (the last four digits prove the case).</summary>
    public static string NewPhone() => "1390" + (Interlocked.Increment(ref _phone) + (Environment.ProcessId % 1000 * 1000)).ToString("0000000", CultureInfo.InvariantCulture);

    public async Task<string> SubmitAsync(DateTimeOffset at, string title, string? name, string? phone, string station = StationCode)
    {
        clock.Set(at);
        return await ScopeAsync(async s =>
        {
            var result = await s.GetRequiredService<OpinionIntake>().SubmitAsync(AddressKind.Station, station,
                new OpinionSubmission(title, "这是一条用于测试个人信息保留期限的群众意见：" + title, null, name, phone, phone is not null, false, []));
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
            return result.TrackingCode!;
        });
    }

    /// <summary>An anonymous submission (no name, no phone): proved by the secret, which is returned.</summary>
    public async Task<(string Code, string Secret)> SubmitAnonymousAsync(DateTimeOffset at, string title)
    {
        clock.Set(at);
        return await ScopeAsync(async s =>
        {
            var result = await s.GetRequiredService<OpinionIntake>().SubmitAsync(AddressKind.Station, StationCode,
                new OpinionSubmission(title, "这是一条匿名提交、用于测试保留期限的群众意见：" + title, null, null, null, false, true, []));
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
            return (result.TrackingCode!, result.Secret!);
        });
    }

    /// <summary>Received 40 days before <paramref name="closedAt"/>, handled, fed back, rated satisfied at <paramref name="closedAt"/> (which closes it).</summary>
    public async Task<string> ClosedAsync(DateTimeOffset closedAt, string title, string name, string phone, string answer = "路灯已经修好。")
    {
        var code = await SubmitAsync(closedAt.AddDays(-40), title, name, phone);
        await MoveAsync(c => c.ClassifyAsync(Office, code, "CJ", Grade.Normal, null));
        await MoveAsync(c => c.AssignAsync(Office, code, new AssignInput(UnitCode, null), null));
        clock.Set(closedAt.AddDays(-30));
        var unit = await UnitActorAsync();
        await MoveAsync(c => c.AnswerAsync(unit, code, new AnswerInput(answer, AnswerResult.Solved, Final: true), null));
        clock.Set(closedAt.AddDays(-20));
        await MoveAsync(c => c.FeedBackAsync(Office, code, "您反映的问题已解决：" + answer, null));
        clock.Set(closedAt);
        var rated = await ScopeAsync(s => s.GetRequiredService<OpinionTracking>().RateAsync(code, phone[^4..], Rating.Satisfied, Satisfied));
        Assert.Equal(RatingOutcome.Done, rated);
        return code;
    }

    public async Task<string> RefusedAsync(DateTimeOffset refusedAt, string title, string name, string phone)
    {
        var code = await SubmitAsync(refusedAt.AddDays(-2), title, name, phone);
        clock.Set(refusedAt);
        await MoveAsync(c => c.RefuseAsync(Office, code, "不属于人大代表联络站受理的事项，请向法院反映。", null));
        return code;
    }

    /// <summary>Books a seat in a slot that starts <paramref name="startsAt"/>, booked five days before it.</summary>
    public async Task<string> AppointmentAsync(DateTimeOffset startsAt, string name, string phone)
    {
        clock.Set(startsAt.AddDays(-5));
        return await ScopeAsync(async s =>
        {
            var book = s.GetRequiredService<AppointmentBook>();
            var china = ChinaTime.Of(startsAt);
            var slot = await book.OpenSlotAsync(StaffScope.Everything, new SlotInput
            {
                StationCode = StationCode,
                Date = china.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                StartTime = china.ToString("HH:mm", CultureInfo.InvariantCulture),
                EndTime = china.AddHours(2).ToString("HH:mm", CultureInfo.InvariantCulture),
                Capacity = "5",
            });
            Assert.True(slot.Succeeded, string.Join("; ", slot.Errors.Select(e => e.Message)));
            var booked = await book.BookAsync(BookingTargetKind.Station, StationCode,
                new BookingInput { SlotId = int.Parse(slot.Code!, CultureInfo.InvariantCulture), Name = name, Phone = phone, Topic = "想和代表谈谈小区停车难的问题" });
            Assert.True(booked.Succeeded, string.Join("; ", booked.Errors.Select(e => e.Message)));
            return booked.Code!;
        });
    }

    /// <summary>Marks every message that names the code as sent at <paramref name="at"/> (the outbox sender's part, not under test here).</summary>
    public Task<int> MarkSentAsync(string code, DateTimeOffset at)
    {
        var display = TrackingCodes.Display(code);
        return DbAsync(db => db.OutboxMessages.Where(m => m.Body.Contains(display) && m.SentAt == null).ExecuteUpdateAsync(u => u.SetProperty(m => m.SentAt, at.ToUniversalTime())));
    }

    public Task<RetentionResult> RunAsync(DateTimeOffset at, bool dryRun = false)
    {
        clock.Set(at);
        return ScopeAsync(s => s.GetRequiredService<CitizenDataRetention>().RunAsync(dryRun));
    }

    public Task<RawOpinion> OpinionAsync(string code) => DbAsync(db => db.Database.SqlQuery<RawOpinion>($"""
        SELECT "CitizenName", "PhoneCipher", "MayContact", "AnonymisedAt", "State", "UpdatedAt", "SecretHash" FROM "Opinions" WHERE "TrackingCode" = {code}
        """).SingleAsync());

    public Task<RawAppointment> AppointmentRowAsync(string code) => DbAsync(db => db.Database.SqlQuery<RawAppointment>($"""
        SELECT "Name", "PhoneCipher", "AnonymisedAt", "Status" FROM "Appointments" WHERE "TrackingCode" = {code}
        """).SingleAsync());

    /// <summary>The encrypted recipients of the text messages that name the code, as stored.</summary>
    public Task<List<string>> RecipientsAsync(string code)
    {
        var display = TrackingCodes.Display(code);
        return DbAsync(db => db.Database.SqlQuery<string>($"""
            SELECT "RecipientCipher" AS "Value" FROM "OutboxMessages" WHERE position({display} in "Body") > 0 ORDER BY "Id"
            """).ToListAsync());
    }

    public async Task<T> ScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<T> DbAsync<T>(Func<ApplicationDbContext, Task<T>> action) => ScopeAsync(s => action(s.GetRequiredService<ApplicationDbContext>()));

    private async Task MoveAsync(Func<OpinionCases, Task<Core.Management.EditResult>> move)
    {
        var result = await ScopeAsync(s => move(s.GetRequiredService<OpinionCases>()));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
    }

    private async Task<CaseActor> UnitActorAsync()
    {
        var id = await DbAsync(db => db.HandlingUnits.Where(u => u.Code == UnitCode).Select(u => u.Id).SingleAsync());
        return new CaseActor(StaffScope.ForUnit(id), WorkflowActor.Unit, null, UnitCode);
    }
}
