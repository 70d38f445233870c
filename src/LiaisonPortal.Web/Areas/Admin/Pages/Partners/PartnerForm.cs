using System.Globalization;
using LiaisonPortal.Core.Partners;
using LiaisonPortal.Web.Hosting;

namespace LiaisonPortal.Web.Areas.Admin.Pages.Partners;

/// <summary>What the create and edit forms post: the rate limit as typed (a word there is a message, not a lost value).</summary>
public sealed class PartnerForm
{
    public string? Name { get; set; }

    public string? Contact { get; set; }

    /// <summary>The ticked boxes; empty when none is ticked (a new form starts with all ticked: <see cref="New"/>).</summary>
    public List<PartnerOperations> Operations { get; set; } = [];

    public string? IpAllowList { get; set; }

    public string? RateLimitPerMinute { get; set; } = PartnerSystem.DefaultRateLimitPerMinute.ToString(CultureInfo.InvariantCulture);

    public string? WebhookUrl { get; set; }

    /// <summary>A new partner's form: every operation allowed, the default rate limit.</summary>
    public static PartnerForm New() => new() { Operations = [.. PartnerLabels.Operations] };

    public bool Allows(PartnerOperations operation) => Operations.Contains(operation);

    public static PartnerForm From(PartnerDetail partner)
    {
        ArgumentNullException.ThrowIfNull(partner);
        return new PartnerForm
        {
            Name = partner.Name,
            Contact = partner.Contact,
            Operations = [.. PartnerLabels.Each(partner.Operations)],
            IpAllowList = partner.IpAllowList,
            RateLimitPerMinute = partner.RateLimitPerMinute.ToString(CultureInfo.InvariantCulture),
            WebhookUrl = partner.WebhookUrl,
        };
    }

    /// <summary>The service's input; a rate limit that is not a whole number comes back as 0, which the service refuses with its range.</summary>
    public PartnerInput ToInput()
    {
        int? rate = string.IsNullOrWhiteSpace(RateLimitPerMinute)
            ? null
            : int.TryParse(RateLimitPerMinute.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        var operations = Operations.Aggregate(PartnerOperations.None, (all, one) => all | one);
        return new PartnerInput(Name, Contact, operations, IpAllowList, rate, WebhookUrl);
    }
}
