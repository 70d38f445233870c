using System.Text.Json;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiaisonPortal.Tests.Security.Privacy;

/// <summary>
/// The retention job (PIPL): citizens' names and phone numbers go a set time after the case ended, read back from the raw
/// columns; open and recent cases, the case itself and its workflow state stay; appointments and sent messages follow
/// the same period; a second run and a concurrent run change nothing more; each run is in the audit log.
/// </summary>
[Trait("Category", "Security")]
public sealed class RetentionTests : IClassFixture<DemoDatabaseFixture>, IAsyncLifetime
{
    private const int Days = 730;
    private readonly DemoDatabaseFixture _database;
    private readonly AdjustableClock _clock = new();
    private readonly ServiceProvider _services;
    private readonly PrivacyCases _cases;

    public RetentionTests(DemoDatabaseFixture database)
    {
        _database = database;
        _services = Services(database, _clock, settings: null);
        _cases = new PrivacyCases(_services, _clock);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task TheJobAnonymisesExactlyTheCasesEndedLongerAgoThanThePeriodAndNothingElse()
    {
        var ended = new DateTimeOffset(2023, 3, 6, 10, 0, 0, ChinaTime.Offset);
        var run = ended.AddDays(Days + 1).ToUniversalTime();
        var oldPhone = PrivacyCases.NewPhone();
        var recentPhone = PrivacyCases.NewPhone();
        var refusedPhone = PrivacyCases.NewPhone();
        var openPhone = PrivacyCases.NewPhone();
        // Closed a day more than the period before the run; closed a day less; refused a day more; still open since long before.
        var old = await _cases.ClosedAsync(ended, "保留期：早已办结", "张一", oldPhone);
        var recent = await _cases.ClosedAsync(ended.AddDays(2), "保留期：办结不满两年", "李二", recentPhone);
        var refused = await _cases.RefusedAsync(ended, "保留期：不予受理", "王三", refusedPhone);
        var open = await _cases.SubmitAsync(ended.AddDays(-100), "保留期：仍在办理", "赵四", openPhone);
        // Messages: sent a day more than the period before the run (old, refused), a day less (recent), not sent yet (open).
        foreach (var (code, sentAt) in new[] { (old, ended), (refused, ended), (recent, ended.AddDays(2)) })
        {
            Assert.True(await _cases.MarkSentAsync(code, sentAt) >= 1, $"{code} had no message to the citizen");
        }

        Assert.NotEmpty(await _cases.RecipientsAsync(open));

        var before = await _cases.OpinionAsync(old);
        var dryRun = await _cases.RunAsync(run, dryRun: true);
        Assert.True(dryRun.DryRun);
        Assert.NotNull((await _cases.OpinionAsync(old)).PhoneCipher); // a dry run changes nothing

        var result = await _cases.RunAsync(run);

        // The ones due: name replaced, phone and consent gone, marked with the run's time; the case's state and last move kept.
        foreach (var (code, state) in new[] { (old, OpinionState.Closed), (refused, OpinionState.Refused) })
        {
            var row = await _cases.OpinionAsync(code);
            Assert.Equal(CitizenDataRetention.AnonymisedName, row.CitizenName);
            Assert.Null(row.PhoneCipher);
            Assert.False(row.MayContact);
            Assert.Equal(run, row.AnonymisedAt);
            Assert.Equal((int)state, row.State);
            Assert.All(await _cases.RecipientsAsync(code), r => Assert.Equal(string.Empty, r));
        }

        Assert.Equal(before.UpdatedAt, (await _cases.OpinionAsync(old)).UpdatedAt);
        var closedCase = await _cases.DbAsync(db => db.Opinions.AsNoTracking().Include(o => o.Events).SingleAsync(o => o.TrackingCode == old));
        Assert.Equal("保留期：早已办结", closedCase.Title);
        Assert.Contains(closedCase.Events, e => e.Action == nameof(OpinionAction.Close));
        Assert.Equal(Core.Opinions.Rating.Satisfied, (await _cases.DbAsync(db => db.OpinionEvaluations.SingleAsync(e => e.OpinionId == closedCase.Id))).Rating);

        // Not due: closed a day too recently, or still open: everything kept, and the recipients of messages sent a day
        // too recently or not sent at all.
        foreach (var (code, name) in new[] { (recent, "李二"), (open, "赵四") })
        {
            var row = await _cases.OpinionAsync(code);
            Assert.Equal(name, row.CitizenName);
            Assert.NotNull(row.PhoneCipher);
            Assert.Null(row.AnonymisedAt);
            Assert.All(await _cases.RecipientsAsync(code), r => Assert.NotEqual(string.Empty, r));
        }

        // Across the whole database (demo data and other tests' cases too): this run anonymised exactly the cases ended
        // (refused, closed, escalated; merged ones are checked elsewhere) before the cutoff that were not anonymised yet.
        var cutoff = run.AddDays(-Days);
        var wrong = await _cases.DbAsync(db => db.Opinions.AsNoTracking()
            .Where(o => o.State != OpinionState.Merged)
            .Where(o => o.AnonymisedAt == null || o.AnonymisedAt == run)
            .Where(o => (o.AnonymisedAt == run) != ((o.State == OpinionState.Refused || o.State == OpinionState.Closed || o.State == OpinionState.Escalated) && o.UpdatedAt < cutoff))
            .Select(o => o.TrackingCode).ToListAsync());
        Assert.Empty(wrong);
        Assert.Equal(0, await _cases.DbAsync(db => db.Opinions.CountAsync(o => o.AnonymisedAt != null && (o.PhoneCipher != null || o.MayContact))));

        // The dry run counted what the run did; the run wrote one audit entry with the counts and no personal data.
        Assert.Equal((dryRun.Opinions, dryRun.Appointments, dryRun.Messages), (result.Opinions, result.Appointments, result.Messages));
        Assert.True(result.Opinions >= 2);
        Assert.True(result.Messages >= 2);
        var entry = await _cases.DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Action == "Anonymised" && e.At == run).SingleAsync());
        Assert.Equal(AuditKind.Change, entry.Kind);
        Assert.Equal("系统", entry.ActorName);
        using (var detail = JsonDocument.Parse(entry.Changes))
        {
            Assert.Equal(result.Opinions, detail.RootElement.GetProperty("opinions").GetInt32());
            Assert.Equal(result.Messages, detail.RootElement.GetProperty("messages").GetInt32());
            Assert.Equal(Days, detail.RootElement.GetProperty("days").GetInt32());
        }

