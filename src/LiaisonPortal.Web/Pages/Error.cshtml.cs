using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LiaisonPortal.Web.Pages;

/// <summary>Friendly pages for every error status; a lost database is a 503 with "nothing was saved, try again".</summary>
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class ErrorModel : PageModel
{
    public string Title { get; private set; } = "系统出错了";

    public string Explanation { get; private set; } = "很抱歉，系统处理您的请求时出错。请稍后再试；如果问题持续，请把下面的错误编号告诉工作人员。";

    public string CorrelationId => HttpContext.TraceIdentifier;

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    // The error page is re-executed with the request's own method: a refused PUT or DELETE gets the page too.
    public void OnPut(int? code) => Describe(code);

    public void OnDelete(int? code) => Describe(code);

    public void OnPatch(int? code) => Describe(code);

    private void Describe(int? code)
    {
        var exception = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (Hosting.DatabaseOutage.Handle(exception))
        {
            code = StatusCodes.Status503ServiceUnavailable;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = "10";
        }

        (Title, Explanation) = code switch
        {
            400 => ("请求有误", "提交的内容无法识别，请返回上一页检查后重试。"),
            403 => ("无权访问", "您的账户没有访问此页面的权限。"),
            404 => ("页面不存在", "您访问的页面不存在或已被移除，请检查网址或二维码。"),
            405 => ("请求方式不对", "这个地址不接受这种请求方式。请从页面上的链接或按钮进入。"),
            415 => ("内容格式无法识别", "提交的内容格式或字符编码无法识别。网页表单请用浏览器提交；接口请用 UTF-8 编码的 JSON 或表单。"),
            413 => ("文件太大", "上传的内容太大：照片最多 3 张，每张不超过 5 MB。请返回上一页，换小一些的照片再提交。"),
            429 => ("请求过于频繁", "请求过于频繁，请一分钟后再试。"),
            503 => ("系统暂时无法使用", "系统正在恢复，您刚才提交的内容没有保存，请稍后重新提交。"),
            _ => (Title, Explanation),
        };
        if (HttpContext.Items.ContainsKey(Hosting.PlainHttpGuardMiddleware.RefusedKey))
        {
            (Title, Explanation) = ("请使用 HTTPS 访问", "这个页面需要通过安全连接（https://）打开。请把网址开头的 http:// 改成 https:// 后重试；如果仍然不行，请告诉网站管理员。");
        }
    }
}
