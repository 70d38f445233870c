namespace LiaisonPortal.Core.Notifications;

/// <summary>Settings under "Notifications" in configuration.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>How often the background sender looks for due messages.</summary>
    public int PollSeconds { get; set; } = 5;

    /// <summary>
    /// How many messages one dispatch sends before the worker opens a new scope; each message is still locked, sent and
    /// committed in its own transaction, so a crash re-sends at most the one message in flight, never a batch.
    /// </summary>
    public int BatchSize { get; set; } = 20;

    public OutboxWorkerOptions Worker { get; set; } = new();

    public SmsGatewayOptions Sms { get; set; } = new();

    public WebhookOptions Webhook { get; set; } = new();
}

/// <summary>Partner webhooks (Notifications:Webhook).</summary>
public sealed class WebhookOptions
{
    /// <summary>
    /// How long one delivery may take before it counts as failed. The sender holds that message's row lock meanwhile, so a
    /// slow receiver delays that worker's next message (other instances skip the locked row and carry on).
    /// </summary>
    public int TimeoutSeconds { get; set; } = 10;
}

public sealed class OutboxWorkerOptions
{
    /// <summary>Off for test hosts that dispatch themselves; another instance sharing the database still sends.</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>The HTTP SMS gateway; without a URL, text messages are only logged (masked).</summary>
public sealed class SmsGatewayOptions
{
    public Uri? GatewayUrl { get; set; }

    /// <summary>Sent as "Authorization: Bearer …" when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The registered sender signature (短信签名) the gateway puts before the text, e.g. 东湖区人大.</summary>
    public string? Signature { get; set; }

    public int TimeoutSeconds { get; set; } = 10;
}
