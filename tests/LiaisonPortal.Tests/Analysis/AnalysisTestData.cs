using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Tests.Analysis;

/// <summary>
/// A hand-made November 2025 in 东湖区 (990102) on the demo data, which has no opinions of its own:
/// <list type="bullet">
/// <item>24 opinions in November: 12 about parking (交通/停车管理) at 湖滨 (990102001-01), 8 of them nearly the same text;
/// 6 城建 at 青石 (990102002-01); 3 环保 at 青石科技园 (990102002-02); 2 物业 at 湖滨; 1 unclassified at 青石. Left out: one
/// merged into another, one at a 西山区 station, one received at 00:00 on 1 December (China time).</item>
/// <item>October: 8 城建 (one at 23:59 on 31 October, China time) and 1 社保 at 青石, 2 交通 at 湖滨, 3 环保 at 青石科技园 (14).
/// August and September: 10 城建 each about street lights (the rest of the three-month baseline: 34 opinions).
/// November 2024: 1 交通 and 2 城建.</item>
/// <item>Every text mentions 小区 and the stock phrases 希望、问题、反映: none of them may become a hot topic.</item>
/// <item>Assignments on November's opinions: 交通局 (U990102-04) leads five parking cases — two open past 2025-11-28, one answered
/// on 2025-11-25 for 2025-11-20 (3 working days late), one at 23:30 on its due day and one early (on time); 住建局
/// (U990102-01) leads three 城建 cases — one answered 2025-11-18 for 2025-11-14 (2 working days late), one sent back, one due
/// in 2099 — and co-handles a parking case, open past 2025-11-28. An October case overdue at 交通局 is not November's.</item>
/// </list>
/// </summary>
public static class AnalysisTestData
{
    public static readonly DateOnly Month = new(2025, 11, 1);
    public const string District = "990102";
    public const string OtherDistrict = "990103";
    public const string Hubin = "990102001-01";
    public const string Qingshi = "990102002-01";
    public const string Park = "990102002-02";
    public const string Transport = "U990102-04";
    public const string Housing = "U990102-01";
    public static readonly DateOnly OpenDue = new(2025, 11, 28);

    private static readonly string[] ParkingSame =
    [
        "湖滨花园小区门口乱停车，车辆堵住消防通道，希望解决这个问题。",
        "湖滨花园小区门口乱停车，车辆堵住了消防通道，希望尽快解决问题。",
        "湖滨花园小区门口乱停车严重，车辆堵住消防通道，希望解决问题。",
        "反映湖滨花园小区门口乱停车，车辆堵住消防通道的问题。",
        "湖滨花园小区门口晚上乱停车，车辆堵住消防通道，希望解决。",
        "湖滨花园小区门口乱停车，车辆堵住消防通道，希望有人管管这个问题。",
        "湖滨花园小区门口总是乱停车，车辆堵住消防通道，希望解决问题。",
        "湖滨花园小区门口乱停车，私家车堵住消防通道，希望解决问题。",
    ];

    private static readonly string[] ParkingOther =
    [
        "小区停车位太少，下班回来停车难，希望增加车位，反映多次的问题。",
        "希望在小区旁边建一个停车场，现在停车难的问题很突出。",
        "小区周边停车收费不合理，停车难，反映一下这个问题。",
        "小区里电动车停车棚不够，停车难，希望解决问题。",
    ];

    public static DateTimeOffset China(int year, int month, int day, int hour = 10, int minute = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, ChinaTime.Offset).ToUniversalTime();

