using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Management;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Opinions;

/// <summary>An opinion staff write down for a citizen who came in, called, met a deputy or was transferred from the hotline.</summary>
public sealed record StaffRegistration(
    OpinionChannel Channel, string? StationCode, string? DeputyCode, string? Title, string? Content, string? Name, string? Phone, bool MayContact);

/// <summary>
/// The saved opinion's tracking code (in <see cref="EditResult.Code"/>) and, without a phone, the secret to hand over once;
/// <see cref="Unavailable"/> when the database could not save it even after retrying.
/// </summary>
public sealed record RegistrationResult(EditResult Result, string? Secret = null, bool Unavailable = false);

/// <summary>
/// Staff registration of an opinion (接待登记): the same intake as the citizen's form, for a station or deputy in the
/// caller's scope only, with the registering staff member named in the history.
/// </summary>
public sealed class OpinionRegistration(OpinionIntake intake, ScopeDirectory scopes)
{
    /// <summary>The channels staff register; QR and web opinions arrive through the citizen's own form.</summary>
    public static IReadOnlyList<OpinionChannel> StaffChannels { get; } =
        [OpinionChannel.WalkIn, OpinionChannel.Phone, OpinionChannel.DeputyVisit, OpinionChannel.Hotline];

    public async Task<RegistrationResult> RegisterAsync(CaseActor actor, StaffRegistration input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        if (OpinionWorkflow.Find(null, OpinionAction.Receive, actor.Role) is null)
        {
            return new(EditResult.Forbidden("您的账号不能登记群众意见。"));
        }

        if (!StaffChannels.Contains(input.Channel))
        {
            return new(EditResult.Invalid("Channel", "请选择来源渠道：来访、来电、代表走访或热线转办。"));
        }

        var stationCode = input.StationCode?.Trim();
        var deputyCode = input.DeputyCode?.Trim();
        if (string.IsNullOrEmpty(stationCode) && string.IsNullOrEmpty(deputyCode))
        {
            return new(EditResult.Invalid("StationCode", "请填写联络站编号或代表编号。"));
        }

        var kind = string.IsNullOrEmpty(deputyCode) ? AddressKind.Station : AddressKind.Deputy;
        var address = await intake.AddressAsync(kind, kind == AddressKind.Deputy ? deputyCode! : stationCode!, cancellationToken);
        if (address is null
            || (kind == AddressKind.Deputy && !await scopes.Deputies(actor.Scope).AnyAsync(d => d.Code == deputyCode, cancellationToken))
            || !await scopes.Stations(actor.Scope).AnyAsync(s => s.Code == address.StationCode, cancellationToken))
        {
            // Outside the scope looks the same as missing.
            return new(EditResult.NotFound);
        }

        if (!address.IsActive)
        {
            return new(EditResult.Invalid(kind == AddressKind.Deputy ? "DeputyCode" : "StationCode", "该联络站已关闭或该代表已不在任，不能登记到这里。"));
        }

        if (kind == AddressKind.Deputy && !string.IsNullOrEmpty(stationCode) && stationCode != address.StationCode)
        {
            return new(EditResult.Invalid("StationCode", $"写给代表的意见由代表的主联络站（{address.StationCode}）受理，请不填联络站编号或填写该编号。"));
        }

        var submission = new OpinionSubmission(input.Title, input.Content, null, input.Name, input.Phone, input.MayContact, Anonymous: false, [], input.Channel);
        var saved = await intake.SubmitAsync(kind, address.Code, submission, actor, cancellationToken);
        if (saved.Unavailable)
        {
            return new(EditResult.Invalid(saved.Errors), Unavailable: true);
        }

        return saved.Succeeded
            ? new(EditResult.Done(saved.TrackingCode), saved.Secret)
            : new(EditResult.Invalid(saved.Errors));
    }
}
