using LiaisonPortal.Core.Organisation;

namespace LiaisonPortal.Web.Hosting;

/// <summary>The staff pages' region drop-down: the scope's regions, indented by level.</summary>
public sealed record RegionSelect(IReadOnlyList<RegionOption> Regions, string? Selected, string Name, string Id, string Empty);
