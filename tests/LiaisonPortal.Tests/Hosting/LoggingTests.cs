using LiaisonPortal.Tests.Infrastructure;
using LiaisonPortal.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Events;
using Serilog.Parsing;

namespace LiaisonPortal.Tests.Hosting;

public class LoggingTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [Fact]
    public async Task EveryRequestIsLoggedOnceWithMethodPathStatusTimeAndTheCorrelationIdReturnedToTheCaller()
    {
        var logs = new CapturedLogs();
        await using var factory = new PortalFactory(database.ConnectionString, configure: b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live?phone=13812345678&name=张三");
        request.Headers.Add("X-Correlation-ID", "probe-42");

        using var response = await client.SendAsync(request);

        Assert.Equal("probe-42", response.Headers.GetValues("X-Correlation-ID").Single());
        var line = Assert.Single(logs.Entries, e => e.Category.EndsWith("RequestLoggingMiddleware", StringComparison.Ordinal));
        Assert.Matches(@"^HTTP GET /health/live responded 200 in \d+\.\d ms \(probe-42\)$", line.Message);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("13812345678", StringComparison.Ordinal) || e.Message.Contains("张三", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnsafeIncomingCorrelationIdIsReplaced()
    {
        await using var factory = new PortalFactory(database.ConnectionString);
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.TryAddWithoutValidation("X-Correlation-ID", "<script>alert(1)</script>");

        using var response = await client.SendAsync(request);

        var id = response.Headers.GetValues("X-Correlation-ID").Single();
        Assert.Matches("^[0-9a-f]{32}$", id);
    }

    [Theory]
    [InlineData("来电 13812345678 反映", "来电 138****5678 反映")]
    [InlineData("身份证 32021119800101123X", "身份证 320211********123X")]
    [InlineData("tracking code A7K2-99", "tracking code A7K2-99")]
    [InlineData("order 123456789012345678901", "order 123456789012345678901")]
    public void PhoneAndIdNumbersAreMaskedInLogProperties(string value, string logged)
    {
        var logEvent = new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Information, null, new MessageTemplateParser().Parse("{Text}"),
            [new LogEventProperty("Text", new ScalarValue(value))]);

        new PersonalDataRedactor().Enrich(logEvent, null!);

        Assert.Equal(logged, ((ScalarValue)logEvent.Properties["Text"]).Value);
    }
}
