using System.Text.Json;
using LiaisonPortal.Core.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Security.Access;

/// <summary>
/// One request of the matrix: where it goes, the objects it names (the accounts allowed to see it are those in every
/// object's owners) and the roles its authorization policy admits (null: any signed-in account).
/// </summary>
public sealed record StaffUrl(string Source, string Method, string Url, IReadOnlyList<ScopedObject> Objects, IReadOnlyList<IReadOnlySet<string>> RoleSets)
{
    public bool Admits(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return !account.IsAnonymous && RoleSets.All(set => set.Contains(account.Role!));
    }

    public bool InScopeOf(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Objects.All(o => o.Owners.Contains(account.Name));
    }

    public override string ToString() => $"{Method} {Url}";
}

/// <summary>
/// Finds the staff pages and API operations from the running app: every Razor page whose endpoint carries an
/// authorization policy (areas and [Authorize] pages) with each GET handler, and every operation of /openapi/v1.json that
/// asks for a bearer token. Route values are filled with the <see cref="AccessWorld"/> objects of the kind the
/// parameter names; a parameter without a rule fails the test, so a new page cannot slip past the matrix.
/// </summary>
public static class StaffUrls
{
    /// <summary>(page, route or handler parameter) → object kind. The page is "Area/ViewEnginePath" ("/Suggestions/Files" for root pages).</summary>
    private static readonly (string Page, string Parameter, string Kind)[] Rules =
    [
        ("*/Opinions/Details", "code", "opinion"),
        ("*/Opinions/Details", "id", "opinion-photo"),
        ("Manage/Opinions/AccessRequest", "code", "opinion"),
        ("Manage/Performance/Deputy", "code", "deputy"),
        ("Manage/Performance/Report", "code", "deputy"),
        ("Manage/Print/DeputyCard", "code", "deputy"),
        ("Manage/Deputies/Edit", "code", "deputy"),
        ("Manage/Print/StationCards", "code", "station"),
        ("Manage/Print/StationPoster", "code", "station"),
        ("Manage/Stations/Edit", "code", "station"),
        ("Manage/Units/Edit", "code", "unit"),
        ("*/Suggestions/Details", "id", "suggestion"),
        ("Deputy/Suggestions/Edit", "id", "suggestion"),
        ("Manage/Suggestions/Batch", "id", "batch"),
        ("Manage/Suggestions/Batches", "id", "batch"),
        ("Manage/Suggestions/Meeting", "batchId", "batch"),
        ("Manage/Suggestions/Report", "year", "year"),
        ("Manage/ReceptionLogs/Day", "id", "reception-log"),
        ("Manage/ReceptionLogs/Day", "photoId", "reception-log-photo"),
        ("Manage/ReceptionLogs/Print", "id", "reception-log"),
        ("Manage/Appointments/Slot", "id", "slot"),
        ("Manage/Appointments/CancelSlot", "id", "slot"),
        ("Manage/Appointments/Booking", "id", "booking"),
        ("Manage/Analysis/Report", "id", "analysis-report"),
        ("Manage/Activities/Details", "id", "activity"),
        ("Manage/Activities/Edit", "id", "activity"),
        ("Manage/Reception/Edit", "id", "reception-rule"),
        ("Manage/Reception/Deactivate", "id", "reception-rule"),
        ("Manage/Import/Index", "kind", "import-kind"),
        ("Manage/Import/Preview", "id", "import"),
        ("Manage/Import/Progress", "id", "import"),
        ("Admin/Templates/Edit", "id", "template"),
        ("Admin/Partners/Details", "id", "partner"),
        ("Admin/Accounts/Details", "id", "account"),
        ("Admin/Partners/Edit", "id", "partner"),
        ("Admin/ClassificationRules/Edit", "id", "classification-rule"),
        ("/Suggestions/Files", "id", "suggestion"),
        ("/Suggestions/Files", "fileId", "suggestion-file"),
        ("/Activities/Files", "activityId", "activity"),
        ("/Activities/Files", "fileId", "activity-file"),
        ("api", "trackingCode", "opinion"),
        ("api", "number", "suggestion-number"),
    ];

