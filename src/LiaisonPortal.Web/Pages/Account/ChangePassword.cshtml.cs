using System.ComponentModel.DataAnnotations;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Pages.Account;

/// <summary>
/// 修改密码: any signed-in staff member; the one page (with signing out) an account with an initial password may open.
/// The new password follows the policy and differs from the old one; the session is renewed with the new security stamp.
/// </summary>
[Authorize]
[AllowedWithInitialPassword]
public class ChangePasswordModel(
    AccountSecurity security, SignInManager<ApplicationUser> signIn, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Forced => User.HasClaim(c => c.Type == PortalClaimsPrincipalFactory.MustChangePasswordClaim);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await signIn.UserManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var result = await security.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword);
        if (Failure(result) is { } failure)
        {
            return failure;
        }

        await signIn.RefreshSignInAsync(user);
        Done(localizer["密码已修改。下次登录请使用新密码。"]);
        if (!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl))
        {
            return LocalRedirect(ReturnUrl);
        }

        return LocalRedirect((await signIn.CreateUserPrincipalAsync(user)).HomePath());
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "请填写{0}。")]
        [StringLength(256, ErrorMessage = "{0}不能超过 {1} 个字符。")]
        [DataType(DataType.Password)]
        [Display(Name = "当前密码")]
        public string CurrentPassword { get; set; } = string.Empty;

        [Required(ErrorMessage = "请填写{0}。")]
        [StringLength(256, ErrorMessage = "{0}不能超过 {1} 个字符。")]
        [DataType(DataType.Password)]
        [Display(Name = "新密码")]
        public string NewPassword { get; set; } = string.Empty;

        [Required(ErrorMessage = "请填写{0}。")]
        [Compare(nameof(NewPassword), ErrorMessage = "两次输入的新密码不一致。")]
        [DataType(DataType.Password)]
        [Display(Name = "再次输入新密码")]
        public string ConfirmPassword { get; set; } = string.Empty;
    }
}
