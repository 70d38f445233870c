using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiaisonPortal.Core.Data.Configurations;

internal sealed class OpinionConfiguration : IEntityTypeConfiguration<Opinion>
{
    public void Configure(EntityTypeBuilder<Opinion> builder)
    {
        builder.Property(o => o.TrackingCode).HasMaxLength(TrackingCodes.CodeLength);
        builder.HasIndex(o => o.TrackingCode).IsUnique();
        builder.Property(o => o.Title).HasMaxLength(Opinion.TitleMaxLength);
        builder.Property(o => o.Content).HasMaxLength(Opinion.ContentMaxLength);
        builder.Property(o => o.CitizenName).HasMaxLength(Opinion.NameMaxLength);
        builder.Property(o => o.PhoneCipher).HasMaxLength(400);
        builder.Property(o => o.SecretHash).HasMaxLength(400);
        builder.Property(o => o.Version).IsRowVersion();
        builder.HasOne(o => o.Station).WithMany().HasForeignKey(o => o.StationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(o => o.Deputy).WithMany().HasForeignKey(o => o.DeputyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(o => o.Category).WithMany().HasForeignKey(o => o.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(o => o.Photos).WithOne().HasForeignKey(p => p.OpinionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(o => o.Events).WithOne().HasForeignKey(e => e.OpinionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(o => new { o.StationId, o.ReceivedAt });
        builder.HasIndex(o => new { o.DeputyId, o.ReceivedAt });
        builder.HasIndex(o => new { o.State, o.ReceivedAt });
        // The queue's counts by state, each capped (CaseLists.CountCap), through the scope's stations: an index-only scan
        // (EXPLAIN ANALYZE at 1,000,000 opinions, city scope: 5-10 ms instead of 800 ms reading the table).
        builder.HasIndex(o => new { o.State, o.StationId });
        // The workbench's keyset paging: newest first, ties broken by id.
        builder.HasIndex(o => new { o.ReceivedAt, o.Id }).IsDescending(true, true);
        builder.HasIndex(o => new { o.IsOverdue, o.State });
        // The dashboard's live overdue count by station and received date, answered from the index alone with State included
        // (EXPLAIN ANALYZE at 1,000,000 opinions, a city's year: 61 ms with a heap fetch per row for State, 9 ms index-only).
        builder.HasIndex(o => new { o.StationId, o.ReceivedAt }, "IX_Opinions_Overdue_StationId_ReceivedAt").HasFilter("\"IsOverdue\"").IncludeProperties(o => o.State);
        builder.HasOne<Opinion>().WithMany().HasForeignKey(o => o.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Region>().WithMany().HasForeignKey(o => o.EscalatedToRegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Reception.ReceptionLog>().WithMany().HasForeignKey(o => o.ReceptionLogId).OnDelete(DeleteBehavior.Restrict);
        // A partner lists its own requests, newest first (Open311 GET requests.json).
        builder.HasOne<Partners.PartnerSystem>().WithMany().HasForeignKey(o => o.PartnerSystemId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => new { o.PartnerSystemId, o.ReceivedAt }).HasFilter("\"PartnerSystemId\" IS NOT NULL");
        // The retention job's candidates: ended cases (refused, closed, merged, escalated) whose citizen data is still kept,
        // oldest last move first; an anonymised row leaves the index.
        builder.HasIndex(o => new { o.UpdatedAt, o.Id }, "IX_Opinions_Retention").HasFilter("\"AnonymisedAt\" IS NULL AND \"State\" IN (2, 8, 9, 10)");
    }
}

internal sealed class OpinionPhotoConfiguration : IEntityTypeConfiguration<OpinionPhoto>
{
    public void Configure(EntityTypeBuilder<OpinionPhoto> builder)
    {
        builder.Property(p => p.ContentType).HasMaxLength(40);
        builder.ToTable(t => t.HasCheckConstraint("CK_OpinionPhotos_Length", $"\"Length\" <= {Opinion.PhotoMaxBytes}"));
    }
}

internal sealed class OpinionEventConfiguration : IEntityTypeConfiguration<OpinionEvent>
{
    public void Configure(EntityTypeBuilder<OpinionEvent> builder)
    {
        builder.Property(e => e.Action).HasMaxLength(20);
        builder.Property(e => e.PublicNote).HasMaxLength(OpinionEvent.NoteMaxLength);
        builder.Property(e => e.InternalNote).HasMaxLength(OpinionEvent.NoteMaxLength);
        builder.Property(e => e.ActorId).HasMaxLength(450);
        builder.Property(e => e.ActorName).HasMaxLength(100);
        builder.HasIndex(e => new { e.OpinionId, e.At });
    }
}

internal sealed class OpinionEvaluationConfiguration : IEntityTypeConfiguration<OpinionEvaluation>
{
    public void Configure(EntityTypeBuilder<OpinionEvaluation> builder)
    {
        builder.Property(e => e.Comment).HasMaxLength(OpinionEvaluation.CommentMaxLength);
        // Each round of feedback is rated once, however often the button is pressed.
        builder.HasIndex(e => new { e.OpinionId, e.Round }).IsUnique();
        builder.HasOne<Opinion>().WithMany().HasForeignKey(e => e.OpinionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReceptionSlotConfiguration : IEntityTypeConfiguration<ReceptionSlot>
{
    public void Configure(EntityTypeBuilder<ReceptionSlot> builder)
    {
        builder.Property(s => s.Place).HasMaxLength(ReceptionSlot.PlaceMaxLength);
        builder.Property(s => s.Topic).HasMaxLength(ReceptionSlot.TopicMaxLength);
        builder.Property(s => s.Version).IsRowVersion();
        builder.HasOne(s => s.Station).WithMany().HasForeignKey(s => s.StationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.Deputy).WithMany().HasForeignKey(s => s.DeputyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.StationId, s.StartsAt });
        builder.HasIndex(s => new { s.DeputyId, s.StartsAt });
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("CK_ReceptionSlots_Seats", $"\"Booked\" >= 0 AND \"Booked\" <= \"Capacity\" AND \"Capacity\" BETWEEN 1 AND {ReceptionSlot.MaxCapacity}");
            t.HasCheckConstraint("CK_ReceptionSlots_Times", "\"EndsAt\" > \"StartsAt\"");
        });
    }
}

internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> builder)
    {
        builder.Property(a => a.TrackingCode).HasMaxLength(TrackingCodes.CodeLength);
        builder.HasIndex(a => a.TrackingCode).IsUnique();
        builder.Property(a => a.Name).HasMaxLength(Appointment.NameMaxLength);
        builder.Property(a => a.PhoneCipher).HasMaxLength(400);
        builder.Property(a => a.Topic).HasMaxLength(Appointment.TopicMaxLength);
        builder.Property(a => a.Reply).HasMaxLength(Appointment.ReplyMaxLength);
        builder.Property(a => a.Version).IsRowVersion();
        builder.Ignore(a => a.HoldsSeat);
        builder.HasOne(a => a.Slot).WithMany().HasForeignKey(a => a.SlotId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Station).WithMany().HasForeignKey(a => a.StationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Deputy).WithMany().HasForeignKey(a => a.DeputyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.StationId, a.CreatedAt });
        builder.HasIndex(a => a.SlotId);
        builder.Property(a => a.CheckInCode).HasMaxLength(12);
        builder.HasIndex(a => new { a.SlotId, a.CheckInCode }).IsUnique().HasFilter("\"CheckInCode\" IS NOT NULL");
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.Property(m => m.Kind).HasMaxLength(OutboxMessage.KindMaxLength);
        builder.Property(m => m.RecipientCipher).HasMaxLength(1000);
        builder.Property(m => m.Subject).HasMaxLength(OutboxMessage.SubjectMaxLength);
        builder.Property(m => m.Body).HasMaxLength(OutboxMessage.BodyMaxLength);
        builder.Property(m => m.LastError).HasMaxLength(500);
        // The sender's query: what is due and not yet sent or given up on.
        builder.HasIndex(m => m.NextAttemptAt).HasFilter("\"SentAt\" IS NULL AND \"FailedAt\" IS NULL");
        builder.HasOne<Partners.PartnerSystem>().WithMany().HasForeignKey(m => m.PartnerSystemId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OpinionAssignmentConfiguration : IEntityTypeConfiguration<OpinionAssignment>
{
    public void Configure(EntityTypeBuilder<OpinionAssignment> builder)
    {
        builder.Property(a => a.Answer).HasMaxLength(OpinionAssignment.AnswerMaxLength);
        builder.Property(a => a.Reason).HasMaxLength(OpinionAssignment.ReasonMaxLength);
        builder.Property(a => a.ReturnReason).HasMaxLength(OpinionAssignment.ReasonMaxLength);
        builder.Property(a => a.Version).IsRowVersion();
        builder.Ignore(a => a.IsOpen);
        builder.HasOne<Opinion>().WithMany().HasForeignKey(a => a.OpinionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.HandlingUnit).WithMany().HasForeignKey(a => a.HandlingUnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.OpinionId, a.Round, a.HandlingUnitId }).IsUnique();
        // One lead unit per round of handling, however many people press "assign" at once.
        builder.HasIndex(a => new { a.OpinionId, a.Round }).IsUnique().HasFilter("\"IsLead\"").HasDatabaseName("IX_OpinionAssignments_OneLeadPerRound");
        builder.HasIndex(a => new { a.HandlingUnitId, a.AnswerDueOn });
    }
}

internal sealed class DeadlineRuleConfiguration : IEntityTypeConfiguration<DeadlineRule>
{
    public void Configure(EntityTypeBuilder<DeadlineRule> builder)
    {
        builder.HasKey(r => r.Grade);
        builder.Property(r => r.Grade).ValueGeneratedNever();
        builder.ToTable(t => t.HasCheckConstraint("CK_DeadlineRules_Days", "\"ForwardDays\" BETWEEN 0 AND 60 AND \"ReachDays\" BETWEEN 0 AND 60 AND \"AnswerDays\" BETWEEN 1 AND 120"));
        builder.HasData(
            new DeadlineRule(Grade.Normal, 2, 3, 10),
            new DeadlineRule(Grade.Important, 2, 3, 10),
            new DeadlineRule(Grade.Urgent, 1, 1, 5));
    }
}

internal sealed class ReplyTemplateConfiguration : IEntityTypeConfiguration<ReplyTemplate>
{
    public void Configure(EntityTypeBuilder<ReplyTemplate> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(ReplyTemplate.NameMaxLength);
        builder.Property(t => t.Body).HasMaxLength(ReplyTemplate.BodyMaxLength);
        builder.HasOne(t => t.Category).WithMany().HasForeignKey(t => t.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(t => new { t.Kind, t.CategoryId });
    }
}

internal sealed class ClassificationRuleConfiguration : IEntityTypeConfiguration<ClassificationRule>
{
    public void Configure(EntityTypeBuilder<ClassificationRule> builder)
    {
        builder.Property(r => r.Keyword).HasMaxLength(ClassificationRule.KeywordMaxLength);
        builder.HasIndex(r => r.Keyword).IsUnique();
        builder.HasOne(r => r.Category).WithMany().HasForeignKey(r => r.CategoryId).OnDelete(DeleteBehavior.Restrict);
    }
}
