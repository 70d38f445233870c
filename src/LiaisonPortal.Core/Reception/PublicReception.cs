using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Reception;

/// <summary>A deputy on duty on a reception day, by public code and name.</summary>
public sealed record DutyDeputy(string Code, string Name);

/// <summary>
/// A reception day as citizens see it: <see cref="Address"/> is a mobile session's own place, else the station's address
/// (<see cref="Place"/> then names the room, when the rule says); <see cref="OnDuty"/> the deputies on the station's roster that day.
/// </summary>
public sealed record PublicReceptionDay(
    DateOnly Date, TimeOnly Start, TimeOnly End, ReceptionMode Mode, string? Topic, string Address, string? Place, string? MeetingLink, bool Moved,
    IReadOnlyList<DutyDeputy> OnDuty);

/// <summary>A station's recurring rules (for a sentence like "每月第三个星期二 09:00–11:30") and its next days.</summary>
public sealed record StationSchedule(IReadOnlyList<ReceptionRule> Recurring, IReadOnlyList<PublicReceptionDay> Next);

/// <summary>A deputy's next duty, for their public page.</summary>
public sealed record DeputyDuty(DateOnly Date, string StationCode, string StationName, TimeOnly? Start, TimeOnly? End);

/// <summary>
/// What citizens see of the reception calendar: active stations only, public fields only, days from today (China time).
/// </summary>
public sealed class PublicReception(ApplicationDbContext db, ReceptionCalendar calendar, TimeProvider time)
{
    /// <summary>How far ahead "下次接待日" looks: every monthly rule has a day within it.</summary>
    public const int HorizonDays = 100;

    public const int NextCount = 4;

    /// <summary>The station's recurring rules and its next few days with who is on duty; null for an unknown or closed station.</summary>
    public async Task<StationSchedule?> ScheduleAsync(string stationCode, int count = NextCount, CancellationToken cancellationToken = default)
    {
        var station = await db.Stations.AsNoTracking().Where(s => s.Code == stationCode && s.IsActive)
            .Select(s => new { s.Id, s.Address }).SingleOrDefaultAsync(cancellationToken);
        if (station is null)
        {
            return null;
        }

        var today = ChinaTime.Today(time);
        var rules = (await calendar.RulesForStationsAsync([station.Id], cancellationToken))[station.Id];
        var days = (await calendar.DaysAsync(station.Id, today, today.AddDays(HorizonDays), cancellationToken)).Take(count).ToList();
        var dates = days.Select(d => d.Date).Distinct().ToList();
        var duties = await db.DutyAssignments.AsNoTracking()
            .Where(d => d.StationId == station.Id && dates.Contains(d.Date) && d.Status != DutyStatus.Swapped && d.Deputy.IsActive)
            .OrderBy(d => d.Deputy.Code)
            .Select(d => new { d.Date, d.Deputy.Code, d.Deputy.Name })
            .ToListAsync(cancellationToken);
        var next = days.Select(d => new PublicReceptionDay(
                d.Date, d.Start, d.End, d.Mode, d.Topic, d.Mode == ReceptionMode.Mobile && !string.IsNullOrWhiteSpace(d.Place) ? d.Place : station.Address,
                d.Mode == ReceptionMode.Mobile ? null : d.Place, d.MeetingLink, d.Moved,
                duties.Where(x => x.Date == d.Date).Select(x => new DutyDeputy(x.Code, x.Name)).ToList()))
            .ToList();
        return new StationSchedule(rules.Where(r => r.Kind != RecurrenceKind.OneOff).ToList(), next);
    }

    /// <summary>The next reception day of each station (for a page of the directory); stations without one are left out.</summary>
    public async Task<IReadOnlyDictionary<string, ReceptionDay>> NextDayOfAsync(IReadOnlyCollection<string> stationCodes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stationCodes);
        var codes = stationCodes.ToList();
        var ids = await db.Stations.AsNoTracking().Where(s => codes.Contains(s.Code)).Select(s => new { s.Id, s.Code }).ToListAsync(cancellationToken);
        var today = ChinaTime.Today(time);
        var days = await calendar.DaysAsync(ids.Select(s => s.Id).ToList(), today, today.AddDays(HorizonDays), cancellationToken);
        return ids.Where(s => days.TryGetValue(s.Id, out var list) && list.Count > 0).ToDictionary(s => s.Code, s => days[s.Id][0]);
    }

    /// <summary>The deputy's next duty at an active station, from today; null when none is rostered.</summary>
    public async Task<DeputyDuty?> NextDutyAsync(string deputyCode, CancellationToken cancellationToken = default)
    {
        var today = ChinaTime.Today(time);
        var duty = await db.DutyAssignments.AsNoTracking()
            .Where(d => d.Deputy.Code == deputyCode && d.Deputy.IsActive && d.Date >= today && d.Status != DutyStatus.Swapped && d.Station.IsActive)
            .OrderBy(d => d.Date)
            .Select(d => new { d.Date, d.StationId, d.Station.Code, d.Station.Name })
            .FirstOrDefaultAsync(cancellationToken);
        if (duty is null)
        {
            return null;
        }

        var days = await calendar.DaysAsync(duty.StationId, duty.Date, duty.Date, cancellationToken);
        var day = days.Count > 0 ? days[0] : null;
        return new DeputyDuty(duty.Date, duty.Code, duty.Name, day?.Start, day?.End);
    }
}
