using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Database;
using LiaisonPortal.Core.Demo;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Core.Organisation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LiaisonPortal.Core;

public static class DependencyInjection
{
    /// <summary>The database, Identity's stores and rules, Data Protection keys in the database, and the services.</summary>
    public static IServiceCollection AddLiaisonCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PortalDatabase>();
        services.AddSingleton<DatabaseBackup>();
        services.TryAddScoped<ICurrentActor, SystemActor>();
        services.AddScoped<ActingActor>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditTrail>();
        services.AddSingleton<DirectoryChanges>();
        services.AddMemoryCache();
        services.AddSingleton<DirectoryChangeInterceptor>();
        services.AddDbContext<ApplicationDbContext>((provider, options) => options
            .UseNpgsql(Pooled(provider.GetRequiredService<PortalDatabase>().ConnectionString))
            .AddInterceptors(
                new AuditInterceptor(provider.GetRequiredService<ActingActor>(), provider.GetRequiredService<TimeProvider>()),
                new Dashboard.DashboardInterceptor(provider.GetRequiredService<TimeProvider>()),
                new Partners.PartnerWebhookInterceptor(provider.GetRequiredService<IDataProtectionProvider>(), provider.GetRequiredService<TimeProvider>()),
                provider.GetRequiredService<DirectoryChangeInterceptor>()));

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = PasswordPolicy.MinimumLength;
                // Three classes out of four, checked by CharacterClassesPasswordValidator instead of all four.
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.Tokens.AuthenticatorTokenProvider = OneTimeAuthenticatorTokenProvider.ProviderName;
            })
            .AddRoles<IdentityRole>()
            // Before the EF stores (which only TryAdd theirs): the authenticator key encrypted, recovery codes hashed.
            .AddUserStore<PortalUserStore>()
            .AddEntityFrameworkStores<ApplicationDbContext>()
            .AddSignInManager<AuditedSignInManager>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<OneTimeAuthenticatorTokenProvider>(OneTimeAuthenticatorTokenProvider.ProviderName)
            .AddPasswordValidator<CharacterClassesPasswordValidator>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddPasswordValidator<EmailInPasswordValidator>();

        services.AddDataProtection().SetApplicationName("LiaisonPortal");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(options =>
                options.XmlRepository = new DatabaseXmlRepository(provider.GetRequiredService<IServiceScopeFactory>())));

        services.AddScoped<KeyRotation>();
        services.AddScoped<StaffAccounts>();
        services.AddScoped<AccountSecurity>();
        services.AddScoped<ScopeDirectory>();
        services.AddScoped<WorkingDayCalendar>();
        services.AddScoped<PublicDirectory>();
        services.AddScoped<Management.DirectoryEditor>();
        services.AddScoped<Management.Printables>();
        services.AddScoped<Import.DirectoryImporter>();
        services.AddSingleton<Import.ConfirmedImports>();
        services.AddSingleton<Import.ImportClaims>();
        services.AddHostedService<Import.ImportWorker>();
        services.AddSingleton<Citizens.CitizenPhones>();
        services.AddSingleton<Citizens.QuerySecrets>();
        services.AddSingleton(provider =>
            provider.GetRequiredService<IConfiguration>().GetSection(Citizens.PrivacyOptions.Section).Get<Citizens.PrivacyOptions>() ?? new Citizens.PrivacyOptions());
        services.AddScoped<Citizens.CitizenDataRetention>();
        services.AddScoped<Citizens.CitizenDataExport>();
        services.AddHostedService<Citizens.RetentionWorker>();
        AddNotifications(services);
        services.AddScoped<Opinions.OpinionIntake>();
        services.AddScoped<Opinions.OpinionTracking>();
        services.AddScoped<Opinions.OpinionDesk>();
        services.AddScoped<Opinions.OpinionCases>();
        services.AddScoped<Opinions.CaseLists>();
        services.AddScoped<Opinions.OpinionRegistration>();
        services.AddScoped<Opinions.CaseFiles>();
        services.AddScoped<Opinions.Supervision>();
        services.AddScoped<Opinions.CaseSettings>();
        services.AddScoped<Opinions.DuplicateFinder>();
        services.AddSingleton(provider =>
            provider.GetRequiredService<IConfiguration>().GetSection(Opinions.SupervisionOptions.Section).Get<Opinions.SupervisionOptions>() ?? new Opinions.SupervisionOptions());
        services.AddHostedService<Opinions.SupervisionWorker>();
        services.AddScoped<Appointments.AppointmentBook>();
        services.AddScoped<Reception.ReceptionCalendar>();
        services.AddScoped<Reception.ReceptionLogs>();
        services.AddScoped<Reception.DutyRoster>();
        services.AddScoped<Reception.ReceptionRules>();
        services.AddScoped<Reception.PublicReception>();
        services.AddScoped<Suggestions.SuggestionCases>();
        services.AddScoped<Suggestions.SuggestionNotifier>();
        services.AddScoped<Suggestions.SuggestionDesk>();
        services.AddScoped<Suggestions.SuggestionInbox>();
        services.AddScoped<Suggestions.SuggestionSupervision>();
        services.AddScoped<Suggestions.SuggestionBatches>();
        services.AddScoped<Suggestions.SuggestionFigures>();
        services.AddScoped<Openness.OpenFigures>();
        services.AddScoped<Performance.ActivityRecords>();
        services.AddScoped<Analysis.OpinionAnalysis>();
        services.AddScoped<Performance.PointRules>();
        services.AddScoped<Performance.PerformanceFiles>();
        services.AddScoped<Dashboard.DashboardRollups>();
        services.AddSingleton(provider =>
            provider.GetRequiredService<IConfiguration>().GetSection(Dashboard.DashboardOptions.Section).Get<Dashboard.DashboardOptions>() ?? new Dashboard.DashboardOptions());
        services.AddHostedService<Dashboard.DashboardWorker>();
        services.AddScoped<Dashboard.OfficeDashboard>();
        services.AddScoped<Partners.PartnerSystems>();
        services.AddScoped<Partners.Open311Requests>();
        services.AddScoped<Partners.PartnerDirectory>();
        services.AddScoped<DemoDataSeeder>();
        services.AddScoped<DatabaseInitializer>();
        return services;
    }

    /// <summary>
    /// A pooled connection goes back to the pool without DISCARD ALL unless the connection string says otherwise: EF opens
    /// and closes the connection around each query, so an office queue page paid 8 DISCARD ALL round trips (19 statements
    /// for 11 queries, pg_stat_statements). Nothing here keeps session state: settings are SET LOCAL / set_config(…, true),
    /// advisory locks are transaction-scoped, there are no temporary tables or LISTEN.
    /// </summary>
    internal static string Pooled(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Reset", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// The outbox, its senders and the background worker. The SMS sender is the HTTP gateway when
    /// Notifications:Sms:GatewayUrl is set, else the logging one; a later registration (a test's fake) replaces either.
    /// </summary>
    private static void AddNotifications(IServiceCollection services)
    {
        services.AddSingleton(provider =>
            provider.GetRequiredService<IConfiguration>().GetSection(NotificationOptions.Section).Get<NotificationOptions>() ?? new NotificationOptions());
        services.AddScoped<Outbox>();
        services.AddScoped<OutboxSender>();
        services.AddSingleton<LoggingSmsSender>();
        services.AddHttpClient<HttpSmsGatewaySender>((provider, client) =>
            client.Timeout = TimeSpan.FromSeconds(Math.Max(provider.GetRequiredService<NotificationOptions>().Sms.TimeoutSeconds, 1)));
        services.AddTransient<ISmsSender>(provider => provider.GetRequiredService<NotificationOptions>().Sms.GatewayUrl is null
            ? provider.GetRequiredService<LoggingSmsSender>()
            : provider.GetRequiredService<HttpSmsGatewaySender>());
        services.AddSingleton<IEmailSender, LoggingEmailSender>();
        services.AddHttpClient<Partners.HttpWebhookSender>((provider, client) =>
                client.Timeout = TimeSpan.FromSeconds(Math.Max(provider.GetRequiredService<NotificationOptions>().Webhook.TimeoutSeconds, 1)))
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = false });
        services.AddTransient<Partners.IWebhookSender>(provider => provider.GetRequiredService<Partners.HttpWebhookSender>());
        services.AddHostedService<OutboxWorker>();
    }
}
