using System.Net;
using AngleSharp.Html.Dom;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Partners;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Citizens;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Security.Input;

/// <summary>
/// Text that citizens, partners and staff store comes back as text: the staff case page and the public track page show
/// the markup literally (HTML-encoded) and the parsed page holds no element or event handler it would have made.
/// Search boxes that echo the query are checked the same way.
/// </summary>
[Trait("Category", "Security")]
public class StoredTextEscapingTests(CitizenPortalFixture portal) : IClassFixture<CitizenPortalFixture>
{
    private const string Title = MalformedInputCorpus.ScriptPayload;
    private const string Content = MalformedInputCorpus.AttributePayload + " 东门路灯坏了两周</textarea><script>alert(2)</script>";
    private const string Name = "<svg onload=alert(3)>";
    private const string Answer = "已修复<b onmouseover=alert(4)>路灯</b>";
    private const string Comment = "'\"><iframe src=javascript:alert(5)>";

    [Fact]
    public async Task ACitizensMarkupIsShownAsTextOnTheTrackPageAndTheStaffCasePage()
    {
        using var citizen = portal.Factory.CreateBrowserLikeClient();
        using var submitted = await citizen.SubmitMultipartAsync("/s/990102001-01", "form", new Dictionary<string, string>
        {
            ["Input.Title"] = Title,
            ["Input.Content"] = Content,
            ["Input.Name"] = Name,
            ["Input.Phone"] = "13800004444",
            ["Input.MayContact"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var code = await portal.QueryAsync(db => db.Opinions.Where(o => o.Title == Title).Select(o => o.TrackingCode).SingleAsync());
        await FeedBackAsync(code, Answer);

        using var shown = await citizen.SubmitFormAsync("/track", "form", new Dictionary<string, string> { ["Code"] = code, ["Proof"] = "4444" });
        var track = await HtmlForms.ParseAsync(shown);
        var rateForm = (IHtmlFormElement)track.QuerySelector("form[action*='handler=Rate']")!;
        var fields = HtmlForms.FieldsOf(rateForm).Where(f => f.Key != "Comment").ToList();
        fields.AddRange([new("Rating", nameof(Rating.BasicallySatisfied)), new("Comment", Comment)]);
        using var rated = await citizen.PostAsync(rateForm.Action, new FormUrlEncodedContent(fields));
        var trackHtml = await rated.Content.ReadAsStringAsync();
        AssertShownAsText(trackHtml, Title, Content, Answer);

        using var office = portal.Factory.CreateBrowserLikeClient();
        await office.SignInAsync("office@liaison.demo");
        using var details = await office.GetAsync($"/Manage/Opinions/Details/{code}");
        Assert.Equal(HttpStatusCode.OK, details.StatusCode);
        AssertShownAsText(await details.Content.ReadAsStringAsync(), Title, Content, Name, Answer, Comment);
        using var list = await office.GetAsync("/Manage/Opinions?q=" + Uri.EscapeDataString(Title));
        AssertShownAsText(await list.Content.ReadAsStringAsync(), Title);
    }

    [Fact]
    public async Task APartnersMarkupIsShownAsTextOnTheStaffCasePage()
    {
        var (result, credentials) = await portal.WithScopeAsync(s => s.GetRequiredService<PartnerSystems>()
            .CreateAsync(new PartnerInput("转义测试平台", null, PartnerOperations.All, null, 600, null)));
        Assert.True(result.Succeeded);
        using var partner = portal.Factory.CreateClient();
        using var posted = await partner.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = credentials!.ApiKey,
            ["service_code"] = "CJ",
            ["description"] = Content,
            ["attribute[station_code]"] = "990102001-01",
            ["first_name"] = Name,
            ["address_string"] = Comment,
        }));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var code = await portal.QueryAsync(db => db.Opinions.Where(o => o.Content == Content && o.Channel == OpinionChannel.Partner).Select(o => o.TrackingCode).SingleAsync());

        using var office = portal.Factory.CreateBrowserLikeClient();
        await office.SignInAsync("office@liaison.demo");
        using var details = await office.GetAsync($"/Manage/Opinions/Details/{code}");
        AssertShownAsText(await details.Content.ReadAsStringAsync(), Content);
    }

    [Theory]
    [InlineData("/stations?q=")]
    [InlineData("/deputies?q=")]
    [InlineData("/track?code=")]
    [InlineData("/Account/Login?ReturnUrl=")]
    public async Task ASearchOrCodeInTheAddressIsEchoedAsText(string prefix)
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        foreach (var payload in new[] { MalformedInputCorpus.ScriptPayload, MalformedInputCorpus.AttributePayload, Name })
        {
            using var response = await client.GetAsync(prefix + Uri.EscapeDataString(payload));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertInert(await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Each text is in the page as text (its encoded form in the HTML), and the page holds nothing it could have made.</summary>
    private static void AssertShownAsText(string html, params string[] texts)
    {
        AssertInert(html);
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        var shown = document.Body!.TextContent + string.Join(' ', document.QuerySelectorAll("input, textarea").Select(e => e is IHtmlInputElement i ? i.Value : e.TextContent));
        foreach (var text in texts)
        {
            Assert.Contains(text, shown, StringComparison.Ordinal);
            Assert.DoesNotContain(text, html, StringComparison.Ordinal);
        }

        Assert.Contains("&lt;", html, StringComparison.Ordinal);
    }

    private static void AssertInert(string html)
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        Assert.DoesNotContain(document.QuerySelectorAll("script"), s => s.TextContent.Contains("alert", StringComparison.Ordinal));
        Assert.Empty(document.QuerySelectorAll("svg[onload], img[src='x'], iframe, b[onmouseover]"));
        var handlers = document.All.SelectMany(e => e.Attributes.Select(a => (e.LocalName, a.Name, a.Value)))
            .Where(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || a.Value.Contains("javascript:", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Empty(handlers);
    }

    private Task<int> FeedBackAsync(string code, string answer) => portal.WithScopeAsync(async services =>
    {
        var db = services.GetRequiredService<ApplicationDbContext>();
        var opinion = await db.Opinions.Include(o => o.Events).SingleAsync(o => o.TrackingCode == code);
        var now = DateTimeOffset.UtcNow;
        OpinionWorkflow.Apply(opinion, OpinionAction.Classify, WorkflowActor.Office, now, new MoveNotes(ActorName: "东湖区代表工委"));
        OpinionWorkflow.Apply(opinion, OpinionAction.Assign, WorkflowActor.Office, now, new MoveNotes(ActorName: "东湖区代表工委"));
        OpinionWorkflow.Apply(opinion, OpinionAction.Answer, WorkflowActor.Unit, now, new MoveNotes(InternalNote: answer, ActorName: "东湖区代表工委"));
        OpinionWorkflow.Apply(opinion, OpinionAction.FeedBack, WorkflowActor.Office, now, new MoveNotes(PublicNote: answer, ActorName: "东湖区代表工委"));
        opinion.PublishedAnswer = answer;
        opinion.FeedbackRound++;
        return await db.SaveChangesAsync();
    });
}
