using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Suggestions;

/// <summary>
/// The texts a suggestion's moves send, queued in the outbox (so in the move's own transaction): to the lead deputy
/// and the co-signers by SMS to their own phone and by email to their accounts, to units by SMS to the unit's contact
/// mobile and by email to the unit's staff accounts.
/// </summary>
public sealed class SuggestionNotifier(ApplicationDbContext db, Outbox outbox)
{
    private const string Signature = "【人大代表联络站】";

    /// <summary>Filed: the lead deputy gets the number; each co-signer learns they co-sign it.</summary>
    public async Task FiledAsync(Suggestion suggestion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        await DeputyAsync(suggestion, "已提交，等待审核", cancellationToken);
        var cosigners = await db.SuggestionCosigners.Where(c => c.SuggestionId == suggestion.Id).Select(c => c.DeputyId).ToListAsync(cancellationToken);
        var lead = await db.Deputies.Where(d => d.Id == suggestion.DeputyId).Select(d => d.Name).SingleAsync(cancellationToken);
        await SendToDeputiesAsync(cosigners, $"{lead}代表领衔的建议《{suggestion.Title}》（{suggestion.Number}）已提交，您是附议代表。", cancellationToken);
    }

    /// <summary>A message about the suggestion to its lead deputy.</summary>
    public async Task DeputyAsync(Suggestion suggestion, string what, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        await SendToDeputiesAsync([suggestion.DeputyId], $"您的建议《{suggestion.Title}》（{suggestion.Number}）{what}。", cancellationToken);
    }

    /// <summary>A message about the suggestion to handling units.</summary>
    public async Task UnitsAsync(Suggestion suggestion, IReadOnlyList<int> unitIds, string what, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        ArgumentNullException.ThrowIfNull(unitIds);
        var text = $"代表建议《{suggestion.Title}》（{suggestion.Number}）：{what}。";
        var phones = await db.HandlingUnits.Where(u => unitIds.Contains(u.Id)).Select(u => u.ContactPhone).ToListAsync(cancellationToken);
        var emails = await db.Users.Where(u => u.HandlingUnitId != null && unitIds.Contains(u.HandlingUnitId.Value) && u.Email != null).Select(u => u.Email!).ToListAsync(cancellationToken);
        Send("suggestion.unit", phones, emails, text);
    }

    private async Task SendToDeputiesAsync(List<int> deputyIds, string text, CancellationToken cancellationToken)
    {
        if (deputyIds.Count == 0)
        {
            return;
        }

        var phones = await db.Deputies.Where(d => deputyIds.Contains(d.Id)).Select(d => d.PrivatePhone).ToListAsync(cancellationToken);
        var emails = await db.Users.Where(u => u.DeputyId != null && deputyIds.Contains(u.DeputyId.Value) && u.Email != null).Select(u => u.Email!).ToListAsync(cancellationToken);
        Send("suggestion.deputy", phones, emails, text);
    }

    private void Send(string kind, IEnumerable<string?> phones, IEnumerable<string> emails, string text)
    {
        foreach (var mobile in phones.Select(CitizenPhones.Normalize).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            outbox.Sms(kind, mobile, Signature + text);
        }

        foreach (var email in emails.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            outbox.Email(kind, email, "代表建议办理提醒", text);
        }
    }
}
