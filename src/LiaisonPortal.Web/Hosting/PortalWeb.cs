using System.Globalization;
using System.Threading.RateLimiting;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Web.Api;
using LiaisonPortal.Web.Open311;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiaisonPortal.Web.Hosting;

public static class PortalWeb
{
    public const string SignInRateLimit = "sign-in";
    public const string PublicRateLimit = "public";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(12);
    private const string SignedInAtKey = ".signed-in-at";

    public static WebApplicationBuilder AddPortalWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var development = builder.Environment.IsDevelopment();

        // MapStaticAssets reloads wwwroot at run time (and answers no-cache) whenever it serves a build's manifest, as
        // `dotnet run` does; outside Development the manifest's own headers (immutable fingerprinted files) are wanted.
        if (!development && builder.Configuration["ReloadStaticAssetsAtRuntime"] is null)
        {
            builder.Configuration["ReloadStaticAssetsAtRuntime"] = "false";
        }

        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(options =>
        {
            string[] cultures = ["zh-CN", "en"];
            options.SetDefaultCulture("zh-CN").AddSupportedCultures(cultures).AddSupportedUICultures(cultures);
            // Chinese unless the visitor picked English with the language switch; the browser's language is not asked.
            options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        services.AddRazorPages(options =>
            {
                options.Conventions.AuthorizeAreaFolder("Admin", "/", AreaPolicies.Admin);
                options.Conventions.AuthorizeAreaFolder("Office", "/", AreaPolicies.Office);
                options.Conventions.AuthorizeAreaFolder("Station", "/", AreaPolicies.Station);
                options.Conventions.AuthorizeAreaFolder("Unit", "/", AreaPolicies.Unit);
                options.Conventions.AuthorizeAreaFolder("Deputy", "/", AreaPolicies.Deputy);
                options.Conventions.AuthorizeAreaFolder("Manage", "/", AreaPolicies.Manage);
            })
            .AddMvcOptions(options =>
            {
                options.ModelBinderProviders.Insert(0, new NulFreeStringBinderProvider());
                options.Filters.Add(new UnknownHandlerFilter());
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));

        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddIdentityCookies();
        services.AddAuthentication()
            .AddBearerToken(IdentityConstants.BearerScheme, options =>
            {
                options.BearerTokenExpiration = IdleTimeout;
                options.RefreshTokenExpiration = AbsoluteTimeout;
            });
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.ExpireTimeSpan = IdleTimeout;
            options.SlidingExpiration = true;
            options.Cookie.Name = development ? "LiaisonPortal.Auth" : "__Host-LiaisonPortal.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.Events.OnSigningIn = context =>
            {
                // A renewal of this session (RefreshSignInAsync after a password or 2FA change passes the current
                // cookie's properties) keeps the time of the sign-in: the twelve hours do not start again.
                if (!context.Properties.Items.ContainsKey(SignedInAtKey))
                {
                    var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
                    context.Properties.Items[SignedInAtKey] = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                }

                return Task.CompletedTask;
            };
            options.Events.OnValidatePrincipal = async context =>
            {
                // Sliding renewal keeps an active session alive, but never past twelve hours from sign-in.
                var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
                if (!context.Properties.Items.TryGetValue(SignedInAtKey, out var signedIn)
                    || !long.TryParse(signedIn, CultureInfo.InvariantCulture, out var seconds)
                    || time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > AbsoluteTimeout)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                try
                {
                    // A cookie from before a sign-out or a password change (a copy included) is refused at once.
                    if (!await SessionStamp.IsCurrentAsync(context.Principal!, context.HttpContext.RequestServices, context.HttpContext.RequestAborted))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                        return;
                    }

                    await SecurityStampValidator.ValidatePrincipalAsync(context);
                }
                catch (Exception exception) when (DatabaseOutage.Handle(exception))
                {
                    // The stamp cannot be checked while the database is away: this request is not signed in (the cookie
                    // stays). Thrown from here, the error page's own pass through authentication would throw again and
                    // end as a bare 500; a page that needs the sign-in gets the friendly 503 instead (OnRedirectToLogin).
                    context.RejectPrincipal();
                    context.HttpContext.Items[DatabaseOutage.ItemKey] = exception;
                }
            };
            var redirectToLogin = options.Events.OnRedirectToLogin;
            options.Events.OnRedirectToLogin = context =>
            {
                if (context.HttpContext.Items[DatabaseOutage.ItemKey] is Exception outage)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(outage);
                }

                return redirectToLogin(context);
            };
        });
        services.AddScoped<IUserClaimsPrincipalFactory<ApplicationUser>, PortalClaimsPrincipalFactory>();
        services.AddHttpContextAccessor();
        services.AddScoped<Core.Auditing.ICurrentActor, SignedInActor>();

        services.AddAuthorizationBuilder()
            .AddPolicy(AreaPolicies.Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(AreaPolicies.Office, policy => policy.RequireRole(Roles.CongressStaff, Roles.Admin))
            .AddPolicy(AreaPolicies.Station, policy => policy.RequireRole(Roles.StationStaff))
            .AddPolicy(AreaPolicies.Unit, policy => policy.RequireRole(Roles.UnitStaff))
            .AddPolicy(AreaPolicies.Deputy, policy => policy.RequireRole(Roles.Deputy))
            .AddPolicy(AreaPolicies.Manage, policy => policy.RequireRole(Roles.Admin, Roles.CongressStaff, Roles.StationStaff))
            .AddPolicy(AreaPolicies.Api, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.BearerScheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new CurrentSecurityStampRequirement()));

        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, StaleTokenChallenge>();

        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = development ? "LiaisonPortal.Antiforgery" : "__Host-LiaisonPortal.Antiforgery";
            options.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.Configure<CookieTempDataProviderOptions>(options =>
        {
            options.Cookie.Name = development ? "LiaisonPortal.TempData" : "__Host-LiaisonPortal.TempData";
            options.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });

        services.AddSingleton<CitizenLimits>();
        services.AddScoped<CaseAids>();
        services.AddOptions<PortalOptions>().Bind(builder.Configuration.GetSection(PortalOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<PortalOptions>, PortalOptionsValidator>();
        services.AddSingleton<Qr.QrCodes>();
        services.AddSingleton<PublicCache>();
        services.AddPublicOutputCache();
        services.AddPortalOpenApi();

        // Brotli or gzip at the fastest level for text; over HTTPS too, except for signed-in users (see UsePortalPipeline).
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            // Not text/plain: the portal's plain-text answers (health, ping, rate limits) are a few bytes.
            options.MimeTypes = ["text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                "application/problem+json", "image/svg+xml", "text/csv", "application/xml", "text/xml"];
        });
        services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(options =>
            options.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(options =>
            options.Level = System.IO.Compression.CompressionLevel.Fastest);

        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        ConfigureProxies(services, builder.Configuration);
        AddRateLimits(services, builder.Configuration);

        services.AddHealthChecks()
            .AddDbContextCheck<ApplicationDbContext>("database", tags: ["ready"])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: ["ready"]);
        services.Configure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations)
            {
                registration.Timeout = TimeSpan.FromSeconds(5);
            }
        });

        // Chinese text is written as UTF-8, not as &#x..; entities (a third of the bytes); markup characters are still encoded.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
            options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddProblemDetails();
        // A malformed body is the client's mistake in every environment: 400, never a developer exception page.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        return builder;
    }

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Configuration.GetValue<string>("Portal:TrustedProxies") is { Length: > 0 })
        {
            app.UseForwardedHeaders();
        }

        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseResponseCompression();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/Error",
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePagesWithReExecute("/Error/{0}");
        app.UseMiddleware<PlainHttpGuardMiddleware>();
        app.UseMiddleware<CharsetGuardMiddleware>();
        if (app.Configuration.GetValue("Portal:RequireHttps", !app.Environment.IsDevelopment()))
        {
            app.UseHttpsRedirection();
        }

        app.UseRequestLocalization();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<InitialPasswordGate>();
        app.Use(static (context, next) =>
        {
            // BREACH: a signed-in user's pages hold personal data next to text the request can choose (a search box), so
            // they are not compressed over HTTPS. Anonymous pages hold nothing secret but the antiforgery token, which
            // Data Protection encrypts afresh for every response (nothing stable to guess byte by byte).
            if (context.User.Identity?.IsAuthenticated == true
                && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpsCompressionFeature>() is { } compression)
            {
                compression.Mode = Microsoft.AspNetCore.Http.Features.HttpsCompressionMode.DoNotCompress;
            }

            return next(context);
        });
        app.UseOutputCache();
        // Created now, so that it listens for directory changes (and evicts the cached pages) before any QR code is scanned.
        app.Services.GetRequiredService<PublicCache>();
        app.UseAntiforgery();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        // The benchmark's ceiling (issue 10): the cheapest answer this host and middleware can give.
        app.MapGet("/ping", () => TypedResults.Text("pong", "text/plain")).ExcludeFromDescription();
        app.MapPortalApi();
        app.MapDirectoryApi();
        app.MapOpinionApi();
        app.MapSuggestionApi();
        app.MapQrApi();
        app.MapOpen311();
        app.MapPortalOpenApi();
        // wwwroot as built: fingerprinted URLs (the tag helpers' asp-append-version) cached for a year as immutable, Brotli and
        // gzip copies made at build time, ETags; an unversioned URL is revalidated.
        // The manifest is named after this assembly, not the entry one (a test host builds the app in its own process).
        app.MapStaticAssets(Path.Combine(AppContext.BaseDirectory, $"{typeof(PortalWeb).Assembly.GetName().Name}.staticwebassets.endpoints.json"));
        app.MapRazorPages().WithStaticAssets();
        return app;
    }

    /// <summary>
    /// Behind a reverse proxy the citizen's address comes from X-Forwarded-For, trusted only from the proxies listed in
    /// Portal:TrustedProxies (comma-separated addresses). Without it, per-address limits would count the proxy.
    /// </summary>
    private static void ConfigureProxies(IServiceCollection services, IConfiguration configuration)
    {
        var proxies = (configuration.GetValue<string>("Portal:TrustedProxies") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });
    }

    private static void AddRateLimits(IServiceCollection services, IConfiguration configuration)
    {
        var signInPerMinute = configuration.GetValue("RateLimits:SignInPerMinute", 20);
        var publicPerMinute = configuration.GetValue("RateLimits:PublicPerMinute", 120);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                var localizer = context.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();
                await context.HttpContext.Response.WriteAsync(localizer["请求过于频繁，请一分钟后再试。"], cancellationToken);
            };
            options.AddPolicy(SignInRateLimit, context => PerClient(context, signInPerMinute));
            options.AddPolicy(PublicRateLimit, context => PerClient(context, publicPerMinute));
        });
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}

public static class AreaPolicies
{
    public const string Admin = "AdminArea";
    public const string Office = "OfficeArea";
    public const string Station = "StationArea";
    public const string Unit = "UnitArea";
    public const string Deputy = "DeputyArea";

    /// <summary>The directory's staff pages; what each account may change is decided in the service layer by its scope.</summary>
    public const string Manage = "ManageArea";
    public const string Api = "Api";
}

/// <summary>Ready means the database answers and every migration has been applied.</summary>
public sealed class MigrationsHealthCheck(DatabaseInitializer initializer) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await initializer.IsUpToDateAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Migrations are pending: run the migrate command.");
}
