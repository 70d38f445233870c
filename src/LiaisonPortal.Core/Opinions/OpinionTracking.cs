using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LiaisonPortal.Core.Opinions;

/// <summary>One step on the citizen's timeline: what happened and the note meant for them. Never a staff name.</summary>
public sealed record TrackedStep(DateTimeOffset At, OpinionAction Action, OpinionState State, string? Note);

public sealed record TrackedRating(int Round, Rating Rating, string? Comment, DateTimeOffset At);

/// <summary>What the citizen sees of their opinion.</summary>
public sealed record TrackedOpinion(
    string Code, string Title, string Content, DateTimeOffset ReceivedAt, string StationName, string? DeputyName,
    OpinionState State, IReadOnlyList<TrackedStep> Steps, string? Answer, bool CanRate, IReadOnlyList<TrackedRating> Ratings);

public enum RatingOutcome
{
    Done = 0,

    /// <summary>No such code, or the proof does not match: the same answer for both.</summary>
    NotFound = 1,

    /// <summary>There is nothing to rate now: no feedback yet, or this round was rated already.</summary>
    NotOpen = 2,
}

/// <summary>
/// The citizen's side after submitting: look an opinion up with its tracking code and a proof (the last four digits
/// of the phone, or the secret given when no phone was left), and rate the answer once per round of feedback.
/// </summary>
public sealed class OpinionTracking(ApplicationDbContext db, CitizenPhones phones, QuerySecrets secrets, OpinionCases cases, TimeProvider time)
{
    public const int CommentMaxLength = OpinionEvaluation.CommentMaxLength;

