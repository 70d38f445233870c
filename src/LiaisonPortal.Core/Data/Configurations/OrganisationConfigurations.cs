using LiaisonPortal.Core.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiaisonPortal.Core.Data.Configurations;

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> builder)
    {
        builder.Property(r => r.Code).HasMaxLength(Region.CodeMaxLength);
        builder.HasIndex(r => r.Code).IsUnique();
        builder.Property(r => r.Name).HasMaxLength(Region.NameMaxLength);
        builder.Property(r => r.Path).HasMaxLength(400);
        // text_pattern_ops lets "Path LIKE '/3202/%'" (a subtree) use the index.
        builder.HasIndex(r => r.Path).HasOperators("text_pattern_ops");
        builder.HasOne(r => r.Parent).WithMany().HasForeignKey(r => r.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StationConfiguration : IEntityTypeConfiguration<Station>
{
    public void Configure(EntityTypeBuilder<Station> builder)
    {
        builder.Property(s => s.Code).HasMaxLength(Station.CodeMaxLength);
        builder.HasIndex(s => s.Code).IsUnique();
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.Address).HasMaxLength(200);
        builder.Property(s => s.OpeningHours).HasMaxLength(200);
        builder.Property(s => s.ContactPhone).HasMaxLength(40);
        builder.Property(s => s.ManagerName).HasMaxLength(50);
        builder.Property(s => s.ManagerPhone).HasMaxLength(40);
        builder.Property(s => s.Version).IsRowVersion();
        builder.HasOne(s => s.Region).WithMany().HasForeignKey(s => s.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StationStandardCheckConfiguration : IEntityTypeConfiguration<StationStandardCheck>
{
    public void Configure(EntityTypeBuilder<StationStandardCheck> builder)
    {
        builder.HasKey(c => new { c.StationId, c.Item });
        builder.Property(c => c.Note).HasMaxLength(StationStandardCheck.NoteMaxLength);
        builder.Property(c => c.CheckedBy).HasMaxLength(100);
        builder.HasOne<Station>().WithMany().HasForeignKey(c => c.StationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeputyPhotoConfiguration : IEntityTypeConfiguration<DeputyPhoto>
{
    public void Configure(EntityTypeBuilder<DeputyPhoto> builder)
    {
        builder.HasKey(p => p.DeputyId);
        builder.Property(p => p.ContentType).HasMaxLength(40);
        builder.HasOne<Deputy>().WithOne().HasForeignKey<DeputyPhoto>(p => p.DeputyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeputyConfiguration : IEntityTypeConfiguration<Deputy>
{
    public void Configure(EntityTypeBuilder<Deputy> builder)
    {
        builder.Property(d => d.Code).HasMaxLength(Deputy.CodeMaxLength);
        builder.HasIndex(d => d.Code).IsUnique();
        builder.Property(d => d.Name).HasMaxLength(50);
        builder.Property(d => d.Constituency).HasMaxLength(100);
        builder.Property(d => d.Delegation).HasMaxLength(100);
        builder.Property(d => d.Occupation).HasMaxLength(200);
        builder.Property(d => d.Commitment).HasMaxLength(1000);
        builder.Property(d => d.ProfessionalGroup).HasMaxLength(100);
        builder.Property(d => d.PrivatePhone).HasMaxLength(40);
        builder.Property(d => d.Version).IsRowVersion();
        builder.HasMany(d => d.Stations).WithOne(s => s.Deputy).HasForeignKey(s => s.DeputyId);
        builder.Navigation(d => d.Stations).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class DeputyStationConfiguration : IEntityTypeConfiguration<DeputyStation>
{
    public void Configure(EntityTypeBuilder<DeputyStation> builder)
    {
        builder.HasKey(s => new { s.DeputyId, s.StationId });
        builder.HasOne(s => s.Station).WithMany().HasForeignKey(s => s.StationId).OnDelete(DeleteBehavior.Restrict);
        // At most one primary station per deputy, enforced by the database.
        builder.HasIndex(s => s.DeputyId).IsUnique().HasFilter("\"IsPrimary\"").HasDatabaseName("IX_DeputyStations_OnePrimary");
        builder.HasIndex(s => s.StationId);
    }
}

internal sealed class HandlingUnitConfiguration : IEntityTypeConfiguration<HandlingUnit>
{
    public void Configure(EntityTypeBuilder<HandlingUnit> builder)
    {
        builder.Property(u => u.Code).HasMaxLength(HandlingUnit.CodeMaxLength);
        builder.HasIndex(u => u.Code).IsUnique();
        builder.Property(u => u.Name).HasMaxLength(100);
        builder.Property(u => u.ContactPerson).HasMaxLength(50);
        builder.Property(u => u.ContactPhone).HasMaxLength(40);
        builder.Property(u => u.Version).IsRowVersion();
        builder.HasOne(u => u.Region).WithMany().HasForeignKey(u => u.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(u => u.Parent).WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.Property(c => c.Code).HasMaxLength(Category.CodeMaxLength);
        builder.HasIndex(c => c.Code).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(50);
        builder.HasIndex(c => new { c.ParentId, c.SortOrder });
        builder.HasOne(c => c.Parent).WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}
