using LiaisonPortal.Core.Citizens;
using Microsoft.Extensions.Logging;

namespace LiaisonPortal.Core.Notifications;

/// <summary>The default when no SMS gateway is configured: writes a log line with the masked number and the length only.</summary>
public sealed partial class LoggingSmsSender(ILogger<LoggingSmsSender> logger) : ISmsSender
{
    public Task SendAsync(string phone, string text, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phone);
        ArgumentNullException.ThrowIfNull(text);
        var masked = CitizenPhones.Mask(phone);
        LogSms(logger, masked, text.Length);

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS to {Phone} ({Length} characters) logged, not sent: no SMS gateway is configured")]
    private static partial void LogSms(ILogger logger, string phone, int length);
}
