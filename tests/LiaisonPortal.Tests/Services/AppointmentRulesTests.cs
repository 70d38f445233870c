using LiaisonPortal.Core.Appointments;

namespace LiaisonPortal.Tests.Services;

public class AppointmentRulesTests
{
    public static TheoryData<AppointmentStatus, AppointmentAction, bool, AppointmentStatus?> EveryMove()
    {
        var data = new TheoryData<AppointmentStatus, AppointmentAction, bool, AppointmentStatus?>();
        foreach (var from in Enum.GetValues<AppointmentStatus>())
        {
            foreach (var action in Enum.GetValues<AppointmentAction>())
            {
                foreach (var byCitizen in new[] { false, true })
                {
                    var holdsSeat = from is AppointmentStatus.Requested or AppointmentStatus.Confirmed or AppointmentStatus.Rescheduled;
                    AppointmentStatus? to = (holdsSeat, action, byCitizen) switch
                    {
                        (true, AppointmentAction.Cancel, true) => AppointmentStatus.Cancelled,
                        (true, AppointmentAction.Decline, false) => AppointmentStatus.Declined,
                        (true, AppointmentAction.Reschedule, false) => AppointmentStatus.Rescheduled,
                        (true, AppointmentAction.Confirm, false) when from != AppointmentStatus.Confirmed => AppointmentStatus.Confirmed,
                        _ => null,
                    };
                    data.Add(from, action, byCitizen, to);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryMove))]
    public void OnlyBookingsHoldingASeatMoveAndOnlyStaffAnswerThem(AppointmentStatus from, AppointmentAction action, bool byCitizen, AppointmentStatus? to) =>
        Assert.Equal(to, AppointmentRules.Find(from, action, byCitizen)?.To);

    [Fact]
    public void EveryStatusThatHoldsASeatIsOneTheEntitySaysHoldsASeatAndEveryStatusHasAName()
    {
        Assert.All(AppointmentRules.Moves, m => Assert.Contains(m.From, new[] { AppointmentStatus.Requested, AppointmentStatus.Confirmed, AppointmentStatus.Rescheduled }));
        Assert.All(Enum.GetValues<AppointmentStatus>(), s => Assert.DoesNotMatch("^[A-Za-z]+$", AppointmentRules.NameOf(s)));
        Assert.Equal("5月20日 09:00–11:00", AppointmentRules.Span(new DateTimeOffset(2026, 5, 20, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 5, 20, 3, 0, 0, TimeSpan.Zero)));
    }
}
