using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LiaisonPortal.Core.Suggestions;

/// <summary>What one run of the daily job changed on suggestions.</summary>
public sealed record SuggestionSupervisionResult(int NowOverdue, int NoLongerOverdue, int Reminders);

/// <summary>
/// 督办 of deputies' suggestions, the same machinery as <see cref="Opinions.Supervision"/> and run by the same daily
/// job: the overdue flag (being handled and past the round's deadline) by idempotent updates that touch only the rows
/// that change, and reminders (催办) to units with an open assignment due today or on the next working day, each
/// assignment at most once a day (RemindedOn), its rows taken with FOR UPDATE SKIP LOCKED so several instances and a
/// second run the same day send nothing twice. The texts go through the outbox in the same transaction.
/// </summary>
public sealed partial class SuggestionSupervision(
    ApplicationDbContext db, WorkingDayCalendar calendar, SuggestionNotifier notifier, ILogger<SuggestionSupervision> logger)
{
    private const int BatchSize = 200;

    public async Task<SuggestionSupervisionResult> RunAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        var (nowOverdue, noLonger) = await RecomputeOverdueAsync(today, cancellationToken);
        var reminders = await RemindAsync(today, cancellationToken);
        LogRun(logger, today, nowOverdue, noLonger, reminders);
        return new SuggestionSupervisionResult(nowOverdue, noLonger, reminders);
    }

    /// <summary>Overdue: being handled (办理中) and the round's deadline before today. A deadline day itself is not overdue.</summary>
    public async Task<(int NowOverdue, int NoLongerOverdue)> RecomputeOverdueAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        var set = await db.Suggestions
            .Where(s => s.State == SuggestionState.Assigned && s.DueOn < today && !s.IsOverdue)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.IsOverdue, true), cancellationToken);
        var cleared = await db.Suggestions
            .Where(s => !(s.State == SuggestionState.Assigned && s.DueOn < today) && s.IsOverdue)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.IsOverdue, false), cancellationToken);
        return (set, cleared);
    }

    /// <summary>
    /// 催办: the lead unit (until it replies) and co-units (until they send their views) of the current round, when the
    /// deadline is today, or the next working day when today is a working day.
    /// </summary>
    public async Task<int> RemindAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        var rules = await calendar.RulesForAsync(today, today.AddDays(40), cancellationToken);
        var tomorrow = rules.IsWorkingDay(today) ? rules.Add(today, 1) : today;
        var assigned = (int)SuggestionState.Assigned;
        var reminded = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var due = await db.SuggestionAssignments
                .FromSql($"""
                    SELECT a.*, a.xmin FROM "SuggestionAssignments" a
                    WHERE a."AssignedAt" IS NOT NULL AND a."RepliedAt" IS NULL AND a."SentBackAt" IS NULL
                      AND (a."IsLead" OR a."ViewAt" IS NULL)
                      AND a."DueOn" IN ({today}, {tomorrow})
                      AND (a."RemindedOn" IS NULL OR a."RemindedOn" < {today})
                      AND EXISTS (SELECT 1 FROM "Suggestions" s WHERE s."Id" = a."SuggestionId" AND s."State" = {assigned} AND s."Round" = a."Round")
                    ORDER BY a."Id"
                    LIMIT {BatchSize}
                    FOR UPDATE OF a SKIP LOCKED
                    """)
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                return reminded;
            }

            var ids = due.Select(a => a.SuggestionId).Distinct().ToList();
            var suggestions = await db.Suggestions.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
            foreach (var assignment in due)
            {
                var dueOn = assignment.DueOn!.Value;
                var what = $"催办：办理时限是 {dueOn:yyyy-MM-dd}，{(dueOn == today ? "今天到期" : "下一个工作日到期")}，"
                    + (assignment.IsLead ? "请按时答复代表" : "请尽快向主办单位提交协办意见");
                await notifier.UnitsAsync(suggestions[assignment.SuggestionId], [assignment.HandlingUnitId], what, cancellationToken);
                assignment.RemindedOn = today;
                reminded++;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Suggestion supervision for {Today}: {NowOverdue} newly overdue, {NoLongerOverdue} no longer overdue, {Reminders} reminder(s)")]
    private static partial void LogRun(ILogger logger, DateOnly today, int nowOverdue, int noLongerOverdue, int reminders);
}
