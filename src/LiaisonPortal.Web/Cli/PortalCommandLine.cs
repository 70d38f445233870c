using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Database;
using LiaisonPortal.Core.Partners;
using LiaisonPortal.Web.Hosting;

namespace LiaisonPortal.Web.Cli;

/// <summary>
/// migrate | seed-demo | rebuild-dashboard | backup --out FILE | rotate-keys [--reencrypt] [--revoke-old] | create-user --email E --password P --role R [--region C] [--station C] [--unit C] [--deputy C] [--name N] [--no-password-change]
/// | create-partner --name N [--webhook URL] [--operations submit,read,services] [--rate-limit N] [--allow NETWORKS] [--contact TEXT]
/// | anonymise [--dry-run] (the retention job once: citizens' contact data of cases ended longer ago than Privacy:AnonymiseClosedAfterDays).
/// Exit code 0 on success; 2 for bad arguments (for create-partner also a name taken or a bad URL, allow-list or limit);
/// 1 when the work itself failed. Every failure is one line on stderr. An account made by create-user must change its
/// password at the first sign-in (the password was typed by someone else), unless --no-password-change says otherwise.
/// </summary>
public static class PortalCommandLine
{
    public const string Usage =
        "usage: LiaisonPortal.Web [migrate | seed-demo | rebuild-dashboard | backup --out FILE | rotate-keys [--reencrypt] [--revoke-old] | create-user --email E --password P --role R [--region CODE] [--station CODE] [--unit CODE] [--deputy CODE] [--name NAME] [--no-password-change]"
        + " | create-partner --name NAME [--webhook URL] [--operations submit,read,services] [--rate-limit PER_MINUTE] [--allow ADDRESSES] [--contact TEXT]"
        + " | anonymise [--dry-run]]";

    private const string DryRun = "--dry-run";

    private const string NoPasswordChange = "--no-password-change";
    private const string Reencrypt = "--reencrypt";
    private const string RevokeOld = "--revoke-old";

    private static readonly string[] CreateUserOptions = ["--email", "--password", "--role", "--region", "--station", "--unit", "--deputy", "--name", NoPasswordChange];

    /// <summary>Options that take no value.</summary>
    private static readonly string[] Flags = [NoPasswordChange, Reencrypt, RevokeOld];

    private static readonly string[] RotateKeysOptions = [Reencrypt, RevokeOld];

    private static readonly string[] BackupOptions = ["--out"];

    private static readonly string[] CreatePartnerOptions = ["--name", "--webhook", "--operations", "--rate-limit", "--allow", "--contact"];

