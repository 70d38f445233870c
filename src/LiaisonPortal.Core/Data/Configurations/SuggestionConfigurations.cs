using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Suggestions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiaisonPortal.Core.Data.Configurations;

internal sealed class SuggestionConfiguration : IEntityTypeConfiguration<Suggestion>
{
    public void Configure(EntityTypeBuilder<Suggestion> builder)
    {
        builder.Property(s => s.Number).HasMaxLength(Suggestion.NumberMaxLength);
        // Numbers are unique within a batch ((BatchId, Sequence) below); two congresses may both have 2026-第1次会议-第0001号.
        builder.HasIndex(s => s.Number);
        builder.Property(s => s.Title).HasMaxLength(Suggestion.TitleMaxLength);
        builder.Property(s => s.Content).HasMaxLength(Suggestion.ContentMaxLength);
        builder.Property(s => s.CreatedById).HasMaxLength(450);
        builder.Property(s => s.KeyLeader).HasMaxLength(Suggestion.LeaderMaxLength);
        builder.Property(s => s.Version).IsRowVersion();
        builder.HasOne(s => s.Batch).WithMany().HasForeignKey(s => s.BatchId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.Deputy).WithMany().HasForeignKey(s => s.DeputyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.Category).WithMany().HasForeignKey(s => s.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Opinion>().WithMany().HasForeignKey(s => s.ConvertedOpinionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Events).WithOne().HasForeignKey(e => e.SuggestionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.BatchId, s.Sequence }).IsUnique();
        builder.HasIndex(s => new { s.DeputyId, s.UpdatedAt });
        builder.HasIndex(s => new { s.State, s.DueOn });
        builder.ToTable(t => t.HasCheckConstraint("CK_Suggestions_Round", $"\"Round\" BETWEEN 1 AND {Suggestion.MaxRounds}"));
    }
}

