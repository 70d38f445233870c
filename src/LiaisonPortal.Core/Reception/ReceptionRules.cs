using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Management;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Reception;

/// <summary>
/// Staff keep the 接待日 rules: a congress office account its region's (and its stations' overrides), a station account
/// its own station's only. Everything goes through <see cref="ScopeDirectory"/>: a region or station outside the scope,
/// or a rule belonging to one, is "not found".
/// </summary>
public sealed class ReceptionRules(ApplicationDbContext db, ScopeDirectory scopes, ReceptionCalendar calendar, WorkingDayCalendar workingDays, TimeProvider time)
{
    public const int PreviewLength = 12;

    public const string ConcurrencyMessage = "保存失败：这条规则刚被其他人修改过。请重新打开页面，看过最新内容后再改。";

    /// <summary>How far ahead the preview looks (a yearly one-off still shows).</summary>
    private const int PreviewDays = 370;

    /// <summary>
    /// The owner's rules. With a station code: that station (in scope). Without: a station account's own station, a
    /// region account's region, or for an administrator the region given (or the top of the tree). Null: not in scope.
    /// </summary>
    public async Task<RuleBook?> ListAsync(StaffScope scope, string? stationCode, string? regionCode, CancellationToken cancellationToken = default)
    {
        var owner = await OwnerAsync(scope, stationCode, regionCode, cancellationToken);
        if (owner is null)
        {
            return null;
        }

        var today = ChinaTime.Today(time);
        var to = today.AddDays(PreviewDays);
        var working = await workingDays.RulesForAsync(today, to.AddDays(31), cancellationToken);
        var own = await RulesOf(owner).AsNoTracking().OrderByDescending(r => r.IsActive).ThenBy(r => r.Kind).ThenBy(r => r.Date).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var rows = own.Select(r => RowOf(r, today, to, working)).ToList();
        IReadOnlyList<ReceptionDay> preview;
        RuleOwner? inheritedFrom = null;
        IReadOnlyList<RuleRow> inherited = [];
        IReadOnlyList<RuleOwner> stations = [];
        if (owner.Station is { } station)
        {
            preview = (await calendar.DaysAsync(station.Id, today, to, cancellationToken)).Take(PreviewLength).ToList();
            if (!own.Any(r => r.IsActive && r.Kind != RecurrenceKind.OneOff))
            {
                var effective = (await calendar.RulesForStationsAsync([station.Id], cancellationToken))[station.Id]
                    .Where(r => r.RegionId is not null && r.Kind != RecurrenceKind.OneOff).ToList();
                if (effective.Count > 0)
                {
                    var regionId = effective[0].RegionId!.Value;
                    inheritedFrom = await db.Regions.Where(r => r.Id == regionId).Select(r => new RuleOwner(RuleOwnerKind.Region, r.Code, r.Name)).SingleAsync(cancellationToken);
                    inherited = effective.Select(r => RowOf(r, today, to, working)).ToList();
                }
            }
        }
        else
        {
            preview = own.Where(r => r.IsActive)
                .SelectMany(r => ReceptionCalendar.Generate(r, today, to, working))
                .GroupBy(day => (day.Date, day.Start)).Select(g => g.First())
                .OrderBy(d => d.Date).ThenBy(d => d.Start).Take(PreviewLength).ToList();
            var regionPath = await db.Regions.Where(r => r.Id == owner.Region!.Id).Select(r => r.Path).SingleAsync(cancellationToken);
            stations = await scopes.Stations(scope).AsNoTracking()
                .Where(s => s.Region.Path.StartsWith(regionPath) && db.ReceptionRules.Any(r => r.StationId == s.Id && r.IsActive))
                .OrderBy(s => s.Code)
                .Select(s => new RuleOwner(RuleOwnerKind.Station, s.Code, s.Name))
                .ToListAsync(cancellationToken);
        }

        return new RuleBook(owner.Owner, rows, inheritedFrom, inherited, preview, stations);
    }

    public async Task<RuleForEdit?> GetAsync(StaffScope scope, int id, CancellationToken cancellationToken = default)
    {
        var rule = await InScope(scope).AsNoTracking().Include(r => r.Station).Include(r => r.Region).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return null;
        }

