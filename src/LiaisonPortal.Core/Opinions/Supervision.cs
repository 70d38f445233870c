using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LiaisonPortal.Core.Opinions;

/// <summary>What one run of the daily supervision job changed.</summary>
public sealed record SupervisionRunResult(int NowOverdue, int NoLongerOverdue, int Reminders, int AutoClosed);

/// <summary>The supervision lists (督办): overdue, due soon, key and flagged, and the leaders' list.</summary>
public enum SupervisionList
{
    /// <summary>已超期: a deadline of the case's current step has passed.</summary>
    Overdue = 1,

    /// <summary>即将到期: not overdue, and a deadline falls within <see cref="Supervision.DueSoonWorkingDays"/> working days.</summary>
    DueSoon = 2,

    /// <summary>重点督办 and 挂牌督办 cases still open.</summary>
    Supervised = 3,

    /// <summary>领导督办: rated unsatisfied twice (LeaderAttention) or flagged by a leader, still open.</summary>
    Leader = 4,
}

/// <summary>Narrows a list to one station or one handling unit (lead or co-unit, any round); both optional.</summary>
public sealed record SupervisionFilter(string? StationCode = null, string? UnitCode = null);

/// <summary>
/// One row of a supervision list. <see cref="Deadline"/> is the current step's deadline: forwarding (Received,
/// Classified: received + the grade's ForwardDays working days), the unit's answer (Assigned), or the one-month
/// feedback date (Answered).
/// </summary>
public sealed record SupervisionRow(
    string Code, string Title, OpinionState State, DateTimeOffset ReceivedAt, string StationName, string? DeputyName, string? LeadUnitName,
    Grade? Grade, DateOnly? Deadline, DateOnly FeedbackDueOn, SupervisionLevel Supervision, bool LeaderAttention, int HandlingRound);

/// <summary>A list's first rows (oldest first) and how many there are in all.</summary>
public sealed record SupervisionPage(IReadOnlyList<SupervisionRow> Rows, int Total);

