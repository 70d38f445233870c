using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Suggestions;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Suggestions;

/// <summary>Names on the figure pages (localizer keys), and the links into the suggestion list.</summary>
public static class FigureLabels
{
    /// <summary>The states the office sees, in the order of the handling.</summary>
    public static IReadOnlyList<SuggestionState> StaffStates { get; } =
    [
        SuggestionState.Submitted, SuggestionState.Returned, SuggestionState.Accepted, SuggestionState.Assigned,
        SuggestionState.Replied, SuggestionState.Closed, SuggestionState.Converted,
    ];

    public static string State(SuggestionState state) => Hosting.SuggestionLabels.State(state);

    public static string Grade(AnswerResult? grade) => grade switch
    {
        null => "未答复",
        AnswerResult.Solved => "A 类",
        AnswerResult.BeingSolved => "B 类",
        _ => "C 类",
    };

    public static string Rating(Rating? rating) => rating is { } given ? Hosting.SuggestionLabels.Rating(given) : "未评价";

    /// <summary>The suggestion list (built by its own page) narrowed by the given query parameters.</summary>
    public static string List(params (string Name, string? Value)[] parameters) =>
        "/Manage/Suggestions?" + string.Join("&", parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
}

/// <summary>One figure table: its heading, the first column's name, the rows, an optional total, and where a row's name links to.</summary>
public sealed record FigureTable(string Heading, string NameHeader, IReadOnlyList<FigureRow> Rows, FigureCounts? Total, Func<FigureRow, string?> Link, string TestId);
