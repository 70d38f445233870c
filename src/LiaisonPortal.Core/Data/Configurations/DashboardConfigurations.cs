using LiaisonPortal.Core.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiaisonPortal.Core.Data.Configurations;

/// <summary>The dashboard's rollups: keyed by station and month, no foreign keys (they are rebuilt from the opinions).</summary>
internal sealed class DashboardMonthConfiguration : IEntityTypeConfiguration<DashboardMonth>
{
    public void Configure(EntityTypeBuilder<DashboardMonth> builder)
    {
        builder.ToTable("DashboardMonths");
        builder.HasKey(m => new { m.StationId, m.Month, m.CategoryId });
    }
}

internal sealed class DashboardUnitMonthConfiguration : IEntityTypeConfiguration<DashboardUnitMonth>
{
    public void Configure(EntityTypeBuilder<DashboardUnitMonth> builder)
    {
        builder.ToTable("DashboardUnitMonths");
        builder.HasKey(m => new { m.StationId, m.Month, m.HandlingUnitId });
    }
}

internal sealed class DashboardDirtyMonthConfiguration : IEntityTypeConfiguration<DashboardDirtyMonth>
{
    public void Configure(EntityTypeBuilder<DashboardDirtyMonth> builder) => builder.ToTable("DashboardDirtyMonths");
}
