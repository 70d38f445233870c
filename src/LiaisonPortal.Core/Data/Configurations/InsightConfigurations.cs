using LiaisonPortal.Core.Analysis;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Performance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiaisonPortal.Core.Data.Configurations;

internal sealed class PointRuleConfiguration : IEntityTypeConfiguration<PointRule>
{
    public void Configure(EntityTypeBuilder<PointRule> builder)
    {
        builder.Property(r => r.Version).IsRowVersion();
        builder.HasIndex(r => new { r.Year, r.Fact }).IsUnique();
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("CK_PointRules_Points", $"\"Points\" BETWEEN -{PointRule.MaxPoints} AND {PointRule.MaxPoints}");
            t.HasCheckConstraint("CK_PointRules_Cap", $"(\"Cap\" IS NULL) = (\"CapPeriod\" IS NULL) AND COALESCE(\"Cap\", 1) BETWEEN 1 AND {PointRule.MaxCap}");
            t.HasCheckConstraint("CK_PointRules_Minimum", "COALESCE(\"YearlyMinimum\", 1) BETWEEN 1 AND 366");
            t.HasCheckConstraint("CK_PointRules_Year", "\"Year\" BETWEEN 2000 AND 2100");
        });
    }
}

internal sealed class DeputyActivityConfiguration : IEntityTypeConfiguration<DeputyActivity>
{
    public void Configure(EntityTypeBuilder<DeputyActivity> builder)
    {
        builder.Property(a => a.Title).HasMaxLength(DeputyActivity.TitleMaxLength);
        builder.Property(a => a.Place).HasMaxLength(DeputyActivity.PlaceMaxLength);
        builder.Property(a => a.Summary).HasMaxLength(DeputyActivity.SummaryMaxLength);
        builder.Property(a => a.RecordedById).HasMaxLength(450);
        builder.Property(a => a.RecordedByName).HasMaxLength(200);
        builder.Property(a => a.Version).IsRowVersion();
        builder.HasOne(a => a.Region).WithMany().HasForeignKey(a => a.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Station).WithMany().HasForeignKey(a => a.StationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(a => a.Participants).WithOne().HasForeignKey(p => p.ActivityId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Participants).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(a => new { a.RegionId, a.Date });
        builder.HasIndex(a => new { a.StationId, a.Date });
        builder.ToTable(t => t.HasCheckConstraint("CK_DeputyActivities_Kind", $"\"Kind\" >= {(int)PerformanceFact.Inspection}"));
    }
}

internal sealed class DeputyActivityParticipantConfiguration : IEntityTypeConfiguration<DeputyActivityParticipant>
{
    public void Configure(EntityTypeBuilder<DeputyActivityParticipant> builder)
    {
        builder.HasKey(p => new { p.ActivityId, p.DeputyId });
        builder.HasOne(p => p.Deputy).WithMany().HasForeignKey(p => p.DeputyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.DeputyId);
    }
}

internal sealed class DeputyActivityEvidenceConfiguration : IEntityTypeConfiguration<DeputyActivityEvidence>
{
    public void Configure(EntityTypeBuilder<DeputyActivityEvidence> builder)
    {
        builder.Property(e => e.FileName).HasMaxLength(DeputyActivityEvidence.FileNameMaxLength);
        builder.Property(e => e.ContentType).HasMaxLength(100);
        builder.HasOne<DeputyActivity>().WithMany().HasForeignKey(e => e.ActivityId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => e.ActivityId);
        builder.ToTable(t => t.HasCheckConstraint("CK_DeputyActivityEvidence_Length", $"\"Length\" <= {DeputyActivityEvidence.MaxBytes}"));
    }
}

internal sealed class OpinionAnalysisReportConfiguration : IEntityTypeConfiguration<OpinionAnalysisReport>
{
    public void Configure(EntityTypeBuilder<OpinionAnalysisReport> builder)
    {
        builder.Property(r => r.Figures).HasColumnType("jsonb");
        builder.Property(r => r.Commentary).HasMaxLength(OpinionAnalysisReport.CommentaryMaxLength);
        builder.Property(r => r.PublishedById).HasMaxLength(450);
        builder.Property(r => r.PublishedByName).HasMaxLength(200);
        builder.Property(r => r.Version).IsRowVersion();
        builder.HasOne(r => r.Region).WithMany().HasForeignKey(r => r.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.RegionId, r.Month }).IsUnique();
        builder.ToTable(t => t.HasCheckConstraint("CK_OpinionAnalysisReports_Month", "EXTRACT(DAY FROM \"Month\") = 1"));
    }
}
