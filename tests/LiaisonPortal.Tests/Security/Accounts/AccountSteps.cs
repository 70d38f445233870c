using System.Net;
using AngleSharp.Html.Dom;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Tests.Infrastructure;

namespace LiaisonPortal.Tests.Security.Accounts;

/// <summary>What the account-security tests do through the real pages: sign in, set up two-step verification.</summary>
public static class AccountSteps
{
    public const string Password = "Harbour-Lantern-2026";

    /// <summary>A fresh account of its own for each test, so lockouts and keys never cross tests.</summary>
    public static async Task<string> NewAccountAsync(DatabaseFixture database, string name, string role = Roles.StationStaff)
    {
        ArgumentNullException.ThrowIfNull(database);
        var email = $"{name}-{Guid.NewGuid():N}"[..24] + "@accounts.test";
        await database.CreateUserAsync(role switch
        {
            Roles.Admin => new NewStaffAccount(email, Password, role),
            _ => new NewStaffAccount(email, Password, role, StationCode: "990102001-01", DisplayName: "安全测试"),
        });
        return email;
    }

    public static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password = Password) =>
        client.SubmitFormAsync("/Account/Login", "#login-form", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    public static async Task<HttpClient> SignedInAsync(PortalFactory factory, string email, string password = Password)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var client = factory.CreateBrowserLikeClient();
        using var response = await PostLoginAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The key shown on the two-step page (data-key: the key without the display grouping).</summary>
    public static async Task<string> SharedKeyAsync(HttpClient client)
    {
        var page = await client.GetDocumentAsync("/Account/TwoFactor");
        var key = page.QuerySelector("[data-testid=shared-key]")?.GetAttribute("data-key");
        Assert.False(string.IsNullOrEmpty(key), "the two-step page shows no key");
        return key!;
    }

    /// <summary>Turns two-step verification on with a code computed from the shown key; returns the key and the recovery codes shown.</summary>
    public static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnableTwoFactorAsync(HttpClient client)
    {
        var key = await SharedKeyAsync(client);
        using var response = await client.SubmitFormAsync("/Account/TwoFactor", "#two-factor-enable-form",
            new Dictionary<string, string> { ["Enable.Code"] = Totp.Next(key) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        var codes = RecoveryCodesOn(page);
        Assert.Equal(10, codes.Count);
        return (key, codes);
    }

    public static List<string> RecoveryCodesOn(IHtmlDocument page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.QuerySelectorAll("[data-testid=recovery-codes] code").Select(c => c.TextContent.Trim()).ToList();
    }

    /// <summary>The message shown next to a field (asp-validation-for), or the form's summary for "".</summary>
    public static string MessageFor(IHtmlDocument page, string field)
    {
        ArgumentNullException.ThrowIfNull(page);
        var element = field.Length == 0 ? page.QuerySelector(".alert-danger") : page.QuerySelector($"[data-valmsg-for='{field}']");
        return element?.TextContent.Trim() ?? string.Empty;
    }
}