    /// <summary>--operations words: services (读取服务目录), submit (提交诉求), read (查询办理进度), all.</summary>
    private static readonly Dictionary<string, PartnerOperations> OperationWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["services"] = PartnerOperations.ReadServices,
        ["submit"] = PartnerOperations.SubmitRequests,
        ["read"] = PartnerOperations.ReadRequests,
        ["all"] = PartnerOperations.All,
    };

    /// <param name="configure">Lets tests point the commands at their own database.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var command = args.Length == 0 ? string.Empty : args[0];
        Dictionary<string, string>? options = null;
        PartnerInput? partnerInput = null;
        string? problem = command switch
        {
            "migrate" or "seed-demo" or "rebuild-dashboard" => args.Length > 1 ? $"{command} takes no arguments, got '{args[1]}'" : null,
            "anonymise" => args.Length > 2 || (args.Length == 2 && args[1] != DryRun) ? $"anonymise takes only {DryRun}, got '{string.Join(' ', args[1..])}'" : null,
            "backup" => ParseOptions(args[1..], BackupOptions, out options) ?? MissingOptions(options!, "--out"),
            "rotate-keys" => ParseOptions(args[1..], RotateKeysOptions, out options),
            "create-user" => ParseOptions(args[1..], CreateUserOptions, out options)
                ?? MissingOptions(options!, "--email", "--password", "--role"),
            "create-partner" => ParseOptions(args[1..], CreatePartnerOptions, out options)
                ?? MissingOptions(options!, "--name")
                ?? PartnerInputOf(options!, out partnerInput),
            "help" or "--help" => null,
            _ => $"unknown command '{command}'",
        };
        if (problem is not null)
        {
            await error.WriteLineAsync($"error: {problem}. {Usage}");
            return 2;
        }

        if (command is "help" or "--help")
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }

        // Commands log only warnings, so their output stays readable.
        var builder = PortalApp.CreateBuilder([]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configure?.Invoke(builder);
        await using var app = builder.Build();
        var database = app.Services.GetRequiredService<PortalDatabase>();
        try
        {
            await database.StartAsync();
            await using var scope = app.Services.CreateAsyncScope();
            var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
            switch (command)
            {
                case "migrate":
                    await initializer.MigrateAsync();
                    await output.WriteLineAsync("Database is up to date.");
                    return 0;
                case "seed-demo":
                    await initializer.MigrateAsync();
                    await initializer.SeedDemoDataAsync();
                    await output.WriteLineAsync("Demo data loaded.");
                    return 0;
                case "rebuild-dashboard":
                    await initializer.MigrateAsync();
                    var rows = await scope.ServiceProvider.GetRequiredService<Core.Dashboard.DashboardRollups>().RebuildAsync();
                    await output.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Dashboard rollups rebuilt: {rows} rows."));
                    return 0;
                case "backup":
                    // pg_dump -Fc of the whole database; the file is created 0600: it holds the keys that decrypt phone numbers.
                    var (dumped, message) = await app.Services.GetRequiredService<Core.Database.DatabaseBackup>().DumpAsync(options!["--out"]);
                    await (dumped ? output : error).WriteLineAsync(dumped ? message : "error: " + message);
                    return dumped ? 0 : 1;
                case "rotate-keys":
                    return await RotateKeysAsync(scope.ServiceProvider.GetRequiredService<KeyRotation>(), initializer, options!, output, error);
                case "anonymise":
                    return await AnonymiseAsync(scope.ServiceProvider.GetRequiredService<Core.Citizens.CitizenDataRetention>(), initializer, args.Contains(DryRun), output, error);
                case "create-partner":
                    return await CreatePartnerAsync(scope.ServiceProvider.GetRequiredService<PartnerSystems>(), initializer, partnerInput!, output, error);
                default:
                    return await CreateUserAsync(scope.ServiceProvider.GetRequiredService<StaffAccounts>(), initializer, options!, output, error);
            }
        }
        catch (Exception exception) when (StartupFailure.Explain(exception) is { } reason)
        {
            await error.WriteLineAsync($"error: {reason}");
            return 1;
        }
        finally
        {
            await database.StopAsync();
        }
    }

    /// <summary>A new default key; --reencrypt moves the stored values onto it, --revoke-old then revokes the other keys (exit 1 when refused).</summary>
    private static async Task<int> RotateKeysAsync(KeyRotation rotation, DatabaseInitializer initializer, Dictionary<string, string> options, TextWriter output, TextWriter error)
    {
        await initializer.MigrateAsync();
        var progress = new SynchronousProgress(output);
        var report = await rotation.RotateAsync(options.ContainsKey(Reencrypt), options.ContainsKey(RevokeOld), progress);
        var unreadable = report.Columns.Sum(c => c.Unreadable);
        if (unreadable > 0)
        {
            await error.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"warning: {unreadable} stored values could not be decrypted with any key; they were left as they are."));
        }

        if (report.Refused is not null)
        {
            await error.WriteLineAsync("error: " + report.Refused);
            return 1;
        }

        if (report.Revoked.Count > 0)
        {
            await output.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Revoked {report.Revoked.Count} older keys: every session, token and open form made before now is no longer valid."));
        }

        await output.WriteLineAsync("Keys rotated.");
        return 0;
    }

    /// <summary>Writes each progress line as it is reported (Progress&lt;T&gt; would post it to the thread pool, out of order).</summary>
    private sealed class SynchronousProgress(TextWriter output) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine(value);
    }

    private static async Task<int> CreateUserAsync(
        StaffAccounts accounts, DatabaseInitializer initializer, Dictionary<string, string> options, TextWriter output, TextWriter error)
    {
        if (!await initializer.IsUpToDateAsync())
        {
            await error.WriteLineAsync("error: the database has pending migrations: run the migrate command first.");
            return 1;
        }

        var result = await accounts.CreateAsync(new NewStaffAccount(
            options["--email"],
            options["--password"],
            options["--role"],
            options.GetValueOrDefault("--region"),
            options.GetValueOrDefault("--station"),
            options.GetValueOrDefault("--unit"),
            options.GetValueOrDefault("--deputy"),
            options.GetValueOrDefault("--name"),
            MustChangePassword: !options.ContainsKey(NoPasswordChange)));
        if (!result.Succeeded)
        {
            await error.WriteLineAsync($"error: {string.Join(" ", result.Errors)}");
            return 1;
        }

        await output.WriteLineAsync($"Created {result.User!.Email} ({Roles.Normalize(options["--role"])})"
            + (result.User.MustChangePassword ? ": the password must be changed at the first sign-in." : "."));
        return 0;
    }

    /// <summary>Runs the retention job once (or counts what it would do) and prints the counts; nothing personal is printed.</summary>
    private static async Task<int> AnonymiseAsync(
        Core.Citizens.CitizenDataRetention retention, DatabaseInitializer initializer, bool dryRun, TextWriter output, TextWriter error)
    {
        if (!await initializer.IsUpToDateAsync())
        {
            await error.WriteLineAsync("error: the database has pending migrations: run the migrate command first.");
            return 1;
        }

        Core.Citizens.RetentionResult result;
        try
        {
            result = await retention.RunAsync(dryRun);
        }
        catch (InvalidOperationException exception)
        {
            await error.WriteLineAsync("error: " + exception.Message);
            return 2;
        }

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(invariant,
            $"{(dryRun ? "Dry run, nothing changed: would anonymise" : "Anonymised")} {result.Opinions} opinions, {result.Appointments} appointments, {result.Messages} message recipients"
            + $" (ended before {result.Cutoff:yyyy-MM-dd HH:mm} UTC; Privacy:AnonymiseClosedAfterDays = {result.Days})."));
        return 0;
    }

    /// <summary>
    /// Creates the partner and prints its API key and webhook signing secret, once, on stdout. A refusal (a name taken, a
    /// bad URL, allow-list or limit) is bad input: exit code 2 with the service's message.
    /// </summary>
    private static async Task<int> CreatePartnerAsync(
        PartnerSystems partners, DatabaseInitializer initializer, PartnerInput input, TextWriter output, TextWriter error)
    {
        if (!await initializer.IsUpToDateAsync())
        {
            await error.WriteLineAsync("error: the database has pending migrations: run the migrate command first.");
            return 1;
        }

        var (result, credentials) = await partners.CreateAsync(input);
        if (!result.Succeeded)
        {
            await error.WriteLineAsync($"error: {string.Join(" ", result.Errors.Select(e => e.Message))}");
            return 2;
        }

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(invariant, $"Created partner system {credentials!.PartnerId}: {credentials.Name}."));
        await output.WriteLineAsync($"API key: {credentials.ApiKey}");
        await output.WriteLineAsync($"Webhook signing secret: {credentials.WebhookSecret}");
        await output.WriteLineAsync("Both are shown only this once: only the key's hash is kept. Hand them to the partner's technical staff now.");
        return 0;
    }

    /// <summary>The options as the service's input; a problem with the options' form (an unknown operation, a limit that is not a number) is returned.</summary>
    private static string? PartnerInputOf(Dictionary<string, string> options, out PartnerInput? input)
    {
        input = null;
        var operations = PartnerOperations.None;
        if (options.TryGetValue("--operations", out var words))
        {
            foreach (var word in words.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!OperationWords.TryGetValue(word, out var operation))
                {
                    return $"unknown operation '{word}' (use services, submit, read or all)";
                }

                operations |= operation;
            }

            if (operations == PartnerOperations.None)
            {
                return "--operations names no operation (use services, submit, read or all)";
            }
        }
        else
        {
            operations = PartnerOperations.All;
        }

        int? rate = null;
        if (options.TryGetValue("--rate-limit", out var rateText))
        {
            if (!int.TryParse(rateText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                return $"--rate-limit must be a whole number of calls per minute, got '{rateText}'";
            }

            rate = parsed;
        }

        input = new PartnerInput(
            options["--name"], options.GetValueOrDefault("--contact"), operations, options.GetValueOrDefault("--allow"), rate, options.GetValueOrDefault("--webhook"));
        return null;
    }

    private static string? ParseOptions(string[] args, string[] allowed, out Dictionary<string, string> options)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string value;
            if (Flags.Contains(name) && allowed.Contains(name))
            {
                if (!options.TryAdd(name, "true"))
                {
                    return $"{name} is given twice";
                }

                continue;
            }

            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (name.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (i + 1 < args.Length && !(args[i + 1].StartsWith("--", StringComparison.Ordinal) && allowed.Contains(args[i + 1].Split('=')[0])))
            {
                value = args[++i];
            }
            else
            {
                return allowed.Contains(name) ? $"{name} needs a value" : $"unknown option '{name}'";
            }

            if (!allowed.Contains(name))
            {
                return $"unknown option '{name}'";
            }

            if (!options.TryAdd(name, value))
            {
                return $"{name} is given twice";
            }
        }

        return null;
    }

    private static string? MissingOptions(Dictionary<string, string> options, params string[] required) =>
        required.Where(r => string.IsNullOrWhiteSpace(options.GetValueOrDefault(r))).ToList() is { Count: > 0 } missing
            ? "missing " + string.Join(", ", missing)
            : null;
}
