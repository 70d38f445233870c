using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Paging;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Opinions;

public sealed record OpinionStep(DateTimeOffset At, OpinionAction Action, OpinionState State, string? PublicNote, string? InternalNote, string? ActorName);

public sealed record OpinionPhotoInfo(int Id, string ContentType, int Length);

/// <summary>An opinion as staff see it: the citizen's phone masked, the history with internal notes and who acted.</summary>
public sealed record OpinionCase(
    string Code, string Title, string Content, OpinionChannel Channel, OpinionState State, DateTimeOffset ReceivedAt,
    string StationCode, string StationName, string? DeputyCode, string? DeputyName, string? CategoryName, Grade? Grade,
    string? CitizenName, bool IsAnonymous, string MaskedPhone, bool HasPhone, bool MayContact,
    IReadOnlyList<OpinionPhotoInfo> Photos, IReadOnlyList<OpinionStep> Steps, IReadOnlyList<TrackedRating> Ratings, string? PublishedAnswer,
    string? PartnerName = null);

/// <summary>One unit's part in a round of handling, as staff see it.</summary>
public sealed record CaseUnit(int Round, string Code, string Name, bool IsLead, DateOnly AnswerDueOn, DateTimeOffset? AnsweredAt, AnswerResult? Result, string? Answer, DateTimeOffset? ReturnedAt, string? ReturnReason);

/// <summary>Where a case stands in the workflow: its row version (xmin) for the next move, supervision, deadlines and units.</summary>
public sealed record CaseStanding(
    string Code, OpinionState State, uint Version, string? CategoryCode, Grade? Grade, SupervisionLevel Supervision, int HandlingRound,
    bool LeaderAttention, DateOnly? AnswerDueOn, DateOnly FeedbackDueOn, bool IsOverdue, string? MergedIntoCode, IReadOnlyList<CaseUnit> Units);