        var today = ChinaTime.Today(time);
        var to = today.AddDays(PreviewDays);
        var working = await workingDays.RulesForAsync(today, to.AddDays(31), cancellationToken);
        var owner = rule.Station is { } station
            ? new RuleOwner(RuleOwnerKind.Station, station.Code, station.Name)
            : new RuleOwner(RuleOwnerKind.Region, rule.Region!.Code, rule.Region.Name);
        return new RuleForEdit(rule.Id, owner, InputOf(rule), rule.Version, rule.IsActive, RowOf(rule, today, to, working));
    }

    /// <summary>Adds a rule to the owner (see <see cref="ListAsync"/>); Done carries its id.</summary>
    public async Task<EditResult> CreateAsync(StaffScope scope, string? stationCode, string? regionCode, ReceptionRuleInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var owner = await OwnerAsync(scope, stationCode, regionCode, cancellationToken);
        if (owner is null)
        {
            return EditResult.NotFound;
        }

        var (valid, errors) = Check(input, ChinaTime.Today(time), checkPast: true);
        if (valid is null)
        {
            return EditResult.Invalid(errors);
        }

        var rule = new ReceptionRule(owner.Region?.Id, owner.Station?.Id, valid.Kind, valid.Start, valid.End);
        Apply(rule, valid);
        db.ReceptionRules.Add(rule);
        await db.SaveChangesAsync(cancellationToken);
        return EditResult.Done(rule.Id.ToString(CultureInfo.InvariantCulture));
    }

    public async Task<EditResult> UpdateAsync(StaffScope scope, int id, uint version, ReceptionRuleInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rule = await InScope(scope).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return EditResult.NotFound;
        }

        // A one-off session already held keeps its date; only a new or moved date must lie ahead.
        var (valid, errors) = Check(input, ChinaTime.Today(time), checkPast: rule.Kind != RecurrenceKind.OneOff || ParseDate(input.Date) != rule.Date);
        if (valid is null)
        {
            return EditResult.Invalid(errors);
        }

        db.Entry(rule).Property(r => r.Version).OriginalValue = version;
        rule.Kind = valid.Kind;
        rule.Start = valid.Start;
        rule.End = valid.End;
        Apply(rule, valid);
        return await SaveAsync(rule.Id, cancellationToken);
    }

    /// <summary>停用 (or 重新启用): a rule is never deleted, so last year's calendar can still be explained.</summary>
    public async Task<EditResult> SetActiveAsync(StaffScope scope, int id, bool active, CancellationToken cancellationToken = default)
    {
        var rule = await InScope(scope).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return EditResult.NotFound;
        }

        rule.IsActive = active;
        return await SaveAsync(rule.Id, cancellationToken);
    }

    /// <summary>The form's rules, in Chinese, field by field; today (China time) for one-off dates.</summary>
    public static (ValidRule? Value, IReadOnlyList<FieldError> Errors) Check(ReceptionRuleInput input, DateOnly today, bool checkPast = true)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        void Add(string field, string message) => errors.Add(new FieldError(field, message));

        var kind = ParseEnum<RecurrenceKind>(input.Kind);
        if (kind is null)
        {
            Add(nameof(input.Kind), "请选择接待日的规律（每月第几个星期几、每月几日、每周、专题接待）。");
        }

        int? nth = null, dayOfMonth = null;
        DayOfWeek? weekday = null;
        DateOnly? date = null;
        if (kind is RecurrenceKind.MonthlyWeekday)
        {
            nth = ParseInt(input.Nth);
            if (nth is null || nth < -1 || nth > 5 || nth == 0)
            {
                Add(nameof(input.Nth), "请选择第几个：第一个到第五个，或最后一个。");
                nth = null;
            }
        }

        if (kind is RecurrenceKind.MonthlyWeekday or RecurrenceKind.Weekly)
        {
            weekday = ParseEnum<DayOfWeek>(input.Weekday);
            if (weekday is null)
            {
                Add(nameof(input.Weekday), "请选择星期几。");
            }
        }

        if (kind is RecurrenceKind.MonthlyDay)
        {
            dayOfMonth = ParseInt(input.DayOfMonth);
            if (dayOfMonth is null or < 1 or > 31)
            {
                Add(nameof(input.DayOfMonth), "每月几日请填写 1–31 之间的整数（没有这一天的月份取当月最后一天）。");
                dayOfMonth = null;
            }
        }

        if (kind is RecurrenceKind.OneOff)
        {
            date = ParseDate(input.Date);
            if (date is null)
            {
                Add(nameof(input.Date), "请填写日期，例如 2026-05-20。");
            }
            else if (checkPast && date < today)
            {
                Add(nameof(input.Date), "专题接待的日期不能早于今天。");
            }
        }

        var start = ParseTime(input.StartTime);
        if (start is null)
        {
            Add(nameof(input.StartTime), "请填写开始时间，例如 09:00。");
        }

        var end = ParseTime(input.EndTime);
        if (end is null)
        {
            Add(nameof(input.EndTime), "请填写结束时间，例如 11:30。");
        }
        else if (start is not null && end <= start)
        {
            Add(nameof(input.EndTime), "结束时间要晚于开始时间。");
        }

        var policy = Clean(input.HolidayPolicy) is null ? HolidayPolicy.NextWorkingDay : ParseEnum<HolidayPolicy>(input.HolidayPolicy);
        if (policy is null)
        {
            Add(nameof(input.HolidayPolicy), "请选择遇节假日时顺延还是取消。");
        }

        var mode = Clean(input.Mode) is null ? ReceptionMode.AtStation : ParseEnum<ReceptionMode>(input.Mode);
        if (mode is null)
        {
            Add(nameof(input.Mode), "请选择接待方式。");
        }

        var topic = Length(input.Topic, nameof(input.Topic), "接待主题", ReceptionRule.TopicMaxLength, errors);
        var place = Length(input.Place, nameof(input.Place), "地点", ReceptionRule.PlaceMaxLength, errors);
        var link = Length(input.MeetingLink, nameof(input.MeetingLink), "会议链接", ReceptionRule.LinkMaxLength, errors);
        if (link is not null && !IsWebLink(link))
        {
            Add(nameof(input.MeetingLink), "会议链接须以 http:// 或 https:// 开头，例如 https://meeting.example.cn/123。");
            link = null;
        }

        if (mode is ReceptionMode.Mobile && place is null && errors.All(e => e.Field != nameof(input.Place)))
        {
            Add(nameof(input.Place), "流动接待请填写地点，例如“湖滨菜市场东门”。");
        }

        if (mode is ReceptionMode.Online && Clean(input.MeetingLink) is null)
        {
            Add(nameof(input.MeetingLink), "在线接待请填写会议链接。");
        }

        var validFrom = ParseOptionalDate(input.ValidFrom, nameof(input.ValidFrom), "生效日期", errors);
        var validTo = ParseOptionalDate(input.ValidTo, nameof(input.ValidTo), "截止日期", errors);
        if (validFrom is { } from && validTo is { } to && to < from)
        {
            Add(nameof(input.ValidTo), "截止日期不能早于生效日期。");
        }

        return errors.Count > 0
            ? (null, errors)
            : (new ValidRule(kind!.Value, nth, weekday, dayOfMonth, date, start!.Value, end!.Value, policy!.Value, mode!.Value, topic, place, link,
                kind == RecurrenceKind.OneOff ? null : validFrom, kind == RecurrenceKind.OneOff ? null : validTo), []);
    }

    public static ReceptionRuleInput InputOf(ReceptionRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new ReceptionRuleInput
        {
            Kind = rule.Kind.ToString(),
            Nth = rule.Nth?.ToString(CultureInfo.InvariantCulture),
            Weekday = rule.Weekday?.ToString(),
            DayOfMonth = rule.DayOfMonth?.ToString(CultureInfo.InvariantCulture),
            Date = rule.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            StartTime = rule.Start.ToString("HH:mm", CultureInfo.InvariantCulture),
            EndTime = rule.End.ToString("HH:mm", CultureInfo.InvariantCulture),
            HolidayPolicy = rule.HolidayPolicy.ToString(),
            Mode = rule.Mode.ToString(),
            Topic = rule.Topic,
            Place = rule.Place,
            MeetingLink = rule.MeetingLink,
            ValidFrom = rule.ValidFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ValidTo = rule.ValidTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }

    private static RuleRow RowOf(ReceptionRule r, DateOnly today, DateOnly to, WorkingDays working) =>
        new(r.Id, r.Kind, r.Nth, r.Weekday, r.DayOfMonth, r.Date, r.Start, r.End, r.HolidayPolicy, r.Mode, r.Topic, r.Place, r.MeetingLink,
            r.ValidFrom, r.ValidTo, r.IsActive,
            r.IsActive ? ReceptionCalendar.Generate(r, today, to, working).Select(d => (DateOnly?)d.Date).FirstOrDefault() : null);

    private static void Apply(ReceptionRule rule, ValidRule valid)
    {
        rule.Nth = valid.Nth;
        rule.Weekday = valid.Weekday;
        rule.DayOfMonth = valid.DayOfMonth;
        rule.Date = valid.Date;
        rule.HolidayPolicy = valid.HolidayPolicy;
        rule.Mode = valid.Mode;
        rule.Topic = valid.Topic;
        rule.Place = valid.Place;
        rule.MeetingLink = valid.MeetingLink;
        rule.ValidFrom = valid.ValidFrom;
        rule.ValidTo = valid.ValidTo;
    }

    private async Task<EditResult> SaveAsync(int id, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return EditResult.Done(id.ToString(CultureInfo.InvariantCulture));
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return EditResult.Invalid(string.Empty, ConcurrencyMessage);
        }
    }

    /// <summary>Rules of regions and stations in the scope (a region account: its subtree and the stations in it).</summary>
    private IQueryable<ReceptionRule> InScope(StaffScope scope)
    {
        var regions = scopes.Regions(scope);
        var stations = scopes.Stations(scope);
        return db.ReceptionRules.Where(r => (r.RegionId != null && regions.Any(x => x.Id == r.RegionId)) || (r.StationId != null && stations.Any(s => s.Id == r.StationId)));
    }

    private IQueryable<ReceptionRule> RulesOf(ResolvedOwner owner) => owner.Station is { } station
        ? db.ReceptionRules.Where(r => r.StationId == station.Id)
        : db.ReceptionRules.Where(r => r.RegionId == owner.Region!.Id);

    private async Task<ResolvedOwner?> OwnerAsync(StaffScope scope, string? stationCode, string? regionCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (Clean(stationCode) is not null || scope.Kind == ScopeKind.Station)
        {
            var stations = scopes.Stations(scope).AsNoTracking();
            var station = await (Clean(stationCode) is { } wanted ? stations.Where(s => s.Code == wanted) : stations)
                .Select(s => new OwnerRow(s.Id, s.Code, s.Name)).SingleOrDefaultAsync(cancellationToken);
            return station is null ? null : new ResolvedOwner(new RuleOwner(RuleOwnerKind.Station, station.Code, station.Name), null, station);
        }

        var regions = scopes.Regions(scope).AsNoTracking();
        regions = Clean(regionCode) is { } regionWanted
            ? regions.Where(r => r.Code == regionWanted)
            : scope.Kind == ScopeKind.Region ? regions.Where(r => r.Id == scope.Id) : regions.OrderBy(r => r.Path.Length).ThenBy(r => r.Path).Take(1);
        var region = await regions.Select(r => new OwnerRow(r.Id, r.Code, r.Name)).FirstOrDefaultAsync(cancellationToken);
        return region is null ? null : new ResolvedOwner(new RuleOwner(RuleOwnerKind.Region, region.Code, region.Name), region, null);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool IsWebLink(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && !string.IsNullOrEmpty(uri.Host);

    /// <summary>An enum by its name only (a number would name any value, defined or not).</summary>
    private static T? ParseEnum<T>(string? text)
        where T : struct, Enum =>
        Clean(text) is { } value && value.All(char.IsAsciiLetter) && Enum.TryParse<T>(value, ignoreCase: true, out var parsed) ? parsed : null;

    private static int? ParseInt(string? text) =>
        int.TryParse(Clean(text), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(Clean(text), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact(Clean(text), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value : null;

    private static DateOnly? ParseOptionalDate(string? text, string field, string label, List<FieldError> errors)
    {
        if (Clean(text) is null)
        {
            return null;
        }

        var date = ParseDate(text);
        if (date is null)
        {
            errors.Add(new FieldError(field, $"{label}应为日期，例如 2026-07-01。"));
        }

        return date;
    }

    private static string? Length(string? text, string field, string label, int max, List<FieldError> errors)
    {
        if (Clean(text) is not { } value)
        {
            return null;
        }

        if (value.Length > max)
        {
            errors.Add(new FieldError(field, FormattableString.Invariant($"{label}不能超过 {max} 个字，现在有 {value.Length} 个。")));
            return null;
        }

        return value;
    }

    private sealed record OwnerRow(int Id, string Code, string Name);

    private sealed record ResolvedOwner(RuleOwner Owner, OwnerRow? Region, OwnerRow? Station);
}

/// <summary>A rule that passed <see cref="ReceptionRules.Check"/>.</summary>
public sealed record ValidRule(
    RecurrenceKind Kind, int? Nth, DayOfWeek? Weekday, int? DayOfMonth, DateOnly? Date, TimeOnly Start, TimeOnly End,
    HolidayPolicy HolidayPolicy, ReceptionMode Mode, string? Topic, string? Place, string? MeetingLink, DateOnly? ValidFrom, DateOnly? ValidTo);
