using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace LiaisonPortal.Tests.Security.Load;

/// <summary>
/// 64 phones submit opinions through the real citizen form on real Kestrel, into a database of this class's own: no
/// server error, exactly one row per letter, as many distinct tracking codes, the code each citizen was shown is the
/// row with their text, exactly one "received" SMS queued for each citizen who left a phone and agreed to be contacted
/// (and none for the others: it is the only notification a submission queues), and one audit entry (the case's first
/// step) per opinion. LIAISON_HEAVY=1 submits 20,000; a normal run 2,000.
/// </summary>
[Trait("Category", "Security")]
public sealed partial class SubmissionLoadTests(DemoDatabaseFixture database, ITestOutputHelper output) : IClassFixture<DemoDatabaseFixture>
{
    public static bool Heavy => Environment.GetEnvironmentVariable("LIAISON_HEAVY") == "1";

    /// <summary>Limits meant for one citizen or one attacker, raised because every phone of the run comes from 127.0.0.1; the form's minimum fill time stays.</summary>
    public static IReadOnlyDictionary<string, string?> RaisedLimits { get; } = new Dictionary<string, string?>
    {
        ["RateLimits:SignInPerMinute"] = "100000000",
        ["RateLimits:PublicPerMinute"] = "100000000",
        ["RateLimits:PostsPerAddressPerHour"] = "100000000",
        ["RateLimits:PostsPerPhonePerDay"] = "100000000",
        ["RateLimits:FailedLookupsPerAddressPerHour"] = "100000000",
        ["RateLimits:FailedLookupsPerCodePerHour"] = "100000000",
        // One line per request would cost the run more than the requests themselves; warnings and errors still show.
        ["Serilog:MinimumLevel:Default"] = "Warning",
    };

    [Fact]
    public async Task SixtyFourPhonesSubmitThroughTheFormWithoutErrorAndEveryOpinionIsStoredAndNotifiedOnce()
    {
        var letters = Heavy ? 20_000 : 2_000;
        const int Phones = 64;
        var marker = "负载" + Guid.NewGuid().ToString("N")[..8];
        var paths = await AddressesAsync();
        var before = await CountsAsync();

        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString, RaisedLimits);
        IReadOnlyList<string> categories;
        using (var probe = new CitizenPhone(portal.Address))
        {
            var page = await probe.Client.GetStringAsync(new Uri(paths[0], UriKind.Relative));
            categories = CitizenPhone.CategoriesOn(page);
        }

        var crowd = new CitizenCrowd(portal.Address, paths, i => Letter.Write(marker, i, categories)) { Phones = Phones, Pipeline = 24 };
        var clock = Stopwatch.StartNew();
        await crowd.RunAsync(letters);
        clock.Stop();