    /// <summary>
    /// Who may enter each area or page, written down here (not read from the app): a page whose policy admits other
    /// roles fails the matrix, and the requests are judged by this table.
    /// </summary>
    private static readonly Dictionary<string, string[]> ExpectedRoles = new(StringComparer.Ordinal)
    {
        ["Admin"] = [Roles.Admin],
        ["Office"] = [Roles.CongressStaff, Roles.Admin],
        ["Station"] = [Roles.StationStaff],
        ["Unit"] = [Roles.UnitStaff],
        ["Deputy"] = [Roles.Deputy],
        ["Manage"] = [Roles.Admin, Roles.CongressStaff, Roles.StationStaff],
        // The office's own work in the Manage area: a station's staff are kept out.
        ["Manage/Performance"] = [Roles.Admin, Roles.CongressStaff],
        ["Manage/Analysis"] = [Roles.Admin, Roles.CongressStaff],
        ["Manage/Dashboard"] = [Roles.Admin, Roles.CongressStaff],
        ["Manage/Units"] = [Roles.Admin, Roles.CongressStaff],
        ["Manage/Suggestions"] = [Roles.Admin, Roles.CongressStaff],
        ["Manage/Regions"] = [Roles.Admin, Roles.CongressStaff],
        ["Manage/Deputies"] = [Roles.Admin, Roles.CongressStaff],
        // A citizen's access request (个人信息查阅申请) is answered by the office.
        ["Manage/Opinions/AccessRequest"] = [Roles.Admin, Roles.CongressStaff],
        ["/Help/Api"] = [.. Roles.All],
        // Every staff member's own account: their password and two-step verification.
        ["/Account/ChangePassword"] = [.. Roles.All],
        ["/Account/TwoFactor"] = [.. Roles.All],
        ["/Suggestions/Files"] = [Roles.Admin, Roles.CongressStaff, Roles.StationStaff, Roles.Deputy, Roles.UnitStaff],
        ["/Activities/Files"] = [Roles.Admin, Roles.CongressStaff, Roles.StationStaff, Roles.Deputy],
    };

    /// <summary>Handler parameters that are optional filters, not objects: the page answers without them.</summary>
    private static readonly HashSet<string> OptionalFilters = ["format", "station", "day", "start", "end", "place", "topic", "cancellationToken"];

