using System.Text.RegularExpressions;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace LiaisonPortal.Web.Hosting;

public static class PortalLogging
{
    /// <summary>Serilog from the "Serilog" configuration section, behind Microsoft.Extensions.Logging.</summary>
    public static WebApplicationBuilder AddPortalLogging(this WebApplicationBuilder builder)
    {
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .Enrich.With<PersonalDataRedactor>()
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return builder;
    }
}

/// <summary>
/// A safety net under the rule that citizens' personal data is never logged: any mainland mobile number or
/// resident ID number that reaches a log property anyway is masked before a sink sees it.
/// </summary>
public sealed partial class PersonalDataRedactor : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            if (value is ScalarValue { Value: string text } && Redact(text) is var redacted && !ReferenceEquals(redacted, text))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(redacted)));
            }
        }
    }

    /// <summary>Returns the same instance when there is nothing to mask.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(char.IsDigit))
        {
            return text;
        }

        var masked = IdNumber().Replace(text, m => m.Groups[1].Value + "********" + m.Groups[2].Value);
        masked = MobileNumber().Replace(masked, m => m.Groups[1].Value + "****" + m.Groups[2].Value);
        return masked == text ? text : masked;
    }

    [GeneratedRegex(@"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")]
    private static partial Regex MobileNumber();

    [GeneratedRegex(@"(?<![\dXx])(\d{6})\d{8}(\d{3}[\dXx])(?![\dXx])")]
    private static partial Regex IdNumber();
}
