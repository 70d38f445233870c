using System.Diagnostics;
using System.Globalization;
using LiaisonPortal.Core.Import;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LiaisonPortal.Tests.Import;

/// <summary>The issue's yardstick: 5,000 deputies in under ten seconds. Measured and printed; the bound asserted is generous.</summary>
[Collection(RunAlone.Name)]
public class DeputyImportTimingTests(DemoDatabaseFixture database, ITestOutputHelper output) : IClassFixture<DemoDatabaseFixture>
{
    private const int Rows = 5_000;

    [Fact]
    public async Task FiveThousandDeputiesArePreviewedAndImportedWellUnderTheLimit()
    {
        var admin = (await database.FindUserAsync("admin@liaison.demo"))!;
        string[] stations = ["990102001-01", "990102001001-01", "990102002-02", "990103-01"];
        var lines = Enumerable.Range(1, Rows).Select(n => string.Create(CultureInfo.InvariantCulture,
            $"T{n:00000},代表{n},{(n % 2 == 0 ? "女" : "男")},区县人大代表,第{n % 40 + 1}选区,东湖区代表团,教师,教科文卫组,每月进站接待选民一次,2027-01-01,2031-12-31,138{n:00000000},{stations[n % 4]}；{stations[(n + 1) % 4]}"));
        var content = ImportCsv.Gb18030(string.Join("\r\n", lines.Prepend(string.Join(',', ImportLayout.Deputies.Columns.Select(c => c.Header)))) + "\r\n");
        var auditBefore = await database.QueryAsync(db => db.AuditEntries.CountAsync());

        var clock = Stopwatch.StartNew();
        var upload = await WithImporterAsync(i => i.UploadAsync(admin.Scope, admin.Id, ImportKind.Deputies, "roster.csv", content));
        var uploaded = clock.Elapsed;
        var preview = await WithImporterAsync(i => i.PreviewAsync(admin.Scope, admin.Id, upload.BatchId!.Value));
        var previewed = clock.Elapsed;
        var confirm = await WithImporterAsync(i => i.ConfirmAsync(admin.Scope, admin.Id, upload.BatchId!.Value));
        var confirmed = clock.Elapsed;
        await WithImporterAsync(async i =>
        {
            await i.RunAsync(upload.BatchId!.Value);
            return true;
        });
        var imported = clock.Elapsed;

        output.WriteLine(FormattableString.Invariant(
            $"{Rows} deputies ({content.Length / 1024} KB GB18030): upload {uploaded.TotalSeconds:0.00} s, preview {(previewed - uploaded).TotalSeconds:0.00} s, confirm {(confirmed - previewed).TotalSeconds:0.00} s, import {(imported - confirmed).TotalSeconds:0.00} s, total {imported.TotalSeconds:0.00} s"));
        Assert.Equal((Rows, 0), (preview!.ValidRows, preview.InvalidRows));
        Assert.Equal(ConfirmOutcome.Done, confirm.Outcome);
        var batch = await database.QueryAsync(db => db.ImportBatches.AsNoTracking().SingleAsync(b => b.Id == upload.BatchId));
        Assert.Equal((ImportStatus.Completed, Rows, Rows), (batch.Status, batch.ImportedRows, batch.ProcessedRows));
        Assert.Equal(Rows * 2, await database.QueryAsync(db => db.DeputyStations.CountAsync(e => EF.Functions.Like(e.Deputy.Code, "T%"))));
        // One change-log entry per deputy and per enrolment.
        Assert.Equal(Rows * 3, await database.QueryAsync(db => db.AuditEntries.CountAsync()) - auditBefore);
        Assert.True(imported < TimeSpan.FromSeconds(30), $"took {imported}");
    }

    private Task<T> WithImporterAsync<T>(Func<DirectoryImporter, Task<T>> action) =>
        database.WithScopeAsync(provider => action(provider.GetRequiredService<DirectoryImporter>()));
}
