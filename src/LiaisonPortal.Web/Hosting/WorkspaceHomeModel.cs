using LiaisonPortal.Core.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LiaisonPortal.Web.Hosting;

/// <summary>Every workspace's home: what the signed-in account's scope covers, from the one scope filter.</summary>
public abstract class WorkspaceHomeModel(ScopeDirectory scopes) : PageModel
{
    public ScopeSummary Summary { get; private set; } = null!;

    public abstract string Heading { get; }

    /// <summary>The workspace's tasks: title and description are localizer keys.</summary>
    public virtual IReadOnlyList<(string Title, string Url, string Description)> Tasks => [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Summary = await scopes.SummarizeAsync(User.Scope(), cancellationToken);
}
