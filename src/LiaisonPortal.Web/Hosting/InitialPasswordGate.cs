using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Hosting;

/// <summary>Marks the pages an account with an initial password may still open: changing the password, signing out.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AllowedWithInitialPasswordAttribute : Attribute;

/// <summary>
/// Forced change of an initial password: while the sign-in (cookie or bearer token) says the password was handed out by
/// an administrator or the command line, every staff page redirects to the change-password page and every API call is
/// refused with a 403 problem. Public pages (no authorization on the endpoint) are not concerned.
/// </summary>
public sealed class InitialPasswordGate(RequestDelegate next)
{
    public const string ChangePasswordPath = "/Account/ChangePassword";

    public async Task InvokeAsync(HttpContext context, IStringLocalizer<SharedResource> localizer)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetEndpoint();
        if (context.User.HasClaim(c => c.Type == PortalClaimsPrincipalFactory.MustChangePasswordClaim)
            && endpoint?.Metadata.GetMetadata<IAuthorizeData>() is not null
            && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null
            && endpoint.Metadata.GetMetadata<AllowedWithInitialPasswordAttribute>() is null)
        {
            if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                await TypedResults.Problem(
                    detail: localizer["这个账号还在使用管理员设置的初始密码：请先在网页上登录并修改密码，再调用接口。"],
                    statusCode: StatusCodes.Status403Forbidden,
                    title: localizer["需要先修改初始密码"]).ExecuteAsync(context);
                return;
            }

            var back = context.Request.Path + context.Request.QueryString;
            context.Response.Redirect(HttpMethods.IsGet(context.Request.Method)
                ? $"{ChangePasswordPath}?ReturnUrl={Uri.EscapeDataString(back)}"
                : ChangePasswordPath);
            return;
        }

        await next(context);
    }
}
