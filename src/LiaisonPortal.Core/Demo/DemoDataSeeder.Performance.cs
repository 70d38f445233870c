using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Performance;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Demo;

public sealed partial class DemoDataSeeder
{
    /// <summary>
    /// This year's point rules (the defaults) and four activities recorded at 湖滨街道人大代表之家 for 王建华 (D0004) and
    /// colleagues — an inspection with its sign-in sheet, a research visit, a deliberation meeting and a training — so the
    /// demo deputy's performance file has something in it. Seeded once: nothing is added when D0004 has any activity.
    /// </summary>
    private async Task SeedPerformanceAsync(CancellationToken cancellationToken)
    {
        var today = ChinaTime.Today(time);
        await new PointRules(db, time).ForYearAsync(today.Year, cancellationToken);

        var deputies = await db.Deputies.Where(d => d.Code == "D0004" || d.Code == "D0001" || d.Code == "D0011" || d.Code == "D0015")
            .ToDictionaryAsync(d => d.Code, d => d.Id, cancellationToken);
        if (!deputies.TryGetValue("D0004", out var wang) || await db.DeputyActivityParticipants.AnyAsync(p => p.DeputyId == wang, cancellationToken))
        {
            return;
        }

        var station = await db.Stations.Where(s => s.Code == "990102001-01").Select(s => new { s.Id, s.RegionId }).SingleAsync(cancellationToken);
        var district = await db.Regions.Where(r => r.Code == "990102").Select(r => r.Id).SingleAsync(cancellationToken);
        var now = time.GetUtcNow();
        var firstDay = new DateOnly(today.Year, 1, 1);
        DateOnly On(int daysAgo) => today.AddDays(-daysAgo) < firstDay ? firstDay : today.AddDays(-daysAgo);

        DeputyActivity Activity(PerformanceFact kind, int daysAgo, string title, string place, string summary, params string[] who)
        {
            var activity = new DeputyActivity(district, station.Id, kind, On(daysAgo), title, "demo", "湖滨街道人大工委", now) { Place = place, Summary = summary };
            foreach (var code in who.Where(deputies.ContainsKey))
            {
                activity.AddParticipant(deputies[code]);
            }

            db.DeputyActivities.Add(activity);
            return activity;
        }

        var inspection = Activity(PerformanceFact.Inspection, 40, "视察湖滨街道老旧小区改造", "柳岸社区、荷塘社区", "察看加装电梯和雨污分流工程进度，听取街道和住建部门汇报。", "D0004", "D0001", "D0015");
        Activity(PerformanceFact.Research, 25, "调研社区居家养老服务", "柳岸社区养老服务站", "走访助餐点和日间照料中心，与老年居民座谈。", "D0004", "D0011");
        Activity(PerformanceFact.DeliberationMeeting, 12, "湖滨街道代表议事会：停车难问题", "湖滨街道人大代表之家", "议定利用边角地增设公共停车位的方案。", "D0004", "D0011", "D0015");
        Activity(PerformanceFact.Training, 5, "代表履职学习培训", "东湖区人大常委会", "学习代表法和代表建议办理规定。", "D0004");
        await db.SaveChangesAsync(cancellationToken);

        db.DeputyActivityEvidence.Add(new DeputyActivityEvidence(inspection.Id, "视察签到表.pdf", "application/pdf",
            "%PDF-1.4\n% demo sign-in sheet\n%%EOF\n"u8.ToArray(), now));
        await db.SaveChangesAsync(cancellationToken);
    }
}
