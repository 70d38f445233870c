using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Import;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Import;

public class DirectoryImporterTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private const string DeputyHeader = "代表编号,姓名,性别,代表层级,职业,本人电话,编入家站点";

    [Fact]
    public async Task ThePreviewGivesEveryRowItsStatusAndEveryReason()
    {
        var admin = await AccountAsync("admin@liaison.demo");
        var preview = await UploadAndPreviewAsync(admin, ImportKind.Deputies, ImportCsv.Utf8(
            DeputyHeader,
            "P1001,张明,男,区县人大代表,教师,13800000001,990102001-01",
            "P1002,李华,女,省部级,,12,990102001-01",
            "P1001,王五,男,市,,,990102001-01",
            "D0001,陈国栋,男,全国,,,990102001-01",
            $"P1003,{new string('名', 51)},男,市,,,990102001-01",
            "P1004,赵六,男,市,,,NOPE-01"));

        Assert.True(preview.FileErrors.Count == 0);
        Assert.Equal((1, 4, 1), (preview.ValidRows, preview.InvalidRows, preview.DuplicateRows));
        var rows = preview.Rows.ToDictionary(r => r.Row);
        Assert.Equal(RowStatus.Valid, rows[2].Status);
        Assert.Equal(RowStatus.Invalid, rows[3].Status);
        Assert.Contains(rows[3].Reasons, r => r.StartsWith("代表层级“省部级”无法识别", StringComparison.Ordinal));
        Assert.Contains(rows[3].Reasons, r => r.StartsWith("代表本人电话格式不正确", StringComparison.Ordinal));
        Assert.Equal(["代表编号 P1001 与第 2 行重复。"], rows[4].Reasons);
        Assert.Equal(RowStatus.Duplicate, rows[5].Status);
        Assert.Contains("D0001 已存在", Assert.Single(rows[5].Reasons), StringComparison.Ordinal);
        Assert.Equal(["姓名不能超过 50 个字，现在有 51 个。"], rows[6].Reasons);
        Assert.Equal(["家站点 NOPE-01 不存在，或不在您的管理范围内。"], rows[7].Reasons);
        Assert.False(preview.CanConfirm);
        Assert.Equal([3, 4, 6, 7, 5, 2], preview.Page(null, new Core.Paging.PageRequest(1, 100)).Items.Select(r => r.Row));
    }

    [Fact]
    public async Task AFileWithMissingColumnsIsRefusedAndNotKept()
    {
        var admin = await AccountAsync("admin@liaison.demo");
        var before = await database.QueryAsync(db => db.ImportBatches.CountAsync());

        var result = await WithImporterAsync(i => i.UploadAsync(admin.Scope, admin.Id, ImportKind.Deputies, "roster.csv", ImportCsv.Utf8("代表编号,姓名", "P2001,张明")));

        Assert.False(result.Succeeded);
        Assert.Contains("缺少必填列：代表层级", Assert.Single(result.Errors), StringComparison.Ordinal);
        Assert.Equal(before, await database.QueryAsync(db => db.ImportBatches.CountAsync()));
    }

    [Fact]
    public async Task AStationFileUploadedAsDeputiesSaysWhichKindItLooksLike()
    {
        var admin = await AccountAsync("admin@liaison.demo");

        var result = await WithImporterAsync(i => i.UploadAsync(admin.Scope, admin.Id, ImportKind.Deputies, "stations.csv", DirectoryImporter.Template(ImportKind.Stations)));

        Assert.Contains(result.Errors, e => e.Contains("请在“导入内容”中选择“家站点”", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADistrictOfficeCannotImportIntoAnotherDistrict()
    {
        var office = await AccountAsync("office@liaison.demo");

        var deputies = await UploadAndPreviewAsync(office, ImportKind.Deputies, ImportCsv.Utf8(
            DeputyHeader, "P3001,张明,男,市,,,990103-01", "P3002,李华,女,市,,,990102001-01", "P3003,王五,男,市,,,", "P3004,,男,市,,,990103-01"));
        var stations = await UploadAndPreviewAsync(office, ImportKind.Stations, ImportCsv.Utf8(
            "统一编号,名称,类型,所属区域编码", "990103-09,西山区联络站,代表联络站,990103", "990102-09,东湖区联络站,代表联络站,990102"));

        Assert.Equal(["家站点 990103-01 不存在，或不在您的管理范围内。"], deputies.Rows[0].Reasons);
        Assert.Equal(RowStatus.Valid, deputies.Rows[1].Status);
        Assert.Contains("至少一个您管理范围内的家站点", Assert.Single(deputies.Rows[2].Reasons), StringComparison.Ordinal);
        Assert.Equal(["请填写姓名。", "家站点 990103-01 不存在，或不在您的管理范围内。"], deputies.Rows[3].Reasons);
        Assert.Equal(["所属区域编码 990103 不存在，或不在您的管理范围内。"], stations.Rows[0].Reasons);
        Assert.Equal(RowStatus.Valid, stations.Rows[1].Status);
    }

    [Fact]
    public async Task ARejectedFileImportsNothingAndCannotBeConfirmed()
    {
        var admin = await AccountAsync("admin@liaison.demo");
        var before = await database.QueryAsync(db => db.Deputies.CountAsync());
        var upload = await WithImporterAsync(i => i.UploadAsync(admin.Scope, admin.Id, ImportKind.Deputies, "roster.csv", ImportCsv.Utf8(
            DeputyHeader, "P4001,张明,男,市,,,990102001-01", "P4002,李华,女,部级,,,990102001-01")));

        var confirm = await WithImporterAsync(i => i.ConfirmAsync(admin.Scope, admin.Id, upload.BatchId!.Value));
        await RunAsync(upload.BatchId!.Value);

        Assert.Equal(ConfirmOutcome.Refused, confirm.Outcome);
        Assert.Contains("1 行错误", confirm.Message, StringComparison.Ordinal);
        Assert.Equal(before, await database.QueryAsync(db => db.Deputies.CountAsync()));
        Assert.Equal(ImportStatus.Previewed, (await BatchAsync(upload.BatchId!.Value)).Status);
    }

    [Fact]
    public async Task AConfirmedFileImportsItsNewRowsWithStationsPrimaryAndTheUploaderInTheChangeLog()
    {
        var office = await AccountAsync("office@liaison.demo");
        var upload = await WithImporterAsync(i => i.UploadAsync(office.Scope, office.Id, ImportKind.Deputies, "roster.csv", ImportCsv.Gb18030(string.Join("\r\n",
            DeputyHeader,
            "P5001,欧阳明月,女,区县,律师,13800000005,990102001001-01；990102001-01",
            "P5002,李华,男,街道议政代表,,,990102002-02",
            "D0004,王建华,男,市,,,990102001-01") + "\r\n")));

        var confirm = await WithImporterAsync(i => i.ConfirmAsync(office.Scope, office.Id, upload.BatchId!.Value));
        var again = await WithImporterAsync(i => i.ConfirmAsync(office.Scope, office.Id, upload.BatchId!.Value));
        await RunAsync(upload.BatchId!.Value);

        Assert.Equal(ConfirmOutcome.Done, confirm.Outcome);
        Assert.Equal(DirectoryImporter.AlreadyConfirmedMessage, again.Message);
        var batch = await BatchAsync(upload.BatchId!.Value);
        Assert.Equal((ImportStatus.Completed, 3, 3, 2, 1), (batch.Status, batch.TotalRows, batch.ProcessedRows, batch.ImportedRows, batch.SkippedRows));
        var deputy = await database.QueryAsync(db => db.Deputies.Include(d => d.Stations).ThenInclude(s => s.Station).SingleAsync(d => d.Code == "P5001"));
        Assert.Equal(("欧阳明月", Gender.Female, DeputyLevel.County, "13800000005"), (deputy.Name, deputy.Gender, deputy.Level, deputy.PrivatePhone));
        Assert.Equal("990102001001-01", deputy.Stations.Single(s => s.IsPrimary).Station.Code);
        Assert.Equal(2, deputy.Stations.Count);
        var log = await database.QueryAsync(db => db.AuditEntries.Where(a => a.EntityKey == "P5001" || EF.Functions.Like(a.EntityKey, "P5001@%")).ToListAsync());
        Assert.Equal(3, log.Count);
        Assert.All(log, entry => Assert.Equal(("东湖区人大代表工委", office.Id, "Added"), (entry.ActorName, entry.ActorId, entry.Action)));
        Assert.Equal("王建华", await database.QueryAsync(db => db.Deputies.Where(d => d.Code == "D0004").Select(d => d.Name).SingleAsync()));
    }

    [Fact]
    public async Task StationsAndUnitsImportWithTheirRegionLocationAndParentFromTheSameFile()
    {
        var admin = await AccountAsync("admin@liaison.demo");
        var stations = await WithImporterAsync(i => i.UploadAsync(admin.Scope, admin.Id, ImportKind.Stations, "stations.csv", ImportCsv.Utf8(
            "统一编号,名称,类型,所属区域编码,地址,纬度,经度",
            "990103001-09,山前示范联络站,联络站,990103001,西山区山前路 9 号,31.5,120.25")));
        var units = await WithImporterAsync(i => i.UploadAsync(admin.Scope, admin.Id, ImportKind.HandlingUnits, "units.csv", ImportCsv.Utf8(
            "单位编码,单位名称,单位类型,所属区域编码,上级单位编码",
            "U990103-09-01,西山区示范局办公室,政府部门,990103,U990103-09",
            "U990103-09,西山区示范局,部门,990103,",
            "U990102-01-09,住建局示范科,政府部门,990102,U990102-01")));

        foreach (var batch in new[] { stations.BatchId!.Value, units.BatchId!.Value })
        {
            Assert.Equal(ConfirmOutcome.Done, (await WithImporterAsync(i => i.ConfirmAsync(admin.Scope, admin.Id, batch))).Outcome);
            await RunAsync(batch);
            Assert.Equal(ImportStatus.Completed, (await BatchAsync(batch)).Status);
        }

        var station = await database.QueryAsync(db => db.Stations.Include(s => s.Region).SingleAsync(s => s.Code == "990103001-09"));
        Assert.Equal(("990103001", StationKind.LiaisonStation, 31.5, 120.25), (station.Region.Code, station.Kind, station.Latitude!.Value, station.Longitude!.Value));
        var parents = await database.QueryAsync(db => db.HandlingUnits.Where(u => EF.Functions.Like(u.Code, "U99010%")).Select(u => new { u.Code, Parent = u.Parent == null ? null : u.Parent.Code }).ToDictionaryAsync(u => u.Code, u => u.Parent));
        Assert.Equal("U990103-09", parents["U990103-09-01"]);
        Assert.Null(parents["U990103-09"]);
        Assert.Equal("U990102-01", parents["U990102-01-09"]);
    }

    [Fact]
    public async Task ASubUnitCannotHangUnderAnotherSubUnitAndAParentMustExist()
    {
        var admin = await AccountAsync("admin@liaison.demo");

        var preview = await UploadAndPreviewAsync(admin, ImportKind.HandlingUnits, ImportCsv.Utf8(
            "单位编码,单位名称,单位类型,所属区域编码,上级单位编码",
            "U9-1,甲,部门,990102,U990102-01-01",
            "U9-2,乙,部门,990102,U9-1",
            "U9-3,丙,部门,990103,U990103-01",
            "U9-4,丁,部长,990102,U9-404"));

        Assert.Equal(["上级单位本身是下级单位：承办单位只分两级。"], preview.Rows[0].Reasons);
        Assert.Equal(["上级单位本身是下级单位：承办单位只分两级。"], preview.Rows[1].Reasons);
        Assert.Equal(RowStatus.Valid, preview.Rows[2].Status);
        Assert.Equal(2, preview.Rows[3].Reasons.Count);
        Assert.Equal("上级单位 U9-404 不存在，或不在您的管理范围内。", preview.Rows[3].Reasons[1]);
    }

    [Fact]
    public async Task OnlyTheUploaderSeesConfirmsOrCancelsABatch()
    {
        var admin = await AccountAsync("admin@liaison.demo");
        var office = await AccountAsync("office@liaison.demo");
        var upload = await WithImporterAsync(i => i.UploadAsync(office.Scope, office.Id, ImportKind.Deputies, "roster.csv", ImportCsv.Utf8(DeputyHeader, "P6001,张明,男,市,,,990102001-01")));
        var id = upload.BatchId!.Value;

        Assert.Null(await WithImporterAsync(i => i.PreviewAsync(admin.Scope, admin.Id, id)));
        Assert.Null(await WithImporterAsync(i => i.FindAsync(admin.Id, id)));
        Assert.Equal(ConfirmOutcome.NotFound, (await WithImporterAsync(i => i.ConfirmAsync(admin.Scope, admin.Id, id))).Outcome);
        Assert.Equal(ConfirmOutcome.NotFound, (await WithImporterAsync(i => i.CancelAsync(admin.Id, id))).Outcome);
        Assert.Equal(ConfirmOutcome.Done, (await WithImporterAsync(i => i.CancelAsync(office.Id, id))).Outcome);
        Assert.Equal(ConfirmOutcome.Refused, (await WithImporterAsync(i => i.ConfirmAsync(office.Scope, office.Id, id))).Outcome);
        Assert.Contains(await WithImporterAsync(i => i.RecentAsync(office.Id)), b => b.Id == id && b.Status == ImportStatus.Cancelled);
    }

    [Fact]
    public async Task TwoConfirmationsAtOnceStartOneImport()
    {
        var admin = await AccountAsync("admin@liaison.demo");
        var upload = await WithImporterAsync(i => i.UploadAsync(admin.Scope, admin.Id, ImportKind.Deputies, "roster.csv", ImportCsv.Utf8(DeputyHeader, "P7001,张明,男,市,,,990102001-01")));

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => WithImporterAsync(i => i.ConfirmAsync(admin.Scope, admin.Id, upload.BatchId!.Value))));

        Assert.Single(results, r => r.Outcome == ConfirmOutcome.Done);
        Assert.Single(results, r => r.Message == DirectoryImporter.AlreadyConfirmedMessage);
    }

    [Fact]
    public async Task ACodeTakenBetweenConfirmationAndImportIsSkippedAsADuplicate()
    {
        var admin = await AccountAsync("admin@liaison.demo");
        var upload = await WithImporterAsync(i => i.UploadAsync(admin.Scope, admin.Id, ImportKind.Deputies, "roster.csv", ImportCsv.Utf8(
            DeputyHeader, "P8001,张明,男,市,,,990102001-01", "P8002,李华,女,市,,,990102001-01")));
        await WithImporterAsync(i => i.ConfirmAsync(admin.Scope, admin.Id, upload.BatchId!.Value));
        await database.QueryAsync(async db =>
        {
            db.Deputies.Add(new Deputy("P8002", "李小华", Gender.Female, DeputyLevel.City));
            return await db.SaveChangesAsync();
        });

        await RunAsync(upload.BatchId!.Value);

        var batch = await BatchAsync(upload.BatchId!.Value);
        Assert.Equal((ImportStatus.Completed, 1, 1), (batch.Status, batch.ImportedRows, batch.SkippedRows));
        Assert.Equal("李小华", await database.QueryAsync(db => db.Deputies.Where(d => d.Code == "P8002").Select(d => d.Name).SingleAsync()));
    }

    [Fact]
    public async Task ARowThatTurnsInvalidAfterConfirmationFailsTheWholeFile()
    {
        var admin = await AccountAsync("admin@liaison.demo");
        await database.QueryAsync(async db =>
        {
            db.Stations.Add(new Station("990102-77", "临时联络站", StationKind.MobileStation, await db.Regions.SingleAsync(r => r.Code == "990102"), "东湖区"));
            return await db.SaveChangesAsync();
        });
        var upload = await WithImporterAsync(i => i.UploadAsync(admin.Scope, admin.Id, ImportKind.Deputies, "roster.csv", ImportCsv.Utf8(
            DeputyHeader, "P8101,张明,男,市,,,990102001-01", "P8102,李华,女,市,,,990102-77")));
        await WithImporterAsync(i => i.ConfirmAsync(admin.Scope, admin.Id, upload.BatchId!.Value));
        await database.QueryAsync(db => db.Stations.Where(s => s.Code == "990102-77").ExecuteDeleteAsync());

        await RunAsync(upload.BatchId!.Value);

        var batch = await BatchAsync(upload.BatchId!.Value);
        Assert.Equal(ImportStatus.Failed, batch.Status);
        Assert.Contains("1 行有错误", batch.Error, StringComparison.Ordinal);
        Assert.False(await database.QueryAsync(db => db.Deputies.AnyAsync(d => d.Code == "P8101")));
    }

    [Fact]
    public async Task AFailureInALaterChunkKeepsNothingOfTheEarlierOnes()
    {
        var admin = await AccountAsync("admin@liaison.demo");
        var rows = Enumerable.Range(1, DirectoryImporter.ChunkSize + 50).Select(n => $"QX{n:0000},代表{n},男,市,,,990102001-01");
        var upload = await WithImporterAsync(i => i.UploadAsync(admin.Scope, admin.Id, ImportKind.Deputies, "roster.csv", ImportCsv.Utf8([DeputyHeader, .. rows])));
        await WithImporterAsync(i => i.ConfirmAsync(admin.Scope, admin.Id, upload.BatchId!.Value));
        // The database refuses one row of the second chunk, as it would refuse a row broken in a way no check foresaw.
        await database.QueryAsync(db => db.Database.ExecuteSqlRawAsync("""
            CREATE FUNCTION refuse_qx0540() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER refuse_qx0540 BEFORE INSERT ON "Deputies" FOR EACH ROW WHEN (NEW."Code" = 'QX0540') EXECUTE FUNCTION refuse_qx0540();
            """));

        await RunAsync(upload.BatchId!.Value);

        var batch = await BatchAsync(upload.BatchId!.Value);
        Assert.Equal((ImportStatus.Failed, 0), (batch.Status, batch.ImportedRows));
        Assert.Contains("没有导入任何数据", batch.Error, StringComparison.Ordinal);
        Assert.False(await database.QueryAsync(db => db.Deputies.AnyAsync(d => EF.Functions.Like(d.Code, "QX%"))));
        Assert.False(await database.QueryAsync(db => db.AuditEntries.AnyAsync(a => EF.Functions.Like(a.EntityKey, "QX%"))));
    }

    [Fact]
    public async Task BatchesLeftImportingByAStoppedProcessAreFailedAtStart()
    {
        var admin = await AccountAsync("admin@liaison.demo");
        var upload = await WithImporterAsync(i => i.UploadAsync(admin.Scope, admin.Id, ImportKind.Deputies, "roster.csv", ImportCsv.Utf8(DeputyHeader, "P9001,张明,男,市,,,990102001-01")));
        // Confirmed by a process that then stopped before running it (its claim on the batch ends with it).
        await using (var stopped = TestCluster.CoreServices(database.ConnectionString))
        await using (var scope = stopped.CreateAsyncScope())
        {
            Assert.Equal(ConfirmOutcome.Done, (await scope.ServiceProvider.GetRequiredService<DirectoryImporter>().ConfirmAsync(admin.Scope, admin.Id, upload.BatchId!.Value)).Outcome);
        }

        var failed = await WithImporterAsync(i => i.FailInterruptedAsync());

        Assert.True(failed >= 1);
        var batch = await BatchAsync(upload.BatchId!.Value);
        Assert.Equal(ImportStatus.Failed, batch.Status);
        Assert.Contains("服务重启", batch.Error, StringComparison.Ordinal);
    }

    private async Task<ApplicationUser> AccountAsync(string email) => (await database.FindUserAsync(email))!;

    private Task<T> WithImporterAsync<T>(Func<DirectoryImporter, Task<T>> action) =>
        database.WithScopeAsync(provider => action(provider.GetRequiredService<DirectoryImporter>()));

    private async Task RunAsync(Guid batchId) => await WithImporterAsync(async i =>
    {
        await i.RunAsync(batchId);
        return true;
    });

    private Task<ImportBatchInfo> BatchAsync(Guid id) =>
        database.QueryAsync(db => db.ImportBatches.Where(b => b.Id == id)
            .Select(b => new ImportBatchInfo(b.Id, b.Kind, b.FileName, b.Status, b.CreatedAt, b.TotalRows, b.ProcessedRows, b.ImportedRows, b.Error, b.CompletedAt))
            .SingleAsync());

    private async Task<ImportPreview> UploadAndPreviewAsync(ApplicationUser user, ImportKind kind, byte[] content)
    {
        var upload = await WithImporterAsync(i => i.UploadAsync(user.Scope, user.Id, kind, "file.csv", content));
        Assert.True(upload.Succeeded, string.Join(" ", upload.Errors));
        return (await WithImporterAsync(i => i.PreviewAsync(user.Scope, user.Id, upload.BatchId!.Value)))!;
    }
}
