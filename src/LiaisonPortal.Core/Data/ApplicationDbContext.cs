using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Analysis;
using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Import;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Performance;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Core.Suggestions;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Data;

public class ApplicationDbContext(DbContextOptions<ApplicationDbContext> options)
    : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<Region> Regions => Set<Region>();

    public DbSet<Station> Stations => Set<Station>();

    public DbSet<Deputy> Deputies => Set<Deputy>();

    public DbSet<DeputyStation> DeputyStations => Set<DeputyStation>();

    public DbSet<DeputyPhoto> DeputyPhotos => Set<DeputyPhoto>();

    public DbSet<StationStandardCheck> StationStandardChecks => Set<StationStandardCheck>();

    public DbSet<HandlingUnit> HandlingUnits => Set<HandlingUnit>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();

    public DbSet<Opinion> Opinions => Set<Opinion>();

    public DbSet<OpinionPhoto> OpinionPhotos => Set<OpinionPhoto>();

    public DbSet<OpinionEvent> OpinionEvents => Set<OpinionEvent>();

    public DbSet<OpinionEvaluation> OpinionEvaluations => Set<OpinionEvaluation>();

    public DbSet<OpinionAssignment> OpinionAssignments => Set<OpinionAssignment>();

    public DbSet<DeadlineRule> DeadlineRules => Set<DeadlineRule>();

    public DbSet<ReplyTemplate> ReplyTemplates => Set<ReplyTemplate>();

    public DbSet<ClassificationRule> ClassificationRules => Set<ClassificationRule>();

    public DbSet<ReceptionSlot> ReceptionSlots => Set<ReceptionSlot>();

    public DbSet<Appointment> Appointments => Set<Appointment>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<ReceptionRule> ReceptionRules => Set<ReceptionRule>();

    public DbSet<DutyAssignment> DutyAssignments => Set<DutyAssignment>();

    public DbSet<DeputyUnavailability> DeputyUnavailabilities => Set<DeputyUnavailability>();

    public DbSet<ReceptionLog> ReceptionLogs => Set<ReceptionLog>();

    public DbSet<ReceptionLogDeputy> ReceptionLogDeputies => Set<ReceptionLogDeputy>();

    public DbSet<ReceptionLogPhoto> ReceptionLogPhotos => Set<ReceptionLogPhoto>();

    public DbSet<Suggestion> Suggestions => Set<Suggestion>();

    public DbSet<SuggestionCosigner> SuggestionCosigners => Set<SuggestionCosigner>();

    public DbSet<SuggestionSource> SuggestionSources => Set<SuggestionSource>();

    public DbSet<SuggestionAttachment> SuggestionAttachments => Set<SuggestionAttachment>();

    public DbSet<SuggestionAssignment> SuggestionAssignments => Set<SuggestionAssignment>();

    public DbSet<SuggestionContact> SuggestionContacts => Set<SuggestionContact>();

    public DbSet<SuggestionEvaluation> SuggestionEvaluations => Set<SuggestionEvaluation>();

    public DbSet<SuggestionEvent> SuggestionEvents => Set<SuggestionEvent>();

    public DbSet<SuggestionBatch> SuggestionBatches => Set<SuggestionBatch>();

    public DbSet<PointRule> PointRules => Set<PointRule>();

    public DbSet<DeputyActivity> DeputyActivities => Set<DeputyActivity>();

    public DbSet<DeputyActivityParticipant> DeputyActivityParticipants => Set<DeputyActivityParticipant>();

    public DbSet<DeputyActivityEvidence> DeputyActivityEvidence => Set<DeputyActivityEvidence>();

    public DbSet<OpinionAnalysisReport> OpinionAnalysisReports => Set<OpinionAnalysisReport>();

    public DbSet<Partners.PartnerSystem> PartnerSystems => Set<Partners.PartnerSystem>();

    public DbSet<Partners.PartnerCall> PartnerCalls => Set<Partners.PartnerCall>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ApplicationDbContext).Assembly);
    }

    /// <summary>
    /// Drops every change a failed save left pending — new rows forgotten, changed or deleted ones read again — so the
    /// next SaveChanges does not repeat it. Identity saves each change to an account at once and only reports (not
    /// throws) a save that lost a race; whatever saves next in the request would otherwise fail on it.
    /// </summary>
    public async Task DiscardUnsavedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var unsaved in ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList())
        {
            if (unsaved.State == EntityState.Added)
            {
                unsaved.State = EntityState.Detached;
            }
            else
            {
                await unsaved.ReloadAsync(cancellationToken);
            }
        }
    }
}
