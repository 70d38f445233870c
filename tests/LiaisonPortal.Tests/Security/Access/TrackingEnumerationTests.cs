using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Tests.Citizens;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Security.Access;

/// <summary>
/// Tracking codes cannot be enumerated: every public lookup by code (the 查询进度 page, the API's citizen evaluation, the
/// booking withdrawal) answers an unknown code, a known code with a wrong proof and a malformed code alike, and the
/// failed lookups are limited per address and per code, with a 429 in Chinese.
/// </summary>
[Trait("Category", "Security")]
public partial class TrackingEnumerationTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private const string Phone = "13800117788";

    /// <summary>Codes that do not name a case: unknown, malformed, hostile, overlong; and a proof that is wrong for a real code.</summary>
    private static IEnumerable<(string Label, string Code, string Proof)> Misses(string opinion, string appointment) =>
    [
        ("unknown code", "ABCDE-FGHJK", "7788"),
        ("known opinion, wrong phone digits", opinion, "1234"),
        ("known opinion, wrong secret", opinion, "ZZZZZZ"),
        ("known booking, wrong phone digits", appointment, "0000"),
        ("known opinion in lower case, wrong digits", opinion.ToLowerInvariant(), "4321"),
        ("too short", "AB3", "7788"),
        ("too long", opinion + opinion, "7788"),
        ("look-alike characters", "OOIIL-01010", "7788"),
        ("script", "<script>alert(1)</script>", "7788"),
        ("sql", "' OR '1'='1", "7788"),
        ("emoji", "😀😀😀😀😀", "7788"),
    ];

    [Fact]
    public async Task TheTrackPageAnswersEveryMissTheSameWayApartFromTheEchoedInput()
    {
        await using var factory = Relaxed();
        var (opinion, appointment) = await CasesAsync();
        using var client = factory.CreateBrowserLikeClient();

        var answers = new List<(string Label, HttpStatusCode Status, string Text)>();
        foreach (var (label, code, proof) in Misses(opinion, appointment))
        {
            using var response = await client.SubmitFormAsync("/track", "form", new Dictionary<string, string> { ["Code"] = code, ["Proof"] = proof });
            answers.Add((label, response.StatusCode, await VisibleTextAsync(response, code, proof)));
        }

        var first = answers[0];
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Contains("没有找到", first.Text, StringComparison.Ordinal);
        var different = answers.Where(a => a.Status != first.Status || a.Text != first.Text)
            .Select(a => $"{a.Label}: {(int)a.Status} {a.Text}").ToList();
        Assert.True(different.Count == 0, $"answers that differ from an unknown code's ({(int)first.Status} {first.Text}):\n" + string.Join("\n", different));

        // Not vacuous: the right proof does open the case.
        using var right = await client.SubmitFormAsync("/track", "form", new Dictionary<string, string> { ["Code"] = opinion, ["Proof"] = Phone[^4..] });
        Assert.Contains("越秀路的路灯坏了", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApiEvaluationAnswersEveryMissWithTheSame404()
    {
        await using var factory = Relaxed();
        var (opinion, appointment) = await CasesAsync();
        using var client = factory.CreateClient();

        var answers = new List<(string Label, HttpStatusCode Status, string Body)>();
        foreach (var (label, code, proof) in Misses(opinion, appointment))
        {
            using var content = new StringContent(JsonSerializer.Serialize(new { phoneTail = proof, rating = "satisfied" }), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync($"/api/v1/track/{Uri.EscapeDataString(code)}/evaluation", content);
            answers.Add((label, response.StatusCode, WithoutTrace(await response.Content.ReadAsStringAsync())));
        }

        var first = answers[0];
        Assert.Equal(HttpStatusCode.NotFound, first.Status);
        Assert.Contains("没有找到", first.Body, StringComparison.Ordinal);
        var different = answers.Where(a => a.Status != first.Status || a.Body != first.Body).Select(a => $"{a.Label}: {(int)a.Status} {a.Body}").ToList();
        Assert.True(different.Count == 0, $"answers that differ from an unknown code's ({(int)first.Status} {first.Body}):\n" + string.Join("\n", different));
    }

    [Fact]
    public async Task TheBookingWithdrawalAnswersAnUnknownCodeAndWrongDigitsAlike()
    {
        await using var factory = Relaxed();
        var (opinion, appointment) = await CasesAsync();
        using var client = factory.CreateBrowserLikeClient();

        var answers = new List<(string Label, HttpStatusCode Status, string Text)>();
        foreach (var (label, code, proof) in Misses(opinion, appointment).Where(m => !m.Label.Contains("secret", StringComparison.Ordinal)))
        {
            using var response = await client.SubmitFormAsync("/appointments/withdraw", "#withdraw-form", new Dictionary<string, string> { ["Code"] = code, ["Last4"] = proof });
            answers.Add((label, response.StatusCode, await VisibleTextAsync(response, code, proof)));
        }

        var first = answers[0];
        Assert.Contains("不对", first.Text, StringComparison.Ordinal);
        Assert.All(answers, a => Assert.True(a.Status == first.Status && a.Text == first.Text, $"{a.Label}: {(int)a.Status} {a.Text}"));
    }

    [Fact]
    public async Task ABurstOfWrongLookupsFromOneAddressIsStoppedWith429InChineseWhileAnotherAddressIsServed()
    {
        await using var factory = WithLimits(perAddress: 3, perCode: 1000);
        var (opinion, _) = await CasesAsync();
        using var guesser = factory.CreateBrowserLikeClient();
        guesser.DefaultRequestHeaders.Add(AddressHeader, "203.0.113.7");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var miss = await guesser.SubmitFormAsync("/track", "form", new Dictionary<string, string> { ["Code"] = $"ABCDE-FGH{i + 2}K", ["Proof"] = "1234" });
            statuses.Add(miss.StatusCode);
        }

        // Over the limit even a right combination is refused from that address.
        using var limited = await guesser.SubmitFormAsync("/track", "form", new Dictionary<string, string> { ["Code"] = opinion, ["Proof"] = Phone[^4..] });
        using var neighbour = factory.CreateBrowserLikeClient();
        neighbour.DefaultRequestHeaders.Add(AddressHeader, "203.0.113.8");
        using var served = await neighbour.SubmitFormAsync("/track", "form", new Dictionary<string, string> { ["Code"] = opinion, ["Proof"] = Phone[^4..] });

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var text = await limited.Content.ReadAsStringAsync();
        Assert.Contains("查询错误次数过多", text, StringComparison.Ordinal);
        Assert.DoesNotContain("越秀路的路灯坏了", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Contains("越秀路的路灯坏了", await served.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GuessingOneCodesDigitsFromManyAddressesIsStoppedPerCode()
    {
        await using var factory = WithLimits(perAddress: 1000, perCode: 3);
        var (opinion, _) = await CasesAsync();

        var statuses = new List<HttpStatusCode>();
        foreach (var (guess, address) in new[] { ("0000", 11), ("0001", 12), ("0002", 13), (Phone[^4..], 14) })
        {
            using var client = factory.CreateBrowserLikeClient();
            client.DefaultRequestHeaders.Add(AddressHeader, "198.51.100." + address.ToString(CultureInfo.InvariantCulture));
            using var response = await client.SubmitFormAsync("/track", "form", new Dictionary<string, string> { ["Code"] = opinion, ["Proof"] = guess });
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task TheApiLookupIsLimitedToo()
    {
        await using var factory = WithLimits(perAddress: 2, perCode: 1000);
        using var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        string? last = null;
        for (var i = 0; i < 3; i++)
        {
            using var content = new StringContent("""{"phoneTail":"1234","rating":"satisfied"}""", Encoding.UTF8, "application/json");
            using var response = await client.PostAsync($"/api/v1/track/ABCDEFGH{i + 2}K/evaluation", content);
            statuses.Add(response.StatusCode);
            last = await response.Content.ReadAsStringAsync();
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
        Assert.Contains("查询错误次数过多", last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestBurstOnThePublicApiIsStoppedWith429InChinese()
    {
        await using var factory = new PortalFactory(database.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["RateLimits:PublicPerMinute"] = "5",
            ["RateLimits:FailedLookupsPerAddressPerHour"] = "1000",
            ["RateLimits:FailedLookupsPerCodePerHour"] = "1000",
        });
        using var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        string? last = null;
        for (var i = 0; i < 7; i++)
        {
            using var content = new StringContent("""{"phoneTail":"1234","rating":"satisfied"}""", Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("/api/v1/track/ABCDEFGHJK/evaluation", content);
            statuses.Add(response.StatusCode);
            last = await response.Content.ReadAsStringAsync();
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.NotFound, 5), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Contains("请求过于频繁", last, StringComparison.Ordinal);
    }

    /// <summary>The test host has no client address; this header stands for it (as a trusted proxy's X-Forwarded-For would).</summary>
    private const string AddressHeader = "X-Test-Client-Address";

    private PortalFactory Relaxed() => new(database.ConnectionString, settings: CitizenPortalFixture.RelaxedSettings);

    private PortalFactory WithLimits(int perAddress, int perCode) => new(database.ConnectionString,
        settings: new Dictionary<string, string?>(CitizenPortalFixture.RelaxedSettings)
        {
            ["RateLimits:FailedLookupsPerAddressPerHour"] = perAddress.ToString(CultureInfo.InvariantCulture),
            ["RateLimits:FailedLookupsPerCodePerHour"] = perCode.ToString(CultureInfo.InvariantCulture),
        },
        configure: builder => builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, TestAddressFilter>()));

    /// <summary>A citizen's opinion (phone ending 7788) and a booking (phone ending 2222), both real.</summary>
    private async Task<(string Opinion, string Appointment)> CasesAsync()
    {
        var opinion = await database.WithScopeAsync(async services =>
        {
            var result = await services.GetRequiredService<OpinionIntake>().SubmitAsync(AddressKind.Station, "990102001-01",
                new OpinionSubmission("越秀路的路灯坏了", "越秀路东段的路灯已经坏了一个星期，晚上走路看不见。", null, null, Phone, true, false, []));
            Assert.True(result.Succeeded);
            return result.TrackingCode!;
        });
        var appointment = await database.WithScopeAsync(async services =>
        {
            var book = services.GetRequiredService<AppointmentBook>();
            var slot = await book.OpenSlotAsync(StaffScope.Everything, new SlotInput
            {
                StationCode = "990102001-01",
                Date = DateTimeOffset.UtcNow.ToOffset(Core.Calendar.ChinaTime.Offset).AddDays(4).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                StartTime = "09:00",
                EndTime = "11:00",
                Capacity = "5",
            });
            Assert.True(slot.Succeeded);
            var booked = await book.BookAsync(BookingTargetKind.Station, "990102001-01",
                new BookingInput { SlotId = int.Parse(slot.Code!, CultureInfo.InvariantCulture), Name = "钱七", Phone = "13511112222", Topic = "想反映菜场噪音" });
            Assert.True(booked.Succeeded);
            return booked.Code!;
        });
        return (opinion, appointment);
    }

    /// <summary>What the visitor reads: the page's text (field values are not text), with the echoed code and proof taken out.</summary>
    private static async Task<string> VisibleTextAsync(HttpResponseMessage response, string code, string proof)
    {
        var page = await HtmlForms.ParseAsync(response);
        var text = page.Body!.TextContent.Replace(code, "{code}", StringComparison.Ordinal).Replace(proof, "{proof}", StringComparison.Ordinal);
        return Whitespace().Replace(text, " ").Trim();
    }

    private static string WithoutTrace(string json) => TraceId().Replace(json, string.Empty);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("\"traceId\":\"[^\"]*\",?")]
    private static partial Regex TraceId();

    private sealed class TestAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(AddressHeader, out var value) && IPAddress.TryParse(value.ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