/// <summary>
/// 督办: the deadlines of open cases, the overdue flag, reminders (催办) to handling units, auto-closing of fed-back
/// cases nobody rated, and the supervision lists. <see cref="RunAsync"/> is the daily job's work; it is safe to run
/// from several instances at once and to run twice a day: the overdue flag is set by idempotent updates, reminders
/// and auto-closes take their rows with FOR UPDATE SKIP LOCKED and record what they did in the same transaction.
/// </summary>
/// <remarks>
/// The overdue rules (any one is enough): Received or Classified after received + ForwardDays working days (the grade's
/// rule, Normal when ungraded); Assigned after the unit's deadline; never fed back after the one-month date (Received,
/// Classified, Assigned or Answered — a case reopened after feedback is held to its new answer deadline instead). A
/// deadline day itself is not overdue.
/// </remarks>
public sealed partial class Supervision(
    ApplicationDbContext db, ScopeDirectory scopes, WorkingDayCalendar calendar, Outbox outbox, TimeProvider time, ILogger<Supervision> logger)
{
    /// <summary>"即将到期": a deadline within this many working days from today (today included).</summary>
    public const int DueSoonWorkingDays = 2;

    /// <summary>A fed-back case nobody rated is closed this long after the feedback.</summary>
    public static readonly TimeSpan AutoCloseAfter = TimeSpan.FromDays(15);

    public const int ListLimit = 200;

    private const int BatchSize = 200;

    private static readonly OpinionState[] NotFedBack = [OpinionState.Received, OpinionState.Classified, OpinionState.Assigned, OpinionState.Answered];

    private static readonly OpinionState[] StillOpen =
        [OpinionState.Received, OpinionState.Classified, OpinionState.Assigned, OpinionState.Answered, OpinionState.FedBack];

    /// <summary>The daily job: recompute the overdue flag, queue due reminders, close what nobody rated in time.</summary>
    public async Task<SupervisionRunResult> RunAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        var (nowOverdue, noLonger) = await RecomputeOverdueAsync(today, cancellationToken);
        var reminders = await RemindAsync(today, cancellationToken);
        var closed = await AutoCloseAsync(cancellationToken);
        var result = new SupervisionRunResult(nowOverdue, noLonger, reminders, closed);
        LogRun(logger, today, nowOverdue, noLonger, reminders, closed);
        return result;
    }

    /// <summary>Sets IsOverdue on the open cases that became overdue and clears it on the rest; touches only rows that change.</summary>
    public async Task<(int NowOverdue, int NoLongerOverdue)> RecomputeOverdueAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        var overdue = await PastDeadlineAsync(today, cancellationToken);
        var set = await db.Opinions.Where(overdue).Where(o => !o.IsOverdue)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.IsOverdue, true), cancellationToken);
        var cleared = await db.Opinions.Where(Not(overdue)).Where(o => o.IsOverdue)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.IsOverdue, false), cancellationToken);
        return (set, cleared);
    }

    /// <summary>Whether one case is overdue today by the rules above (used after a move, so the flag is right at once).</summary>
    public async Task<bool> IsOverdueAsync(Opinion opinion, DateOnly today, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(opinion);
        var overdue = await PastDeadlineAsync(today, cancellationToken);
        return overdue.Compile()(opinion);
    }

    /// <summary>
    /// 催办: a reminder to each unit with an open assignment due today, or due on the next working day when today is a
    /// working day — by SMS to the unit's contact mobile and by email to the unit's staff accounts. Each assignment is
    /// reminded at most once a day (RemindedOn), whichever instance gets there first.
    /// </summary>
    public async Task<int> RemindAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        var rules = await calendar.RulesForAsync(today, today.AddDays(40), cancellationToken);
        var tomorrow = rules.IsWorkingDay(today) ? rules.Add(today, 1) : today;
        var assigned = (int)OpinionState.Assigned;
        var reminded = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var due = await db.OpinionAssignments
                .FromSql($"""
                    SELECT a.*, a.xmin FROM "OpinionAssignments" a
                    WHERE a."AnsweredAt" IS NULL AND a."ReturnedAt" IS NULL
                      AND a."AnswerDueOn" IN ({today}, {tomorrow})
                      AND (a."RemindedOn" IS NULL OR a."RemindedOn" < {today})
                      AND EXISTS (SELECT 1 FROM "Opinions" o WHERE o."Id" = a."OpinionId" AND o."State" = {assigned})
                    ORDER BY a."Id"
                    LIMIT {BatchSize}
                    FOR UPDATE OF a SKIP LOCKED
                    """)
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                return reminded;
            }

            var opinionIds = due.Select(a => a.OpinionId).Distinct().ToList();
            var unitIds = due.Select(a => a.HandlingUnitId).Distinct().ToList();
            var codes = await db.Opinions.Where(o => opinionIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.TrackingCode, cancellationToken);
            var phones = await db.HandlingUnits.Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.ContactPhone, cancellationToken);
            var emails = (await db.Users.Where(u => u.HandlingUnitId != null && unitIds.Contains(u.HandlingUnitId.Value) && u.Email != null)
                    .Select(u => new { UnitId = u.HandlingUnitId!.Value, Email = u.Email! })
                    .ToListAsync(cancellationToken))
                .ToLookup(u => u.UnitId, u => u.Email);
            foreach (var assignment in due)
            {
                var text = ReminderText(codes[assignment.OpinionId], assignment.AnswerDueOn, assignment.AnswerDueOn == today);
                if (CitizenPhones.Normalize(phones.GetValueOrDefault(assignment.HandlingUnitId)) is { } mobile)
                {
                    outbox.Sms("supervision.reminder", mobile, "【人大代表联络站】" + text);
                }

                foreach (var email in emails[assignment.HandlingUnitId].Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    outbox.Email("supervision.reminder", email, "催办：意见办理时限将到", text);
                }

                assignment.RemindedOn = today;
                reminded++;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Fed back, not rated within 15 days: closed by the system through the workflow table.</summary>
    public async Task<int> AutoCloseAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var fedBackBefore = now - AutoCloseAfter;
        var fedBack = (int)OpinionState.FedBack;
        var closed = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var due = await db.Opinions
                .FromSql($"""
                    SELECT o.*, o.xmin FROM "Opinions" o
                    WHERE o."State" = {fedBack} AND o."FedBackAt" <= {fedBackBefore}
                    ORDER BY o."Id"
                    LIMIT {BatchSize}
                    FOR UPDATE SKIP LOCKED
                    """)
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                return closed;
            }

            foreach (var opinion in due)
            {
                OpinionWorkflow.Apply(opinion, OpinionAction.AutoClose, WorkflowActor.System, now,
                    new MoveNotes(PublicNote: "反馈后 15 天内未评价，系统自动办结。", ActorName: "系统"));
                opinion.ClosedAt = now;
                opinion.IsOverdue = false;
                closed++;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// A supervision list in the account's scope (an office's region, a station, a unit), optionally narrowed to one
    /// station or unit: the first <see cref="ListLimit"/> rows, oldest first, and the total.
    /// </summary>
    public async Task<SupervisionPage> ListAsync(
        StaffScope scope, SupervisionList list, SupervisionFilter? filter = null, DateOnly? today = null, CancellationToken cancellationToken = default)
    {
        var day = today ?? ChinaTime.Today(time);
        var cases = await SelectAsync(scope, list, filter, day, cancellationToken);
        var total = await cases.CountAsync(cancellationToken);
        var rows = new List<SupervisionRow>(Math.Min(total, ListLimit));
        await foreach (var row in RowsAsync(cases, day, ListLimit, cancellationToken))
        {
            rows.Add(row);
        }

        return new SupervisionPage(rows, total);
    }

    /// <summary>
    /// Every case of the list (no limit), oldest first, read one at a time with its current deadline worked out as it
    /// comes: what the export writes.
    /// </summary>
    public async IAsyncEnumerable<SupervisionRow> AllAsync(
        StaffScope scope, SupervisionList list, SupervisionFilter? filter = null, DateOnly? today = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var day = today ?? ChinaTime.Today(time);
        var cases = await SelectAsync(scope, list, filter, day, cancellationToken);
        await foreach (var row in RowsAsync(cases, day, null, cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>
    /// The list's rows oldest first (the first <paramref name="limit"/>, or all), streamed. The forwarding deadline is not
    /// stored: it is the received date plus the grade's working days, from one calendar read that covers the oldest case
    /// still to be forwarded (one aggregate query first), so rows need not be held to find the range.
    /// </summary>
    private async IAsyncEnumerable<SupervisionRow> RowsAsync(
        IQueryable<Opinion> cases, DateOnly day, int? limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var forward = await ForwardDaysAsync(cancellationToken);
        var oldest = await cases.Where(o => o.State == OpinionState.Received || o.State == OpinionState.Classified)
            .MinAsync(o => (DateTimeOffset?)o.ReceivedAt, cancellationToken);
        var first = oldest is { } at ? DateOnly.FromDateTime(ChinaTime.Of(at).DateTime) : day;
        var rules = await calendar.RulesForAsync(first < day ? first : day, day.AddDays(130), cancellationToken);
        var ordered = cases.OrderBy(o => o.ReceivedAt).ThenBy(o => o.Id);
        var page = limit is { } take ? ordered.Take(take) : ordered;
        var rows = page.Select(o => new
        {
            o.TrackingCode, o.Title, o.State, o.ReceivedAt, StationName = o.Station.Name, DeputyName = o.Deputy == null ? null : o.Deputy.Name,
            LeadUnitName = db.OpinionAssignments.Where(a => a.OpinionId == o.Id && a.IsLead).OrderByDescending(a => a.Round).Select(a => a.HandlingUnit.Name).FirstOrDefault(),
            o.Grade, o.AnswerDueOn, o.FeedbackDueOn, o.Supervision, o.LeaderAttention, o.HandlingRound, o.FeedbackRound,
        });
        await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return new SupervisionRow(
                r.TrackingCode, r.Title, r.State, r.ReceivedAt, r.StationName, r.DeputyName, r.LeadUnitName, r.Grade,
                r.State switch
                {
                    OpinionState.Received or OpinionState.Classified => rules.Add(DateOnly.FromDateTime(ChinaTime.Of(r.ReceivedAt).DateTime), forward[r.Grade ?? Grade.Normal]),
                    OpinionState.Assigned => r.AnswerDueOn,
                    OpinionState.Answered when r.FeedbackRound == 0 => r.FeedbackDueOn,
                    _ => null,
                },
                r.FeedbackDueOn, r.Supervision, r.LeaderAttention, r.HandlingRound);
        }
    }

    /// <summary>How many cases each list holds, for the tabs.</summary>
    public async Task<IReadOnlyDictionary<SupervisionList, int>> CountsAsync(
        StaffScope scope, SupervisionFilter? filter = null, DateOnly? today = null, CancellationToken cancellationToken = default)
    {
        var day = today ?? ChinaTime.Today(time);
        var counts = new Dictionary<SupervisionList, int>();
        foreach (var list in Enum.GetValues<SupervisionList>())
        {
            counts[list] = await (await SelectAsync(scope, list, filter, day, cancellationToken)).CountAsync(cancellationToken);
        }

        return counts;
    }

    private async Task<IQueryable<Opinion>> SelectAsync(StaffScope scope, SupervisionList list, SupervisionFilter? filter, DateOnly today, CancellationToken cancellationToken)
    {
        var cases = scopes.Opinions(scope).AsNoTracking();
        if (filter?.StationCode?.Trim() is { Length: > 0 } station)
        {
            cases = cases.Where(o => o.Station.Code == station);
        }

        if (filter?.UnitCode?.Trim() is { Length: > 0 } unit)
        {
            cases = cases.Where(o => db.OpinionAssignments.Any(a => a.OpinionId == o.Id && a.HandlingUnit.Code == unit));
        }

        switch (list)
        {
            case SupervisionList.Overdue:
                return cases.Where(await PastDeadlineAsync(today, cancellationToken));
            case SupervisionList.DueSoon:
                var rules = await calendar.RulesForAsync(today, today.AddDays(40), cancellationToken);
                var soon = await PastDeadlineAsync(rules.Add(today, DueSoonWorkingDays).AddDays(1), cancellationToken);
                var overdue = await PastDeadlineAsync(today, cancellationToken);
                return cases.Where(soon).Where(Not(overdue));
            case SupervisionList.Supervised:
                return cases.Where(o => StillOpen.Contains(o.State) && o.Supervision != SupervisionLevel.Normal);
            case SupervisionList.Leader:
                return cases.Where(o => StillOpen.Contains(o.State) && (o.LeaderAttention || o.Supervision == SupervisionLevel.Flagged));
            default:
                throw new ArgumentOutOfRangeException(nameof(list));
        }
    }

    /// <summary>
    /// Cases with a deadline of their current step before <paramref name="day"/>. The forwarding deadline is not stored:
    /// "received + N working days &lt; day" is turned into "received on or before a cutoff date" per grade.
    /// </summary>
    private async Task<Expression<Func<Opinion, bool>>> PastDeadlineAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var forward = await ForwardDaysAsync(cancellationToken);
        var lastDay = day.AddDays(-1);
        var rules = await calendar.RulesForAsync(lastDay.AddDays(-(forward.Values.Max() * 2 + 30)), lastDay, cancellationToken);
        DateTimeOffset Cutoff(Grade grade) =>
            new DateTimeOffset(rules.LatestStart(lastDay, forward[grade]).AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
        var normal = Cutoff(Grade.Normal);
        var important = Cutoff(Grade.Important);
        var urgent = Cutoff(Grade.Urgent);
        return o =>
            ((o.State == OpinionState.Received || o.State == OpinionState.Classified)
                && (((o.Grade == null || o.Grade == Grade.Normal) && o.ReceivedAt < normal)
                    || (o.Grade == Grade.Important && o.ReceivedAt < important)
                    || (o.Grade == Grade.Urgent && o.ReceivedAt < urgent)))
            || (o.State == OpinionState.Assigned && o.AnswerDueOn < day)
            || (NotFedBack.Contains(o.State) && o.FeedbackRound == 0 && o.FeedbackDueOn < day);
    }

    private async Task<Dictionary<Grade, int>> ForwardDaysAsync(CancellationToken cancellationToken)
    {
        var rules = await db.DeadlineRules.AsNoTracking().ToDictionaryAsync(r => r.Grade, r => r.ForwardDays, cancellationToken);
        return Enum.GetValues<Grade>().ToDictionary(g => g, g => rules.TryGetValue(g, out var days) ? days : CaseSettings.DefaultRule(g).ForwardDays);
    }

    private static Expression<Func<Opinion, bool>> Not(Expression<Func<Opinion, bool>> predicate) =>
        Expression.Lambda<Func<Opinion, bool>>(Expression.Not(predicate.Body), predicate.Parameters);

    private static string ReminderText(string code, DateOnly due, bool dueToday) =>
        $"催办：意见（查询码 {TrackingCodes.Display(code)}）的办理时限是 {due:yyyy-MM-dd}，{(dueToday ? "今天到期" : "下一个工作日到期")}，请按时答复。";

    [LoggerMessage(Level = LogLevel.Information, Message = "Supervision run for {Today}: {NowOverdue} newly overdue, {NoLongerOverdue} no longer overdue, {Reminders} reminder(s), {AutoClosed} auto-closed")]
    private static partial void LogRun(ILogger logger, DateOnly today, int nowOverdue, int noLongerOverdue, int reminders, int autoClosed);
}
