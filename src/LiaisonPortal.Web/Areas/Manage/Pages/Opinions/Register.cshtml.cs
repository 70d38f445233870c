using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Opinions;

/// <summary>接待登记: staff write down an opinion brought in person, by phone, at a deputy's visit or from the hotline.</summary>
public class RegisterModel(OpinionRegistration registration, CaseFiles files, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty]
    public RegisterForm Input { get; set; } = new();

    public IReadOnlyList<CaseChoice> Stations { get; private set; } = [];

    /// <summary>The code (and the secret, without a phone) to hand to the citizen, right after saving.</summary>
    public string? SavedCode { get; private set; }

    public string? SavedSecret { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Stations = await files.StationsAsync(Scope, cancellationToken);
        Input.StationCode ??= Stations.Count == 1 ? Stations[0].Code : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Stations = await files.StationsAsync(Scope, cancellationToken);
        var saved = await registration.RegisterAsync(
            User.CaseActor(),
            new StaffRegistration(Input.Channel ?? 0, Input.StationCode, Input.DeputyCode, Input.Title, Input.Content, Input.Name, Input.Phone, Input.MayContact),
            cancellationToken);
        if (saved.Unavailable)
        {
            ModelState.AddModelError(string.Empty, localizer["系统暂时无法保存，登记还没有完成。填写的内容都还在，请稍后再点一次“登记”。"]);
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }

        switch (saved.Result.Outcome)
        {
            case EditOutcome.Done:
                SavedCode = saved.Result.Code;
                SavedSecret = saved.Secret;
                Input = new RegisterForm { StationCode = Input.StationCode, Channel = Input.Channel };
                ModelState.Clear();
                return Page();
            case EditOutcome.NotFound:
                // Outside the scope looks like missing; say so next to the field and keep what was typed.
                ModelState.AddModelError($"{nameof(Input)}.{(string.IsNullOrWhiteSpace(Input.DeputyCode) ? nameof(RegisterForm.StationCode) : nameof(RegisterForm.DeputyCode))}",
                    localizer["没有这个联络站或代表，或不在您的管理范围内。"]);
                return Page();
            default:
                return Failure(saved.Result)!;
        }
    }

    public sealed class RegisterForm
    {
        public OpinionChannel? Channel { get; set; }

        public string? StationCode { get; set; }

        public string? DeputyCode { get; set; }

        public string? Title { get; set; }

        public string? Content { get; set; }

        public string? Name { get; set; }

        public string? Phone { get; set; }

        public bool MayContact { get; set; }
    }
}
