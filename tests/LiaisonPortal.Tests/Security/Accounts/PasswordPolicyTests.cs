using System.Net;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Security.Accounts;

/// <summary>The password policy on the real pages: refusals in Chinese next to the field, what was typed kept, nothing changed.</summary>
[Trait("Category", "Security")]
public class PasswordPolicyTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData("Short-1a", "密码至少需要 12 个字符")]
    [InlineData("Password2026!", "太常见")]
    [InlineData("P@ssw0rd-2026", "太常见")]
    [InlineData("Qwerty-123456", "太常见")]
    [InlineData("alllowercaseletters", "至少三类")]
    public async Task AWeakNewPasswordIsRefusedInChineseNextToTheField(string weak, string message)
    {
        var email = await AccountSteps.NewAccountAsync(portal, "policy");
        using var client = await AccountSteps.SignedInAsync(portal.Factory, email);
        var before = (await portal.FindUserAsync(email))!.PasswordHash;

        using var response = await ChangeAsync(client, AccountSteps.Password, weak);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains(message, AccountSteps.MessageFor(page, "Input.NewPassword"), StringComparison.Ordinal);
        Assert.Equal(before, (await portal.FindUserAsync(email))!.PasswordHash);
    }

    [Fact]
    public async Task APasswordContainingTheEmailOrItsNameIsRefused()
    {
        await portal.CreateUserAsync(new NewStaffAccount("lake-warden@policy.test", AccountSteps.Password, Roles.StationStaff, StationCode: "990102001-01"));
        using var client = await AccountSteps.SignedInAsync(portal.Factory, "lake-warden@policy.test");

        foreach (var containing in new[] { "Lake-Warden-2026!", "x9LAKE-WARDEN@policy.test", "My lake-warden Key 7" })
        {
            using var response = await ChangeAsync(client, AccountSteps.Password, containing);
            var page = await HtmlForms.ParseAsync(response);
            Assert.Contains("不能包含邮箱", AccountSteps.MessageFor(page, "Input.NewPassword"), StringComparison.Ordinal);
        }

        using var fine = await ChangeAsync(client, AccountSteps.Password, "Quiet-Meadow-Ink-42");
        Assert.Equal(HttpStatusCode.Redirect, fine.StatusCode);
    }

    [Fact]
    public async Task TheNewPasswordMustDifferFromTheOldAndTheCurrentOneMustBeRight()
    {
        var email = await AccountSteps.NewAccountAsync(portal, "same");
        using var client = await AccountSteps.SignedInAsync(portal.Factory, email);

        using var same = await ChangeAsync(client, AccountSteps.Password, AccountSteps.Password);
        Assert.Contains("不能与原密码相同", AccountSteps.MessageFor(await HtmlForms.ParseAsync(same), "Input.NewPassword"), StringComparison.Ordinal);

        using var wrongCurrent = await ChangeAsync(client, "Not-The-Password-1", "Quiet-Meadow-Ink-42");
        Assert.Contains("当前密码不正确", AccountSteps.MessageFor(await HtmlForms.ParseAsync(wrongCurrent), "Input.CurrentPassword"), StringComparison.Ordinal);

        using var mismatch = await client.SubmitFormAsync("/Account/ChangePassword", "#change-password-form", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = AccountSteps.Password, ["Input.NewPassword"] = "Quiet-Meadow-Ink-42", ["Input.ConfirmPassword"] = "Quiet-Meadow-Ink-43",
        });
        Assert.Contains("不一致", AccountSteps.MessageFor(await HtmlForms.ParseAsync(mismatch), "Input.ConfirmPassword"), StringComparison.Ordinal);

        using var changed = await ChangeAsync(client, AccountSteps.Password, "Quiet-Meadow-Ink-42");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        using var fresh = portal.Factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.OK, (await AccountSteps.PostLoginAsync(fresh, email)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AccountSteps.PostLoginAsync(fresh, email, "Quiet-Meadow-Ink-42")).StatusCode);
    }

    [Fact]
    public async Task TheAdminCreateFormRefusesAWeakInitialPasswordAndKeepsWhatWasTyped()
    {
        using var admin = await AccountSteps.SignedInAsync(portal.Factory, "admin@liaison.demo", "Demo-Liaison-2026");

        using var response = await admin.SubmitFormAsync("/Admin/Accounts/Create", "#account-form", new Dictionary<string, string>
        {
            ["Input.Email"] = "river-clerk@policy.test",
            ["Input.DisplayName"] = "河畔联络员",
            ["Input.Role"] = Roles.StationStaff,
            ["Input.ScopeCode"] = "990102001-01",
            ["Input.Password"] = "River-Clerk-2026",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("不能包含邮箱", AccountSteps.MessageFor(page, "Input.Password"), StringComparison.Ordinal);
        Assert.Equal("river-clerk@policy.test", page.QuerySelector("#Input_Email")!.GetAttribute("value"));
        Assert.Equal("河畔联络员", page.QuerySelector("#Input_DisplayName")!.GetAttribute("value"));
        Assert.Equal("990102001-01", page.QuerySelector("#Input_ScopeCode")!.GetAttribute("value"));
        Assert.False(await portal.QueryAsync(db => db.Users.AnyAsync(u => u.Email == "river-clerk@policy.test")));
    }

    [Fact]
    public async Task TheCommandLineGetsTheSameRulesIncludingTheEmailOne()
    {
        var validator = new EmailInPasswordValidator();
        var user = new ApplicationUser { Email = "harbour@policy.test", UserName = "harbour@policy.test" };

        var refused = await validator.ValidateAsync(null!, user, "Harbour-Light-2026");
        var accepted = await validator.ValidateAsync(null!, user, "Quiet-Meadow-Ink-42");

        Assert.Equal("PasswordContainsEmail", Assert.Single(refused.Errors).Code);
        Assert.True(accepted.Succeeded);
        var result = await portal.WithScopeAsync(provider =>
            provider.GetRequiredService<StaffAccounts>().CreateAsync(new NewStaffAccount("harbour@policy.test", "Harbour-Light-2026", Roles.Admin)));
        Assert.False(result.Succeeded);
        Assert.Contains("must not contain the email", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string next) =>
        client.SubmitFormAsync("/Account/ChangePassword", "#change-password-form", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = current, ["Input.NewPassword"] = next, ["Input.ConfirmPassword"] = next,
        });
}
