using LiaisonPortal.Core.Suggestions;

namespace LiaisonPortal.Web.Areas.Unit.Pages.Suggestions;

/// <summary>The units' inbox tabs (localizer keys); every other suggestion word is in <see cref="Hosting.SuggestionLabels"/>.</summary>
public static class InboxTabs
{
    public static string Name(UnitInboxTab tab) => tab switch
    {
        UnitInboxTab.Lead => "主办",
        UnitInboxTab.Co => "协办",
        UnitInboxTab.Replied => "已答复",
        _ => "全部",
    };
}
