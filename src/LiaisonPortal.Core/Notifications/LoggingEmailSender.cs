using Microsoft.Extensions.Logging;

namespace LiaisonPortal.Core.Notifications;

/// <summary>The default email sender: writes a log line with the masked address and the lengths only.</summary>
public sealed partial class LoggingEmailSender(ILogger<LoggingEmailSender> logger) : IEmailSender
{
    public Task SendAsync(string address, string subject, string body, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(body);
        var masked = Mask(address);
        LogEmail(logger, masked, subject.Length, body.Length);

        return Task.CompletedTask;
    }

    /// <summary>The first character and the domain: z***@example.com.</summary>
    public static string Mask(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var at = address.LastIndexOf('@');
        return at <= 0 ? "***" : string.Concat(address.AsSpan(0, 1), "***", address.AsSpan(at));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Email to {Address} (subject {SubjectLength}, body {BodyLength} characters) logged, not sent: no mail server is configured")]
    private static partial void LogEmail(ILogger logger, string address, int subjectLength, int bodyLength);
}
