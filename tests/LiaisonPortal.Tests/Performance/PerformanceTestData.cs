using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Performance;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Performance;

/// <summary>
/// A test district 履职测试区 (990198) under the demo city: one street, station A (990198001-01) and station B
/// (990198001-02), four active deputies and an inactive one, and a year of facts for P0001 (last year, so every duty is in
/// the past) whose file is hand-computed in <see cref="PerformanceFileTests"/>. Every date is a China date.
/// </summary>
public static class PerformanceTestData
{
    public const string District = "990198";
    public const string StationA = "990198001-01";
    public const string StationB = "990198001-02";
    public const string Target = "P0001";
    public const string PeerA = "P0002";
    public const string PeerB = "P0003";
    public const string CityDeputy = "P0004";
    public const string Inactive = "P0005";

    /// <summary>The file's year: last year (China time).</summary>
    public static int Year => ChinaTime.Today(TimeProvider.System).Year - 1;

    public static DateTimeOffset China(int month, int day, int hour = 10, int minute = 0, int? year = null) =>
        new DateTimeOffset(year ?? Year, month, day, hour, minute, 0, ChinaTime.Offset).ToUniversalTime();

    public static DateOnly Day(int month, int day, int? year = null) => new(year ?? Year, month, day);

    /// <summary>
    /// The hand-made rules of the year: 接待 2 (at most 6 a year, at least 1), 走访 3 (at least 3), 缺席值班 −2 (at most −4 a year),
    /// 收到意见 1 (at most 2 a month), 反馈 1, 领衔建议 3, 附议 1, 办成 5, 视察 3, 调研 4, 述职 5 (at least 1), 其他 2 (at most 3 a
    /// quarter); every other fact 0.
    /// </summary>
    public static IReadOnlyDictionary<PerformanceFact, PointRuleInput> Rules { get; } = new Dictionary<PerformanceFact, PointRuleInput>
    {
        [PerformanceFact.ReceptionAttended] = new(2, PointCapPeriod.Year, 6, 1, 0),
        [PerformanceFact.VisitMade] = new(3, null, null, 3, 0),
        [PerformanceFact.DutyMissed] = new(-2, PointCapPeriod.Year, 4, null, 0),
        [PerformanceFact.OpinionReceived] = new(1, PointCapPeriod.Month, 2, null, 0),
        [PerformanceFact.OpinionFedBack] = new(1, null, null, null, 0),
        [PerformanceFact.SuggestionFiled] = new(3, null, null, null, 0),
        [PerformanceFact.SuggestionCosigned] = new(1, null, null, null, 0),
        [PerformanceFact.SuggestionSolved] = new(5, null, null, null, 0),
        [PerformanceFact.Inspection] = new(3, null, null, null, 0),
        [PerformanceFact.Research] = new(4, null, null, null, 0),
        [PerformanceFact.ReportToVoters] = new(5, null, null, 1, 0),
        [PerformanceFact.DeliberationMeeting] = new(0, null, null, null, 0),
        [PerformanceFact.LawEnforcementCheck] = new(0, null, null, null, 0),
        [PerformanceFact.MeetingAttendance] = new(0, null, null, null, 0),
        [PerformanceFact.Training] = new(0, null, null, null, 0),
        [PerformanceFact.OtherActivity] = new(2, PointCapPeriod.Quarter, 3, null, 0),
    };

