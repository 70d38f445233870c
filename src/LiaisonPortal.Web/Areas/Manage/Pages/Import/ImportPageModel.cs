using System.Security.Claims;
using LiaisonPortal.Core.Import;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Import;

/// <summary>
/// The import pages: for accounts that manage a region or everything (admins and congress staff). Station staff may use
/// the rest of the Manage area but get a 403 here. Batches belong to their uploader, so every page asks by the account's id.
/// </summary>
public abstract class ImportPageModel : ManagePageModel
{
    public string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;

    public static string StatusName(ImportStatus status) => status switch
    {
        ImportStatus.Previewed => "待确认",
        ImportStatus.Importing => "导入中",
        ImportStatus.Completed => "已完成",
        ImportStatus.Failed => "导入失败",
        ImportStatus.Cancelled => "已取消",
        _ => status.ToString(),
    };

    public static string RowStatusName(RowStatus status) => status switch
    {
        RowStatus.Valid => "可导入",
        RowStatus.Invalid => "有错误",
        RowStatus.Duplicate => "已存在",
        _ => status.ToString(),
    };

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!ManagesRegions)
        {
            context.Result = StatusCode(StatusCodes.Status403Forbidden);
        }
    }

    protected void SetBreadcrumbs(params (string Title, string Url)[] breadcrumbs) => ViewData["Breadcrumbs"] = breadcrumbs;
}
