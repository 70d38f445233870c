using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Analysis;
using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Citizens;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Security.Access;

/// <summary>
/// One account of the matrix: a role and a scope. The demo accounts own the demo data (region 990102, station
/// 990102001-01, deputy D0004, unit U990102-01); each has an "outsider" twin of the same role with another scope.
/// </summary>
public sealed record Account(string Name, string? Email, string? Role, string? Password = AccessWorld.DemoPassword)
{
    public bool IsAnonymous => Email is null;

    public override string ToString() => Name;
}

/// <summary>
/// A real object a staff URL can name, and the accounts whose scope covers it (written down here from the data,
/// not asked from the app's own scope filter). <see cref="Markers"/> are texts that identify it in a page or export:
/// an account outside <see cref="Owners"/> must never receive them.
/// </summary>
public sealed record ScopedObject(string Kind, string Label, string Value, IReadOnlySet<string> Owners, IReadOnlyList<string> Markers)
{
    /// <summary>For a photo or file: the object it belongs to. Named with another one in the same URL, no one may get it.</summary>
    public ScopedObject? Parent { get; init; }

    public override string ToString() => $"{Kind} {Label}";
}

/// <summary>The demo data, the outsider accounts and the objects the matrix points at, made once per test class.</summary>
public sealed class AccessWorld : DemoDatabaseFixture
{
    public const string DemoPassword = "Demo-Liaison-2026";
    public const string OutsiderPassword = "Outsider-Desk-2026";

    public static readonly Account Anonymous = new("anonymous", null, null, null);
    public static readonly Account Admin = new("admin", "admin@liaison.demo", Roles.Admin);
    public static readonly Account Office = new("office 990102", "office@liaison.demo", Roles.CongressStaff);
    public static readonly Account OfficeWest = new("office 990103", "west-office@access.test", Roles.CongressStaff, OutsiderPassword);
    public static readonly Account Station = new("station 990102001-01", "station@liaison.demo", Roles.StationStaff);
    public static readonly Account StationOther = new("station 990102002-01", "other-station@access.test", Roles.StationStaff, OutsiderPassword);
    public static readonly Account Deputy = new("deputy D0004", "deputy@liaison.demo", Roles.Deputy);
    public static readonly Account DeputyOther = new("deputy D0003", "other-deputy@access.test", Roles.Deputy, OutsiderPassword);
    public static readonly Account Unit = new("unit U990102-01", "unit@liaison.demo", Roles.UnitStaff);
    public static readonly Account UnitOther = new("unit U990102-02", "other-unit@access.test", Roles.UnitStaff, OutsiderPassword);

    public static IReadOnlyList<Account> Accounts { get; } =
        [Anonymous, Admin, Office, OfficeWest, Station, StationOther, Deputy, DeputyOther, Unit, UnitOther];

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    private PortalFactory? _factory;
    private readonly Dictionary<string, HttpClient> _browsers = [];
    private readonly Dictionary<string, string> _tokens = [];

    public PortalFactory Factory => _factory ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Every object by kind (the URL parameter kinds of <see cref="RouteValues"/>).</summary>
    public Dictionary<string, List<ScopedObject>> Objects { get; } = [];

    public IEnumerable<ScopedObject> AllObjects => Objects.Values.SelectMany(o => o);

    /// <summary>
    /// LIAISON_HEAVY=1 adds 西山区's deputy, station and unit to the pages that name one (the 990102 office's side of the
    /// directory pages); a normal run keeps the 西山区 opinion and every other object, about 30 s.
    /// </summary>
    public static bool Heavy => Environment.GetEnvironmentVariable("LIAISON_HEAVY") == "1";

    public string OwnOpinionCode { get; private set; } = string.Empty;

    public string WestOpinionCode { get; private set; } = string.Empty;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _factory = new PortalFactory(ConnectionString, settings: CitizenPortalFixture.RelaxedSettings);

