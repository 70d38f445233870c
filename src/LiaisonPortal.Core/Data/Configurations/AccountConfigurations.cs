using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiaisonPortal.Core.Data.Configurations;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(ApplicationUser.DisplayNameMaxLength);
        builder.Ignore(u => u.Scope);
        builder.HasOne<Region>().WithMany().HasForeignKey(u => u.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Station>().WithMany().HasForeignKey(u => u.StationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<HandlingUnit>().WithMany().HasForeignKey(u => u.HandlingUnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Deputy>().WithMany().HasForeignKey(u => u.DeputyId).OnDelete(DeleteBehavior.Restrict);
        // The scope kind and the one id it names must agree; the database refuses anything else.
        builder.ToTable(t => t.HasCheckConstraint(
            "CK_AspNetUsers_Scope",
            """
            ("ScopeKind" = 0 AND "RegionId" IS NULL AND "StationId" IS NULL AND "HandlingUnitId" IS NULL AND "DeputyId" IS NULL)
            OR ("ScopeKind" = 1 AND "RegionId" IS NOT NULL AND "StationId" IS NULL AND "HandlingUnitId" IS NULL AND "DeputyId" IS NULL)
            OR ("ScopeKind" = 2 AND "StationId" IS NOT NULL AND "RegionId" IS NULL AND "HandlingUnitId" IS NULL AND "DeputyId" IS NULL)
            OR ("ScopeKind" = 3 AND "HandlingUnitId" IS NOT NULL AND "RegionId" IS NULL AND "StationId" IS NULL AND "DeputyId" IS NULL)
            OR ("ScopeKind" = 4 AND "DeputyId" IS NOT NULL AND "RegionId" IS NULL AND "StationId" IS NULL AND "HandlingUnitId" IS NULL)
            """));
    }
}

internal sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    public void Configure(EntityTypeBuilder<CalendarDay> builder)
    {
        builder.HasKey(d => d.Date);
        builder.Property(d => d.Name).HasMaxLength(50);
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.Property(k => k.FriendlyName).HasMaxLength(200);
    }
}