    public static async Task SeedAsync(DatabaseFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        await fixture.QueryAsync(async db =>
        {
            var city = await db.Regions.SingleAsync(r => r.Code == "990100");
            var district = new Region(District, "履职测试区", RegionLevel.District, city);
            var street = new Region("990198001", "履职街道", RegionLevel.Street, district);
            var a = new Station(StationA, "履职测试站甲", StationKind.DeputyHome, street, "测试路1号");
            var b = new Station(StationB, "履职测试站乙", StationKind.LiaisonStation, street, "测试路2号");
            var target = new Deputy(Target, "档案代表甲", Gender.Female, DeputyLevel.County);
            var peerA = new Deputy(PeerA, "档案代表乙", Gender.Male, DeputyLevel.County);
            var peerB = new Deputy(PeerB, "档案代表丙", Gender.Male, DeputyLevel.County);
            var cityDeputy = new Deputy(CityDeputy, "档案代表丁", Gender.Female, DeputyLevel.City);
            var inactive = new Deputy(Inactive, "离任档案代表", Gender.Male, DeputyLevel.County);
            inactive.Deactivate();
            target.EnrolIn(a);
            target.EnrolIn(b);
            peerA.EnrolIn(a);
            peerB.EnrolIn(b);
            cityDeputy.EnrolIn(a);
            inactive.EnrolIn(a);
            db.AddRange(district, street, a, b, target, peerA, peerB, cityDeputy, inactive);
            await db.SaveChangesAsync();

            // Receptions at A: three at the station (Jan 10, Feb 14, Mar 5) and one online (Apr 2) → 接待 4; two visits (May 6,
            // Jun 7) → 走访 2; logs of the year before and the year after are left out. A log at A on Jul 20 and Aug 10 too.
            ReceptionLog Log(Station station, DateOnly date, ReceptionMode mode) => new(station.Id, date, mode, China(1, 1));
            var logs = new[]
            {
                Log(a, Day(1, 10), ReceptionMode.AtStation), Log(a, Day(2, 14), ReceptionMode.AtStation), Log(a, Day(3, 5), ReceptionMode.AtStation),
                Log(a, Day(4, 2), ReceptionMode.Online), Log(a, Day(5, 6), ReceptionMode.Visit), Log(a, Day(6, 7), ReceptionMode.Visit),
                Log(a, Day(12, 31, Year - 1), ReceptionMode.AtStation), Log(a, Day(1, 1, Year + 1), ReceptionMode.AtStation),
                Log(a, Day(7, 20), ReceptionMode.AtStation), Log(a, Day(8, 10), ReceptionMode.AtStation),
            };
            db.ReceptionLogs.AddRange(logs);
            await db.SaveChangesAsync();
            foreach (var log in logs.Take(8).Append(logs[9]))
            {
                db.ReceptionLogDeputies.Add(new ReceptionLogDeputy(log.Id, target.Id, China(1, 1)));
            }

            db.ReceptionLogDeputies.Add(new ReceptionLogDeputy(logs[8].Id, cityDeputy.Id, China(1, 1)));

            // Duties: Jan 10 at A (checked in: kept), Jul 15 at A (no log), Jul 20 at A (a log, no check-in), Aug 10 at B (checked
            // in at A, not B) → 缺席值班 3; Aug 3 at B swapped away; one tomorrow (not yet missed, and not this year's file).
            db.DutyAssignments.AddRange(
                new DutyAssignment(a.Id, Day(1, 10), target.Id, China(1, 1)),
                new DutyAssignment(a.Id, Day(7, 15), target.Id, China(1, 1)),
                new DutyAssignment(a.Id, Day(7, 20), target.Id, China(1, 1)) { Status = DutyStatus.Confirmed },
                new DutyAssignment(b.Id, Day(8, 10), target.Id, China(1, 1)),
                new DutyAssignment(b.Id, Day(8, 3), target.Id, China(1, 1)) { Status = DutyStatus.Swapped },
                new DutyAssignment(a.Id, ChinaTime.Today(TimeProvider.System).AddDays(1), target.Id, China(1, 1)));

            // Opinions to P0001: received Jan 1 00:10 (Jan), Mar 2, 3, 4 → 收到 4 (Jan 1, Mar 3: the monthly cap of 2 takes 1);
            // Mar 5 merged and Dec 31 23:30 the year before are left out. Fed back: Jan 5 (the old one), Feb 3, Mar 20, Apr 1 → 反馈 4.
            Opinion Opinion(int i, DateTimeOffset at, DateTimeOffset? fedBackAt = null) =>
                new($"PERFTEST{i:D2}", OpinionChannel.Web, a.Id, target.Id, $"履职测试意见{i}", "履职测试意见的内容，足够长。", at) { FedBackAt = fedBackAt };
            var merged = Opinion(5, China(3, 5));
            merged.State = OpinionState.Merged;
            db.Opinions.AddRange(
                Opinion(1, China(1, 1, 0, 10), China(2, 3)),
                Opinion(2, China(3, 2), China(3, 20)),
                Opinion(3, China(3, 3), China(4, 1)),
                Opinion(4, China(3, 4)),
                merged,
                Opinion(6, China(12, 31, 23, 30, Year - 1), China(1, 5)));

            // Suggestions led by P0001: s1 filed Feb 10, replied A Apr 10; s2 filed Mar 1, replied A then B in round 2 (latest B);
            // s3 filed the year before, replied A Jan 15; s4 withdrawn (a draft); s5 returned; s6 filed Jun 30 23:30.
            // → 领衔 3 (Feb, Mar, Jun), 办成 2 (Jan, Apr). P0001 co-signs P0004's s7 (filed May 5) and P0003's draft s8 → 附议 1.
            Suggestion Suggestion(Deputy deputy, string title, SuggestionState state, DateTimeOffset? submittedAt) =>
                new(deputy.Id, title, "履职测试建议的内容，足够长足够长。", China(1, 2), null) { State = state, SubmittedAt = submittedAt, Number = title };
            var s1 = Suggestion(target, "档案建议1", SuggestionState.Closed, China(2, 10));
            var s2 = Suggestion(target, "档案建议2", SuggestionState.Replied, China(3, 1));
            var s3 = Suggestion(target, "档案建议3", SuggestionState.Closed, China(11, 5, year: Year - 1));
            var s4 = Suggestion(target, "档案建议4", SuggestionState.Draft, China(3, 5));
            var s5 = Suggestion(target, "档案建议5", SuggestionState.Returned, China(4, 5));
            var s6 = Suggestion(target, "档案建议6", SuggestionState.Submitted, China(6, 30, 23, 30));
            var s7 = Suggestion(cityDeputy, "档案建议7", SuggestionState.Accepted, China(5, 5));
            var s8 = Suggestion(peerB, "档案建议8", SuggestionState.Draft, null);
            db.Suggestions.AddRange(s1, s2, s3, s4, s5, s6, s7, s8);
            await db.SaveChangesAsync();
            var unit = await db.HandlingUnits.Where(u => u.Code == "U990102-01").Select(u => u.Id).SingleAsync();
            SuggestionAssignment Reply(Suggestion s, int round, AnswerResult grade, DateTimeOffset at) =>
                new(s.Id, round, unit, isLead: true) { AssignedAt = at.AddDays(-10), DueOn = Day(12, 31), Reply = "答复", Grade = grade, RepliedAt = at };
            db.SuggestionAssignments.AddRange(
                Reply(s1, 1, AnswerResult.Solved, China(4, 10)),
                Reply(s2, 1, AnswerResult.Solved, China(5, 2)),
                Reply(s2, 2, AnswerResult.BeingSolved, China(6, 1)),
                Reply(s3, 1, AnswerResult.Solved, China(1, 15)));
            db.SuggestionEvaluations.Add(new SuggestionEvaluation(s1.Id, 1, Rating.Satisfied, null, China(4, 20)));
            db.SuggestionCosigners.AddRange(new SuggestionCosigner(s7.Id, target.Id), new SuggestionCosigner(s8.Id, target.Id));

            // Activities: 视察 Mar 3 (P0001, P0002, the inactive one), 调研 Mar 20, 述职 Nov 20, 议事会 Jun 1 (0 points), 其他 Jan 5,
            // Feb 5, Mar 5, Apr 5 (Q1 6 → capped at 3, Q2 2 → 5); P0003's 视察 Mar 4; one the year before is left out.
            DeputyActivity Activity(PerformanceFact kind, DateOnly date, string title, params Deputy[] who)
            {
                var activity = new DeputyActivity(district.Id, a.Id, kind, date, title, "test", "测试", China(1, 1)) { Place = "测试地点" };
                foreach (var deputy in who)
                {
                    activity.AddParticipant(deputy.Id);
                }

                db.DeputyActivities.Add(activity);
                return activity;
            }

            var inspection = Activity(PerformanceFact.Inspection, Day(3, 3), "视察老旧小区改造", target, peerA, inactive);
            Activity(PerformanceFact.Research, Day(3, 20), "调研养老服务", target);
            Activity(PerformanceFact.ReportToVoters, Day(11, 20), "向原选区选民述职", target);
            Activity(PerformanceFact.DeliberationMeeting, Day(6, 1), "代表议事会", target);
            for (var month = 1; month <= 4; month++)
            {
                Activity(PerformanceFact.OtherActivity, Day(month, 5), $"其他履职活动{month}", target);
            }

            Activity(PerformanceFact.Inspection, Day(3, 4), "视察农贸市场", peerB);
            Activity(PerformanceFact.Research, Day(12, 1, Year - 1), "去年的调研", target);
            await db.SaveChangesAsync();
            db.DeputyActivityEvidence.Add(new DeputyActivityEvidence(inspection.Id, "视察签到表.pdf", "application/pdf", "%PDF-1.4 test"u8.ToArray(), China(3, 3)));
            return await db.SaveChangesAsync();
        });

        await fixture.WithScopeAsync(async services =>
        {
            var rules = services.GetRequiredService<PointRules>();
            foreach (var rule in await rules.ForYearAsync(Year))
            {
                var input = Rules[rule.Fact] with { Version = rule.Version };
                var result = await rules.UpdateAsync(Year, rule.Fact, input);
                Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
            }

            return 0;
        });
    }
}
