using LiaisonPortal.Core.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiaisonPortal.Core.Data.Configurations;

internal sealed class PartnerSystemConfiguration : IEntityTypeConfiguration<PartnerSystem>
{
    public void Configure(EntityTypeBuilder<PartnerSystem> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(PartnerSystem.NameMaxLength);
        builder.HasIndex(p => p.Name).IsUnique();
        builder.Property(p => p.Contact).HasMaxLength(PartnerSystem.ContactMaxLength);
        builder.Property(p => p.KeyPrefix).HasMaxLength(PartnerSystem.KeyPrefixLength);
        builder.HasIndex(p => p.KeyPrefix).IsUnique();
        builder.Property(p => p.KeyHash).HasMaxLength(PartnerSystem.KeyHashLength).IsFixedLength();
        builder.Property(p => p.IpAllowList).HasMaxLength(PartnerSystem.IpAllowListMaxLength);
        builder.Property(p => p.WebhookUrl).HasMaxLength(PartnerSystem.WebhookUrlMaxLength);
        builder.Property(p => p.WebhookSecretCipher).HasMaxLength(1000);
        builder.Property(p => p.CreatedBy).HasMaxLength(256);
        builder.Property(p => p.RevokedBy).HasMaxLength(256);
        builder.Property(p => p.Version).IsRowVersion();
        builder.Ignore(p => p.IsRevoked);
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("CK_PartnerSystems_RateLimit", $"\"RateLimitPerMinute\" BETWEEN 1 AND {PartnerSystem.MaxRateLimitPerMinute}");
            t.HasCheckConstraint("CK_PartnerSystems_Operations", $"\"Operations\" BETWEEN 0 AND {(int)PartnerOperations.All}");
        });
    }
}

internal sealed class PartnerCallConfiguration : IEntityTypeConfiguration<PartnerCall>
{
    public void Configure(EntityTypeBuilder<PartnerCall> builder)
    {
        builder.Property(c => c.Method).HasMaxLength(PartnerCall.MethodMaxLength);
        builder.Property(c => c.Path).HasMaxLength(PartnerCall.PathMaxLength);
        builder.Property(c => c.Operation).HasMaxLength(PartnerCall.OperationMaxLength);
        builder.Property(c => c.Address).HasMaxLength(PartnerCall.AddressMaxLength);
        builder.Property(c => c.ServiceRequestId).HasMaxLength(Citizens.TrackingCodes.CodeLength);
        builder.Property(c => c.Error).HasMaxLength(PartnerCall.ErrorMaxLength);
        builder.HasOne<PartnerSystem>().WithMany().HasForeignKey(c => c.PartnerSystemId).OnDelete(DeleteBehavior.Restrict);
        // The call log of one partner, newest first; and the whole log by time.
        builder.HasIndex(c => new { c.PartnerSystemId, c.At }).IsDescending(false, true);
        builder.HasIndex(c => c.At).IsDescending();
    }
}
