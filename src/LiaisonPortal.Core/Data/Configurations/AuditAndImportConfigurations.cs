using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiaisonPortal.Core.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.ActorId).HasMaxLength(450);
        builder.Property(a => a.ActorName).HasMaxLength(AuditEntry.ActorNameMaxLength);
        builder.Property(a => a.Address).HasMaxLength(AuditEntry.AddressMaxLength);
        builder.Property(a => a.EntityType).HasMaxLength(50);
        builder.Property(a => a.EntityKey).HasMaxLength(AuditEntry.EntityKeyMaxLength);
        builder.Property(a => a.Action).HasMaxLength(AuditEntry.ActionMaxLength);
        builder.Property(a => a.Changes).HasColumnType("jsonb");
        builder.HasIndex(a => new { a.EntityType, a.EntityKey, a.At });
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.Kind, a.At });
    }
}

internal sealed class ImportBatchConfiguration : IEntityTypeConfiguration<ImportBatch>
{
    public void Configure(EntityTypeBuilder<ImportBatch> builder)
    {
        builder.Property(b => b.FileName).HasMaxLength(ImportBatch.FileNameMaxLength);
        builder.Property(b => b.CreatedBy).HasMaxLength(450);
        builder.Property(b => b.Error).HasMaxLength(2000);
        builder.Property(b => b.Version).IsRowVersion();
        builder.HasIndex(b => b.CreatedAt);
    }
}
