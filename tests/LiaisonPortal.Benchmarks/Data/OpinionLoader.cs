using LiaisonPortal.Core.Opinions;
using Npgsql;
using NpgsqlTypes;

namespace LiaisonPortal.Benchmarks.Data;

/// <summary>Rows written per table.</summary>
internal sealed record LoadedRows(long Opinions, long Events, long Assignments, long Evaluations);

/// <summary>First ids of the four tables (max + 1 before the load): the loader sets ids itself, the sequences follow afterwards.</summary>
internal sealed record FirstIds(int Opinion, long Event, int Assignment, int Evaluation);

/// <summary>
/// Lives every opinion once and streams its rows into four binary COPYs at the same time, one connection per table, so
/// that PostgreSQL fills the four tables in parallel while this thread generates. Ids are set here (opinions in order of
/// arrival); the foreign keys are not checked row by row (the loader drops them first and validates them afterwards).
/// </summary>
internal static class OpinionLoader
{
    public const string OpinionColumns = "\"Id\", \"TrackingCode\", \"Channel\", \"State\", \"StationId\", \"DeputyId\", \"CategoryId\", \"Grade\", \"Title\", \"Content\", " +
        "\"CitizenName\", \"PhoneCipher\", \"MayContact\", \"IsAnonymous\", \"SecretHash\", \"ReceivedAt\", \"UpdatedAt\", \"PublishedAnswer\", \"FeedbackRound\", " +
        "\"AnswerDueOn\", \"ClosedAt\", \"EscalatedToRegionId\", \"FedBackAt\", \"FeedbackDueOn\", \"HandlingRound\", \"IsOverdue\", \"LeaderAttention\", \"MergedIntoId\", \"Supervision\", \"AnonymisedAt\"";

    public const string EventColumns = "\"Id\", \"OpinionId\", \"At\", \"Action\", \"State\", \"PublicNote\", \"InternalNote\", \"ActorId\", \"ActorName\"";

    public const string AssignmentColumns = "\"Id\", \"OpinionId\", \"Round\", \"HandlingUnitId\", \"IsLead\", \"AssignedAt\", \"AnswerDueOn\", \"AnsweredAt\", \"Answer\", \"Result\", " +
        "\"PlannedOn\", \"Reason\", \"ReturnedAt\", \"ReturnReason\", \"RemindedOn\"";

    public const string EvaluationColumns = "\"Id\", \"OpinionId\", \"Round\", \"Rating\", \"Comment\", \"At\"";