        await CreateUserAsync(new NewStaffAccount(OfficeWest.Email!, OutsiderPassword, Roles.CongressStaff, RegionCode: "990103", DisplayName: "西山区代表工委"));
        await CreateUserAsync(new NewStaffAccount(StationOther.Email!, OutsiderPassword, Roles.StationStaff, StationCode: "990102002-01", DisplayName: "青石街道代表之家"));
        await CreateUserAsync(new NewStaffAccount(DeputyOther.Email!, OutsiderPassword, Roles.Deputy, DeputyCode: "D0003", DisplayName: "赵明"));
        await CreateUserAsync(new NewStaffAccount(UnitOther.Email!, OutsiderPassword, Roles.UnitStaff, UnitCode: "U990102-02", DisplayName: "东湖区生态环境局"));

        await MakeObjectsAsync();
    }

    public override async Task DisposeAsync()
    {
        foreach (var client in _browsers.Values)
        {
            client.Dispose();
        }

        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    /// <summary>A cookie client signed in on the real sign-in page (no cookie for the anonymous visitor).</summary>
    public async Task<HttpClient> BrowserAsync(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (_browsers.TryGetValue(account.Name, out var existing))
        {
            return existing;
        }

        var client = Factory.CreateBrowserLikeClient();
        if (!account.IsAnonymous)
        {
            using var signIn = await client.SignInAsync(account.Email!, account.Password!);
            Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"{account} could not sign in: {(int)signIn.StatusCode}");
        }

        _browsers[account.Name] = client;
        return client;
    }

    /// <summary>A bearer token from /api/v1/auth/login, or null for the anonymous visitor.</summary>
    public async Task<string?> TokenAsync(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.IsAnonymous)
        {
            return null;
        }

        if (_tokens.TryGetValue(account.Name, out var existing))
        {
            return existing;
        }

        using var client = Factory.CreateClient();
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = account.Email, password = account.Password });
        Assert.True(login.StatusCode == HttpStatusCode.OK, $"{account} could not sign in to the API: {(int)login.StatusCode}");
        using var json = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        var token = json.RootElement.GetProperty("accessToken").GetString()!;
        _tokens[account.Name] = token;
        return token;
    }

    public static void Authorize(HttpRequestMessage request, string? token)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    private static HashSet<string> Owners(params Account[] accounts) => accounts.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);

    private ScopedObject Add(string kind, string label, string value, HashSet<string> owners, params string[] markers) =>
        Add(new ScopedObject(kind, label, value, owners, markers));

    private ScopedObject Add(ScopedObject item)
    {
        if (!Objects.TryGetValue(item.Kind, out var list))
        {
            Objects[item.Kind] = list = [];
        }

        list.Add(item);
        return item;
    }

    private async Task MakeObjectsAsync()
    {
        var officeActor = new CaseActor(StaffScope.Everything, WorkflowActor.Office, null, "测试");

        // An opinion addressed to deputy D0004 (at station 990102001-01), with a photo, assigned to unit U990102-01.
        OwnOpinionCode = await SubmitAsync(AddressKind.Deputy, "D0004", "湖滨路路灯不亮", [new UploadedPhoto("路灯.png", Png.Length, Png)]);
        await Ok(s => s.GetRequiredService<OpinionCases>().ClassifyAsync(officeActor, OwnOpinionCode, "CJ", Grade.Normal, null));
        await Ok(s => s.GetRequiredService<OpinionCases>().AssignAsync(officeActor, OwnOpinionCode, new AssignInput("U990102-01", null), null));
        // One in the other district (西山区), left with the office there.
        WestOpinionCode = await SubmitAsync(AddressKind.Station, "990103001-01", "山前农贸市场噪音扰民", []);

        var own = Owners(Admin, Office, Station, Deputy, Unit);
        var west = Owners(Admin, OfficeWest);
        var ownOpinion = Add("opinion", "own", OwnOpinionCode, own, OwnOpinionCode, Core.Citizens.TrackingCodes.Display(OwnOpinionCode));
        Add("opinion", "西山区", WestOpinionCode, west, WestOpinionCode, Core.Citizens.TrackingCodes.Display(WestOpinionCode));
        var photoId = await QueryAsync(db => db.Set<OpinionPhoto>().Where(p => db.Opinions.Any(o => o.Id == p.OpinionId && o.TrackingCode == OwnOpinionCode)).Select(p => p.Id).SingleAsync());
        Add(new ScopedObject("opinion-photo", "own", Invariant(photoId), own, []) { Parent = ownOpinion });

        Add("deputy", "D0004", "D0004", Owners(Admin, Office, Station, Deputy));
        if (Heavy)
        {
            Add("deputy", "西山区 D0007", "D0007", west);
        }

        Add("station", "990102001-01", "990102001-01", Owners(Admin, Office, Station));
        if (Heavy)
        {
            Add("station", "西山区 990103001-01", "990103001-01", west);
        }

        Add("unit", "U990102-01", "U990102-01", Owners(Admin, Office, Unit));
        if (Heavy)
        {
            Add("unit", "西山区 U990103-01", "U990103-01", west);
        }


        // The demo suggestion filed by D0004, assigned to U990102-01 (lead) and U990102-04, in 东湖区's batch; with an attachment.
        var suggestion = await QueryAsync(db => db.Suggestions.Where(s => s.Number == "2026-闭会期间-第0004号").Select(s => new { s.Id, s.Number }).SingleAsync());
        var attachment = await WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ApplicationDbContext>();
            var file = new SuggestionAttachment(suggestion.Id, "调研报告.txt", "text/plain", "调研材料"u8.ToArray(), DateTimeOffset.UtcNow);
            db.Add(file);
            await db.SaveChangesAsync();
            return file.Id;
        });
        var suggestionOwners = Owners(Admin, Office, Deputy, Unit);
        var ownSuggestion = Add("suggestion", suggestion.Number!, Invariant(suggestion.Id), suggestionOwners, suggestion.Number!);
        Add("suggestion-number", suggestion.Number!, suggestion.Number!, suggestionOwners, suggestion.Number!);
        Add(new ScopedObject("suggestion-file", "own", Invariant(attachment), suggestionOwners, []) { Parent = ownSuggestion });
        var batch = await QueryAsync(db => db.Suggestions.Where(s => s.Id == suggestion.Id).Select(s => s.BatchId!.Value).SingleAsync());
        Add("batch", "东湖区", Invariant(batch), Owners(Admin, Office));

        // The demo activity at 990102001-01 with D0004 taking part, and its evidence file.
        var evidence = await QueryAsync(db => db.Set<Core.Performance.DeputyActivityEvidence>().OrderBy(e => e.Id).Select(e => new { e.Id, e.ActivityId }).FirstAsync());
        var activity = Add("activity", "990102001-01", Invariant(evidence.ActivityId), Owners(Admin, Office, Station, Deputy));
        Add(new ScopedObject("activity-file", "own", Invariant(evidence.Id), Owners(Admin, Office, Station, Deputy), []) { Parent = activity });

        // A reception log of 990102001-01 with a photo.
        var stationId = await QueryAsync(db => db.Stations.Where(s => s.Code == "990102001-01").Select(s => s.Id).SingleAsync());
        var stationActor = new CaseActor(StaffScope.ForStation(stationId), WorkflowActor.Station, null, "联络站");
        var log = await Ok(s => s.GetRequiredService<ReceptionLogs>().OpenAsync(stationActor,
            new LogOpenInput("990102001-01", DateTimeOffset.UtcNow.ToOffset(Core.Calendar.ChinaTime.Offset).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ReceptionMode.AtStation, null)));
        await Ok(s => s.GetRequiredService<ReceptionLogs>().AddPhotoAsync(stationActor, int.Parse(log, CultureInfo.InvariantCulture), new UploadedPhoto("接待.png", Png.Length, Png)));
        var logPhoto = await QueryAsync(db => db.Set<ReceptionLogPhoto>().Select(p => p.Id).SingleAsync());
        var stationOwners = Owners(Admin, Office, Station);
        var ownLog = Add("reception-log", "990102001-01", log, stationOwners);
        Add(new ScopedObject("reception-log-photo", "own", Invariant(logPhoto), stationOwners, []) { Parent = ownLog });

        // An open slot at 990102001-01 and a citizen's booking in it.
        var slot = await Ok(s => s.GetRequiredService<AppointmentBook>().OpenSlotAsync(StaffScope.Everything, new SlotInput
        {
            StationCode = "990102001-01",
            Date = DateTimeOffset.UtcNow.ToOffset(Core.Calendar.ChinaTime.Offset).AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            StartTime = "14:00",
            EndTime = "16:00",
            Capacity = "4",
        }));
        var booking = await WithScopeAsync(s => s.GetRequiredService<AppointmentBook>().BookAsync(BookingTargetKind.Station, "990102001-01",
            new BookingInput { SlotId = int.Parse(slot, CultureInfo.InvariantCulture), Name = "孙八", Phone = "13511112222", Topic = "想咨询老旧小区改造进度" }));
        Assert.True(booking.Succeeded, string.Join("; ", booking.Errors.Select(e => e.Message)));
        var bookingId = await QueryAsync(db => db.Appointments.Where(a => a.TrackingCode == booking.Code).Select(a => a.Id).SingleAsync());
        Add("slot", "990102001-01", slot, stationOwners);
        Add("booking", "990102001-01", Invariant(bookingId), stationOwners, booking.Code!);

        // Reception rules: the district's and one of a 柳岸 station (neither is 990102001-01's own).
        foreach (var rule in await QueryAsync(db => db.ReceptionRules.OrderBy(r => r.Id).Select(r => r.Id).Take(2).ToListAsync()))
        {
            Add("reception-rule", "东湖区", Invariant(rule), Owners(Admin, Office));
        }

        // The district's monthly analysis report.
        var report = await Ok(s => s.GetRequiredService<OpinionAnalysis>().GenerateAsync(StaffScope.Everything, "990102", new DateOnly(2025, 11, 1)));
        Add("analysis-report", "东湖区", report, Owners(Admin, Office));

        // Settings that only the administrator edits: the role decides.
        var settings = new[] { Admin };
        var partner = await WithScopeAsync(s => s.GetRequiredService<Core.Partners.PartnerSystems>().CreateAsync(
            new Core.Partners.PartnerInput("12345 热线", "热线中心", Core.Partners.PartnerOperations.ReadServices, null, 60, null)));
        Assert.True(partner.Result.Succeeded, string.Join("; ", partner.Result.Errors.Select(e => e.Message)));
        Add("partner", "12345", Invariant(partner.Credentials!.PartnerId), Owners(settings));
        var account = await QueryAsync(db => db.Users.Where(u => u.Email == "office@liaison.demo").Select(u => u.Id).SingleAsync());
        Add("account", "office@liaison.demo", account, Owners(settings));
        var keywordRule = await Ok(s => s.GetRequiredService<CaseSettings>().CreateClassificationRuleAsync(new ClassificationRuleInput("路灯", "CJ", Grade.Normal)));
        Add("classification-rule", "路灯", keywordRule.Length > 0 ? keywordRule : Invariant(await QueryAsync(db => db.ClassificationRules.Select(r => r.Id).MaxAsync())), Owners(settings));
        var template = await Ok(s => s.GetRequiredService<CaseSettings>().CreateTemplateAsync(new TemplateInput(TemplateKind.Answer, null, "通用答复", "您好，您反映的问题已办理。")));
        Add("template", "通用答复", template.Length > 0 ? template : Invariant(await QueryAsync(db => db.ReplyTemplates.Select(r => r.Id).MaxAsync())), Owners(settings));
        // A year is no object: every account sees its own scope's figures for it.
        Add("year", "2026", "2026", Owners([.. Accounts]));
        Add("import-kind", "Deputies", nameof(Core.Import.ImportKind.Deputies), Owners([.. Accounts]));
        // No import has been uploaded: an unknown batch must answer no one.
        Add("import", "unknown", Guid.NewGuid().ToString(), Owners());
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private async Task<string> Ok(Func<IServiceProvider, Task<Core.Management.EditResult>> action)
    {
        var result = await WithScopeAsync(action);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        return result.Code ?? string.Empty;
    }

    private Task<string> SubmitAsync(AddressKind kind, string code, string title, IReadOnlyList<UploadedPhoto> photos) => WithScopeAsync(async services =>
    {
        var result = await services.GetRequiredService<OpinionIntake>().SubmitAsync(kind, code,
            new OpinionSubmission(title, "这是一条用于检查访问范围的群众意见，内容足够长。", null, null, "13800110099", true, false, photos));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        return result.TrackingCode!;
    });
}