/// <summary>
/// Staff's reading of opinions, always through the scope filter. The workflow's moves are made by the workflow issue's
/// pages; this desk lists, shows, serves photos and reveals a phone number to staff who must call back (recorded).
/// </summary>
public sealed class OpinionDesk(ApplicationDbContext db, ScopeDirectory scopes, CitizenPhones phones, AuditLog audit)
{
    public async Task<OpinionCase?> GetAsync(StaffScope scope, string code, CancellationToken cancellationToken = default)
    {
        var found = await scopes.Opinions(scope).AsNoTracking().Where(o => o.TrackingCode == code)
            .Select(o => new
            {
                o.Id, o.TrackingCode, o.Title, o.Content, o.Channel, o.State, o.ReceivedAt,
                StationCode = o.Station.Code, StationName = o.Station.Name,
                DeputyCode = o.Deputy == null ? null : o.Deputy.Code, DeputyName = o.Deputy == null ? null : o.Deputy.Name,
                CategoryName = o.Category == null ? null : o.Category.Name, o.Grade,
                o.CitizenName, o.IsAnonymous, o.PhoneCipher, o.MayContact, o.PublishedAnswer,
                PartnerName = db.PartnerSystems.Where(p => p.Id == o.PartnerSystemId).Select(p => p.Name).FirstOrDefault(),
                Photos = o.Photos.OrderBy(p => p.Id).Select(p => new OpinionPhotoInfo(p.Id, p.ContentType, p.Length)).ToList(),
                Steps = o.Events.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new { e.At, e.Action, e.State, e.PublicNote, e.InternalNote, e.ActorName }).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var ratings = await db.OpinionEvaluations.AsNoTracking().Where(e => e.OpinionId == found.Id).OrderBy(e => e.Round)
            .Select(e => new TrackedRating(e.Round, e.Rating, e.Comment, e.At))
            .ToListAsync(cancellationToken);
        return new OpinionCase(
            found.TrackingCode, found.Title, found.Content, found.Channel, found.State, found.ReceivedAt,
            found.StationCode, found.StationName, found.DeputyCode, found.DeputyName, found.CategoryName, found.Grade,
            found.CitizenName, found.IsAnonymous, phones.Masked(found.PhoneCipher), found.PhoneCipher is not null, found.MayContact,
            found.Photos,
            found.Steps.Select(s => new OpinionStep(s.At, Enum.Parse<OpinionAction>(s.Action), s.State, s.PublicNote, s.InternalNote, s.ActorName)).ToList(),
            ratings,
            found.PublishedAnswer,
            found.PartnerName);
    }

    /// <summary>The workflow facts of a case in the scope (every round's units, latest first); null outside the scope.</summary>
    public async Task<CaseStanding?> StandingAsync(StaffScope scope, string code, CancellationToken cancellationToken = default)
    {
        var found = await scopes.Opinions(scope).AsNoTracking().Where(o => o.TrackingCode == code)
            .Select(o => new
            {
                o.Id, o.TrackingCode, o.State, o.Version, CategoryCode = o.Category == null ? null : o.Category.Code, o.Grade, o.Supervision,
                o.HandlingRound, o.LeaderAttention, o.AnswerDueOn, o.FeedbackDueOn, o.IsOverdue,
                MergedInto = db.Opinions.Where(m => m.Id == o.MergedIntoId).Select(m => m.TrackingCode).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var units = await db.OpinionAssignments.AsNoTracking().Where(a => a.OpinionId == found.Id)
            .OrderByDescending(a => a.Round).ThenByDescending(a => a.IsLead).ThenBy(a => a.HandlingUnit.Code)
            .Select(a => new CaseUnit(a.Round, a.HandlingUnit.Code, a.HandlingUnit.Name, a.IsLead, a.AnswerDueOn, a.AnsweredAt, a.Result, a.Answer, a.ReturnedAt, a.ReturnReason))
            .ToListAsync(cancellationToken);
        return new CaseStanding(
            found.TrackingCode, found.State, found.Version, found.CategoryCode, found.Grade, found.Supervision, found.HandlingRound,
            found.LeaderAttention, found.AnswerDueOn, found.FeedbackDueOn, found.IsOverdue, found.MergedInto, units);
    }

    /// <summary>A photo of an opinion in the scope (a citizen's file: each fetch is in the audit log); null for anything else.</summary>
    public async Task<PhotoFile?> PhotoAsync(StaffScope scope, string code, int photoId, CancellationToken cancellationToken = default)
    {
        var photo = await db.OpinionPhotos.AsNoTracking()
            .Where(p => p.Id == photoId && scopes.Opinions(scope).Any(o => o.Id == p.OpinionId && o.TrackingCode == code))
            .Select(p => new PhotoFile(p.ContentType, p.Content, DateTimeOffset.UnixEpoch))
            .SingleOrDefaultAsync(cancellationToken);
        if (photo is not null)
        {
            await audit.WriteAsync(
                AuditKind.Download, nameof(Opinion), code, "PhotoShown", new { photo = photoId, bytes = photo.Content.Length }, cancellationToken);
        }

        return photo;
    }

    /// <summary>
    /// The full number, for a call back; the change log records who looked and when. Null when the opinion is not in
    /// the scope, has no phone, or the citizen did not agree to be contacted.
    /// </summary>
    public async Task<string?> RevealPhoneAsync(StaffScope scope, string code, CancellationToken cancellationToken = default)
    {
        var cipher = await scopes.Opinions(scope).Where(o => o.TrackingCode == code && o.MayContact)
            .Select(o => o.PhoneCipher)
            .SingleOrDefaultAsync(cancellationToken);
        if (cipher is null)
        {
            return null;
        }

        await audit.WriteAsync(AuditKind.Reveal, nameof(Opinion), code, "RevealPhone", cancellationToken: cancellationToken);
        return phones.Unprotect(cipher);
    }
}
