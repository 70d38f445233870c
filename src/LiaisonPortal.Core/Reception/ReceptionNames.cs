namespace LiaisonPortal.Core.Reception;

/// <summary>The Chinese names of the reception's kinds, shown on pages (as localizer keys) and written into the ledgers.</summary>
public static class ReceptionNames
{
    public static string Of(ReceptionMode mode) => mode switch
    {
        ReceptionMode.AtStation => "进站接待",
        ReceptionMode.Visit => "走访",
        ReceptionMode.Online => "在线接待",
        ReceptionMode.Mobile => "流动接待",
        _ => mode.ToString(),
    };
}