    public static async Task<LoadedRows> CopyAsync(string connectionString, LifeContext context, FirstIds ids, Action<OpinionLife> observe, CancellationToken cancellationToken)
    {
        await using var opinionsConnection = await Sql.OpenAsync(connectionString, cancellationToken);
        await using var eventsConnection = await Sql.OpenAsync(connectionString, cancellationToken);
        await using var assignmentsConnection = await Sql.OpenAsync(connectionString, cancellationToken);
        await using var evaluationsConnection = await Sql.OpenAsync(connectionString, cancellationToken);
        return await Task.Run(
            () =>
            {
                using var opinions = opinionsConnection.BeginBinaryImport($"COPY \"Opinions\" ({OpinionColumns}) FROM STDIN (FORMAT BINARY)");
                using var events = eventsConnection.BeginBinaryImport($"COPY \"OpinionEvents\" ({EventColumns}) FROM STDIN (FORMAT BINARY)");
                using var assignments = assignmentsConnection.BeginBinaryImport($"COPY \"OpinionAssignments\" ({AssignmentColumns}) FROM STDIN (FORMAT BINARY)");
                using var evaluations = evaluationsConnection.BeginBinaryImport($"COPY \"OpinionEvaluations\" ({EvaluationColumns}) FROM STDIN (FORMAT BINARY)");
                var life = new OpinionLife(context);
                long eventId = ids.Event, assignmentId = ids.Assignment, evaluationId = ids.Evaluation;
                for (var i = 0; i < context.Plan.Count; i++)
                {
                    if (i % 10_000 == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    life.Live(i);
                    WriteOpinion(opinions, life);
                    foreach (var step in life.Steps)
                    {
                        events.StartRow();
                        events.Write(eventId++, NpgsqlDbType.Bigint);
                        events.Write(life.Id, NpgsqlDbType.Integer);
                        events.Write(step.At, NpgsqlDbType.TimestampTz);
                        events.Write(ActionName(step.Action), NpgsqlDbType.Varchar);
                        events.Write((int)step.State, NpgsqlDbType.Integer);
                        Text(events, step.PublicNote);
                        Text(events, step.InternalNote);
                        events.WriteNull();
                        Text(events, step.ActorName);
                    }

                    foreach (var a in life.Assignments)
                    {
                        assignments.StartRow();
                        assignments.Write((int)assignmentId++, NpgsqlDbType.Integer);
                        assignments.Write(life.Id, NpgsqlDbType.Integer);
                        assignments.Write(a.Round, NpgsqlDbType.Integer);
                        assignments.Write(a.Unit.Id, NpgsqlDbType.Integer);
                        assignments.Write(a.IsLead, NpgsqlDbType.Boolean);
                        assignments.Write(a.AssignedAt, NpgsqlDbType.TimestampTz);
                        assignments.Write(a.AnswerDueOn, NpgsqlDbType.Date);
                        Time(assignments, a.AnsweredAt);
                        Text(assignments, a.Answer);
                        Number(assignments, (int?)a.Result);
                        Date(assignments, a.PlannedOn);
                        Text(assignments, a.Reason);
                        Time(assignments, a.ReturnedAt);
                        Text(assignments, a.ReturnReason);
                        Date(assignments, a.RemindedOn);
                    }

                    foreach (var rating in life.Ratings)
                    {
                        evaluations.StartRow();
                        evaluations.Write((int)evaluationId++, NpgsqlDbType.Integer);
                        evaluations.Write(life.Id, NpgsqlDbType.Integer);
                        evaluations.Write(rating.Round, NpgsqlDbType.Integer);
                        evaluations.Write((int)rating.Rating, NpgsqlDbType.Integer);
                        Text(evaluations, rating.Comment);
                        evaluations.Write(rating.At, NpgsqlDbType.TimestampTz);
                    }

                    observe(life);
                }

                // Each COPY commits on its own; the four are complete together or the load failed.
                var rows = new LoadedRows((long)opinions.Complete(), (long)events.Complete(), (long)assignments.Complete(), (long)evaluations.Complete());
                return rows;
            },
            cancellationToken);
    }

    private static void WriteOpinion(NpgsqlBinaryImporter writer, OpinionLife o)
    {
        writer.StartRow();
        writer.Write(o.Id, NpgsqlDbType.Integer);
        writer.Write(o.Code, NpgsqlDbType.Varchar);
        writer.Write((int)o.Channel, NpgsqlDbType.Integer);
        writer.Write((int)o.State, NpgsqlDbType.Integer);
        writer.Write(o.Station.Id, NpgsqlDbType.Integer);
        Number(writer, o.DeputyId);
        Number(writer, o.CategoryId);
        Number(writer, (int?)o.Grade);
        writer.Write(o.Title, NpgsqlDbType.Varchar);
        writer.Write(o.Content, NpgsqlDbType.Varchar);
        Text(writer, o.StoredCitizenName);
        Text(writer, o.PhoneCipher);
        writer.Write(o.MayContact && !o.PastRetention, NpgsqlDbType.Boolean);
        writer.Write(o.IsAnonymous, NpgsqlDbType.Boolean);
        Text(writer, o.SecretHash);
        writer.Write(o.ReceivedAt, NpgsqlDbType.TimestampTz);
        writer.Write(o.UpdatedAt, NpgsqlDbType.TimestampTz);
        Text(writer, o.PublishedAnswer);
        writer.Write(o.FeedbackRound, NpgsqlDbType.Integer);
        Date(writer, o.AnswerDueOn);
        Time(writer, o.ClosedAt);
        Number(writer, o.EscalatedToRegionId);
        Time(writer, o.FedBackAt);
        writer.Write(o.FeedbackDueOn, NpgsqlDbType.Date);
        writer.Write(o.HandlingRound, NpgsqlDbType.Integer);
        writer.Write(o.IsOverdue, NpgsqlDbType.Boolean);
        writer.Write(o.LeaderAttention, NpgsqlDbType.Boolean);
        Number(writer, o.MergedIntoId);
        writer.Write((int)o.Supervision, NpgsqlDbType.Integer);
        Time(writer, o.AnonymisedAt);
    }

    private static readonly string[] ActionNames = Enum.GetValues<OpinionAction>().Select(a => a.ToString()).ToArray();

    private static string ActionName(OpinionAction action) => ActionNames[(int)action - 1];

    private static void Text(NpgsqlBinaryImporter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, NpgsqlDbType.Varchar);
        }
    }

    private static void Number(NpgsqlBinaryImporter writer, int? value)
    {
        if (value is { } v)
        {
            writer.Write(v, NpgsqlDbType.Integer);
        }
        else
        {
            writer.WriteNull();
        }
    }

    private static void Date(NpgsqlBinaryImporter writer, DateOnly? value)
    {
        if (value is { } v)
        {
            writer.Write(v, NpgsqlDbType.Date);
        }
        else
        {
            writer.WriteNull();
        }
    }

    private static void Time(NpgsqlBinaryImporter writer, DateTime? value)
    {
        if (value is { } v)
        {
            writer.Write(v, NpgsqlDbType.TimestampTz);
        }
        else
        {
            writer.WriteNull();
        }
    }
}
