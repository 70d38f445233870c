using System.ComponentModel.DataAnnotations;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Admin.Pages.Accounts;

/// <summary>新建账号: email, name, role, scope code and an initial password the person must change at the first sign-in.</summary>
public class CreateModel(AccountSecurity security, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var (result, id) = await security.CreateAsync(
            new NewAccountInput(Input.Email, Input.DisplayName, Input.Role, Input.ScopeCode, Input.Password), cancellationToken);
        if (Failure(result) is { } failure)
        {
            return failure;
        }

        Done(localizer["已新建账号 {0}。请把初始密码当面或电话告知本人：第一次登录时必须修改。", Input.Email.Trim()]);
        return Redirect($"/Admin/Accounts/Details/{id}");
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "请填写{0}。")]
        [EmailAddress(ErrorMessage = "{0}格式不正确。")]
        [StringLength(256, ErrorMessage = "{0}不能超过 {1} 个字符。")]
        [Display(Name = "邮箱")]
        public string Email { get; set; } = string.Empty;

        [StringLength(ApplicationUser.DisplayNameMaxLength, ErrorMessage = "{0}不能超过 {1} 个字符。")]
        [Display(Name = "姓名")]
        public string? DisplayName { get; set; }

        [Required(ErrorMessage = "请选择{0}。")]
        [Display(Name = "角色")]
        public string Role { get; set; } = Roles.StationStaff;

        [StringLength(64, ErrorMessage = "{0}不能超过 {1} 个字符。")]
        [Display(Name = "管理范围代码")]
        public string? ScopeCode { get; set; }

        [Required(ErrorMessage = "请填写{0}。")]
        [StringLength(256, ErrorMessage = "{0}不能超过 {1} 个字符。")]
        [DataType(DataType.Password)]
        [Display(Name = "初始密码")]
        public string Password { get; set; } = string.Empty;
    }
}