    public static async Task<List<StaffUrl>> PagesAsync(IServiceProvider services, AccessWorld world)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(world);
        var loader = services.GetRequiredService<PageLoader>();
        var policies = services.GetRequiredService<IAuthorizationPolicyProvider>();
        var urls = new List<StaffUrl>();
        var missing = new List<string>();
        var wrongRoles = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                     .OrderBy(e => e.RoutePattern.RawText?.Length ?? 0))
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } descriptor)
            {
                continue;
            }

            var page = (descriptor.AreaName is null ? string.Empty : descriptor.AreaName) + descriptor.ViewEnginePath;
            // An Index page answers at ".../Index" too: the shorter route is enough.
            if (!seen.Add(page))
            {
                continue;
            }

            var compiled = descriptor as CompiledPageActionDescriptor ?? await loader.LoadAsync(descriptor, endpoint.Metadata);
            var metadata = compiled.Endpoint?.Metadata ?? endpoint.Metadata;
            var authorize = metadata.GetOrderedMetadata<IAuthorizeData>();
            if (authorize.Count == 0 || metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                continue;
            }

            var policy = await AuthorizationPolicy.CombineAsync(policies, authorize);
            var admitted = Roles.All.Where(role => policy!.Requirements.OfType<RolesAuthorizationRequirement>().All(r => r.AllowedRoles.Contains(role))).Order().ToList();
            var folder = page[..page.LastIndexOf('/')];
            if (!ExpectedRoles.TryGetValue(page, out var expected) && !ExpectedRoles.TryGetValue(folder, out expected)
                && !ExpectedRoles.TryGetValue(descriptor.AreaName ?? page, out expected))
            {
                wrongRoles.Add($"{page}: a staff page the matrix has no expected roles for (add it to StaffUrls.ExpectedRoles)");
                continue;
            }

            if (!admitted.SequenceEqual(expected.Order()))
            {
                wrongRoles.Add($"{page}: admits {string.Join(", ", admitted)}; expected {string.Join(", ", expected.Order())}");
            }

            IReadOnlyList<IReadOnlySet<string>> roleSets = [expected.ToHashSet(StringComparer.Ordinal)];

            foreach (var handler in compiled.HandlerMethods.Where(h => h.HttpMethod == "Get"))
            {
                var parameters = endpoint.RoutePattern.Parameters.Select(p => (p.Name, Route: true, p.IsOptional))
                    .Concat(handler.Parameters.Where(p => endpoint.RoutePattern.GetParameter(p.Name) is null)
                        .Where(p => p.ParameterType != typeof(CancellationToken))
                        .Select(p => (p.Name, Route: false, IsOptional: OptionalFilters.Contains(p.Name))))
                    .ToList();
                var choices = new List<List<(string Name, bool Route, ScopedObject? Value)>> { new() };
                foreach (var (name, route, optional) in parameters)
                {
                    var kind = KindOf(page, name);
                    if (kind is null)
                    {
                        if (!optional)
                        {
                            missing.Add($"{page} {{{name}}}");
                        }

                        continue;
                    }

                    var values = world.Objects.TryGetValue(kind, out var list) ? list : [];
                    if (values.Count == 0)
                    {
                        missing.Add($"{page} {{{name}}}: no {kind} object");
                        continue;
                    }

                    // A photo or file parameter goes with the first object only; everything else is tried with each.
                    choices = choices.SelectMany(c => values.Select(v => new List<(string, bool, ScopedObject?)>(c) { (name, route, v) })).ToList();
                    if (optional)
                    {
                        choices.Add([]);
                    }
                }

                foreach (var choice in choices)
                {
                    var path = Fill(endpoint.RoutePattern.RawText!, choice.Where(c => c.Route).ToDictionary(c => c.Name, c => c.Value!.Value));
                    var query = choice.Where(c => !c.Route).Select(c => $"{c.Name}={Uri.EscapeDataString(c.Value!.Value)}").ToList();
                    if (handler.Name is { } name)
                    {
                        query.Insert(0, "handler=" + name);
                    }

                    var objects = WithMismatch(choice.Select(c => c.Value!).ToList());
                    var formats = handler.Name == "Export" ? new[] { "csv", "xlsx" } : new string?[] { null };
                    foreach (var format in formats)
                    {
                        var all = format is null ? query : [.. query, "format=" + format];
                        var url = all.Count == 0 ? path : path + "?" + string.Join("&", all);
                        urls.Add(new StaffUrl(page, "GET", url, objects, roleSets));
                    }
                }
            }
        }

        Assert.True(wrongRoles.Count == 0, "Staff pages whose authorization policy differs from the roles expected:\n" + string.Join("\n", wrongRoles));
        Assert.True(missing.Count == 0, "Staff pages with a parameter the matrix cannot fill (add a rule to StaffUrls.Rules and an object to AccessWorld):\n"
            + string.Join("\n", missing.Distinct()));
        return urls.DistinctBy(u => u.Url).ToList();
    }

    /// <summary>The operations of the API description that ask for a bearer token, with their path values filled.</summary>
    public static List<StaffUrl> Api(JsonElement document, AccessWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var urls = new List<StaffUrl>();
        var missing = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (!operation.Value.TryGetProperty("security", out var security) || security.GetArrayLength() == 0)
                {
                    continue;
                }

                var names = System.Text.RegularExpressions.Regex.Matches(path.Name, @"\{([^}]+)\}").Select(m => m.Groups[1].Value).ToList();
                var choices = new List<List<(string Name, ScopedObject Value)>> { new() };
                foreach (var name in names)
                {
                    var kind = KindOf("api", name);
                    if (kind is null || !world.Objects.TryGetValue(kind, out var values))
                    {
                        missing.Add($"{operation.Name.ToUpperInvariant()} {path.Name} {{{name}}}");
                        continue;
                    }

                    choices = choices.SelectMany(c => values.Select(v => new List<(string, ScopedObject)>(c) { (name, v) })).ToList();
                }

                foreach (var choice in choices)
                {
                    var url = Fill(path.Name, choice.ToDictionary(c => c.Name, c => c.Value.Value));
                    urls.Add(new StaffUrl("api", operation.Name.ToUpperInvariant(), url, WithMismatch(choice.Select(c => c.Value).ToList()), []));
                }
            }
        }

        Assert.True(missing.Count == 0, "API operations with a parameter the matrix cannot fill:\n" + string.Join("\n", missing));
        return urls;
    }

    /// <summary>A file named together with another object than its own: an attempt to reach it by the wrong door, for no one.</summary>
    private static List<ScopedObject> WithMismatch(List<ScopedObject> objects)
    {
        if (objects.Any(o => o.Parent is { } parent && objects.Any(other => other.Kind == parent.Kind && other != parent)))
        {
            objects.Add(new ScopedObject("mismatch", "file of another object", string.Empty, new HashSet<string>(), []));
        }

        return objects;
    }

    private static string? KindOf(string page, string parameter) => Rules
        .Where(r => r.Parameter == parameter && (r.Page == page || (r.Page.StartsWith("*/", StringComparison.Ordinal) && page.EndsWith(r.Page[1..], StringComparison.Ordinal) && !page.StartsWith('/'))))
        .Select(r => r.Kind)
        .FirstOrDefault();

    private static string Fill(string template, Dictionary<string, string> values)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(template, @"\{([^}:?=]+)[^}]*\}", m =>
            values.TryGetValue(m.Groups[1].Value, out var value) ? Uri.EscapeDataString(value) : string.Empty);
        path = "/" + path.TrimStart('/');
        while (path.Contains("//", StringComparison.Ordinal))
        {
            path = path.Replace("//", "/", StringComparison.Ordinal);
        }

        return path.Length > 1 ? path.TrimEnd('/') : path;
    }
}
