using System.Globalization;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Management;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LiaisonPortal.Core.Performance;

/// <summary>The Chinese names of the facts, in the order every page and export lists them.</summary>
public static class PerformanceFacts
{
    /// <summary>Every fact, automatic ones first, then the recorded activities.</summary>
    public static IReadOnlyList<PerformanceFact> All { get; } = Enum.GetValues<PerformanceFact>();

    public static IReadOnlyList<PerformanceFact> Activities { get; } = All.Where(IsActivity).ToList();

    public static bool IsActivity(PerformanceFact fact) => fact >= PerformanceFact.Inspection;

    public static string Name(PerformanceFact fact) => fact switch
    {
        PerformanceFact.ReceptionAttended => "参加接待",
        PerformanceFact.VisitMade => "走访",
        PerformanceFact.DutyMissed => "缺席值班",
        PerformanceFact.OpinionReceived => "收到群众意见",
        PerformanceFact.OpinionFedBack => "意见已反馈",
        PerformanceFact.SuggestionFiled => "领衔提出建议",
        PerformanceFact.SuggestionCosigned => "附议建议",
        PerformanceFact.SuggestionSolved => "领衔建议办成（A类）",
        PerformanceFact.Inspection => "视察",
        PerformanceFact.Research => "调研",
        PerformanceFact.ReportToVoters => "向选民述职",
        PerformanceFact.DeliberationMeeting => "代表议事会",
        PerformanceFact.LawEnforcementCheck => "执法检查",
        PerformanceFact.MeetingAttendance => "列席会议",
        PerformanceFact.Training => "学习培训",
        PerformanceFact.OtherActivity => "其他履职活动",
        _ => fact.ToString(),
    };

    public static string PeriodName(PointCapPeriod? period) => period switch
    {
        PointCapPeriod.Month => "每月",
        PointCapPeriod.Quarter => "每季度",
        PointCapPeriod.Year => "每年",
        _ => "不封顶",
    };
}

/// <summary>A year's rule for one fact as the pages show it.</summary>
public sealed record PointRuleRow(int Year, PerformanceFact Fact, int Points, PointCapPeriod? CapPeriod, int? Cap, int? YearlyMinimum, uint Version, DateTimeOffset UpdatedAt);

/// <summary>What an administrator typed for one rule; <see cref="Version"/> is the row's version when the form was shown.</summary>
public sealed record PointRuleInput(int? Points, PointCapPeriod? CapPeriod, int? Cap, int? YearlyMinimum, uint Version);

/// <summary>
/// 积分规则: one rule per (year, fact). A year without stored rules gets them on first use, copied from the latest earlier
/// year that has rules, or else from <see cref="Defaults"/>; the insert is race-safe (the unique index on (Year, Fact)
/// decides, the loser reads the winner's rows). Changes are audited by the AuditInterceptor; points are never stored, so a
/// change applies to the whole year at once.
/// </summary>
public sealed class PointRules(ApplicationDbContext db, TimeProvider time)
{
    public const int FirstYear = 2000;
    public const int LastYear = 2100;
    public const int MaxMinimum = 366;

    public const string ConcurrencyMessage = "保存失败：这条规则已被他人修改。请看过下面的最新内容后再改。";

    /// <summary>
    /// The default rules (used when no earlier year has rules): 接待 2 分/次, at most 24 a year, at least once a year (seed 003:
    /// 每位代表每年到家站点接待选民群众不少于1次); 走访 2 分, at most 20 a year, at least twice (000); a missed duty −2; each opinion
    /// received or fed back 1 分, at most 5 a month each; a suggestion filed 3 分 (at most 30 a year), co-signed 1 分 (at most
    /// 10 a year), solved (A) 3 分; 视察/调研/执法检查 3 分; 述职 5 分, at least once a year (003: 每年11月向原选区选民述职);
    /// 议事会 2 分; 列席会议, 学习培训 1 分; other activities 1 分, at most 3 a quarter.
    /// </summary>
    public static IReadOnlyList<(PerformanceFact Fact, int Points, PointCapPeriod? CapPeriod, int? Cap, int? Minimum)> Defaults { get; } =
    [
        (PerformanceFact.ReceptionAttended, 2, PointCapPeriod.Year, 24, 1),
        (PerformanceFact.VisitMade, 2, PointCapPeriod.Year, 20, 2),
        (PerformanceFact.DutyMissed, -2, null, null, null),
        (PerformanceFact.OpinionReceived, 1, PointCapPeriod.Month, 5, null),
        (PerformanceFact.OpinionFedBack, 1, PointCapPeriod.Month, 5, null),
        (PerformanceFact.SuggestionFiled, 3, PointCapPeriod.Year, 30, null),
        (PerformanceFact.SuggestionCosigned, 1, PointCapPeriod.Year, 10, null),
        (PerformanceFact.SuggestionSolved, 3, null, null, null),
        (PerformanceFact.Inspection, 3, null, null, null),
        (PerformanceFact.Research, 3, null, null, null),
        (PerformanceFact.ReportToVoters, 5, null, null, 1),
        (PerformanceFact.DeliberationMeeting, 2, null, null, null),
        (PerformanceFact.LawEnforcementCheck, 3, null, null, null),
        (PerformanceFact.MeetingAttendance, 1, null, null, null),
        (PerformanceFact.Training, 1, null, null, null),
        (PerformanceFact.OtherActivity, 1, PointCapPeriod.Quarter, 3, null),
    ];

    public static bool IsYear(int year) => year is >= FirstYear and <= LastYear;

