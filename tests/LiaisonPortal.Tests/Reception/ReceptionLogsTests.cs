using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Exports;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Reception;

/// <summary>The reception log service on the demo street: check-ins, counts, opinions from the log, closing, scope and the ledgers.</summary>
public class ReceptionLogsTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private const string Station = "990102001-01";
    private const string OtherDistrictStation = "990103001-01";
    private const string StaffName = "湖滨代表之家工作人员";

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    [Fact]
    public async Task ADeputyIsCheckedInOnceEvenWhenTappedTwiceAtOnce()
    {
        var staff = await StationStaffAsync();
        var id = await OpenAsync(staff, DaysAgo(1));

        var first = await LogsAsync(l => l.CheckInAsync(staff, id, "D0004"));
        var again = await LogsAsync(l => l.CheckInAsync(staff, id, "D0004"));
        var parallel = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => LogsAsync(l => l.CheckInAsync(staff, id, "D0011"))));
        var unknown = await LogsAsync(l => l.CheckInAsync(staff, id, "D9999"));

        Assert.Equal(("王建华", EditOutcome.Done), (first.Code, first.Outcome));
        Assert.Equal(EditOutcome.Invalid, again.Outcome);
        Assert.Contains("已经签到过了", again.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Equal(1, parallel.Count(r => r.Succeeded));
        Assert.Equal(EditOutcome.Invalid, unknown.Outcome);
        Assert.Equal(2, await database.QueryAsync(db => db.ReceptionLogDeputies.CountAsync(d => d.LogId == id)));
    }

    [Fact]
    public async Task CountsAreCheckedAndAFormReadBeforeAnotherSaveIsRefused()
    {
        var staff = await StationStaffAsync();
        var id = await OpenAsync(staff, DaysAgo(2));
        var version = (await DetailAsync(id)).Version;

        var negative = await LogsAsync(l => l.UpdateAsync(staff, id, new LogUpdateInput(-1, null, null, null, null, version)));
        var saved = await LogsAsync(l => l.UpdateAsync(staff, id, new LogUpdateInput(12, 3, "群众反映集中在加装电梯。", ReceptionMode.AtStation, "二楼接待室", version)));
        var stale = await LogsAsync(l => l.UpdateAsync(staff, id, new LogUpdateInput(1, 0, null, null, null, version)));

        Assert.Equal(["PeopleReceived", "SolvedOnSpot"], negative.Errors.Select(e => e.Field));
        Assert.True(saved.Succeeded);
        Assert.Equal(EditOutcome.Conflict, stale.Outcome);
        var detail = await DetailAsync(id);
        Assert.Equal((12, 3, "群众反映集中在加装电梯。", "二楼接待室"), (detail.PeopleReceived, detail.SolvedOnSpot, detail.Summary, detail.Place));
    }

    [Fact]
    public async Task AnOpinionRegisteredFromTheLogIsAReceptionCaseOfThatLogNamingTheStaffMember()
    {
        var staff = await StationStaffAsync();
        var id = await OpenAsync(staff, DaysAgo(3));

        var saved = await LogsAsync(l => l.RegisterOpinionAsync(staff, id, new LogOpinionInput(null, "小区门口的路灯坏了两个月。晚上回家很不安全。", "李阿姨", null, false)));
        var empty = await LogsAsync(l => l.RegisterOpinionAsync(staff, id, new LogOpinionInput(null, "太短", null, null, false)));

        Assert.True(saved.Result.Succeeded);
        Assert.NotNull(saved.Secret);
        Assert.Contains(empty.Result.Errors, e => e.Field == "Content");
        var opinion = await database.QueryAsync(db => db.Opinions.Include(o => o.Events).SingleAsync(o => o.TrackingCode == saved.Result.Code));
        Assert.Equal((OpinionChannel.Reception, (int?)id, "小区门口的路灯坏了两个月", OpinionState.Received), (opinion.Channel, opinion.ReceptionLogId, opinion.Title, opinion.State));
        Assert.Equal(StaffName, opinion.Events.Single().ActorName);
        Assert.Equal(1, (await DetailAsync(id)).PeopleReceived);
    }

    [Fact]
    public async Task ClosingNeedsADeputyOrAReasonAndAtLeastAsManyPeopleAsOpinions()
    {
        var staff = await StationStaffAsync();
        var office = await OfficeAsync();
        var id = await OpenAsync(staff, DaysAgo(4));
        await RegisterAsync(staff, id, "垃圾分类投放点离楼太远，老人不方便。");
        await RegisterAsync(staff, id, "菜市场周边早上占道经营，交通拥堵。");
        var detail = await DetailAsync(id);
        Assert.True((await LogsAsync(l => l.UpdateAsync(staff, id, new LogUpdateInput(1, 0, null, null, null, detail.Version)))).Succeeded);
        detail = await DetailAsync(id);

        var refused = await LogsAsync(l => l.CloseAsync(staff, id, detail.Version, null));
        Assert.True((await LogsAsync(l => l.UpdateAsync(staff, id, new LogUpdateInput(5, 1, "接待顺利。", null, null, detail.Version)))).Succeeded);
        detail = await DetailAsync(id);
        var closed = await LogsAsync(l => l.CloseAsync(staff, id, detail.Version, "两位代表临时参加区人大常委会会议"));
        var lateCheckIn = await LogsAsync(l => l.CheckInAsync(staff, id, "D0004"));
        var lateOpinion = await LogsAsync(l => l.RegisterOpinionAsync(staff, id, new LogOpinionInput(null, "关闭以后又来的一件意见内容。", null, null, false)));
        var officeCorrection = await LogsAsync(l => l.CheckInAsync(office, id, "D0004"));

        Assert.Equal(["NoDeputyNote", "PeopleReceived"], refused.Errors.Select(e => e.Field));
        Assert.True(closed.Succeeded);
        detail = await DetailAsync(id);
        Assert.True(detail.IsClosed);
        Assert.Equal("接待顺利。\n无代表到场：两位代表临时参加区人大常委会会议", detail.Summary);
        Assert.Equal(EditOutcome.Conflict, lateCheckIn.Outcome);
        Assert.Equal(EditOutcome.Conflict, lateOpinion.Result.Outcome);
        Assert.True(officeCorrection.Succeeded);
        Assert.Equal(EditOutcome.Conflict, (await LogsAsync(l => l.CloseAsync(office, id, detail.Version, null))).Outcome);
    }

    [Fact]
    public async Task ALogOutsideTheScopeIsNotFound()
    {
        var staff = await StationStaffAsync();
        var office = await OfficeAsync();
        var admin = new CaseActor(StaffScope.Everything, WorkflowActor.Office, null, "管理员");
        var elsewhere = await OpenAsync(admin, DaysAgo(5), OtherDistrictStation);

        var officeOpens = await LogsAsync(l => l.OpenAsync(office, new LogOpenInput(OtherDistrictStation, null, ReceptionMode.AtStation, null)));

        Assert.Equal("StationCode", officeOpens.Errors.Single().Field);
        foreach (var actor in new[] { staff, office })
        {
            Assert.Null(await LogsAsync(l => l.GetAsync(actor.Scope, elsewhere)));
            Assert.Equal(EditOutcome.NotFound, (await LogsAsync(l => l.CheckInAsync(actor, elsewhere, "D0007"))).Outcome);
            Assert.Equal(EditOutcome.NotFound, (await LogsAsync(l => l.RegisterOpinionAsync(actor, elsewhere, new LogOpinionInput(null, "范围以外的登记表不能登记意见。", null, null, false)))).Result.Outcome);
            Assert.Equal(EditOutcome.NotFound, (await LogsAsync(l => l.CloseAsync(actor, elsewhere, 0, "无"))).Outcome);
            Assert.Null(await LogsAsync(l => l.LedgerAsync(actor.Scope, OtherDistrictStation, new LedgerPeriod(2026, null))));
        }
    }

    [Fact]
    public async Task PhotosAreCheckedByTheirFirstBytesAndSize()
    {
        var staff = await StationStaffAsync();
        var id = await OpenAsync(staff, DaysAgo(6));

        var png = await LogsAsync(l => l.AddPhotoAsync(staff, id, new UploadedPhoto("接待.png", Png.Length, Png)));
        var text = await LogsAsync(l => l.AddPhotoAsync(staff, id, new UploadedPhoto("photo.jpg", 5, Encoding.UTF8.GetBytes("hello"))));
        var large = await LogsAsync(l => l.AddPhotoAsync(staff, id, new UploadedPhoto("big.jpg", Opinion.PhotoMaxBytes + 1, null)));

        Assert.True(png.Succeeded);
        Assert.Contains("不是 JPG、PNG 或 WebP", text.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Contains("5 MB", large.Errors.Single().Message, StringComparison.Ordinal);
        var photo = (await DetailAsync(id)).Photos.Single();
        Assert.Equal("image/png", (await LogsAsync(l => l.PhotoAsync(staff.Scope, id, photo.Id)))!.Value.ContentType);
        Assert.True((await LogsAsync(l => l.RemovePhotoAsync(staff, id, photo.Id))).Succeeded);
        Assert.Empty((await DetailAsync(id)).Photos);
    }

    [Fact]
    public async Task TheMonthsLedgerIsACsvWithBomAndChineseAndAnXlsxWithTheRows()
    {
        var staff = await StationStaffAsync();
        var id = await OpenAsync(staff, new DateOnly(2025, 3, 18));
        await LogsAsync(l => l.CheckInAsync(staff, id, "D0004"));
        await LogsAsync(l => l.CheckInAsync(staff, id, "D0015"));
        var code = await RegisterAsync(staff, id, "老旧小区加装电梯的补贴政策希望讲清楚。");
        var version = (await DetailAsync(id)).Version;
        await LogsAsync(l => l.UpdateAsync(staff, id, new LogUpdateInput(6, 2, "=HYPERLINK(\"http://x\")", null, null, version)));
        version = (await DetailAsync(id)).Version;
        Assert.True((await LogsAsync(l => l.CloseAsync(staff, id, version, null))).Succeeded);
        await OpenAsync(staff, new DateOnly(2025, 4, 15));

        var month = (await LogsAsync(l => l.LedgerAsync(staff.Scope, Station, LedgerPeriod.Parse("2025-03")!)))!;
        var year = (await LogsAsync(l => l.LedgerAsync(staff.Scope, Station, LedgerPeriod.Parse("2025")!)))!;
        var (csv, xlsx) = await database.WithScopeAsync(async s =>
        {
            var logs = s.GetRequiredService<Core.Reception.ReceptionLogs>();
            var csvBytes = await TableWriter.CsvBytesAsync((await logs.LedgerExportAsync(staff.Scope, Station, LedgerPeriod.Parse("2025-03")!))!);
            using var workbook = new MemoryStream();
            await TableWriter.WriteXlsxAsync((await logs.LedgerExportAsync(staff.Scope, Station, LedgerPeriod.Parse("2025-03")!))!, workbook);
            return (csvBytes, workbook.ToArray());
        });

        Assert.Single(month.Rows);
        Assert.Equal(2, year.Rows.Count);
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        var lines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("日期,家站点编号,家站点,接待方式,地点,到场代表,接待人数,登记意见数,意见查询码", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("2025-03-18,990102001-01,湖滨街道人大代表之家,进站接待,,王建华、孔春梅,6,1,", lines[1], StringComparison.Ordinal);
        Assert.Contains(Core.Citizens.TrackingCodes.Display(code), lines[1], StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", lines[1], StringComparison.Ordinal);

        using var stream = new MemoryStream(xlsx);
        using var document = SpreadsheetDocument.Open(stream, false);
        var sheet = document.WorkbookPart!.Workbook.Descendants<Sheet>().Single();
        Assert.Equal("接待台账", sheet.Name!.Value);
        var rows = ((WorksheetPart)document.WorkbookPart.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>().ToList();
        Assert.Equal(2, rows.Count);
        string Text(Cell cell) => cell.InlineString?.InnerText ?? cell.CellValue?.Text ?? string.Empty;
        Assert.Equal(Core.Reception.ReceptionLogs.LedgerHeaders, rows[0].Elements<Cell>().Select(Text));
        var cells = rows[1].Elements<Cell>().ToList();
        Assert.Equal(["2025-03-18", Station, "湖滨街道人大代表之家", "进站接待"], cells.Take(4).Select(Text));
        Assert.Equal(("6", "1", "2"), (Text(cells[6]), Text(cells[7]), Text(cells[9])));
        Assert.Null(cells[10].CellFormula);
        Assert.Equal("=HYPERLINK(\"http://x\")", Text(cells[10]));
    }

    private static DateOnly DaysAgo(int days) => Core.Calendar.ChinaTime.Today(TimeProvider.System).AddDays(-days);

    private Task<T> LogsAsync<T>(Func<Core.Reception.ReceptionLogs, Task<T>> action) =>
        database.WithScopeAsync(s => action(s.GetRequiredService<Core.Reception.ReceptionLogs>()));

    private async Task<LogDetail> DetailAsync(int id) =>
        (await LogsAsync(l => l.GetAsync(StaffScope.Everything, id)))!;

    private async Task<int> OpenAsync(CaseActor actor, DateOnly date, string station = Station)
    {
        var result = await LogsAsync(l => l.OpenAsync(actor, new LogOpenInput(station, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ReceptionMode.AtStation, null)));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        return int.Parse(result.Code!, CultureInfo.InvariantCulture);
    }

    private async Task<string> RegisterAsync(CaseActor actor, int id, string content)
    {
        var saved = await LogsAsync(l => l.RegisterOpinionAsync(actor, id, new LogOpinionInput(null, content, null, "13812345678", true)));
        Assert.True(saved.Result.Succeeded, string.Join("; ", saved.Result.Errors.Select(e => e.Message)));
        return saved.Result.Code!;
    }

    private async Task<CaseActor> StationStaffAsync()
    {
        var id = await database.QueryAsync(db => db.Stations.Where(s => s.Code == Station).Select(s => s.Id).SingleAsync());
        return new CaseActor(StaffScope.ForStation(id), WorkflowActor.Station, null, StaffName);
    }

    private async Task<CaseActor> OfficeAsync()
    {
        var id = await database.QueryAsync(db => db.Regions.Where(r => r.Code == "990102").Select(r => r.Id).SingleAsync());
        return new CaseActor(StaffScope.ForRegion(id), WorkflowActor.Office, null, "东湖区代表工委");
    }
}