internal sealed class SuggestionCosignerConfiguration : IEntityTypeConfiguration<SuggestionCosigner>
{
    public void Configure(EntityTypeBuilder<SuggestionCosigner> builder)
    {
        builder.HasKey(c => new { c.SuggestionId, c.DeputyId });
        builder.HasOne<Suggestion>().WithMany().HasForeignKey(c => c.SuggestionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(c => c.Deputy).WithMany().HasForeignKey(c => c.DeputyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.DeputyId);
    }
}

internal sealed class SuggestionSourceConfiguration : IEntityTypeConfiguration<SuggestionSource>
{
    public void Configure(EntityTypeBuilder<SuggestionSource> builder)
    {
        builder.HasKey(s => new { s.SuggestionId, s.OpinionId });
        builder.HasOne<Suggestion>().WithMany().HasForeignKey(s => s.SuggestionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Opinion).WithMany().HasForeignKey(s => s.OpinionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => s.OpinionId);
    }
}

internal sealed class SuggestionAttachmentConfiguration : IEntityTypeConfiguration<SuggestionAttachment>
{
    public void Configure(EntityTypeBuilder<SuggestionAttachment> builder)
    {
        builder.Property(a => a.FileName).HasMaxLength(SuggestionAttachment.FileNameMaxLength);
        builder.Property(a => a.ContentType).HasMaxLength(100);
        builder.HasOne<Suggestion>().WithMany().HasForeignKey(a => a.SuggestionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.SuggestionId);
        builder.ToTable(t => t.HasCheckConstraint("CK_SuggestionAttachments_Length", $"\"Length\" <= {SuggestionAttachment.MaxBytes}"));
    }
}

internal sealed class SuggestionAssignmentConfiguration : IEntityTypeConfiguration<SuggestionAssignment>
{
    public void Configure(EntityTypeBuilder<SuggestionAssignment> builder)
    {
        builder.Property(a => a.View).HasMaxLength(SuggestionAssignment.ViewMaxLength);
        builder.Property(a => a.Reply).HasMaxLength(SuggestionAssignment.ReplyMaxLength);
        builder.Property(a => a.Reason).HasMaxLength(SuggestionAssignment.ReasonMaxLength);
        builder.Property(a => a.SentBackReason).HasMaxLength(SuggestionAssignment.ReasonMaxLength);
        builder.Property(a => a.Version).IsRowVersion();
        builder.HasOne(a => a.Suggestion).WithMany().HasForeignKey(a => a.SuggestionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.HandlingUnit).WithMany().HasForeignKey(a => a.HandlingUnitId).OnDelete(DeleteBehavior.Restrict);
        // A unit sending a suggestion back keeps its row as the record; the office may then assign again in the same round.
        builder.HasIndex(a => new { a.SuggestionId, a.Round, a.HandlingUnitId }).IsUnique().HasFilter("\"SentBackAt\" IS NULL");
        // One lead unit per round, however many people press "assign" at once.
        builder.HasIndex(a => new { a.SuggestionId, a.Round }).IsUnique().HasFilter("\"IsLead\" AND \"SentBackAt\" IS NULL").HasDatabaseName("IX_SuggestionAssignments_OneLeadPerRound");
        builder.HasIndex(a => new { a.HandlingUnitId, a.DueOn });
        // Every per-suggestion lookup (lists' lead unit and grade, the unit scope filter, the figures' joins) including sent-back rows.
        builder.HasIndex(a => a.SuggestionId);
    }
}

internal sealed class SuggestionContactConfiguration : IEntityTypeConfiguration<SuggestionContact>
{
    public void Configure(EntityTypeBuilder<SuggestionContact> builder)
    {
        builder.Property(c => c.Note).HasMaxLength(SuggestionContact.NoteMaxLength);
        builder.Property(c => c.RecordedById).HasMaxLength(450);
        builder.Property(c => c.RecordedByName).HasMaxLength(100);
        builder.HasOne<Suggestion>().WithMany().HasForeignKey(c => c.SuggestionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(c => c.HandlingUnit).WithMany().HasForeignKey(c => c.HandlingUnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.SuggestionId, c.Round });
    }
}

internal sealed class SuggestionEvaluationConfiguration : IEntityTypeConfiguration<SuggestionEvaluation>
{
    public void Configure(EntityTypeBuilder<SuggestionEvaluation> builder)
    {
        builder.Property(e => e.Comment).HasMaxLength(SuggestionEvaluation.CommentMaxLength);
        // Each round's reply is rated once, however often the button is pressed.
        builder.HasIndex(e => new { e.SuggestionId, e.Round }).IsUnique();
        builder.HasOne<Suggestion>().WithMany().HasForeignKey(e => e.SuggestionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SuggestionEventConfiguration : IEntityTypeConfiguration<SuggestionEvent>
{
    public void Configure(EntityTypeBuilder<SuggestionEvent> builder)
    {
        builder.Property(e => e.Action).HasMaxLength(20);
        builder.Property(e => e.Note).HasMaxLength(SuggestionEvent.NoteMaxLength);
        builder.Property(e => e.InternalNote).HasMaxLength(SuggestionEvent.NoteMaxLength);
        builder.Property(e => e.ActorId).HasMaxLength(450);
        builder.Property(e => e.ActorName).HasMaxLength(100);
        builder.HasIndex(e => new { e.SuggestionId, e.At });
    }
}

internal sealed class SuggestionBatchConfiguration : IEntityTypeConfiguration<SuggestionBatch>
{
    public void Configure(EntityTypeBuilder<SuggestionBatch> builder)
    {
        builder.Property(b => b.Name).HasMaxLength(SuggestionBatch.NameMaxLength);
        builder.Property(b => b.Version).IsRowVersion();
        builder.HasOne(b => b.Region).WithMany().HasForeignKey(b => b.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(b => new { b.RegionId, b.Year, b.Name }).IsUnique();
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("CK_SuggestionBatches_Dates", "\"ClosesOn\" >= \"OpensOn\"");
            t.HasCheckConstraint("CK_SuggestionBatches_Deadline",
                "(\"DeadlineMonths\" IS NULL) <> (\"DeadlineWorkingDays\" IS NULL) AND COALESCE(\"DeadlineMonths\", 1) BETWEEN 1 AND 12 AND COALESCE(\"DeadlineWorkingDays\", 1) BETWEEN 1 AND 250");
            t.HasCheckConstraint("CK_SuggestionBatches_LastNumber", "\"LastNumber\" >= 0");
        });
    }
}
