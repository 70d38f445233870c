using System.Net;
using System.Text;
using LiaisonPortal.Tests.Infrastructure;

namespace LiaisonPortal.Tests.Exports;

/// <summary>What the ledger export tests share: a signed-in client and an export's CSV lines.</summary>
internal static class LedgerExports
{
    public static async Task<HttpClient> SignedInAsync(PortalFixture portal, string email)
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The export's lines (header first), after checking it is a CSV download with a BOM.</summary>
    public static async Task<string[]> CsvAsync(HttpClient client, string href)
    {
        Assert.Contains("handler=Export", href, StringComparison.Ordinal);
        using var response = await client.GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        return Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }
}
