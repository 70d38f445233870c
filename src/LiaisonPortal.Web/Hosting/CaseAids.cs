using LiaisonPortal.Core.Opinions;

namespace LiaisonPortal.Web.Hosting;

/// <summary>What helps staff on a case page: the admins' classification rules and reply templates, and the duplicate finder.</summary>
public sealed class CaseAids(CaseSettings settings, DuplicateFinder duplicates)
{
    public CaseSettings Settings { get; } = settings;

    public DuplicateFinder Duplicates { get; } = duplicates;
}
