using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Partners;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LiaisonPortal.Tests.Webhooks;

/// <summary>A clock several app instances share and a test moves forward while they run (read and moved atomically).</summary>
internal sealed class SharedClock : TimeProvider
{
    // Days away from the real clock, like AdjustableClock, so code reading the system clock instead would show.
    private long _ticks = DateTimeOffset.UtcNow.AddDays(3).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>
/// One app instance: the app's core services (real senders, real HttpClient) with their own service provider, pools and
/// logs on the shared test database, on a shared clock. Two of them are two portal instances behind a load balancer.
/// </summary>
internal sealed class PortalInstance : IAsyncDisposable
{
    public const string StationCode = "990102001-01";
    public const string UnitCode = "U990102-01";
    public static readonly CaseActor Office = new(StaffScope.Everything, WorkflowActor.Office, null, "东湖区代表工委");

    private PortalInstance(ServiceProvider services, CapturedLogs logs)
    {
        Services = services;
        Logs = logs;
    }

    public ServiceProvider Services { get; }

    public CapturedLogs Logs { get; }

    public static PortalInstance Start(string connectionString, TimeProvider clock, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var logs = new CapturedLogs();
        var services = TestCluster.CoreServices(connectionString, settings, services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(clock);
            services.AddLogging(logging => logging.AddProvider(logs));
        });
        return new PortalInstance(services, logs);
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<T> WithDbAsync<T>(Func<ApplicationDbContext, Task<T>> action) =>
        WithScopeAsync(provider => action(provider.GetRequiredService<ApplicationDbContext>()));

    public Task<EditResult> CasesAsync(Func<OpinionCases, Task<EditResult>> move) =>
        WithScopeAsync(provider => move(provider.GetRequiredService<OpinionCases>()));

    public Task<int> DispatchAsync(int batchSize = 20) =>
        WithScopeAsync(provider => provider.GetRequiredService<OutboxSender>().DispatchDueAsync(batchSize));

    /// <summary>How many deliveries this instance attempted (sent or failed), from its own logs.</summary>
    public int AttemptsLogged() => Logs.Entries.Count(e => e.Category == typeof(OutboxSender).FullName
        && (e.Message.Contains(" sent at attempt ", StringComparison.Ordinal) || e.Message.Contains(" failed attempt ", StringComparison.Ordinal)));

    public int SentLogged() => Logs.Entries.Count(e => e.Category == typeof(OutboxSender).FullName && e.Message.Contains(" sent at attempt ", StringComparison.Ordinal));

    /// <summary>A partner system made through the admin service; its webhook secret as shown once.</summary>
    public Task<PartnerCredentials> CreatePartnerAsync(string name, Uri? webhook) => WithScopeAsync(async provider =>
    {
        var (result, credentials) = await provider.GetRequiredService<PartnerSystems>().CreateAsync(
            new PartnerInput(name, "测试联系人", PartnerOperations.All, null, null, webhook?.ToString()));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        return credentials!;
    });

    /// <summary>
    /// Saves an opinion as the Open311 submission does (channel Partner, the partner named, received by the system) —
    /// or, without a partner, as the web form does — with a name, a phone and text the webhooks must never carry.
    /// </summary>
    public Task<string> SubmitAsync(int? partnerId, string title, string content, string name, string phone) => WithScopeAsync(async provider =>
    {
        var db = provider.GetRequiredService<ApplicationDbContext>();
        var stationId = await db.Stations.Where(s => s.Code == StationCode).Select(s => s.Id).SingleAsync();
        var now = provider.GetRequiredService<TimeProvider>().GetUtcNow();
        var opinion = new Opinion(TrackingCodes.NewCode(), partnerId is null ? OpinionChannel.Web : OpinionChannel.Partner, stationId, null, title, content, now)
        {
            PartnerSystemId = partnerId,
            CitizenName = name,
            PhoneCipher = provider.GetRequiredService<CitizenPhones>().Protect(phone),
        };
        OpinionWorkflow.Apply(opinion, OpinionAction.Receive, WorkflowActor.System, now, new MoveNotes(ActorName: "系统"));
        db.Opinions.Add(opinion);
        await db.SaveChangesAsync();
        return opinion.TrackingCode;
    });

    public async Task<CaseActor> UnitActorAsync()
    {
        var id = await WithDbAsync(db => db.HandlingUnits.Where(u => u.Code == UnitCode).Select(u => u.Id).SingleAsync());
        return new CaseActor(StaffScope.ForUnit(id), WorkflowActor.Unit, null, UnitCode);
    }

    public Task<List<OutboxMessage>> WebhooksAsync(int partnerId) => WithDbAsync(db => db.OutboxMessages.AsNoTracking()
        .Where(m => m.Channel == MessageChannel.Webhook && m.PartnerSystemId == partnerId).OrderBy(m => m.Id).ToListAsync());

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