    public async Task<TrackedOpinion?> FindAsync(string? code, string? proof, CancellationToken cancellationToken = default)
    {
        var opinion = await VerifiedAsync(code, proof, cancellationToken);
        if (opinion is null)
        {
            return null;
        }

        // Supervision is the office's own business: the citizen's timeline leaves it out.
        var supervise = nameof(OpinionAction.Supervise);
        var steps = await db.OpinionEvents.AsNoTracking().Where(e => e.OpinionId == opinion.Id && e.Action != supervise)
            .OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new { e.At, e.Action, e.State, e.PublicNote })
            .ToListAsync(cancellationToken);
        var ratings = await db.OpinionEvaluations.AsNoTracking().Where(e => e.OpinionId == opinion.Id)
            .OrderBy(e => e.Round)
            .Select(e => new TrackedRating(e.Round, e.Rating, e.Comment, e.At))
            .ToListAsync(cancellationToken);
        var names = await db.Opinions.AsNoTracking().Where(o => o.Id == opinion.Id)
            .Select(o => new { Station = o.Station.Name, Deputy = o.Deputy == null ? null : o.Deputy.Name })
            .SingleAsync(cancellationToken);
        return new TrackedOpinion(
            opinion.TrackingCode,
            opinion.Title,
            opinion.Content,
            opinion.ReceivedAt,
            names.Station,
            names.Deputy,
            opinion.State,
            steps.Select(s => new TrackedStep(s.At, Enum.Parse<OpinionAction>(s.Action), s.State, s.PublicNote)).ToList(),
            // A merged case is never fed back itself: the surviving case's feedback gives it the answer and FedBackAt.
            opinion.FedBackAt is not null ? opinion.PublishedAnswer : null,
            CanRate(opinion, ratings),
            ratings);
    }

    /// <summary>Whether the proof matches the code (the same check as <see cref="FindAsync"/>), for the citizen's data download.</summary>
    public async Task<bool> ProvesAsync(string? code, string? proof, CancellationToken cancellationToken = default) =>
        await VerifiedAsync(code, proof, cancellationToken) is not null;

    /// <summary>
    /// When the citizen data of the opinion or appointment with this code was anonymised, if it was and the code can no
    /// longer be proved (the proof was the phone's last four digits, now gone). Null otherwise: an unknown code, a case
    /// not anonymised, or one proved by its query secret, which still works. The tracking page says so in plain words
    /// instead of "not found"; the answer is the same whatever proof was typed and names nothing of the case.
    /// </summary>
    public async Task<DateTimeOffset?> AnonymisedAtAsync(string? code, CancellationToken cancellationToken = default)
    {
        var normalized = TrackingCodes.Normalize(code);
        if (normalized.Length != TrackingCodes.CodeLength)
        {
            return null;
        }

        return await db.Opinions.AsNoTracking().Where(o => o.TrackingCode == normalized && o.AnonymisedAt != null && o.SecretHash == null)
                .Select(o => o.AnonymisedAt).SingleOrDefaultAsync(cancellationToken)
            ?? await db.Appointments.AsNoTracking().Where(a => a.TrackingCode == normalized && a.AnonymisedAt != null)
                .Select(a => a.AnonymisedAt).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The numbers of the deputies' suggestions (filed, still handled as suggestions) this opinion was written into:
    /// the citizen's page says so in plain words. Only numbers, nothing about the deputies; ask only after
    /// <see cref="FindAsync"/> accepted the proof.
    /// </summary>
    public async Task<IReadOnlyList<string>> SuggestionNumbersAsync(string code, CancellationToken cancellationToken = default)
    {
        var normalized = TrackingCodes.Normalize(code);
        return await db.Suggestions.AsNoTracking()
            .Where(s => s.Number != null && s.State != Suggestions.SuggestionState.Draft && s.State != Suggestions.SuggestionState.Converted
                && db.SuggestionSources.Any(x => x.SuggestionId == s.Id && x.Opinion.TrackingCode == normalized))
            .OrderBy(s => s.SubmittedAt).ThenBy(s => s.Id)
            .Select(s => s.Number!)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Rates the latest feedback. 满意 and 基本满意 end the loop's rating step; 不满意 reopens the opinion for
    /// re-handling. The opinion's row is locked, and each round can be rated only once (a unique index backs this).
    /// </summary>
    public async Task<RatingOutcome> RateAsync(string? code, string? proof, Rating rating, string? comment, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(rating))
        {
            return RatingOutcome.NotOpen;
        }

        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is { Length: > CommentMaxLength })
        {
            comment = comment[..CommentMaxLength];
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var normalized = TrackingCodes.Normalize(code);
        var opinion = await db.Opinions
            .FromSql($"SELECT o.*, o.xmin FROM \"Opinions\" o WHERE o.\"TrackingCode\" = {normalized} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (opinion is null || !ProofMatches(opinion, proof))
        {
            return RatingOutcome.NotFound;
        }

        var rated = await db.OpinionEvaluations.AnyAsync(e => e.OpinionId == opinion.Id && e.Round == opinion.FeedbackRound, cancellationToken);
        if (opinion.State != OpinionState.FedBack || opinion.FeedbackRound == 0 || rated)
        {
            return RatingOutcome.NotOpen;
        }

        var now = time.GetUtcNow();
        db.OpinionEvaluations.Add(new OpinionEvaluation(opinion.Id, opinion.FeedbackRound, rating, comment, now));
        // Closed, or reopened with a new deadline from today: either way not overdue now.
        opinion.IsOverdue = false;
        if (rating == Rating.Unsatisfied)
        {
            await ReopenAsync(opinion, comment, now, cancellationToken);
        }
        else
        {
            OpinionWorkflow.Apply(opinion, OpinionAction.Evaluate, WorkflowActor.Citizen, now, new MoveNotes(InternalNote: comment, ActorName: "群众"));
            OpinionWorkflow.Apply(opinion, OpinionAction.Close, WorkflowActor.System, now, new MoveNotes(ActorName: "系统"));
            opinion.ClosedAt = now;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return RatingOutcome.Done;
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return RatingOutcome.NotOpen;
        }
    }

    /// <summary>
    /// 不满意: the case goes back to the same lead unit (and co-units) for a second handling with a new deadline; a
    /// second unsatisfied rating puts it on a congress leader's supervision list.
    /// </summary>
    private async Task ReopenAsync(Opinion opinion, string? comment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        OpinionWorkflow.Apply(opinion, OpinionAction.Reopen, WorkflowActor.Citizen, now, new MoveNotes(InternalNote: comment, ActorName: "群众"));
        opinion.HandlingRound++;
        var unsatisfied = await db.OpinionEvaluations.CountAsync(e => e.OpinionId == opinion.Id && e.Rating == Rating.Unsatisfied, cancellationToken) + 1;
        if (unsatisfied >= 2)
        {
            opinion.LeaderAttention = true;
            opinion.Supervision = SupervisionLevel.Flagged;
        }

        var lastRound = await db.OpinionAssignments.Where(a => a.OpinionId == opinion.Id).MaxAsync(a => (int?)a.Round, cancellationToken);
        var last = await db.OpinionAssignments.Where(a => a.OpinionId == opinion.Id && a.Round == lastRound).ToListAsync(cancellationToken);
        var due = await cases.AnswerDueAsync(opinion.Grade ?? Grade.Normal, Calendar.ChinaTime.Today(time), cancellationToken);
        var round = last.Count == 0 ? 1 : last[0].Round + 1;
        foreach (var previous in last.Where(a => a.ReturnedAt is null))
        {
            db.OpinionAssignments.Add(new OpinionAssignment(opinion.Id, round, previous.HandlingUnitId, previous.IsLead, now, due));
        }

        opinion.AnswerDueOn = due;
    }

    private static bool CanRate(Opinion opinion, IReadOnlyList<TrackedRating> ratings) =>
        opinion.State == OpinionState.FedBack && opinion.FeedbackRound > 0 && ratings.All(r => r.Round != opinion.FeedbackRound);

    private async Task<Opinion?> VerifiedAsync(string? code, string? proof, CancellationToken cancellationToken)
    {
        var normalized = TrackingCodes.Normalize(code);
        if (normalized.Length != TrackingCodes.CodeLength)
        {
            return null;
        }

        var opinion = await db.Opinions.AsNoTracking().SingleOrDefaultAsync(o => o.TrackingCode == normalized, cancellationToken);
        return opinion is not null && ProofMatches(opinion, proof) ? opinion : null;
    }

    /// <summary>The last four digits of the phone given, or the secret when none was given.</summary>
    private bool ProofMatches(Opinion opinion, string? proof)
    {
        var given = proof?.Trim() ?? string.Empty;
        if (given.Length == 0)
        {
            return false;
        }

        if (opinion.PhoneCipher is { } cipher)
        {
            var phone = phones.Unprotect(cipher);
            return given.Length == 4 && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(phone[^4..]), System.Text.Encoding.ASCII.GetBytes(given));
        }

        return secrets.Matches(given, opinion.SecretHash);
    }
}
