using System.Globalization;
using LiaisonPortal.Tests.Notifications;
using Xunit.Abstractions;

namespace LiaisonPortal.Tests.Security.Faults;

/// <summary>
/// App fault: kill -9 the web app (a separate process) while its outbox worker sends text messages to a slow,
/// de-duplicating gateway; start it again; every message is delivered exactly once. The outbox commits each message right
/// after its send, so a kill can leave at most the one message in flight accepted-but-unmarked (sent again after the
/// restart, at most one raw repeat per kill), and that repeat carries the same Idempotency-Key, which the gateway drops.
/// A normal run queues 200 messages and kills once (about 20 s); LIAISON_HEAVY=1 queues 1,000 and kills three times.
/// </summary>
[Trait("Category", "Security")]
public class OutboxCrashTests(ITestOutputHelper output)
{
    private static readonly bool Heavy = Environment.GetEnvironmentVariable("LIAISON_HEAVY") == "1";

    [Fact]
    public async Task KillNineWhileTheOutboxSendsAndRestartEveryMessageIsDeliveredExactlyOnce()
    {
        var count = Heavy ? 1000 : 200;
        var maxDelay = TimeSpan.FromMilliseconds(Heavy ? 200 : 60);
        int[] killAfter = Heavy ? [150, 450, 800] : [50];
        await using var drill = await OutboxDrill.StartAsync(count, TimeSpan.FromMilliseconds(Heavy ? 50 : 20), maxDelay);

        foreach (var after in killAfter)
        {
            var app = await drill.StartAppAsync();
            await drill.WaitUntilReceivedAsync(after, TimeSpan.FromSeconds(120));

            // Anywhere: inside a send (most of the time, the gateway is slow) or between two.
            await Task.Delay(Random.Shared.Next(0, (int)maxDelay.TotalMilliseconds));
            var inFlight = drill.Gateway.InFlight;
            app.Kill();

            Assert.Equal(AppProcess.KilledBySigkill, app.ExitCode);
            var (accepted, committed) = await drill.AcceptedAndCommittedAsync();
            // Some but not all: the gateway had the requests waited for, and messages are left for the next run.
            Assert.True(drill.Gateway.Received >= after);
            Assert.InRange(accepted, after - killAfter.Length, count - 1);

            // The window a crash leaves: accepted by the gateway, not marked sent. One worker sends one message at a time.
            Assert.InRange(accepted - committed, 0, 1);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kill -9 (exit {app.ExitCode}) after {drill.Gateway.Received} requests: {inFlight} in flight at the gateway, {accepted} accepted, {committed} marked sent"));
        }

        await drill.StartAppAsync();
        await drill.WaitUntilDrainedAsync(TimeSpan.FromSeconds(Heavy ? 600 : 120));

        var repeats = await drill.AssertDeliveredExactlyOnceAsync(maxRawDuplicates: killAfter.Length);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{count} messages, {drill.Gateway.Received} requests, {repeats.Count} raw repeat(s) of an accepted key (dropped by the gateway): requests {string.Join(", ", repeats.Select(r => r.Number))}"));
    }

    /// <summary>
    /// The exact window the key closes: the gateway kills the app when it receives the N-th request, before answering (the
    /// app cannot have committed) or right after its answer went out (it almost never has). After the restart the message
    /// goes again with the same key, and the gateway delivers it once.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AKillBetweenTheGatewaysAcceptanceAndTheCommitStillDeliversOnceThanksToTheKey(bool afterTheAnswer)
    {
        const int Count = 40;
        const int KillAt = 17;
        await using var drill = await OutboxDrill.StartAsync(Count, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20));
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void KillOn(int request)
        {
            if (request == KillAt)
            {
                drill.Current!.Kill();
                killed.TrySetResult();
            }
        }

        if (afterTheAnswer)
        {
            drill.Gateway.OnAnswered = KillOn;
        }
        else
        {
            drill.Gateway.OnReceived = KillOn;
        }

        var first = await drill.StartAppAsync(waitReady: false);
        await killed.Task.WaitAsync(TimeSpan.FromSeconds(120));
        drill.Gateway.OnReceived = null;
        drill.Gateway.OnAnswered = null;
        Assert.Equal(AppProcess.KilledBySigkill, first.ExitCode);
        var (accepted, committed) = await drill.AcceptedAndCommittedAsync();
        if (!afterTheAnswer)
        {
            // Sent one by one: request 17 was accepted and never answered, the 16 before it are committed.
            Assert.Equal(KillAt, accepted);
            Assert.Equal(KillAt - 1, committed);
        }
        else
        {
            // The kill follows the answer by a moment in which the app may commit (and even send the next one).
            Assert.InRange(accepted, KillAt, KillAt + 1);
            Assert.InRange(accepted - committed, 0, 1);
        }

        await drill.StartAppAsync();
        await drill.WaitUntilDrainedAsync(TimeSpan.FromSeconds(120));

        var repeats = await drill.AssertDeliveredExactlyOnceAsync(maxRawDuplicates: 1);
        if (!afterTheAnswer)
        {
            // Accepted, never answered, so never marked: it went again after the restart, with the same key, and was dropped.
            Assert.Equal(drill.Gateway.Deliveries.Single(d => d.Number == KillAt).Key, Assert.Single(repeats).Key);
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"killed {(afterTheAnswer ? "after answering" : "before answering")} request {KillAt}: {committed} marked sent at the kill, {repeats.Count} repeat(s) of its key after the restart, each message accepted once"));
    }
}
