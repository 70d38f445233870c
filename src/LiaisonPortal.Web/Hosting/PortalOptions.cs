using Microsoft.Extensions.Options;

namespace LiaisonPortal.Web.Hosting;

/// <summary>The <c>Portal</c> configuration section.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>
    /// The address citizens reach the portal at, printed into every QR code. It is configuration, never the request's
    /// Host header: a card printed from an internal address must still open on a citizen's phone.
    /// </summary>
    public string PublicBaseUrl { get; set; } = string.Empty;

    /// <summary>The base URL without a trailing slash, or null when it is not an absolute http(s) URL without query or fragment.</summary>
    public static string? Normalize(string? value)
    {
        if (!Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return null;
        }

        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }
}

/// <summary>Refuses to start with a public address QR codes could not point to; the message names the key and an example.</summary>
public sealed class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return PortalOptions.Normalize(options.PublicBaseUrl) is null
            ? ValidateOptionsResult.Fail(
                $"Portal:PublicBaseUrl must be the portal's absolute public http or https address without query, e.g. https://rd.example.gov.cn (it is '{options.PublicBaseUrl}'); QR codes point there.")
            : ValidateOptionsResult.Success;
    }
}
