using System.Net;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Tests.Security.Audit;

/// <summary>/Admin/Audit: administrators only, filtered by kind, account, subject and dates, paged, exported (and the export audited).</summary>
[Trait("Category", "Security")]
public class AuditPageTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task AnAdministratorFindsSignInsByKindAccountAndDateAndExportsThem()
    {
        await portal.CreateUserAsync(new NewStaffAccount("audit-page@unit.test", "Liaison-Test-2026!", Roles.UnitStaff, UnitCode: "U990102-01"));
        using var failed = portal.Factory.CreateBrowserLikeClient();
        using (await failed.SignInAsync("audit-page@unit.test", "Not-The-Password-1")) { }
        using var admin = portal.Factory.CreateBrowserLikeClient();
        await admin.SignInAsync("admin@liaison.demo");
        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var page = await admin.GetDocumentAsync($"/Admin/Audit?kind=SignIn&account=audit-page@unit&from={today}&to={today}");
        var rows = page.QuerySelectorAll("table[data-testid='audit'] tbody tr");
        var row = Assert.Single(rows);
        Assert.Equal("SignIn", row.GetAttribute("data-kind"));
        Assert.Contains("登录失败", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("audit-page@unit.test", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("共 1 条记录", page.QuerySelector("[data-testid='result-count']")!.TextContent.Trim());

        var other = await admin.GetDocumentAsync("/Admin/Audit?kind=Reveal&account=audit-page@unit");
        Assert.NotNull(other.QuerySelector("[data-testid='empty-list']"));
        var yesterday = await admin.GetDocumentAsync("/Admin/Audit?kind=SignIn&account=audit-page@unit&to=2020-01-01");
        Assert.NotNull(yesterday.QuerySelector("[data-testid='empty-list']"));

        var everything = await admin.GetDocumentAsync("/Admin/Audit");
        Assert.Equal(50, everything.QuerySelectorAll("table[data-testid='audit'] tbody tr").Length);
        Assert.NotNull(everything.QuerySelector(".pager a[href*='page=2']"));

        var exportUrl = page.QuerySelector("[data-testid='export']")!.GetAttribute("href")!;
        using var export = await admin.GetAsync(exportUrl);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var csv = await export.Content.ReadAsStringAsync();
        Assert.Equal(2, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("audit-page@unit.test", csv, StringComparison.Ordinal);
        Assert.Contains("SignInFailed", csv, StringComparison.Ordinal);
        using var workbook = await admin.GetAsync(page.QuerySelector("[data-testid='export-xlsx']")!.GetAttribute("href")!);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", workbook.Content.Headers.ContentType!.MediaType);

        var adminId = (await portal.FindUserAsync("admin@liaison.demo"))!.Id;
        var exports = await portal.QueryAsync(db => db.AuditEntries.Where(a => a.Kind == AuditKind.Export && a.ActorId == adminId && a.EntityKey == "/Admin/Audit").CountAsync());
        Assert.Equal(2, exports);
    }

    [Fact]
    public async Task AnEndDateBeforeTheStartIsExplainedNextToTheField()
    {
        using var admin = portal.Factory.CreateBrowserLikeClient();
        await admin.SignInAsync("admin@liaison.demo");

        var page = await admin.GetDocumentAsync("/Admin/Audit?from=2026-05-02&to=2026-05-01&account=someone");

        Assert.Equal("结束日期不能早于开始日期。", page.QuerySelector("#to-error")!.TextContent.Trim());
        Assert.Equal("someone", page.QuerySelector("#account")!.GetAttribute("value"));
        Assert.Equal("2026-05-02", page.QuerySelector("#from")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData("office@liaison.demo")]
    [InlineData("station@liaison.demo")]
    [InlineData("unit@liaison.demo")]
    [InlineData("deputy@liaison.demo")]
    public async Task OnlyAdministratorsMayReadTheLog(string email)
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync(email);

        foreach (var url in new[] { "/Admin/Audit", "/Admin/Audit?handler=Export&format=csv" })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        using var anonymous = portal.Factory.CreateBrowserLikeClient();
        using var refused = await anonymous.GetAsync("/Admin/Audit");
        Assert.Contains("/Account/Login", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
