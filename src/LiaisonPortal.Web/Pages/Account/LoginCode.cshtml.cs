using System.ComponentModel.DataAnnotations;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Pages.Account;

/// <summary>
/// The second step of signing in, for an account with two-step verification: the authenticator's 6-digit code, or one of
/// the recovery codes (used up once accepted). Wrong codes count towards the same lockout as wrong passwords.
/// </summary>
[EnableRateLimiting(PortalWeb.SignInRateLimit)]
public class LoginCodeModel(SignInManager<ApplicationUser> signIn, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public CodeInput Input { get; set; } = new();

    [BindProperty]
    public RecoveryInput Recovery { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Whether the recovery-code form is the one shown open (after using it).</summary>
    public bool UsingRecovery { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/Login", new { ReturnUrl }) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Account/Login", new { ReturnUrl });
        }

        OnlyValidate(nameof(Input));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var code = AccountSecurity.CleanCode(Input.Code);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        return await AnswerAsync(user, result, "Input.Code", localizer["验证码不正确，请输入验证器应用当前显示的 6 位数字。"]);
    }

    public async Task<IActionResult> OnPostRecoveryAsync()
    {
        UsingRecovery = true;
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Account/Login", new { ReturnUrl });
        }

        OnlyValidate(nameof(Recovery));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var users = signIn.UserManager;
        if (await users.IsLockedOutAsync(user))
        {
            return await AnswerAsync(user, Microsoft.AspNetCore.Identity.SignInResult.LockedOut, "Recovery.Code", string.Empty);
        }

        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(AccountSecurity.CleanRecoveryCode(Recovery.Code));
        if (!result.Succeeded)
        {
            // Identity does not count wrong recovery codes; they count here like wrong passwords and codes.
            await users.AccessFailedAsync(user);
            if (await users.IsLockedOutAsync(user))
            {
                result = Microsoft.AspNetCore.Identity.SignInResult.LockedOut;
            }
        }

        return await AnswerAsync(user, result, "Recovery.Code", localizer["恢复码不正确，或已经用过。"]);
    }

    /// <summary>Only the posted form's fields count: the other form's model (bound without its prefix, as "Code") is not checked.</summary>
    private void OnlyValidate(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => k.Length > 0 && !k.StartsWith(prefix + ".", StringComparison.Ordinal) && k != nameof(ReturnUrl)).ToList())
        {
            ModelState.Remove(key);
        }
    }

    private async Task<IActionResult> AnswerAsync(ApplicationUser user, Microsoft.AspNetCore.Identity.SignInResult result, string field, string wrong)
    {
        if (result.Succeeded)
        {
            return LocalRedirect(await LoginModel.LandingAsync(signIn, user, ReturnUrl, Url));
        }

        if (result.IsLockedOut)
        {
            ModelState.AddModelError(string.Empty, localizer["该账户因多次输错已被锁定，请 15 分钟后再试。"]);
            return Page();
        }

        ModelState.AddModelError(field, wrong);
        return Page();
    }

    public sealed class CodeInput
    {
        [Required(ErrorMessage = "请填写{0}。")]
        [StringLength(16, ErrorMessage = "{0}不能超过 {1} 个字符。")]
        [Display(Name = "验证码")]
        public string Code { get; set; } = string.Empty;
    }

    public sealed class RecoveryInput
    {
        [Required(ErrorMessage = "请填写{0}。")]
        [StringLength(32, ErrorMessage = "{0}不能超过 {1} 个字符。")]
        [Display(Name = "恢复码")]
        public string Code { get; set; } = string.Empty;
    }
}
