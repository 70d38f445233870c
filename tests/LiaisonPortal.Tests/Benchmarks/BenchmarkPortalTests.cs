using LiaisonPortal.Benchmarks;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Benchmarks;

/// <summary>What the benchmark runner relies on in the app: the plain-text ceiling and the office queue's keyset cursor.</summary>
public class BenchmarkPortalTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private static readonly StaffAccount Office = new("office@liaison.demo", "Demo-Liaison-2026");

    [Fact]
    public async Task PingAnswersPongAsPlainTextThroughTheWholePipeline()
    {
        await using var factory = new PortalFactory(database.ConnectionString, environment: "Production",
            settings: new Dictionary<string, string?> { ["Portal:RequireHttps"] = "false" });
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/ping", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("pong", await response.Content.ReadAsStringAsync());
        // The same middleware as every page: the request-logging middleware's correlation id is on it.
        Assert.True(response.Headers.Contains("X-Correlation-ID"));
    }

    [Fact]
    public async Task TheRunnersCursorIsTheOneTheOfficeQueueHandsOut()
    {
        await SubmitAndClassifyAsync(3);
        var page = await database.WithScopeAsync(services =>
            services.GetRequiredService<CaseLists>().ListAsync(Core.Accounts.StaffScope.Everything, new CaseFilter(), after: null, size: 1));
        Assert.NotNull(page.After);
        var last = page.Items[0].Code;
        var row = await database.QueryAsync(db => db.Opinions.AsNoTracking().Where(o => o.TrackingCode == last).Select(o => new { o.ReceivedAt, o.Id }).SingleAsync());

        Assert.Equal(page.After, BenchDatabase.CursorOf(row.ReceivedAt, row.Id));
    }

    [Fact]
    public async Task TheDeepPageProbeFindsTheRowTheOfficeQueueShowsAfterItsCursor()
    {
        await SubmitAndClassifyAsync(12);
        var probe = await BenchDatabase.QueueProbeAsync(database.Services, Office, CancellationToken.None);

        var user = await database.FindUserAsync(Office.Email);
        var filter = new CaseFilter(State: Enum.Parse<OpinionState>(probe.State), CategoryCode: probe.Category);
        var (first, deep, total) = await database.WithScopeAsync(async services =>
        {
            var lists = services.GetRequiredService<CaseLists>();
            var first = await lists.ListAsync(user!.Scope, filter, after: null, size: 1);
            var deep = await lists.ListAsync(user.Scope, filter, after: probe.DeepCursor, size: 1);
            // A dozen cases: far below the queue's count cap, so the count is exact.
            var counts = await lists.CountByStateAsync(user.Scope, filter);
            Assert.NotNull(counts);
            return (first, deep, counts[filter.State!.Value]);
        });

        Assert.Equal(probe.FirstCode, first.Items[0].Code);
        Assert.Equal(probe.DeepFirstCode, deep.Items[0].Code);
        Assert.Equal(total, probe.Count);
        Assert.Equal(Math.Max(1, (int)(total * 0.9)), probe.DeepRow);
    }

    /// <summary>Opinions to the demo deputy D0004 (inside the office's district), classified by the office.</summary>
    private async Task SubmitAndClassifyAsync(int count)
    {
        var user = await database.FindUserAsync(Office.Email);
        await database.WithScopeAsync(async services =>
        {
            var intake = services.GetRequiredService<OpinionIntake>();
            var cases = services.GetRequiredService<OpinionCases>();
            var actor = new CaseActor(user!.Scope, Core.Workflow.WorkflowActor.Office, user.Id, user.DisplayName);
            var category = (await intake.CategoriesAsync())[0].Code;
            for (var i = 0; i < count; i++)
            {
                var submitted = await intake.SubmitAsync(AddressKind.Deputy, "D0004",
                    new OpinionSubmission($"路灯不亮 {i}", $"小区门口第 {i} 盏路灯不亮，晚上出行不便。", null, "张先生", null, false, false, []), registeredBy: null);
                Assert.True(submitted.Succeeded, string.Join("; ", submitted.Errors.Select(e => e.Message)));
                var classified = await cases.ClassifyAsync(actor, submitted.TrackingCode!, category, Core.Organisation.Grade.Normal, null);
                Assert.True(classified.Succeeded);
            }

            return 0;
        });
    }
}
