using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Reception;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiaisonPortal.Core.Data.Configurations;

internal sealed class ReceptionRuleConfiguration : IEntityTypeConfiguration<ReceptionRule>
{
    public void Configure(EntityTypeBuilder<ReceptionRule> builder)
    {
        builder.Property(r => r.Topic).HasMaxLength(ReceptionRule.TopicMaxLength);
        builder.Property(r => r.Place).HasMaxLength(ReceptionRule.PlaceMaxLength);
        builder.Property(r => r.MeetingLink).HasMaxLength(ReceptionRule.LinkMaxLength);
        builder.Property(r => r.Version).IsRowVersion();
        builder.HasOne(r => r.Region).WithMany().HasForeignKey(r => r.RegionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Station).WithMany().HasForeignKey(r => r.StationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.RegionId);
        builder.HasIndex(r => r.StationId);
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("CK_ReceptionRules_Owner", "(\"RegionId\" IS NULL) <> (\"StationId\" IS NULL)");
            t.HasCheckConstraint("CK_ReceptionRules_Times", "\"End\" > \"Start\"");
        });
    }
}

internal sealed class DutyAssignmentConfiguration : IEntityTypeConfiguration<DutyAssignment>
{
    public void Configure(EntityTypeBuilder<DutyAssignment> builder)
    {
        builder.Property(d => d.Version).IsRowVersion();
        builder.HasOne(d => d.Station).WithMany().HasForeignKey(d => d.StationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(d => d.Deputy).WithMany().HasForeignKey(d => d.DeputyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Deputy>().WithMany().HasForeignKey(d => d.ReplacesDeputyId).OnDelete(DeleteBehavior.Restrict);
        // A deputy is on a station's duty once per day, however often the roster is saved.
        builder.HasIndex(d => new { d.StationId, d.Date, d.DeputyId }).IsUnique();
        builder.HasIndex(d => new { d.DeputyId, d.Date });
    }
}

internal sealed class DeputyUnavailabilityConfiguration : IEntityTypeConfiguration<DeputyUnavailability>
{
    public void Configure(EntityTypeBuilder<DeputyUnavailability> builder)
    {
        builder.HasKey(u => new { u.DeputyId, u.Date });
        builder.Property(u => u.Note).HasMaxLength(DeputyUnavailability.NoteMaxLength);
        builder.HasOne<Deputy>().WithMany().HasForeignKey(u => u.DeputyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReceptionLogConfiguration : IEntityTypeConfiguration<ReceptionLog>
{
    public void Configure(EntityTypeBuilder<ReceptionLog> builder)
    {
        builder.Property(l => l.Summary).HasMaxLength(ReceptionLog.SummaryMaxLength);
        builder.Property(l => l.Place).HasMaxLength(ReceptionLog.PlaceMaxLength);
        builder.Property(l => l.Version).IsRowVersion();
        builder.HasOne(l => l.Station).WithMany().HasForeignKey(l => l.StationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => new { l.StationId, l.Date });
        builder.ToTable(t => t.HasCheckConstraint("CK_ReceptionLogs_Counts", "\"PeopleReceived\" >= 0 AND \"SolvedOnSpot\" >= 0"));
    }
}

internal sealed class ReceptionLogDeputyConfiguration : IEntityTypeConfiguration<ReceptionLogDeputy>
{
    public void Configure(EntityTypeBuilder<ReceptionLogDeputy> builder)
    {
        builder.HasKey(d => new { d.LogId, d.DeputyId });
        builder.HasOne<ReceptionLog>().WithMany().HasForeignKey(d => d.LogId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(d => d.Deputy).WithMany().HasForeignKey(d => d.DeputyId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReceptionLogPhotoConfiguration : IEntityTypeConfiguration<ReceptionLogPhoto>
{
    public void Configure(EntityTypeBuilder<ReceptionLogPhoto> builder)
    {
        builder.Property(p => p.ContentType).HasMaxLength(40);
        builder.HasOne<ReceptionLog>().WithMany().HasForeignKey(p => p.LogId).OnDelete(DeleteBehavior.Cascade);
        builder.ToTable(t => t.HasCheckConstraint("CK_ReceptionLogPhotos_Length", $"\"Length\" <= {Opinions.Opinion.PhotoMaxBytes}"));
    }
}
