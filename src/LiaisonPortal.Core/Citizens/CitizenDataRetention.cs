using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Core.Opinions;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Citizens;

/// <summary>Settings under "Privacy" in configuration.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    public const int DefaultDays = 730;

    /// <summary>
    /// Days after a case ended (closed, refused, merged or escalated) before the citizen's name and phone number are removed;
    /// the same period after a past appointment and after a message was sent. Two years by default.
    /// </summary>
    public int AnonymiseClosedAfterDays { get; set; } = DefaultDays;

    /// <summary>Rows per transaction: each batch commits on its own, so a long first run never holds many locks.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>The time of day (China time) of the daily run; the job also runs once at start.</summary>
    public TimeSpan RunAt { get; set; } = new(3, 30, 0);

    public RetentionWorkerOptions Worker { get; set; } = new();
}

public sealed class RetentionWorkerOptions
{
    /// <summary>Off for test hosts, which run the job themselves.</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>What one run anonymised (or, in a dry run, would anonymise).</summary>
public sealed record RetentionResult(int Opinions, int Appointments, int Messages, DateTimeOffset Cutoff, int Days, bool DryRun)
{
    public int Total => Opinions + Appointments + Messages;
}

/// <summary>
/// 个人信息保留期限 (PIPL art. 19 and 47): a set time (Privacy:AnonymiseClosedAfterDays, two years by default) after a case
/// ended, the citizen's contact data is removed for good; the case itself (title, text, timeline, units' answers, ratings,
/// photos) stays for statistics and the office's records, and its workflow state and last-move time are not touched.
/// <list type="bullet">
/// <item>Opinions refused, closed, merged (once the case they were merged into ended too) or escalated longer ago than the
/// period: the name becomes "（已匿名）", the phone cipher is removed with the consent to be contacted, and
/// <see cref="Opinion.AnonymisedAt"/> is set. The query secret of an anonymous submission is not personal data and stays,
/// so such a case can still be tracked; a case proved by the phone's last four digits can no longer be, and the tracking
/// page says so.</item>
/// <item>Appointments whose slot ended and which last changed longer ago than the period: name and phone likewise.</item>
/// <item>Text messages and e-mails (to citizens and staff) sent or given up on longer ago than the period: the encrypted
/// recipient is emptied (the text carries no personal data, only tracking codes). Unsent messages are never touched.</item>
/// </list>
/// Each batch is one UPDATE over rows picked with FOR UPDATE SKIP LOCKED, so two instances running at once share the work
/// instead of repeating it, and a second run finds nothing left: the job is idempotent. Each run that changed anything
/// writes one audit entry with the counts (never a name or a number).
/// </summary>
public sealed class CitizenDataRetention(ApplicationDbContext db, AuditLog audit, PrivacyOptions options, TimeProvider time)
{
    /// <summary>What replaces a citizen's name.</summary>
    public const string AnonymisedName = "（已匿名）";

    private const int Refused = (int)OpinionState.Refused;
    private const int Closed = (int)OpinionState.Closed;
    private const int Merged = (int)OpinionState.Merged;
    private const int Escalated = (int)OpinionState.Escalated;
    private const int Sms = (int)MessageChannel.Sms;
    private const int Email = (int)MessageChannel.Email;

    /// <summary>The period in days; refuses a setting under one day rather than anonymising everything.</summary>
    public int Days => options.AnonymiseClosedAfterDays >= 1
        ? options.AnonymiseClosedAfterDays
        : throw new InvalidOperationException($"Privacy:AnonymiseClosedAfterDays must be at least 1 day (it is {options.AnonymiseClosedAfterDays}).");

