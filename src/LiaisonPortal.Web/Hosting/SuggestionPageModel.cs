using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Suggestions;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Hosting;

/// <summary>
/// A suggestion's page for one kind of account (deputy, office, unit): loads it through the scope filter with the
/// version its forms post, and makes a move the same way on every page — done: back to the suggestion with a green
/// message; a move the account may not make: 403 with the reason on top; refused by the state or made stale by
/// someone else: 409 with the reason and the fresh state; bad input: the page again with the messages next to the
/// fields and everything typed kept.
/// </summary>
public abstract class SuggestionPageModel(SuggestionDesk desk) : ManagePageModel
{
    public SuggestionCase Current { get; private set; } = null!;

    /// <summary>The version (xmin) the forms were shown with.</summary>
    [BindProperty]
    public uint? Version { get; set; }

    public DateOnly Today => Desk.Today;

    /// <summary>The reading side, for the pages' own queries.</summary>
    protected SuggestionDesk Desk { get; } = desk;

    /// <summary>This page's address for a suggestion.</summary>
    protected abstract string PathOf(int id);

    /// <summary>What the page adds to the loaded suggestion (its own lists, form defaults).</summary>
    protected virtual Task LoadedAsync(SuggestionCase found, CancellationToken cancellationToken) => Task.CompletedTask;

    protected async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var found = await Desk.GetAsync(Scope, id, cancellationToken);
        if (found is null)
        {
            return false;
        }

        Current = found;
        Version = found.Version;
        ModelState.Remove(nameof(Version));
        await LoadedAsync(found, cancellationToken);
        return true;
    }

    /// <summary>The page again (after a refusal found before the move), or 404 when the suggestion is gone from the scope.</summary>
    protected async Task<IActionResult> ShowAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    /// <summary>Makes one move unless the posted form already has errors; <paramref name="form"/> prefixes the field messages.</summary>
    protected async Task<IActionResult> MoveAsync(
        int id, string form, Func<CaseActor, Task<EditResult>> move, string done, CancellationToken cancellationToken, string? next = null)
    {
        ArgumentNullException.ThrowIfNull(move);
        if (!ModelState.IsValid)
        {
            return await ShowAsync(id, cancellationToken);
        }

        var result = await move(User.CaseActor());
        switch (result.Outcome)
        {
            case EditOutcome.Done:
                Done(done);
                return Redirect(next ?? PathOf(id));
            case EditOutcome.NotFound:
                return NotFound();
            case EditOutcome.Conflict or EditOutcome.Forbidden:
                ModelState.AddModelError(string.Empty, result.Errors.Count > 0 ? result.Errors[0].Message : SuggestionCases.ChangedMessage);
                if (!await LoadAsync(id, cancellationToken))
                {
                    return NotFound();
                }

                Response.StatusCode = result.Outcome == EditOutcome.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status409Conflict;
                return Page();
            default:
                foreach (var error in result.Errors)
                {
                    ModelState.AddModelError(error.Field.Length == 0 ? string.Empty : $"{form}.{error.Field}", error.Message);
                }

                return await ShowAsync(id, cancellationToken);
        }
    }
}