    /// <summary>The year's rules, one per fact, in <see cref="PerformanceFacts.All"/> order; created on first use.</summary>
    public async Task<IReadOnlyList<PointRuleRow>> ForYearAsync(int year, CancellationToken cancellationToken = default)
    {
        if (!IsYear(year))
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "The year is out of range.");
        }

        var rows = await ReadAsync(year, cancellationToken);
        if (rows.Count < PerformanceFacts.All.Count)
        {
            await CreateAsync(year, rows.Select(r => r.Fact).ToHashSet(), cancellationToken);
            rows = await ReadAsync(year, cancellationToken);
        }

        var order = PerformanceFacts.All.Select((f, i) => (f, i)).ToDictionary(x => x.f, x => x.i);
        return rows.OrderBy(r => order.GetValueOrDefault(r.Fact, int.MaxValue)).ToList();
    }

    /// <summary>Changes one rule; checks the ranges and the version the form was shown with.</summary>
    public async Task<EditResult> UpdateAsync(int year, PerformanceFact fact, PointRuleInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!IsYear(year) || !Enum.IsDefined(fact))
        {
            return EditResult.NotFound;
        }

        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        await ForYearAsync(year, cancellationToken);
        var rule = await db.PointRules.SingleAsync(r => r.Year == year && r.Fact == fact, cancellationToken);
        db.Entry(rule).Property(r => r.Version).OriginalValue = input.Version;
        rule.Points = input.Points!.Value;
        rule.CapPeriod = input.CapPeriod;
        rule.Cap = input.Cap;
        rule.YearlyMinimum = input.YearlyMinimum;
        rule.UpdatedAt = time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return EditResult.Conflict(ConcurrencyMessage);
        }

        return EditResult.Done(fact.ToString());
    }

    /// <summary>The messages next to the fields: points −100..100, a cap with its period (both or neither) 1..1000, a minimum 1..366.</summary>
    public static IReadOnlyList<FieldError> Validate(PointRuleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        if (input.Points is not { } points || points < -PointRule.MaxPoints || points > PointRule.MaxPoints)
        {
            errors.Add(new FieldError("Points", string.Format(CultureInfo.InvariantCulture, "每次积分请填写 {0} 到 {1} 之间的整数（负数为扣分，0 只计次数）。", -PointRule.MaxPoints, PointRule.MaxPoints)));
        }

        if (input.CapPeriod is { } period && !Enum.IsDefined(period))
        {
            errors.Add(new FieldError("CapPeriod", "请选择封顶周期。"));
        }
        else if (input.CapPeriod is null && input.Cap is not null)
        {
            errors.Add(new FieldError("CapPeriod", "填写了封顶分值，请同时选择封顶周期（每月、每季度或每年）。"));
        }
        else if (input.CapPeriod is not null && input.Cap is null)
        {
            errors.Add(new FieldError("Cap", "选择了封顶周期，请同时填写封顶分值。"));
        }

        if (input.Cap is { } cap && (cap < 1 || cap > PointRule.MaxCap))
        {
            errors.Add(new FieldError("Cap", string.Format(CultureInfo.InvariantCulture, "封顶分值请填写 1 到 {0} 之间的整数。", PointRule.MaxCap)));
        }

        if (input.YearlyMinimum is { } minimum && (minimum < 1 || minimum > MaxMinimum))
        {
            errors.Add(new FieldError("YearlyMinimum", string.Format(CultureInfo.InvariantCulture, "每年最少次数请填写 1 到 {0} 之间的整数，不要求就留空。", MaxMinimum)));
        }

        return errors;
    }

    private async Task<List<PointRuleRow>> ReadAsync(int year, CancellationToken cancellationToken) =>
        await db.PointRules.AsNoTracking().Where(r => r.Year == year)
            .Select(r => new PointRuleRow(r.Year, r.Fact, r.Points, r.CapPeriod, r.Cap, r.YearlyMinimum, r.Version, r.UpdatedAt))
            .ToListAsync(cancellationToken);

    /// <summary>Adds the missing facts' rules: from the latest earlier year with rules, else the defaults. A concurrent creator wins quietly.</summary>
    private async Task CreateAsync(int year, HashSet<PerformanceFact> present, CancellationToken cancellationToken)
    {
        var source = await db.PointRules.AsNoTracking().Where(r => r.Year < year).OrderByDescending(r => r.Year).Select(r => (int?)r.Year).FirstOrDefaultAsync(cancellationToken);
        var previous = source is { } from
            ? await db.PointRules.AsNoTracking().Where(r => r.Year == from).ToDictionaryAsync(r => r.Fact, cancellationToken)
            : [];
        var now = time.GetUtcNow();
        var added = new List<PointRule>();
        foreach (var (fact, points, period, cap, minimum) in Defaults.Where(d => !present.Contains(d.Fact)))
        {
            var rule = previous.TryGetValue(fact, out var copy)
                ? new PointRule(year, fact, copy.Points, now) { CapPeriod = copy.CapPeriod, Cap = copy.Cap, YearlyMinimum = copy.YearlyMinimum }
                : new PointRule(year, fact, points, now) { CapPeriod = period, Cap = cap, YearlyMinimum = minimum };
            db.PointRules.Add(rule);
            added.Add(rule);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another request created the year's rules first: theirs stand.
        }
        finally
        {
            foreach (var rule in added)
            {
                db.Entry(rule).State = EntityState.Detached;
            }
        }
    }

    /// <summary>This year in China time.</summary>
    public int ThisYear => ChinaTime.Today(time).Year;
}