    /// <summary>Anonymises everything due (or, with <paramref name="dryRun"/>, only counts it).</summary>
    public async Task<RetentionResult> RunAsync(bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var days = Days;
        var cutoff = time.GetUtcNow().AddDays(-days);
        if (dryRun)
        {
            return new RetentionResult(
                await CountAsync(OpinionsDue(cutoff), cancellationToken),
                await CountAsync(AppointmentsDue(cutoff), cancellationToken),
                await CountAsync(MessagesDue(cutoff, 0), cancellationToken),
                cutoff, days, DryRun: true);
        }

        var batch = Math.Clamp(options.BatchSize, 1, 10_000);
        var opinions = await RepeatAsync(() => AnonymiseOpinionsAsync(cutoff, batch, cancellationToken), batch);
        var appointments = await RepeatAsync(() => AnonymiseAppointmentsAsync(cutoff, batch, cancellationToken), batch);
        var messages = await ForgetRecipientsAsync(cutoff, batch, cancellationToken);
        var result = new RetentionResult(opinions, appointments, messages, cutoff, days, DryRun: false);
        if (result.Total > 0)
        {
            await audit.WriteAsync(
                AuditKind.Change, "CitizenData", "retention", "Anonymised",
                new { opinions, appointments, messages, days, cutoff = cutoff.ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
                cancellationToken);
        }

        return result;
    }

    /// <summary>The ended opinions due (ids), the merged ones only once the case they joined ended before the cutoff too.</summary>
    private static FormattableString OpinionsDue(DateTimeOffset cutoff) => $"""
        SELECT c."Id" FROM "Opinions" c
        WHERE c."AnonymisedAt" IS NULL AND c."State" IN (2, 8, 9, 10) AND c."UpdatedAt" < {cutoff}
          AND (c."State" <> {Merged} OR EXISTS (
                SELECT 1 FROM "Opinions" s WHERE s."Id" = c."MergedIntoId" AND s."State" IN ({Refused}, {Closed}, {Merged}, {Escalated}) AND s."UpdatedAt" < {cutoff}))
        """;

    private static FormattableString AppointmentsDue(DateTimeOffset cutoff) => $"""
        SELECT a."Id" FROM "Appointments" a JOIN "ReceptionSlots" s ON s."Id" = a."SlotId"
        WHERE a."AnonymisedAt" IS NULL AND a."UpdatedAt" < {cutoff} AND s."EndsAt" < {cutoff}
        """;

    private static FormattableString MessagesDue(DateTimeOffset cutoff, long after) => $"""
        SELECT m."Id" FROM "OutboxMessages" m
        WHERE m."Id" > {after} AND m."Channel" IN ({Sms}, {Email}) AND m."RecipientCipher" <> ''
          AND (m."SentAt" < {cutoff} OR m."FailedAt" < {cutoff})
        """;

    private static async Task<int> RepeatAsync(Func<Task<int>> batch, int size)
    {
        var total = 0;
        int done;
        do
        {
            done = await batch();
            total += done;
        }
        while (done == size);

        return total;
    }

    private async Task<int> CountAsync(FormattableString ids, CancellationToken cancellationToken) =>
        await db.Database.SqlQuery<int>(Compose("SELECT count(*)::int AS \"Value\" FROM (", ids, ") due", []))
            .SingleAsync(cancellationToken);

    private Task<int> AnonymiseOpinionsAsync(DateTimeOffset cutoff, int batch, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            UPDATE "Opinions" o
            SET "CitizenName" = CASE WHEN o."CitizenName" IS NULL THEN NULL ELSE {@0} END,
                "PhoneCipher" = NULL, "MayContact" = FALSE, "AnonymisedAt" = {@1}
            WHERE o."Id" IN (
            """,
            OpinionsDue(cutoff),
            """
                ORDER BY c."UpdatedAt", c."Id" LIMIT {@2} FOR UPDATE OF c SKIP LOCKED)
            """,
            [AnonymisedName, time.GetUtcNow(), batch],
            cancellationToken);

    private Task<int> AnonymiseAppointmentsAsync(DateTimeOffset cutoff, int batch, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            UPDATE "Appointments" x
            SET "Name" = {@0}, "PhoneCipher" = '', "AnonymisedAt" = {@1}
            WHERE x."Id" IN (
            """,
            AppointmentsDue(cutoff),
            """
                ORDER BY a."Id" LIMIT {@2} FOR UPDATE OF a SKIP LOCKED)
            """,
            [AnonymisedName, time.GetUtcNow(), batch],
            cancellationToken);

    private Task<int> ExecuteAsync(string before, FormattableString due, string after, object[] extra, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(Compose(before, due, after, extra), cancellationToken);

    /// <summary>
    /// <paramref name="before"/> + the candidates' query + <paramref name="after"/> as one statement, every value a parameter:
    /// {@n} in the two pieces (text of this class only) names <paramref name="extra"/>[n], numbered after the query's own.
    /// </summary>
    private static FormattableString Compose(string before, FormattableString due, string after, object[] extra)
    {
        var arguments = due.GetArguments();
        string Number(string text)
        {
            for (var i = 0; i < extra.Length; i++)
            {
                text = text.Replace(
                    "{@" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}",
                    "{" + (arguments.Length + i).ToString(System.Globalization.CultureInfo.InvariantCulture) + "}",
                    StringComparison.Ordinal);
            }

            return text;
        }

        return System.Runtime.CompilerServices.FormattableStringFactory.Create(Number(before) + due.Format + Number(after), [.. arguments, .. extra]);
    }

    /// <summary>Walks the outbox by id (its primary key), so the whole table is read once per run however large it is.</summary>
    private async Task<int> ForgetRecipientsAsync(DateTimeOffset cutoff, int batch, CancellationToken cancellationToken)
    {
        var total = 0;
        long after = 0;
        while (true)
        {
            // The next batch of candidates' ids, locked or not: the walk moves on past rows another instance holds.
            var due = MessagesDue(cutoff, after);
            var ids = await db.Database.SqlQuery<long>(Compose("SELECT due.\"Id\" AS \"Value\" FROM (", due, ") due ORDER BY due.\"Id\" LIMIT {@0}", [batch]))
                .ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return total;
            }

            var last = ids[^1];
            total += await ExecuteAsync(
                """
                UPDATE "OutboxMessages" u SET "RecipientCipher" = ''
                WHERE u."Id" IN (
                """,
                due,
                """
                      AND m."Id" <= {@0} FOR UPDATE OF m SKIP LOCKED)
                """,
                [last],
                cancellationToken);
            if (ids.Count < batch)
            {
                return total;
            }

            after = last;
        }
    }
}
