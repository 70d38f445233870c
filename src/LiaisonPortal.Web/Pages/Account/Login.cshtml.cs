using System.ComponentModel.DataAnnotations;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Pages.Account;

[EnableRateLimiting(PortalWeb.SignInRateLimit)]
public class LoginModel(SignInManager<ApplicationUser> signIn, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task OnGetAsync()
    {
        // A fresh sign-in page ends whatever half-finished external sign-in there was.
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        // A post without the fields at all (not even empty ones) is validated without the Input prefix, so no message
        // would show next to the fields: say it at the top.
        if ((string.IsNullOrWhiteSpace(Input.Email) || string.IsNullOrEmpty(Input.Password))
            && ModelState["Input.Email"]?.Errors.Count is not > 0 && ModelState["Input.Password"]?.Errors.Count is not > 0)
        {
            ModelState.AddModelError(string.Empty, localizer["请填写邮箱和密码。"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            // The password was right; the second step (LoginCode) asks for the authenticator's code.
            return RedirectToPage("/Account/LoginCode", new { ReturnUrl });
        }

        if (result.IsLockedOut)
        {
            ModelState.AddModelError(string.Empty, localizer["该账户因多次输错密码已被锁定，请 15 分钟后再试。"]);
            return Page();
        }

        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, localizer["邮箱或密码不正确。"]);
            return Page();
        }

        var user = await signIn.UserManager.FindByNameAsync(Input.Email.Trim());
        return LocalRedirect(await LandingAsync(signIn, user!, ReturnUrl, Url));
    }

    /// <summary>Where a completed sign-in goes: the change-password page for an initial password, else a local return URL or the workspace.</summary>
    internal static async Task<string> LandingAsync(SignInManager<ApplicationUser> signIn, ApplicationUser user, string? returnUrl, IUrlHelper url)
    {
        var local = !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl);
        if (user.MustChangePassword)
        {
            return local ? $"{InitialPasswordGate.ChangePasswordPath}?ReturnUrl={Uri.EscapeDataString(returnUrl!)}" : InitialPasswordGate.ChangePasswordPath;
        }

        return local ? returnUrl! : (await signIn.CreateUserPrincipalAsync(user)).HomePath();
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "请填写{0}。")]
        [EmailAddress(ErrorMessage = "{0}格式不正确。")]
        [StringLength(256, ErrorMessage = "{0}不能超过 {1} 个字符。")]
        [Display(Name = "邮箱")]
        public string Email { get; set; } = string.Empty;

        [Required(ErrorMessage = "请填写{0}。")]
        [StringLength(256, ErrorMessage = "{0}不能超过 {1} 个字符。")]
        [DataType(DataType.Password)]
        [Display(Name = "密码")]
        public string Password { get; set; } = string.Empty;
    }
}
