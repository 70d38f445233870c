namespace LiaisonPortal.Core.Openness;

/// <summary>
/// Secondary (complementary) suppression for one column of additive figures: a region's figure is the sum of its
/// sub-regions' and stations' figures, so hiding a single small cell is not enough — the total minus the shown cells
/// would give it back. For every group "members sum to a shown parent" this hides further cells, smallest first, until
/// the group has no hidden cell (or only zeros), or at least two whose sum is at least <see cref="Disclosure.Threshold"/>. When a group
/// has nothing left to hide, its parent is hidden instead (which then protects it in the groups above). The groups are
/// given by the caller; they are computed over the whole tree once, so every page shows the same cells hidden.
/// </summary>
public static class ComplementarySuppression
{
    /// <summary>One group: the members' values add up to the parent's.</summary>
    public sealed record Group(string Parent, IReadOnlyList<string> Members);

    /// <summary>The cells to hide: those under the threshold and those hidden so that none of them can be derived.</summary>
    public static IReadOnlySet<string> Hidden(IReadOnlyDictionary<string, int> values, IReadOnlyList<Group> groups)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(groups);
        var hidden = values.Where(v => v.Value < Disclosure.Threshold).Select(v => v.Key).ToHashSet(StringComparer.Ordinal);
        bool changed;
        do
        {
            changed = false;
            foreach (var group in groups)
            {
                if (hidden.Contains(group.Parent))
                {
                    continue;
                }

                var hiddenMembers = group.Members.Where(hidden.Contains).ToList();
                if (!NeedsProtection(hiddenMembers.Select(m => values[m]).ToList()))
                {
                    continue;
                }

                var next = group.Members.Where(m => !hidden.Contains(m)).OrderBy(m => values[m]).ThenBy(m => m, StringComparer.Ordinal).FirstOrDefault();
                hidden.Add(next ?? group.Parent);
                changed = true;
            }
        }
        while (changed);

        return hidden;
    }

    /// <summary>
    /// Whether the hidden members of a shown group could be worked out: one alone, or several whose sum is under the
    /// threshold. Hidden zeros alone need nothing: learning that nothing happened there identifies no one.
    /// </summary>
    public static bool NeedsProtection(IReadOnlyCollection<int> hiddenValues)
    {
        ArgumentNullException.ThrowIfNull(hiddenValues);
        return hiddenValues.Any(v => v > 0) && (hiddenValues.Count == 1 || hiddenValues.Sum() < Disclosure.Threshold);
    }
}
