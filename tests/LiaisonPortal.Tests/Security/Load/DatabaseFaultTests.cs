using System.Diagnostics;
using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LiaisonPortal.Tests.Security.Load;

/// <summary>
/// PostgreSQL's postmaster is killed (SIGKILL) in the middle of a load of citizens submitting the form, and started
/// again a few seconds later. While it is down: the citizen's POST comes back as the form with a 503, a plain message
/// and every field as typed (no stack trace, no exception names); a staff page is the friendly 503 page;
/// /health/ready is 503 while /health/live stays 200. After the restart a resubmission of that same re-shown form and
/// /health/ready succeed within 10 s, and the load carries on without errors. Afterwards every submission that was
/// shown a tracking code is in the database with its text, and none that was answered 503 is (a 503 says "not saved":
/// had it been saved, the citizen would submit twice). The cluster is the test's own (<see cref="KillableCluster"/>).
/// </summary>
[Trait("Category", "Security")]
public sealed class DatabaseFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(10);

    private static readonly string[] Leaks = ["Exception", "StackTrace", "   at ", "Npgsql", "LiaisonPortal.", "System.", ".cs:line"];

    private static readonly HtmlParser Parser = new();

    // On the thread pool, outside xunit's synchronization context: the app's hosted services start from here, and the
    // test's own waits must not queue behind them.
    [Fact]
    public Task KillingPostgresMidLoadGivesFriendly503sLosesNothingShownAndRecoversWithinTenSeconds() => Task.Run(ScenarioAsync);

    private async Task ScenarioAsync()
    {
        var total = Stopwatch.StartNew();
        await using var cluster = await KillableCluster.StartAsync();
        output.WriteLine($"own cluster migrated and seeded in {total.Elapsed.TotalSeconds:F1} s");
        await using var portal = await KestrelPortal.StartAsync(cluster.ConnectionString, SubmissionLoadTests.RaisedLimits);
        var marker = "故障" + Guid.NewGuid().ToString("N")[..8];
        string[] paths = ["/s/990102001-01", "/d/D0004", "/s/990102001-02"];

        // Before the fault: staff signed in, the service ready, one citizen with the form open (typing takes a while).
        using var staff = new CitizenPhone(portal.Address);
        using (var signIn = await staff.Client.SignInAsync("office@liaison.demo"))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(staff.Client, "/Office"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(staff.Client, "/health/ready"));
        using var citizen = new CitizenPhone(portal.Address);
        var (typing, _) = await citizen.OpenAsync(paths[0]);
        Assert.NotNull(typing);
        var typed = new Letter(-1, marker + " 停电时提交的意见", "湖滨路 12 号楼下的配电箱门一直开着，小孩子放学经过很危险，请尽快派人锁好。", "周女士", "13912340000", MayContact: true, Anonymous: false, null);

        // The load: 16 phones submitting without pause.
        using var stopLoad = new CancellationTokenSource();
        var crowd = new CitizenCrowd(portal.Address, paths, i => Letter.Write(marker, i, [])) { Phones = 16, Pipeline = 4 };
        var load = crowd.RunAsync(int.MaxValue, stopLoad.Token);
        long killedAt = 0, backAt = 0, recoveredAt = 0;
        Answer saved;
        try
        {
            var warming = Stopwatch.StartNew();
            while (crowd.Shown < 40 && !load.IsCompleted && warming.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }

            if (load.IsCompleted)
            {
                Assert.Fail("the load ended early: " + await FaultAsync(load));
            }

            Assert.True(crowd.Shown >= 40, "the load did not get going: " + string.Join("\n", crowd.Answers.Take(5).Select(Describe)));
            await Task.Delay(TimeSpan.FromSeconds(3.3) - typing.Age is { } rest && rest > TimeSpan.Zero ? rest : TimeSpan.Zero);

            // The fault.
            var orphans = cluster.KillPostmaster();
            killedAt = Stopwatch.GetTimestamp();
            output.WriteLine($"postmaster killed at {Seconds(total):F1} s with {crowd.Shown} submissions done; {orphans.Count} of its processes left to notice");

            // /health/ready turns 503 (each check has 5 s), /health/live stays 200.
            var notReady = await WaitForAsync(staff.Client, "/health/ready", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(15));
            Assert.True(notReady is not null, "/health/ready did not turn 503 within 15 s of the kill");
            output.WriteLine($"/health/ready 503 after {notReady!.Value.TotalSeconds:F2} s");
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(staff.Client, "/health/live"));

            // The citizen submits: the form comes back, 503, as typed, with a plain message.
            var refused = await citizen.SubmitAsync(typing, typed);
            Assert.True(refused.Status == 503, $"the citizen's POST during the outage answered {refused.Status}:\n{refused.Body}");
            var reshown = await Parser.ParseDocumentAsync(refused.Body!);
            AssertNoLeak(refused.Body!, "the re-shown form");
            Assert.Contains("系统暂时无法保存", reshown.QuerySelector(".form-alert")?.TextContent ?? string.Empty, StringComparison.Ordinal);
            Assert.Equal(typed.Content, reshown.QuerySelector<IHtmlTextAreaElement>("textarea[name='Input.Content']")?.Value);
            Assert.Equal(typed.Title, reshown.QuerySelector<IHtmlInputElement>("input[name='Input.Title']")?.Value);
            Assert.Equal(typed.Name, reshown.QuerySelector<IHtmlInputElement>("input[name='Input.Name']")?.Value);
            Assert.Equal(typed.Phone, reshown.QuerySelector<IHtmlInputElement>("input[name='Input.Phone']")?.Value);
            Assert.True(reshown.QuerySelector<IHtmlInputElement>("input[name='Input.MayContact'][type='checkbox']")?.IsChecked, "the consent box lost its tick");
            // The form keeps its start stamp: pressing "submit" again at once is not "too fast".
            Assert.Equal(typing.Started, reshown.QuerySelector<IHtmlInputElement>("input[name='Started']")?.Value);

            // A staff page: the friendly 503 page.
            using (var page = await staff.Client.GetAsync(new Uri("/Office", UriKind.Relative)))
            {
                var body = await page.Content.ReadAsStringAsync();
                Assert.True(page.StatusCode == HttpStatusCode.ServiceUnavailable, $"/Office during the outage answered {(int)page.StatusCode}:\n{body}");
                Assert.Contains("系统暂时无法使用", body, StringComparison.Ordinal);
                Assert.NotNull(page.Headers.RetryAfter);
                AssertNoLeak(body, "the staff page");
            }

            // Down for a few seconds under load, then the server comes back (crash recovery on the same data and port).
            while (Stopwatch.GetElapsedTime(killedAt) < TimeSpan.FromSeconds(4))
            {
                await Task.Delay(100);
            }

            await cluster.RestartAsync(orphans);
            backAt = Stopwatch.GetTimestamp();
            output.WriteLine($"server back after {Stopwatch.GetElapsedTime(killedAt).TotalSeconds:F1} s down ({Seconds(total):F1} s into the test)");

            // The citizen presses "submit" again on the form as it came back, until it goes through; and /health/ready.
            var resubmitted = ResubmitUntilSavedAsync(citizen, typing.Path, reshown, backAt);
            var ready = WaitForAsync(staff.Client, "/health/ready", HttpStatusCode.OK, TimeSpan.FromSeconds(30), backAt);
            (saved, var savedAfter) = await resubmitted;
            var readyAfter = await ready;
            output.WriteLine($"after the restart: the resubmission saved after {savedAfter.TotalSeconds:F2} s, /health/ready 200 after {readyAfter?.TotalSeconds:F2} s");
            Assert.True(saved.ShownCode, $"the resubmission was not saved within 30 s: {saved.Status} {saved.Body}");
            Assert.True(savedAfter <= RecoveryLimit, $"a submission first succeeded {savedAfter.TotalSeconds:F1} s after the database returned");
            Assert.True(readyAfter is not null && readyAfter <= RecoveryLimit, $"/health/ready was 200 again only after {readyAfter?.TotalSeconds:F1} s");
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(staff.Client, "/Office"));

            // The load runs on for a few seconds after recovery, then stops (what is open is still sent).
            recoveredAt = Stopwatch.GetTimestamp();
            await Task.Delay(TimeSpan.FromSeconds(4));
            await stopLoad.CancelAsync();
            await load;
        }
        finally
        {
            // Whatever failed, the phones stop before the portal and the cluster go.
            await stopLoad.CancelAsync();
            await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(60)));
        }
        output.WriteLine($"load stopped at {Seconds(total):F1} s");

        var answers = crowd.Answers.ToList();
        Report(answers, killedAt, backAt);

        // Only the three kinds of answer; every 503 a plain page, a POST's 503 the form as typed.
        var wrong = answers.Where(a => a.Status is not (200 or 302 or 503) || (a.Status == 302 && !a.ShownCode)).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} answers other than 200, 302 with a code, 503:\n" + string.Join("\n", wrong.Take(5).Select(Describe)));
        foreach (var answer in answers.Where(a => a.Status == 503))
        {
            AssertNoLeak(answer.Body!, answer.Request);
            if (answer.Letter is { } letter)
            {
                var document = await Parser.ParseDocumentAsync(answer.Body!);
                Assert.Equal(letter.Content, document.QuerySelector<IHtmlTextAreaElement>("textarea[name='Input.Content']")?.Value);
                Assert.Equal(letter.Title, document.QuerySelector<IHtmlInputElement>("input[name='Input.Title']")?.Value);
            }
        }

        // After recovery (and the pool's broken connections are gone), nothing fails.
        var late = answers.Where(a => a.SentAt > recoveredAt && a.Status != 200 && a.Status != 302).ToList();
        Assert.True(late.Count == 0, $"{late.Count} requests failed after the portal had recovered:\n" + string.Join("\n", late.Take(5).Select(Describe)));

        // Every code shown is in the database with its text; no refused letter is.
        var shown = answers.Where(a => a.ShownCode).Select(a => (a.Letter!.Title, a.Code!)).Append((typed.Title, saved.Code!)).ToList();
        var refusedTitles = answers.Where(a => a.Letter is not null && a.Status == 503).Select(a => a.Letter!.Title).ToHashSet(StringComparer.Ordinal);
        await using var services = TestCluster.CoreServices(cluster.ConnectionString);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var stored = await db.Opinions.AsNoTracking().Where(o => o.Title.StartsWith(marker)).Select(o => new { o.Title, o.TrackingCode }).ToListAsync();
        var byTitle = stored.GroupBy(o => o.Title, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(o => o.TrackingCode).ToList(), StringComparer.Ordinal);
        var missing = shown.Where(s => !byTitle.TryGetValue(s.Title, out var codes) || codes.Count != 1 || codes[0] != s.Item2).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {shown.Count} submissions shown a code are not (once, with that code) in the database: {string.Join(", ", missing.Take(5))}");
        var savedAnyway = refusedTitles.Where(t => byTitle.ContainsKey(t) && !shown.Any(s => s.Title == t)).ToList();
        Assert.True(savedAnyway.Count == 0, $"{savedAnyway.Count} submissions answered 503 were saved all the same: {string.Join(", ", savedAnyway.Take(5))}");
        Assert.Equal(shown.Count, stored.Count);
        Assert.Equal(1, stored.Count(o => o.Title == typed.Title));
        output.WriteLine($"database: {stored.Count} opinions of the run, all {shown.Count} shown codes present, none of the {refusedTitles.Count} refused letters; {total.Elapsed.TotalSeconds:F1} s in all");
    }

    /// <summary>Presses "submit" on the re-shown form (its own fields, as a browser sends them) until it is saved or 30 s pass.</summary>
    private static async Task<(Answer Answer, TimeSpan After)> ResubmitUntilSavedAsync(CitizenPhone phone, string path, IHtmlDocument reshown, long since)
    {
        var form = reshown.QuerySelector<IHtmlFormElement>("form[method='post']")!;
        var fields = HtmlForms.FieldsOf(form);
        var letter = new Letter(-1,
            fields.Single(f => f.Key == "Input.Title").Value, fields.Single(f => f.Key == "Input.Content").Value, null, null, false, false, null);
        while (true)
        {
            var sent = Stopwatch.GetTimestamp();
            using var content = new MultipartFormDataContent();
            foreach (var (name, value) in fields)
            {
                content.Add(new StringContent(value), name);
            }

            using var response = await phone.Client.PostAsync(new Uri(path, UriKind.Relative), content);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                using var receipt = await phone.Client.GetAsync(response.Headers.Location);
                var page = await receipt.Content.ReadAsStringAsync();
                var code = Parser.ParseDocument(page).QuerySelector("#tracking-code")?.TextContent.Trim();
                var answer = new Answer("POST " + path, letter, 302, code is null ? null : Core.Citizens.TrackingCodes.Normalize(code), page, sent, Stopwatch.GetTimestamp());
                return (answer, Stopwatch.GetElapsedTime(since));
            }

            if ((int)response.StatusCode != 503 || Stopwatch.GetElapsedTime(since) > TimeSpan.FromSeconds(30))
            {
                return (new Answer("POST " + path, letter, (int)response.StatusCode, null, body, sent, Stopwatch.GetTimestamp()), Stopwatch.GetElapsedTime(since));
            }

            AssertNoLeak(body, "a resubmission's 503");
            await Task.Delay(100);
        }
    }

    /// <summary>How long after <paramref name="since"/> (default: now) <paramref name="url"/> answered <paramref name="expected"/>; null after <paramref name="limit"/>.</summary>
    private async Task<TimeSpan?> WaitForAsync(HttpClient client, string url, HttpStatusCode expected, TimeSpan limit, long? since = null)
    {
        var start = since ?? Stopwatch.GetTimestamp();
        var seen = new List<string>();
        while (Stopwatch.GetElapsedTime(start) < limit)
        {
            var sent = Stopwatch.GetElapsedTime(start);
            var status = await StatusAsync(client, url);
            if (status == expected)
            {
                return Stopwatch.GetElapsedTime(start);
            }

            seen.Add(string.Create(CultureInfo.InvariantCulture, $"{(int)status} at {sent.TotalSeconds:F1}–{Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s"));
            await Task.Delay(100);
        }

        output.WriteLine($"{url} answered: {string.Join(", ", seen)}");
        return null;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        return response.StatusCode;
    }

    private static void AssertNoLeak(string body, string what)
    {
        foreach (var leak in Leaks)
        {
            Assert.False(body.Contains(leak, StringComparison.Ordinal), $"{what} shows \"{leak}\":\n{body}");
        }
    }

    private void Report(List<Answer> answers, long killedAt, long backAt)
    {
        var killed = Stopwatch.GetElapsedTime(killedAt);
        var back = Stopwatch.GetElapsedTime(backAt);
        string Phase(Answer a)
        {
            var at = Stopwatch.GetElapsedTime(a.SentAt);
            return at > killed ? "sent before the kill" : at > back ? "sent while down" : "sent after the restart";
        }

        foreach (var group in answers.GroupBy(a => (Phase(a), a.Request.Split(' ')[0], a.Status)).OrderBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Item2, StringComparer.Ordinal))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group.Key.Item1,-23} {group.Key.Item2,-4} {group.Key.Status} × {group.Count()}"));
        }
    }

    private static string Describe(Answer answer) =>
        $"  {answer.Request} → {answer.Status}: {(answer.Body is null ? string.Empty : answer.Body[..Math.Min(answer.Body.Length, 800)])}";

    private static double Seconds(Stopwatch clock) => clock.Elapsed.TotalSeconds;

    private static async Task<string> FaultAsync(Task task)
    {
        try
        {
            await task;
            return "no error";
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            return exception.ToString();
        }
    }
}
