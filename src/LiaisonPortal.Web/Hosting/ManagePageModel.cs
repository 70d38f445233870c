using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Management;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LiaisonPortal.Web.Hosting;

/// <summary>
/// Base of the directory's staff pages: the signed-in account's scope, and the service's <see cref="EditResult"/> turned
/// into the page's answer (messages next to the fields, 404 outside the scope, 403 for a change the role may not make).
/// </summary>
public abstract class ManagePageModel : PageModel
{
    public StaffScope Scope => User.Scope();

    /// <summary>Whether the account manages a region (or everything), rather than one station.</summary>
    public bool ManagesRegions => Scope.ManagesRegions;

    /// <summary>
    /// Null when the change was made; otherwise the page to show: the form again with the messages, a 404 or a 403.
    /// </summary>
    protected IActionResult? Failure(EditResult result, string prefix = "Input")
    {
        ArgumentNullException.ThrowIfNull(result);
        switch (result.Outcome)
        {
            case EditOutcome.Done:
                return null;
            case EditOutcome.NotFound:
                return NotFound();
            case EditOutcome.Forbidden:
                return Forbid();
            default:
                foreach (var error in result.Errors)
                {
                    ModelState.AddModelError(error.Field.Length == 0 ? string.Empty : $"{prefix}.{error.Field}", error.Message);
                }

                return Page();
        }
    }

    /// <summary>A green message on the next page.</summary>
    protected void Done(string message) => TempData["StatusMessage"] = message;
}
