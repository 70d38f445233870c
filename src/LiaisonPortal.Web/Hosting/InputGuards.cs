using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;

namespace LiaisonPortal.Web.Hosting;

/// <summary>
/// Outside Development the antiforgery cookie is Secure-only, so a page with a form cannot be served over plain HTTP: the
/// antiforgery system throws, which used to be a 500. This turns it into a 400 page that says to use HTTPS, and logs once
/// per request what the operator has to change (serve HTTPS, or list the TLS-terminating proxy in Portal:TrustedProxies).
/// </summary>
public sealed partial class PlainHttpGuardMiddleware(RequestDelegate next, IOptions<AntiforgeryOptions> antiforgery, ILogger<PlainHttpGuardMiddleware> logger)
{
    /// <summary>Set on the request when the guard refused it: the error page then explains HTTPS.</summary>
    public const string RefusedKey = "LiaisonPortal.PlainHttpRefused";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context);
        }
        catch (InvalidOperationException exception) when (IsSecureCookieOverPlainHttp(context, exception))
        {
            LogPlainHttp(logger, context.Request.Path.Value ?? "/");
            context.Items[RefusedKey] = true;
            throw new BadHttpRequestException("This page needs HTTPS: the antiforgery cookie is Secure-only.", StatusCodes.Status400BadRequest, exception);
        }
    }

    private bool IsSecureCookieOverPlainHttp(HttpContext context, InvalidOperationException exception) =>
        !context.Request.IsHttps
        && antiforgery.Value.Cookie.SecurePolicy == CookieSecurePolicy.Always
        && exception.TargetSite?.DeclaringType?.Assembly == typeof(IAntiforgery).Assembly;

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning,
        Message = "A page with a form was asked for over plain HTTP ({Path}), but outside Development the antiforgery cookie is Secure-only: the visitor got a 400 asking for HTTPS. Serve the portal over HTTPS, or behind a reverse proxy listed in Portal:TrustedProxies that sends X-Forwarded-Proto.")]
    private static partial void LogPlainHttp(ILogger logger, string path);
}

/// <summary>
/// Runs before every endpoint. A body in a character set the server cannot decode (UTF-7, which .NET refuses, or a made-up name) is answered 415 with
/// the friendly error page, instead of failing deep in the form or JSON reader with a 500.
/// </summary>
public sealed class CharsetGuardMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null
            && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            && type.Charset.HasValue && !Decodable(type.Charset.Value!.Trim('"')))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            // The error page is rendered for this same request: it must not try to read the body either.
            context.Request.ContentType = "application/octet-stream";
            return Task.CompletedTask;
        }

        // PostgreSQL cannot take U+0000 in text: a %00 in the query string is dropped before any endpoint (minimal API,
        // Open311, page) reads it, as the binder does for forms (see NulFreeStringBinderProvider).
        if (context.Request.QueryString.Value is { } query && query.Contains("%00", StringComparison.Ordinal))
        {
            context.Request.Query = new QueryCollection(context.Request.Query
                .GroupBy(q => q.Key.Replace("\0", string.Empty, StringComparison.Ordinal), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => new Microsoft.Extensions.Primitives.StringValues(
                    g.SelectMany(q => q.Value).Select(v => v?.Replace("\0", string.Empty, StringComparison.Ordinal)).ToArray()), StringComparer.OrdinalIgnoreCase));
        }

        return next(context);
    }

    private static bool Decodable(string charset)
    {
        try
        {
            return System.Text.Encoding.GetEncoding(charset).CodePage != 65000;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }
}

/// <summary>
/// PostgreSQL cannot store U+0000 in text, so a NUL typed or sent into any bound string (forms, query strings, route
/// values) used to end in a database error (500, or a misleading "try again" 503). It carries no meaning in anything a
/// person writes, so the binder drops it; every other character arrives as sent and is encoded when shown.
/// </summary>
public sealed class NulFreeStringBinderProvider : Microsoft.AspNetCore.Mvc.ModelBinding.IModelBinderProvider
{
    public Microsoft.AspNetCore.Mvc.ModelBinding.IModelBinder? GetBinder(Microsoft.AspNetCore.Mvc.ModelBinding.ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Only what the value providers give (form, query, route); headers, bodies and services keep their own binders.
        var source = context.BindingInfo.BindingSource;
        var fromValues = source is null || source == BindingSource.ModelBinding || source == BindingSource.Form
            || source == BindingSource.Query || source == BindingSource.Path;
        return fromValues && context.Metadata.ModelType == typeof(string)
            ? new NulFreeStringBinder(new Microsoft.AspNetCore.Mvc.ModelBinding.Binders.SimpleTypeModelBinder(typeof(string),
                context.Services.GetRequiredService<ILoggerFactory>()))
            : null;
    }

    private sealed class NulFreeStringBinder(Microsoft.AspNetCore.Mvc.ModelBinding.IModelBinder inner) : Microsoft.AspNetCore.Mvc.ModelBinding.IModelBinder
    {
        public async Task BindModelAsync(Microsoft.AspNetCore.Mvc.ModelBinding.ModelBindingContext bindingContext)
        {
            await inner.BindModelAsync(bindingContext);
            if (bindingContext.Result.IsModelSet && bindingContext.Result.Model is string text && text.Contains('\0', StringComparison.Ordinal))
            {
                bindingContext.Result = Microsoft.AspNetCore.Mvc.ModelBinding.ModelBindingResult.Success(text.Replace("\0", string.Empty, StringComparison.Ordinal));
            }
        }
    }
}

/// <summary>
/// A request for a page handler the page does not have (PUT, DELETE, POST to a GET-only page, ?handler=nonsense) used to
/// run the page with nothing loaded, which failed (500). It is now 405 for another method, 404 for an unknown handler.
/// </summary>
public sealed class UnknownHandlerFilter : Microsoft.AspNetCore.Mvc.Filters.IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context, Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var reExecuted = context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null
            || context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null;
        if (context.HandlerMethod is null && context.ActionDescriptor.HandlerMethods.Count > 0 && !reExecuted)
        {
            var method = context.HttpContext.Request.Method;
            var known = context.ActionDescriptor.HandlerMethods.Any(h => string.Equals(h.HttpMethod, method, StringComparison.OrdinalIgnoreCase)
                || (HttpMethods.IsHead(method) && string.Equals(h.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase)));
            context.Result = new Microsoft.AspNetCore.Mvc.StatusCodeResult(known ? StatusCodes.Status404NotFound : StatusCodes.Status405MethodNotAllowed);
            return Task.CompletedTask;
        }

        return next();
    }
}
