using System.ComponentModel.DataAnnotations;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Web.Hosting;
using LiaisonPortal.Web.Qr;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Pages.Account;

/// <summary>
/// 两步验证 for the signed-in staff member: the authenticator key as text and as a QR code (otpauth://), turned on with
/// the app's current code; ten recovery codes shown once, straight from the POST; new recovery codes, turning it off and
/// resetting the key (each with the password).
/// </summary>
[Authorize]
public class TwoFactorModel(
    AccountSecurity security, SignInManager<ApplicationUser> signIn, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    public const int QrSize = 240;

    [BindProperty]
    public EnableInput Enable { get; set; } = new();

    /// <summary>The password that confirms new recovery codes, turning it off or a reset.</summary>
    [BindProperty]
    [DataType(DataType.Password)]
    [StringLength(256, ErrorMessage = "{0}不能超过 {1} 个字符。")]
    [Display(Name = "登录密码")]
    public string? ConfirmPassword { get; set; }

    public bool Enabled { get; private set; }

    /// <summary>The handler whose password was wrong: its form is shown open with the message.</summary>
    public string? FailedForm { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    public AuthenticatorSetup? Setup { get; private set; }

    /// <summary>Set only in the answer to the POST that made them.</summary>
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await signIn.UserManager.GetUserAsync(User);
        return user is null ? Challenge() : await ShowAsync(user);
    }

    /// <summary>The QR code of the otpauth:// URI, while the authenticator is being set up; never cached.</summary>
    public async Task<IActionResult> OnGetQrAsync()
    {
        var user = await signIn.UserManager.GetUserAsync(User);
        if (user is null || await signIn.UserManager.GetTwoFactorEnabledAsync(user))
        {
            return NotFound();
        }

        var setup = await security.AuthenticatorSetupAsync(user);
        Response.Headers.CacheControl = "no-store";
        return File(QrCodes.Png(setup.OtpAuthUri, QrSize), "image/png");
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await signIn.UserManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        ModelState.Remove(nameof(ConfirmPassword));
        var (result, codes) = await security.EnableTwoFactorAsync(user, Enable.Code);
        if (Failure(result, nameof(Enable)) is { } failure)
        {
            await LoadAsync(user);
            return failure;
        }

        // Turning it on changed the security stamp: renew this session so it stays signed in.
        await signIn.RefreshSignInAsync(user);
        RecoveryCodes = codes;
        Done(localizer["两步验证已开启。以后登录时，输入密码后还要输入验证器应用显示的验证码。"]);
        return await ShowAsync(user);
    }

    public Task<IActionResult> OnPostRecoveryCodesAsync() => WithPasswordAsync("RecoveryCodes", async user =>
    {
        RecoveryCodes = await security.NewRecoveryCodesAsync(user);
        Done(localizer["已生成新的恢复码，旧的恢复码全部作废。"]);
    });

    public Task<IActionResult> OnPostDisableAsync() => WithPasswordAsync("Disable", async user =>
    {
        await security.DisableTwoFactorAsync(user);
        await signIn.RefreshSignInAsync(user);
        Done(localizer["两步验证已关闭，密钥和恢复码已作废。"]);
    });

    public Task<IActionResult> OnPostResetAsync() => WithPasswordAsync("Reset", async user =>
    {
        await security.DisableTwoFactorAsync(user);
        await signIn.RefreshSignInAsync(user);
        Done(localizer["密钥已重置：请用手机重新扫描下面的二维码，输入验证码后重新开启。"]);
    });

    private async Task<IActionResult> WithPasswordAsync(string form, Func<ApplicationUser, Task> action)
    {
        var user = await signIn.UserManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        ModelState.Remove("Enable.Code");
        FailedForm = form;
        if (!ModelState.IsValid)
        {
            return await ShowAsync(user);
        }

        if (string.IsNullOrEmpty(ConfirmPassword) || !await signIn.UserManager.CheckPasswordAsync(user, ConfirmPassword))
        {
            ModelState.AddModelError(nameof(ConfirmPassword), localizer["登录密码不正确。"]);
            return await ShowAsync(user);
        }

        FailedForm = null;
        if (!await signIn.UserManager.GetTwoFactorEnabledAsync(user))
        {
            return RedirectToPage();
        }

        await action(user);
        if (RecoveryCodes.Count > 0)
        {
            return await ShowAsync(user);
        }

        return RedirectToPage();
    }

    private async Task<IActionResult> ShowAsync(ApplicationUser user)
    {
        await LoadAsync(user);
        return Page();
    }

    private async Task LoadAsync(ApplicationUser user)
    {
        var users = signIn.UserManager;
        Enabled = await users.GetTwoFactorEnabledAsync(user);
        RecoveryCodesLeft = Enabled ? await users.CountRecoveryCodesAsync(user) : 0;
        if (!Enabled)
        {
            Setup = await security.AuthenticatorSetupAsync(user);
        }
    }

    public sealed class EnableInput
    {
        [StringLength(16, ErrorMessage = "{0}不能超过 {1} 个字符。")]
        [Display(Name = "验证码")]
        public string? Code { get; set; }
    }
}
