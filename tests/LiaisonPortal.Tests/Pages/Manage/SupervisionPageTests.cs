using System.Net;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Pages.Manage;

/// <summary>/Manage/Supervision: the four tabs, rows linking to the case, empty states, and who may open it.</summary>
public class SupervisionPageTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task AFlaggedCaseIsListedUnderKeySupervisionWithALinkToItsPage()
    {
        string code;
        using (var scope = portal.Factory.Services.CreateScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<OpinionIntake>().SubmitAsync(AddressKind.Station, "990102001-01",
                new OpinionSubmission("督办页面测试", "这是一条挂牌督办页面测试用的群众意见，内容足够长。", null, null, null, false, false, []));
            code = result.TrackingCode!;
            var office = new CaseActor(StaffScope.Everything, WorkflowActor.Office, null, "测试");
            Assert.True((await scope.ServiceProvider.GetRequiredService<OpinionCases>().SuperviseAsync(office, code, SupervisionLevel.Flagged, "领导挂牌")).Succeeded);
        }

        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("office@liaison.demo");
        var page = await client.GetDocumentAsync("/Manage/Supervision?list=Supervised");

        Assert.Equal(4, page.QuerySelectorAll("[data-testid=supervision-tabs] a").Length);
        var link = page.QuerySelectorAll("[data-testid=supervision-list] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"/Manage/Opinions/Details/{code}", link);
        Assert.Contains($"/Manage/Opinions/Details/{code}", (await client.GetDocumentAsync("/Manage/Supervision?list=Leader")).QuerySelectorAll("[data-testid=supervision-list] a").Select(a => a.GetAttribute("href")));
        var nav = await client.GetDocumentAsync("/Manage/Supervision");
        Assert.Contains(nav.QuerySelectorAll("a.nav-link"), a => a.GetAttribute("href") == "/Manage/Supervision");
    }

    [Fact]
    public async Task AListWithNothingInItSaysSo()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("station@liaison.demo");

        var page = await client.GetDocumentAsync("/Manage/Supervision?list=Overdue&station=NO-SUCH-STATION");

        Assert.NotNull(page.QuerySelector("[data-testid=supervision-empty]"));
        Assert.Null(page.QuerySelector("[data-testid=supervision-list]"));
    }

    [Fact]
    public async Task HandlingUnitsAndDeputiesAreSentToAccessDeniedFromTheSupervisionPage()
    {
        foreach (var email in new[] { "unit@liaison.demo", "deputy@liaison.demo" })
        {
            using var client = portal.Factory.CreateBrowserLikeClient();
            await client.SignInAsync(email);
            using var response = await client.GetAsync("/Manage/Supervision");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }
}
