using System.ComponentModel.DataAnnotations;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Admin.Pages.Accounts;

/// <summary>
/// One account: role, scope and security state; 重置密码 (a new initial password, to be changed at the next sign-in),
/// 关闭两步验证 (a lost phone) and 解除锁定, each confirmed and written to the change log.
/// </summary>
public class DetailsModel(AccountSecurity security, ScopeDirectory scopes, TimeProvider time, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [FromRoute]
    public string Id { get; set; } = string.Empty;

    [BindProperty]
    public ResetInput Input { get; set; } = new();

    public AccountRow Account { get; private set; } = null!;

    public string ScopeName { get; private set; } = string.Empty;

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostResetPasswordAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (Failure(await security.ResetPasswordAsync(Id, Input.Password, cancellationToken)) is { } failure)
        {
            return failure;
        }

        Done(localizer["已为 {0} 设置新的初始密码：本人下次登录时必须修改。", Account.Email]);
        return Redirect($"/Admin/Accounts/Details/{Id}");
    }

    public async Task<IActionResult> OnPostResetTwoFactorAsync(CancellationToken cancellationToken)
    {
        if (Failure(await security.ResetTwoFactorAsync(Id, cancellationToken)) is { } failure)
        {
            return failure;
        }

        Done(localizer["已关闭该账号的两步验证：本人现在只凭密码即可登录，可在“两步验证”页面重新开启。"]);
        return Redirect($"/Admin/Accounts/Details/{Id}");
    }

    public async Task<IActionResult> OnPostUnlockAsync(CancellationToken cancellationToken)
    {
        if (Failure(await security.UnlockAsync(Id, cancellationToken)) is { } failure)
        {
            return failure;
        }

        Done(localizer["已解除锁定。"]);
        return Redirect($"/Admin/Accounts/Details/{Id}");
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (await security.FindAsync(Id, cancellationToken) is not { } account)
        {
            return false;
        }

        Account = account;
        ScopeName = await scopes.DescribeAsync(account.Scope, cancellationToken);
        return true;
    }

    public sealed class ResetInput
    {
        [Required(ErrorMessage = "请填写{0}。")]
        [StringLength(256, ErrorMessage = "{0}不能超过 {1} 个字符。")]
        [DataType(DataType.Password)]
        [Display(Name = "新的初始密码")]
        public string Password { get; set; } = string.Empty;
    }
}
