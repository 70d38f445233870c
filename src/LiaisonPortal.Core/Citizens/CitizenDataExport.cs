using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Core.Opinions;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Citizens;

/// <summary>The citizen's contact data as kept (or its anonymised state).</summary>
/// <param name="Phone">In full for staff answering an access request in person; masked on the citizen's own download.</param>
public sealed record CitizenContact(string? Name, string? Phone, bool MayContact, bool IsAnonymous, DateTimeOffset? AnonymisedAt);

public sealed record ReportPhoto(string ContentType, int Length);

/// <summary>The opinion as submitted and where it stands.</summary>
public sealed record ReportOpinion(
    string Title, string Content, OpinionChannel Channel, DateTimeOffset ReceivedAt, string StationName, string? DeputyName, string? CategoryName,
    OpinionState State, DateTimeOffset? FedBackAt, DateTimeOffset? ClosedAt, string? PublishedAnswer, IReadOnlyList<ReportPhoto> Photos);

/// <summary>A step of the timeline the citizen sees (supervision and staff's internal notes left out, as on the tracking page).</summary>
public sealed record ReportStep(DateTimeOffset At, OpinionAction Action, OpinionState State, string? Note);

/// <summary>A handling unit's answer in one round.</summary>
public sealed record ReportAnswer(int Round, string UnitName, bool IsLead, DateTimeOffset? AnsweredAt, string? Answer);

public sealed record ReportAppointment(
    string StationName, string? DeputyName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Place, string Topic, AppointmentStatus Status,
    string? Reply, DateTimeOffset CreatedAt, DateTimeOffset? AttendedAt);

/// <summary>A text message or e-mail about this code (its text names the code; the recipient is not repeated).</summary>
public sealed record ReportMessage(DateTimeOffset CreatedAt, MessageChannel Channel, string Kind, string Body, DateTimeOffset? SentAt, DateTimeOffset? FailedAt);

/// <summary>A use of the data recorded in the audit log: when and what (a phone shown, an export), not which staff member.</summary>
public sealed record ReportAccess(DateTimeOffset At, AuditKind Kind, string Action);

/// <summary>
/// Everything the portal holds about one tracking code (个人信息查阅复制, PIPL art. 45): the contact data, the opinion or
/// appointment, the timeline the citizen sees, the units' answers, the ratings, the messages sent about it and the
/// recorded uses of the data.
/// </summary>
public sealed record CitizenDataReport(
    string Code, DateTimeOffset GeneratedAt, CitizenContact Contact, ReportOpinion? Opinion, ReportAppointment? Appointment,
    IReadOnlyList<ReportStep> Steps, IReadOnlyList<ReportAnswer> Answers, IReadOnlyList<TrackedRating> Ratings,
    IReadOnlyList<ReportMessage> Messages, IReadOnlyList<ReportAccess> Accesses);