        Assert.DoesNotContain("张一", entry.Changes, StringComparison.Ordinal);
        Assert.DoesNotContain(oldPhone, entry.Changes, StringComparison.Ordinal);

        // Idempotent: the same run again finds nothing and writes no entry.
        var again = await _cases.RunAsync(run);
        Assert.Equal(0, again.Total);
        Assert.Equal(1, await _cases.DbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "Anonymised" && e.At == run)));

        // Two days later the recently closed one is due too.
        var later = await _cases.RunAsync(run.AddDays(2));
        Assert.True(later.Opinions >= 1);
        Assert.Null((await _cases.OpinionAsync(recent)).PhoneCipher);
        Assert.Null((await _cases.OpinionAsync(open)).AnonymisedAt);
    }

    [Fact]
    public async Task AMergedCaseWaitsForTheCaseItJoined()
    {
        var at = new DateTimeOffset(2022, 5, 10, 10, 0, 0, ChinaTime.Offset);
        var survivorPhone = PrivacyCases.NewPhone();
        var mergedPhone = PrivacyCases.NewPhone();
        var survivor = await _cases.SubmitAsync(at, "合并：主件", "周五", survivorPhone);
        var merged = await _cases.SubmitAsync(at, "合并：同类件", "吴六", mergedPhone);
        var office = new CaseActor(StaffScope.Everything, Core.Workflow.WorkflowActor.Office, null, "东湖区代表工委");
        Assert.True((await _cases.ScopeAsync(s => s.GetRequiredService<OpinionCases>().MergeAsync(office, merged, survivor, null))).Succeeded);

        // The merged case ended long ago, but the case it joined is still open: its citizen still gets the answer.
        await _cases.RunAsync(at.AddDays(Days + 30));
        Assert.Null((await _cases.OpinionAsync(merged)).AnonymisedAt);
        Assert.NotNull((await _cases.OpinionAsync(merged)).PhoneCipher);

        // Once the case it joined is refused and the period has passed, both go.
        await _cases.ScopeAsync(s => s.GetRequiredService<OpinionCases>().RefuseAsync(office, survivor, "不属于受理范围。", null));
        await _cases.RunAsync(_clock.GetUtcNow().AddDays(Days + 1));
        Assert.Null((await _cases.OpinionAsync(merged)).PhoneCipher);
        Assert.Null((await _cases.OpinionAsync(survivor)).PhoneCipher);
    }

    [Fact]
    public async Task PastAppointmentsAreAnonymisedAndStaffCanNeitherRevealNorMoveThem()
    {
        var startsAt = new DateTimeOffset(2022, 9, 6, 9, 0, 0, ChinaTime.Offset);
        var pastPhone = PrivacyCases.NewPhone();
        var past = await _cases.AppointmentAsync(startsAt, "郑七", pastPhone);
        await _cases.MarkSentAsync(past, startsAt.AddDays(-5));
        var run = startsAt.AddDays(Days + 1);
        var upcoming = await _cases.AppointmentAsync(run.AddDays(10), "冯八", PrivacyCases.NewPhone());

        var result = await _cases.RunAsync(run);

        Assert.True(result.Appointments >= 1);
        var row = await _cases.AppointmentRowAsync(past);
        Assert.Equal(CitizenDataRetention.AnonymisedName, row.Name);
        Assert.Equal(string.Empty, row.PhoneCipher);
        Assert.Equal(run, row.AnonymisedAt);
        Assert.Equal((int)AppointmentStatus.Requested, row.Status);
        Assert.All(await _cases.RecipientsAsync(past), r => Assert.Equal(string.Empty, r));
        var kept = await _cases.AppointmentRowAsync(upcoming);
        Assert.Equal("冯八", kept.Name);
        Assert.Null(kept.AnonymisedAt);

        // The staff pages' services: no number to reveal, a masked "—", and a clear refusal instead of an exception.
        var id = await _cases.DbAsync(db => db.Appointments.Where(a => a.TrackingCode == past).Select(a => new { a.Id, a.Version }).SingleAsync());
        var book = (Func<AppointmentBook, Task<object?>> f) => _cases.ScopeAsync(s => f(s.GetRequiredService<AppointmentBook>()));
        Assert.Null(await book(async b => await b.RevealPhoneAsync(StaffScope.Everything, id.Id)));
        var confirm = (Core.Management.EditResult)(await book(async b => await b.ConfirmAsync(StaffScope.Everything, id.Id, id.Version)))!;
        Assert.False(confirm.Succeeded);
        Assert.Contains("匿名化", confirm.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Null(await _cases.ScopeAsync(async s => await s.GetRequiredService<AppointmentBook>().TrackAsync(past, pastPhone[^4..], CancellationToken.None)));
    }

    [Fact]
    public async Task ThePeriodComesFromConfigurationAndASettingUnderADayIsRefused()
    {
        var clock = new AdjustableClock();
        await using var thirty = Services(_database, clock, new Dictionary<string, string?> { ["Privacy:AnonymiseClosedAfterDays"] = "30" });
        var cases = new PrivacyCases(thirty, clock);
        var closedAt = new DateTimeOffset(2021, 4, 1, 10, 0, 0, ChinaTime.Offset);
        var code = await cases.ClosedAsync(closedAt, "短保留期", "陈九", PrivacyCases.NewPhone());

        var early = await cases.RunAsync(closedAt.AddDays(29));
        Assert.Equal(30, early.Days);
        Assert.Null((await cases.OpinionAsync(code)).AnonymisedAt);
        await cases.RunAsync(closedAt.AddDays(31));
        Assert.Null((await cases.OpinionAsync(code)).PhoneCipher);

        await using var zero = Services(_database, clock, new Dictionary<string, string?> { ["Privacy:AnonymiseClosedAfterDays"] = "0" });
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => new PrivacyCases(zero, clock).RunAsync(closedAt.AddDays(31), dryRun: true));
        Assert.Contains("AnonymiseClosedAfterDays", refused.Message, StringComparison.Ordinal);
        Assert.Equal(PrivacyOptions.DefaultDays, new PrivacyOptions().AnonymiseClosedAfterDays);
    }

    [Fact]
    public async Task TwoInstancesRunningAtOnceAnonymiseEachRowOnce()
    {
        var clock = new AdjustableClock();
        // Small batches, so the two runs interleave over many transactions.
        var settings = new Dictionary<string, string?> { ["Privacy:BatchSize"] = "3" };
        await using var first = Services(_database, clock, settings);
        await using var second = Services(_database, clock, settings);
        var cases = new PrivacyCases(first, clock);
        var ended = new DateTimeOffset(2020, 6, 1, 10, 0, 0, ChinaTime.Offset);
        var codes = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            codes.Add(await cases.RefusedAsync(ended.AddMinutes(i), $"并发匿名化 {i}", "并发" + i, PrivacyCases.NewPhone()));
        }

        var run = ended.AddDays(Days + 1).ToUniversalTime();
        var due = await cases.RunAsync(run, dryRun: true);
        var results = await Task.WhenAll(
            new PrivacyCases(first, clock).RunAsync(run),
            new PrivacyCases(second, clock).RunAsync(run));

        Assert.Equal(due.Opinions, results.Sum(r => r.Opinions));
        Assert.Equal(due.Messages, results.Sum(r => r.Messages));
        foreach (var code in codes)
        {
            Assert.Null((await cases.OpinionAsync(code)).PhoneCipher);
        }

        Assert.Equal(0, (await cases.RunAsync(run)).Total);
    }

    private static ServiceProvider Services(DatabaseFixture database, AdjustableClock clock, IReadOnlyDictionary<string, string?>? settings) =>
        TestCluster.CoreServices(database.ConnectionString, settings, services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(clock);
        });
}
