using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Core.Performance;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Activities;

/// <summary>The activity records service on the demo data: the checks, who sees and changes what, evidence files, versions, deleting.</summary>
public class ActivityRecordsTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private const string Station = "990102001-01";
    private const string OtherStation = "990102001001-01";

    internal static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();
    internal static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    internal static readonly byte[] Exe = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF];

    [Fact]
    public async Task EachFieldIsCheckedAndNamedInTheResult()
    {
        var staff = await StationStaffAsync(Station);
        var today = ChinaTime.Today(TimeProvider.System);

        var empty = await RecordsAsync(r => r.SaveAsync(staff, null, new ActivityInput(), []));
        var wrong = await RecordsAsync(r => r.SaveAsync(staff, null, new ActivityInput
        {
            Kind = PerformanceFact.ReceptionAttended,
            Date = Day(today.AddDays(1)),
            Title = new string('题', DeputyActivity.TitleMaxLength + 1),
            Place = new string('地', DeputyActivity.PlaceMaxLength + 1),
            Summary = new string('记', DeputyActivity.SummaryMaxLength + 1),
            ParticipantText = "D0004 D9999",
        }, []));
        var badDate = await RecordsAsync(r => r.SaveAsync(staff, null, Input("日期写错", "2026/05/19", "D0004"), []));

        Assert.Equal(["Kind", "Date", "Title", "ParticipantCodes"], empty.Errors.Select(e => e.Field));
        Assert.Equal(EditOutcome.Invalid, wrong.Outcome);
        Assert.Equal(["Kind", "Date", "Title", "Place", "Summary", "ParticipantCodes"], wrong.Errors.Select(e => e.Field));
        Assert.Contains("不能晚于今天", wrong.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("D9999", wrong.Errors[5].Message, StringComparison.Ordinal);
        Assert.Equal("Date", badDate.Errors.Single().Field);
        Assert.False(await database.QueryAsync(db => db.DeputyActivities.AnyAsync(a => a.Title == "日期写错")));
    }

    [Fact]
    public async Task StationStaffRecordForTheirStationAndSeeOnlyItsActivities()
    {
        var staff = await StationStaffAsync(Station);
        var neighbour = await StationStaffAsync(OtherStation);
        var eastOffice = await OfficeAsync("990102");
        var westOffice = await OfficeAsync("990103");

        var id = await SaveAsync(staff, Input("调研湖滨路公交站台遮雨棚", Day(DaysAgo(3)), "D0004", "D0011"));
        var outsider = await RecordsAsync(r => r.SaveAsync(staff, null, Input("请外区代表参加", Day(DaysAgo(3)), "D0004", "D0007"), []));

        var saved = await database.QueryAsync(db => db.DeputyActivities.Include(a => a.Participants).SingleAsync(a => a.Id == id));
        var station = await database.QueryAsync(db => db.Stations.Where(s => s.Code == Station).Select(s => new { s.Id, s.RegionId }).SingleAsync());
        Assert.Equal((station.RegionId, (int?)station.Id), (saved.RegionId, saved.StationId));
        Assert.Equal(2, saved.Participants.Count);
        Assert.Contains("D0007", outsider.Errors.Single(e => e.Field == "ParticipantCodes").Message, StringComparison.Ordinal);

        Assert.NotNull(await RecordsAsync(r => r.GetAsync(eastOffice.Scope, id)));
        foreach (var other in new[] { neighbour, westOffice })
        {
            Assert.Null(await RecordsAsync(r => r.GetAsync(other.Scope, id)));
            Assert.DoesNotContain(await ListAsync(other.Scope, new ActivityQuery()), row => row.Id == id);
            var edit = Input("改成别的", Day(DaysAgo(3)), "D0004");
            edit.Version = saved.Version;
            Assert.Equal(EditOutcome.NotFound, (await RecordsAsync(r => r.SaveAsync(other, id, edit, []))).Outcome);
            Assert.Equal(EditOutcome.NotFound, (await RecordsAsync(r => r.DeleteAsync(other, id))).Outcome);
        }

        Assert.Equal("调研湖滨路公交站台遮雨棚", (await RecordsAsync(r => r.GetAsync(StaffScope.Everything, id)))!.Title);
    }

    [Fact]
    public async Task AnOfficeRecordsForARegionAndAStationInsideItOnly()
    {
        var eastOffice = await OfficeAsync("990102");
        var westOffice = await OfficeAsync("990103");

        var district = Input("视察东湖区老旧小区改造", Day(DaysAgo(5)), "D0002", "D0004");
        district.RegionCode = "990102";
        var id = await SaveAsync(eastOffice, district);
        var foreignRegion = Input("视察西山区", Day(DaysAgo(5)), "D0004");
        foreignRegion.RegionCode = "990103";
        var foreignStation = Input("到西山区联络站", Day(DaysAgo(5)), "D0004");
        foreignStation.RegionCode = "990102";
        foreignStation.StationCode = "990103001-01";
        var mismatch = Input("青石街道的站记在湖滨街道", Day(DaysAgo(5)), "D0004");
        mismatch.RegionCode = "990102001";
        mismatch.StationCode = "990102002-01";

        Assert.Equal("RegionCode", (await RecordsAsync(r => r.SaveAsync(eastOffice, null, foreignRegion, []))).Errors.Single().Field);
        Assert.Equal("StationCode", (await RecordsAsync(r => r.SaveAsync(eastOffice, null, foreignStation, []))).Errors.Single().Field);
        Assert.Contains("不在所选行政区划内", (await RecordsAsync(r => r.SaveAsync(eastOffice, null, mismatch, []))).Errors.Single().Message, StringComparison.Ordinal);
        Assert.Null(await RecordsAsync(r => r.GetAsync(westOffice.Scope, id)));
        var station = await StationStaffAsync(Station);
        Assert.Null(await RecordsAsync(r => r.GetAsync(station.Scope, id)));
        Assert.Equal(["D0002", "D0004"], (await RecordsAsync(r => r.GetAsync(eastOffice.Scope, id)))!.Participants.Select(p => p.Code));
        var deputy = new CaseActor(StaffScope.ForDeputy(await DeputyIdAsync("D0004")), WorkflowActor.Deputy, null, "王建华");
        Assert.Equal(EditOutcome.Forbidden, (await RecordsAsync(r => r.SaveAsync(deputy, null, district, []))).Outcome);
    }

    [Fact]
    public async Task EvidenceIsCheckedByItsFirstBytesAndCountedAndRemovedOnEdit()
    {
        var staff = await StationStaffAsync(Station);
        var input = Input("向选民述职会", Day(DaysAgo(7)), "D0004");
        input.Kind = PerformanceFact.ReportToVoters;

        var renamed = await RecordsAsync(r => r.SaveAsync(staff, null, input, [Upload("签到表.pdf", Exe), Upload("现场.jpg", Exe)]));
        var eleven = await RecordsAsync(r => r.SaveAsync(staff, null, input, [.. Enumerable.Range(1, 11).Select(n => Upload($"照片{n}.png", Png))]));
        var large = await RecordsAsync(r => r.SaveAsync(staff, null, input, [new EvidenceUpload("大文件.pdf", DeputyActivityEvidence.MaxBytes + 1, null)]));
        var id = await SaveAsync(staff, input, Upload("签到表.pdf", Pdf), Upload("现场.png", Png));

        Assert.Equal(["Files", "Files"], renamed.Errors.Select(e => e.Field));
        Assert.Contains("签到表.pdf", renamed.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("不是 PDF、Word、Excel 或图片", renamed.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("最多 10 个文件", eleven.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Contains("10 MB", large.Errors.Single().Message, StringComparison.Ordinal);
        var detail = (await RecordsAsync(r => r.GetAsync(staff.Scope, id)))!;
        Assert.Equal([("签到表.pdf", "application/pdf"), ("现场.png", "image/png")], detail.Evidence.Select(e => (e.FileName, e.ContentType)));
        var file = await RecordsAsync(r => r.EvidenceFileAsync(staff.Scope, id, detail.Evidence[0].Id));
        Assert.Equal(Pdf, file!.Content);

        // Nine more would make eleven; with the photo removed it fits exactly.
        var edit = Input(detail.Title, Day(detail.Date), "D0004");
        edit.Kind = detail.Kind;
        edit.Version = detail.Version;
        var nine = Enumerable.Range(1, 9).Select(n => Upload($"补充{n}.png", Png)).ToList();
        var tooMany = await RecordsAsync(r => r.SaveAsync(staff, id, edit, nine));
        edit.RemoveEvidence = [detail.Evidence[1].Id];
        var fits = await RecordsAsync(r => r.SaveAsync(staff, id, edit, nine));

        Assert.Contains("已有 2 个", tooMany.Errors.Single().Message, StringComparison.Ordinal);
        Assert.True(fits.Succeeded, string.Join("; ", fits.Errors.Select(e => e.Message)));
        var after = (await RecordsAsync(r => r.GetAsync(staff.Scope, id)))!;
        Assert.Equal(DeputyActivityEvidence.MaxFiles, after.Evidence.Count);
        Assert.DoesNotContain(after.Evidence, e => e.FileName == "现场.png");
    }

    [Fact]
    public async Task AFormReadBeforeAnotherSaveIsRefusedAndNothingOfItIsSaved()
    {
        var staff = await StationStaffAsync(Station);
        var office = await OfficeAsync("990102");
        var id = await SaveAsync(staff, Input("代表议事会：加装电梯", Day(DaysAgo(9)), "D0004"));
        var read = (await RecordsAsync(r => r.GetAsync(staff.Scope, id)))!;

        var first = Input("代表议事会：加装电梯（修改）", Day(read.Date), "D0004", "D0015");
        first.Version = read.Version;
        var second = Input("代表议事会：另一人的修改", Day(read.Date), "D0011");
        second.Version = read.Version;
        var saved = await RecordsAsync(r => r.SaveAsync(office, id, first, []));
        var stale = await RecordsAsync(r => r.SaveAsync(staff, id, second, [Upload("纪要.pdf", Pdf)]));

        Assert.True(saved.Succeeded);
        Assert.Equal(EditOutcome.Conflict, stale.Outcome);
        Assert.Equal(ActivityRecords.ChangedMessage, stale.Errors.Single().Message);
        var now = (await RecordsAsync(r => r.GetAsync(staff.Scope, id)))!;
        Assert.Equal("代表议事会：加装电梯（修改）", now.Title);
        Assert.Equal(["D0004", "D0015"], now.Participants.Select(p => p.Code));
        Assert.Empty(now.Evidence);
    }

    [Fact]
    public async Task DeletingTakesTheDeputiesAndEvidenceAlongAndADeputySeesOnlyTheirActivitiesEvidence()
    {
        var staff = await StationStaffAsync(Station);
        var id = await SaveAsync(staff, Input("执法检查：食品安全", Day(DaysAgo(11)), "D0004"), Upload("照片.png", Png));
        var fileId = (await RecordsAsync(r => r.GetAsync(staff.Scope, id)))!.Evidence.Single().Id;
        var present = StaffScope.ForDeputy(await DeputyIdAsync("D0004"));
        var absent = StaffScope.ForDeputy(await DeputyIdAsync("D0011"));

        Assert.NotNull(await RecordsAsync(r => r.EvidenceFileAsync(present, id, fileId)));
        Assert.Null(await RecordsAsync(r => r.EvidenceFileAsync(absent, id, fileId)));
        Assert.Null(await RecordsAsync(r => r.EvidenceFileAsync(staff.Scope, id + 100_000, fileId)));

        Assert.True((await RecordsAsync(r => r.DeleteAsync(staff, id))).Succeeded);
        Assert.Equal(EditOutcome.NotFound, (await RecordsAsync(r => r.DeleteAsync(staff, id))).Outcome);
        Assert.Equal((0, 0), await database.QueryAsync(async db => (
            await db.DeputyActivityParticipants.CountAsync(p => p.ActivityId == id), await db.DeputyActivityEvidence.CountAsync(e => e.ActivityId == id))));
    }

    [Fact]
    public async Task TheListFiltersByKindDatesStationAndDeputyAndTheExportHasTheSameRows()
    {
        var staff = await StationStaffAsync(Station);
        var office = await OfficeAsync("990102");
        var research = Input("筛选测试：调研垃圾分类", Day(new DateOnly(2025, 3, 10)), "D0014", "D0015");
        research.Kind = PerformanceFact.Research;
        var a = await SaveAsync(staff, research, Upload("a.pdf", Pdf));
        var b = await SaveAsync(staff, Input("筛选测试：视察菜市场", Day(new DateOnly(2025, 3, 20)), "D0004"));
        var other = Input("筛选测试：青石街道视察", Day(new DateOnly(2025, 3, 15)), "D0002");
        other.RegionCode = "990102002";
        var c = await SaveAsync(office, other);

        var march = new ActivityQuery(From: new DateOnly(2025, 3, 1), To: new DateOnly(2025, 3, 31), Text: "筛选测试");
        Assert.Equal([b, c, a], (await ListAsync(office.Scope, march)).Select(r => r.Id));
        Assert.Equal([b, a], (await ListAsync(staff.Scope, march)).Select(r => r.Id));
        Assert.Equal([a], (await ListAsync(office.Scope, march with { Kind = PerformanceFact.Research })).Select(r => r.Id));
        Assert.Equal([b, a], (await ListAsync(office.Scope, march with { StationCode = Station })).Select(r => r.Id));
        Assert.Equal([a], (await ListAsync(office.Scope, march with { Text = "孔春梅" })).Select(r => r.Id));
        Assert.Equal([b], (await ListAsync(office.Scope, march with { Text = "D0004" })).Select(r => r.Id));
        Assert.Equal([c], (await ListAsync(office.Scope, march with { From = new DateOnly(2025, 3, 12), To = new DateOnly(2025, 3, 16) })).Select(r => r.Id));

        var row = (await ListAsync(office.Scope, march with { Kind = PerformanceFact.Research })).Single();
        Assert.Equal(("钱立平、孔春梅", 2, 1, "湖滨街道人大代表之家"), (row.Participants, row.ParticipantCount, row.EvidenceCount, row.StationName));
        var exported = await RecordsAsync(async r => await r.AllAsync(office.Scope, march).ToListAsync());
        Assert.Equal(await ListAsync(office.Scope, march), exported);
    }

    private static ActivityInput Input(string title, string date, params string[] deputies) => new()
    {
        Kind = PerformanceFact.Inspection,
        Date = date,
        Title = title,
        Place = "湖滨路",
        Summary = "代表们查看现场，听取群众意见。",
        ParticipantCodes = [.. deputies],
    };

    private static EvidenceUpload Upload(string name, byte[] content) => new(name, content.Length, content);

    private static DateOnly DaysAgo(int days) => ChinaTime.Today(TimeProvider.System).AddDays(-days);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task<T> RecordsAsync<T>(Func<ActivityRecords, Task<T>> action) =>
        database.WithScopeAsync(s => action(s.GetRequiredService<ActivityRecords>()));

    private async Task<IReadOnlyList<ActivityRow>> ListAsync(StaffScope scope, ActivityQuery query) =>
        (await RecordsAsync(r => r.ListAsync(scope, query, new PageRequest(1, PageRequest.MaxSize)))).Items;

    private async Task<int> SaveAsync(CaseActor actor, ActivityInput input, params EvidenceUpload[] files)
    {
        var result = await RecordsAsync(r => r.SaveAsync(actor, null, input, files));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        return int.Parse(result.Code!, CultureInfo.InvariantCulture);
    }

    private Task<int> DeputyIdAsync(string code) =>
        database.QueryAsync(db => db.Deputies.Where(d => d.Code == code).Select(d => d.Id).SingleAsync());

    private async Task<CaseActor> StationStaffAsync(string code)
    {
        var id = await database.QueryAsync(db => db.Stations.Where(s => s.Code == code).Select(s => s.Id).SingleAsync());
        return new CaseActor(StaffScope.ForStation(id), WorkflowActor.Station, null, code + " 工作人员");
    }

    private async Task<CaseActor> OfficeAsync(string region)
    {
        var id = await database.QueryAsync(db => db.Regions.Where(r => r.Code == region).Select(r => r.Id).SingleAsync());
        return new CaseActor(StaffScope.ForRegion(id), WorkflowActor.Office, null, region + " 代表工委");
    }
}