        var answers = crowd.Answers.ToList();
        var posts = answers.Where(a => a.Request.StartsWith("POST", StringComparison.Ordinal)).ToList();
        var serverErrors = answers.Where(a => a.Status >= 500 || a.Status == 0).ToList();
        var refused = posts.Where(a => !a.ShownCode).ToList();
        var rate = letters / clock.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Phones} phones, {letters:N0} letters in {clock.Elapsed.TotalSeconds:F1} s: {rate:F0} submissions/s ({3 * posts.Count:N0} requests: form, POST, receipt); {serverErrors.Count} server errors, {refused.Count} refused"));
        Assert.True(serverErrors.Count == 0, $"{serverErrors.Count} server errors, e.g.:\n" + string.Join("\n", serverErrors.Take(5).Select(Describe)));
        Assert.True(refused.Count == 0, $"{refused.Count} submissions were not shown a tracking code, e.g.:\n" + string.Join("\n", refused.Take(5).Select(Describe)));
        Assert.Equal(letters, posts.Count);

        var shown = posts.ToDictionary(a => a.Letter!.Title, a => a.Code!, StringComparer.Ordinal);
        var stored = await database.QueryAsync(db => db.Opinions.AsNoTracking().Where(o => o.Title.StartsWith(marker))
            .Select(o => new { o.Title, o.TrackingCode, o.MayContact, HasPhone = o.PhoneCipher != null, o.IsAnonymous, o.CitizenName }).ToListAsync());
        var after = await CountsAsync();
        output.WriteLine($"database: {after.Opinions - before.Opinions:N0} opinions, {after.Outbox - before.Outbox:N0} outbox messages, {after.Audit - before.Audit:N0} audit entries added");

        // Exactly the letters, one row each, each with the code its citizen was shown.
        Assert.Equal(letters, stored.Count);
        Assert.Equal(letters, after.Opinions - before.Opinions);
        Assert.Equal(letters, stored.Select(o => o.TrackingCode).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(letters, shown.Values.Distinct(StringComparer.Ordinal).Count());
        var mismatched = stored.Where(o => !shown.TryGetValue(o.Title, out var code) || code != o.TrackingCode).ToList();
        Assert.True(mismatched.Count == 0, $"{mismatched.Count} rows do not carry the code their citizen was shown, e.g. {string.Join(", ", mismatched.Take(3).Select(m => m.Title))}");
        var byIndex = posts.ToDictionary(a => a.Letter!.Title, a => a.Letter!, StringComparer.Ordinal);
        Assert.All(stored, o =>
        {
            var letter = byIndex[o.Title];
            Assert.Equal(letter.GetsSms, o.MayContact);
            Assert.Equal(letter.Phone is not null, o.HasPhone);
            Assert.Equal(letter.Anonymous, o.IsAnonymous);
            Assert.Equal(letter.Name, o.CitizenName);
        });

        // Notifications: the "received" SMS is the only message a submission queues, once for each citizen who asked for it.
        var codes = stored.Select(o => o.TrackingCode).ToHashSet(StringComparer.Ordinal);
        var messages = await database.QueryAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Id > before.LastOutboxId)
            .Select(m => new { m.Kind, m.Body, m.SentAt }).ToListAsync());
        var smsPerCode = messages.Where(m => m.Kind == "opinion.received")
            .Select(m => DisplayedCode().Match(m.Body) is { Success: true } match ? TrackingCodes.Normalize(match.Value) : "?")
            .GroupBy(c => c, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var expectedSms = stored.Where(o => o.MayContact).Select(o => o.TrackingCode).ToList();
        output.WriteLine($"{expectedSms.Count:N0} citizens asked to be contacted; {messages.Count:N0} messages queued ({string.Join(", ", messages.GroupBy(m => m.Kind).Select(g => $"{g.Key} × {g.Count()}"))})");
        Assert.Equal(letters / 4 + (letters % 4 > 0 ? 1 : 0), expectedSms.Count);
        Assert.All(messages, m => Assert.Equal("opinion.received", m.Kind));
        Assert.Equal(expectedSms.Count, messages.Count);
        Assert.All(expectedSms, code => Assert.True(smsPerCode.GetValueOrDefault(code) == 1, $"{code}: {smsPerCode.GetValueOrDefault(code)} SMS queued"));
        Assert.True(smsPerCode.Keys.All(codes.Contains), "an SMS names a code that is not one of the run's opinions");

        // The audit log: one entry per opinion, its first step (received), in the same transaction as the row.
        var audited = await database.QueryAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Id > before.LastAuditId && e.Kind == AuditKind.CaseMove && e.EntityType == nameof(Opinion))
            .GroupBy(e => e.EntityKey).Select(g => new { Key = g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(letters, after.Audit - before.Audit);
        Assert.Equal(letters, audited.Count);
        Assert.All(audited, a => Assert.True(a.Count == 1 && codes.Contains(a.Key), $"{a.Key}: {a.Count} audit entries"));
    }

    private static string Describe(Answer answer) =>
        $"  {answer.Request} → {answer.Status}: {(answer.Body is null ? string.Empty : answer.Body[..Math.Min(answer.Body.Length, 600)])}";

    /// <summary>Every active station and every active deputy with an active station: the run spreads its letters over them.</summary>
    private async Task<IReadOnlyList<string>> AddressesAsync()
    {
        var stations = await database.QueryAsync(db => db.Stations.Where(s => s.IsActive).OrderBy(s => s.Code).Select(s => "/s/" + s.Code).ToListAsync());
        var deputies = await database.QueryAsync(db => db.Deputies.Where(d => d.IsActive && d.Stations.Any(e => e.Station.IsActive))
            .OrderBy(d => d.Code).Select(d => "/d/" + d.Code).ToListAsync());
        Assert.NotEmpty(stations);
        Assert.NotEmpty(deputies);
        return [.. stations.Concat(deputies).Select(p => p.Replace(" ", "%20", StringComparison.Ordinal))];
    }

    private Task<(int Opinions, int Outbox, int Audit, long LastOutboxId, long LastAuditId)> CountsAsync() =>
        database.QueryAsync(async db => (
            await db.Opinions.CountAsync(),
            await db.OutboxMessages.CountAsync(),
            await db.AuditEntries.CountAsync(),
            await db.OutboxMessages.MaxAsync(m => (long?)m.Id) ?? 0,
            await db.AuditEntries.MaxAsync(e => (long?)e.Id) ?? 0));

    [GeneratedRegex("[23456789A-HJKMNP-Z]{5}-[23456789A-HJKMNP-Z]{5}")]
    private static partial Regex DisplayedCode();
}