/// <summary>
/// The access-request export (个人信息查阅申请). Staff reach it through their scope (anything else is not found) and see
/// the phone number in full, since they hand the citizen a copy after checking their identity; the citizen reaches their
/// own opinion with the tracking code and the proof of the tracking page and gets the number masked (the proof is the
/// number's last four digits: whoever has the code and those digits learns nothing new). Every export is written to
/// the audit log as an export and, where a full number was shown, as a reveal.
/// </summary>
public sealed class CitizenDataExport(
    ApplicationDbContext db, ScopeDirectory scopes, CitizenPhones phones, OpinionTracking tracking, AuditLog audit, TimeProvider time)
{
    public const string AuditAction = "AccessExport";

    /// <summary>The report on an opinion or appointment in the staff member's scope; null when there is none in scope.</summary>
    public async Task<CitizenDataReport?> ForStaffAsync(StaffScope scope, string? code, string format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var normalized = TrackingCodes.Normalize(code);
        if (normalized.Length != TrackingCodes.CodeLength)
        {
            return null;
        }

        var opinionId = await scopes.Opinions(scope).Where(o => o.TrackingCode == normalized).Select(o => (int?)o.Id).SingleOrDefaultAsync(cancellationToken);
        var appointmentId = opinionId is null
            ? await scopes.Appointments(scope).Where(a => a.TrackingCode == normalized).Select(a => (int?)a.Id).SingleOrDefaultAsync(cancellationToken)
            : null;
        if (opinionId is null && appointmentId is null)
        {
            return null;
        }

        var entity = opinionId is not null ? nameof(Opinion) : nameof(Appointment);
        var report = opinionId is { } id
            ? await OpinionReportAsync(id, fullPhone: true, cancellationToken)
            : await AppointmentReportAsync(appointmentId!.Value, fullPhone: true, cancellationToken);
        audit.Add(AuditKind.Export, entity, normalized, AuditAction, new { format });
        if (report.Contact.Phone is not null)
        {
            audit.Add(AuditKind.Reveal, entity, normalized, "RevealPhone", new { reason = "access request" });
        }

        await db.SaveChangesAsync(cancellationToken);
        return report with { Accesses = await AccessesAsync(entity, normalized, cancellationToken) };
    }

    /// <summary>The citizen's own opinion after the tracking page's proof; null when the code and proof do not match.</summary>
    public async Task<CitizenDataReport?> ForCitizenAsync(string? code, string? proof, string format, CancellationToken cancellationToken = default)
    {
        var normalized = TrackingCodes.Normalize(code);
        if (!await tracking.ProvesAsync(normalized, proof, cancellationToken))
        {
            return null;
        }

        var id = await db.Opinions.Where(o => o.TrackingCode == normalized).Select(o => o.Id).SingleAsync(cancellationToken);
        var report = await OpinionReportAsync(id, fullPhone: false, cancellationToken);
        await audit.WriteForAsync(null, "群众（查询码核验）", AuditKind.Export, nameof(Opinion), normalized, AuditAction, new { format }, cancellationToken);
        return report with { Accesses = await AccessesAsync(nameof(Opinion), normalized, cancellationToken) };
    }

    private async Task<CitizenDataReport> OpinionReportAsync(int id, bool fullPhone, CancellationToken cancellationToken)
    {
        var o = await db.Opinions.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new
            {
                x.TrackingCode, x.Title, x.Content, x.Channel, x.ReceivedAt, Station = x.Station.Name, Deputy = x.Deputy == null ? null : x.Deputy.Name,
                Category = x.Category == null ? null : x.Category.Name, x.State, x.FedBackAt, x.ClosedAt, x.PublishedAnswer,
                x.CitizenName, x.PhoneCipher, x.MayContact, x.IsAnonymous, x.AnonymisedAt,
                Photos = x.Photos.OrderBy(p => p.Id).Select(p => new ReportPhoto(p.ContentType, p.Length)).ToList(),
            })
            .SingleAsync(cancellationToken);
        var supervise = nameof(OpinionAction.Supervise);
        var steps = await db.OpinionEvents.AsNoTracking().Where(e => e.OpinionId == id && e.Action != supervise)
            .OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new { e.At, e.Action, e.State, e.PublicNote })
            .ToListAsync(cancellationToken);
        var answers = await db.OpinionAssignments.AsNoTracking().Where(a => a.OpinionId == id && a.Answer != null)
            .OrderBy(a => a.Round).ThenByDescending(a => a.IsLead).ThenBy(a => a.Id)
            .Select(a => new ReportAnswer(a.Round, a.HandlingUnit.Name, a.IsLead, a.AnsweredAt, a.Answer))
            .ToListAsync(cancellationToken);
        var ratings = await db.OpinionEvaluations.AsNoTracking().Where(e => e.OpinionId == id).OrderBy(e => e.Round)
            .Select(e => new TrackedRating(e.Round, e.Rating, e.Comment, e.At))
            .ToListAsync(cancellationToken);
        return new CitizenDataReport(
            o.TrackingCode,
            time.GetUtcNow(),
            new CitizenContact(o.CitizenName, PhoneOf(o.PhoneCipher, fullPhone), o.MayContact, o.IsAnonymous, o.AnonymisedAt),
            new ReportOpinion(o.Title, o.Content, o.Channel, o.ReceivedAt, o.Station, o.Deputy, o.Category, o.State, o.FedBackAt, o.ClosedAt, o.PublishedAnswer, o.Photos),
            null,
            steps.Select(s => new ReportStep(s.At, Enum.Parse<OpinionAction>(s.Action), s.State, s.PublicNote)).ToList(),
            answers,
            ratings,
            await MessagesAsync(o.TrackingCode, o.ReceivedAt, cancellationToken),
            []);
    }

    private async Task<CitizenDataReport> AppointmentReportAsync(int id, bool fullPhone, CancellationToken cancellationToken)
    {
        var a = await db.Appointments.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new
            {
                x.TrackingCode, x.Name, x.PhoneCipher, x.AnonymisedAt, Station = x.Station.Name, Deputy = x.Deputy == null ? null : x.Deputy.Name,
                x.Slot.StartsAt, x.Slot.EndsAt, x.Slot.Place, x.Topic, x.Status, x.Reply, x.CreatedAt, x.AttendedAt,
            })
            .SingleAsync(cancellationToken);
        return new CitizenDataReport(
            a.TrackingCode,
            time.GetUtcNow(),
            new CitizenContact(a.Name, PhoneOf(a.PhoneCipher, fullPhone), MayContact: true, IsAnonymous: false, a.AnonymisedAt),
            null,
            new ReportAppointment(a.Station, a.Deputy, a.StartsAt, a.EndsAt, a.Place, a.Topic, a.Status, a.Reply, a.CreatedAt, a.AttendedAt),
            [],
            [],
            [],
            await MessagesAsync(a.TrackingCode, a.CreatedAt, cancellationToken),
            []);
    }

    /// <summary>The number in full or masked; null when none is kept (none given, or anonymised).</summary>
    private string? PhoneOf(string? cipher, bool full)
    {
        if (string.IsNullOrEmpty(cipher))
        {
            return null;
        }

        var phone = phones.Unprotect(cipher);
        return full ? phone : CitizenPhones.Mask(phone);
    }

    /// <summary>The texts and e-mails that name the code (every message to a citizen about a case or an appointment does).</summary>
    private async Task<IReadOnlyList<ReportMessage>> MessagesAsync(string code, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var display = TrackingCodes.Display(code);
        return await db.OutboxMessages.AsNoTracking()
            .Where(m => m.CreatedAt >= since && m.Channel != MessageChannel.Webhook && m.Body.Contains(display))
            .OrderBy(m => m.Id)
            .Select(m => new ReportMessage(m.CreatedAt, m.Channel, m.Kind, m.Body, m.SentAt, m.FailedAt))
            .ToListAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<ReportAccess>> AccessesAsync(string entity, string code, CancellationToken cancellationToken) =>
        await db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == entity && e.EntityKey == code && e.Kind != AuditKind.CaseMove)
            .OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new ReportAccess(e.At, e.Kind, e.Action))
            .ToListAsync(cancellationToken);
}