    public static async Task SeedAsync(DatabaseFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        await fixture.QueryAsync(async db =>
        {
            var stations = await db.Stations.Where(s => s.Code == Hubin || s.Code == Qingshi || s.Code == Park || s.Code == "990103001-01")
                .ToDictionaryAsync(s => s.Code, s => s.Id);
            var categories = await db.Categories.ToDictionaryAsync(c => c.Code, c => c.Id);
            var units = await db.HandlingUnits.Where(u => u.Code == Transport || u.Code == Housing).ToDictionaryAsync(u => u.Code, u => u.Id);
            var n = 0;
            Opinion Make(string station, string? category, OpinionChannel channel, string title, string content, DateTimeOffset at)
            {
                n++;
                var opinion = new Opinion($"AN{n:D4}", channel, stations[station], null, title, content, at)
                {
                    CategoryId = category is null ? null : categories[category],
                };
                db.Opinions.Add(opinion);
                return opinion;
            }

            // November 2025.
            var parking = new List<Opinion>();
            for (var i = 0; i < 12; i++)
            {
                var text = i < 8 ? ParkingSame[i] : ParkingOther[i - 8];
                parking.Add(Make(Hubin, "JT02", OpinionChannel.Qr, i < 8 ? "小区门口乱停车" : "小区停车难", text, i == 0 ? China(2025, 11, 1, 0, 0) : China(2025, 11, 3 + i)));
            }

            var building = new List<Opinion>();
            for (var i = 0; i < 6; i++)
            {
                building.Add(Make(Qingshi, "CJ01", OpinionChannel.Web, "小区门前道路坑洼", $"青石大道{i + 1}号小区门前路面坑洼积水，反映过的问题希望修补。", i == 5 ? China(2025, 11, 30, 23, 59) : China(2025, 11, 5 + i)));
            }

            var noise = Enumerable.Range(0, 3)
                .Select(i => Make(Park, "HB03", OpinionChannel.WalkIn, "夜间施工噪声", $"科技园旁工地夜间施工噪声扰民，小区居民睡不好，希望解决问题{i}。", China(2025, 11, 12 + i)))
                .ToList();
            var property = Enumerable.Range(0, 2)
                .Select(i => Make(Hubin, "WY", OpinionChannel.WalkIn, "物业服务差", $"小区物业不打扫楼道，反映多次的问题没有人管{i}。", China(2025, 11, 20 + i)))
                .ToList();
            var unclassified = Make(Qingshi, null, OpinionChannel.WalkIn, "其他事项", "小区旁边的公园想加几张长椅，希望考虑这个问题。", China(2025, 11, 22));

            // Left out of November.
            var merged = Make(Hubin, "JT02", OpinionChannel.Qr, "小区门口乱停车", ParkingSame[0], China(2025, 11, 15));
            merged.State = OpinionState.Merged;
            Make("990103001-01", "JT02", OpinionChannel.Qr, "山前小区停车难", "山前小区停车难，希望解决问题。", China(2025, 11, 15));
            Make(Hubin, "JT02", OpinionChannel.Qr, "小区停车难", "十二月的停车难问题，希望反映。", China(2025, 12, 1, 0, 0));

            // October 2025, August and September, November 2024.
            var october = new List<Opinion>();
            for (var i = 0; i < 8; i++)
            {
                october.Add(Make(Qingshi, "CJ01", OpinionChannel.Web, "小区路灯不亮", $"小区路灯不亮第{i}处，晚上走路不安全，希望解决问题。", i == 0 ? China(2025, 10, 31, 23, 59) : China(2025, 10, 2 + i)));
            }

            october.Add(Make(Qingshi, "SB01", OpinionChannel.Web, "小区养老服务", "小区缺少老年食堂，反映希望解决问题。", China(2025, 10, 20)));
            october.Add(Make(Hubin, "JT02", OpinionChannel.Qr, "小区停车", "小区停车问题希望解决。", China(2025, 10, 21)));
            october.Add(Make(Hubin, "JT01", OpinionChannel.Qr, "小区公交", "小区附近公交线路太少，希望反映问题。", China(2025, 10, 22)));
            for (var i = 0; i < 3; i++)
            {
                october.Add(Make(Park, "HB03", OpinionChannel.WalkIn, "施工噪声", $"小区旁边施工噪声问题{i}，希望解决。", China(2025, 10, 10 + i)));
            }

            for (var month = 8; month <= 9; month++)
            {
                for (var i = 0; i < 10; i++)
                {
                    Make(Qingshi, "CJ03", OpinionChannel.Web, "小区路灯", $"小区路灯不亮第{month}{i}处，反映问题希望解决。", China(2025, month, 3 + i));
                }
            }

            Make(Hubin, "JT02", OpinionChannel.Qr, "小区停车", "小区停车问题，希望解决。", China(2024, 11, 5));
            Make(Qingshi, "CJ01", OpinionChannel.Web, "小区道路", "小区道路问题，希望解决。", China(2024, 11, 6));
            Make(Qingshi, "CJ01", OpinionChannel.Web, "小区道路", "小区道路问题，希望反映。", China(2024, 11, 7));

            // States, overdue flags and ratings of November's opinions.
            building[0].State = OpinionState.Closed;
            building[1].State = OpinionState.Closed;
            building[2].State = OpinionState.Closed;
            property[0].State = OpinionState.Refused;
            parking[0].IsOverdue = true;
            parking[1].IsOverdue = true;
            parking[9].IsOverdue = true;
            noise[0].IsOverdue = true;
            await db.SaveChangesAsync();

            db.OpinionEvaluations.AddRange(
                new OpinionEvaluation(building[0].Id, 1, Rating.Unsatisfied, null, China(2025, 11, 25)),
                new OpinionEvaluation(building[0].Id, 2, Rating.Satisfied, null, China(2025, 11, 28)),
                new OpinionEvaluation(building[1].Id, 1, Rating.BasicallySatisfied, null, China(2025, 11, 25)),
                new OpinionEvaluation(building[2].Id, 1, Rating.Unsatisfied, null, China(2025, 11, 25)),
                new OpinionEvaluation(noise[1].Id, 1, Rating.Satisfied, null, China(2025, 11, 25)));

            var transport = units[Transport];
            var housing = units[Housing];
            OpinionAssignment Assign(Opinion opinion, int unit, bool lead, DateOnly due, DateTimeOffset? answeredAt = null, DateTimeOffset? returnedAt = null) =>
                new(opinion.Id, 1, unit, lead, opinion.ReceivedAt.AddDays(1), due) { AnsweredAt = answeredAt, ReturnedAt = returnedAt };
            db.OpinionAssignments.AddRange(
                Assign(parking[0], transport, true, OpenDue),
                Assign(parking[1], transport, true, OpenDue),
                Assign(parking[2], transport, true, new DateOnly(2025, 11, 20), China(2025, 11, 25)),
                Assign(parking[3], transport, true, new DateOnly(2025, 11, 20), China(2025, 11, 20, 23, 30)),
                Assign(parking[4], transport, true, OpenDue, China(2025, 11, 27)),
                Assign(parking[0], housing, false, OpenDue),
                Assign(building[0], housing, true, new DateOnly(2025, 11, 14), China(2025, 11, 18)),
                Assign(building[1], housing, true, new DateOnly(2025, 11, 14), returnedAt: China(2025, 11, 10)),
                Assign(building[2], housing, true, new DateOnly(2099, 1, 1)),
                Assign(october[9], transport, true, new DateOnly(2025, 10, 30)));
            return await db.SaveChangesAsync();
        });
    }
}
