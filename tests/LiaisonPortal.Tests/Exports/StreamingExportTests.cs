using System.Diagnostics;
using System.Net;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Exports;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace LiaisonPortal.Tests.Exports;

/// <summary>
/// The one export writer, through HTTP on the opinions workbench with 100,000 generated opinions (one SQL statement):
/// every matching row (not one page), CSV with a BOM and a workbook, memory measured while it streams, the list's
/// filters and the scope filter applied, formulas defused. The class has its own database (its fixture).
/// </summary>
[Collection(RunAlone.Name)]
public sealed class StreamingExportTests(StreamingExportTests.Fixture portal, ITestOutputHelper output) : IClassFixture<StreamingExportTests.Fixture>
{
    public const int Opinions = 100_000;
    private const string Formula = "=HYPERLINK(\"http://x.invalid\",\"点我\")";

    [Fact]
    public async Task AHundredThousandOpinionsStreamAsCsvWithABomInFlatMemory()
    {
        using var client = await portal.SignedInAsync("office@liaison.demo");
        var list = await client.GetDocumentAsync("/Manage/Opinions?q=导出测试");
        var href = list.QuerySelector("[data-testid=export]")!.GetAttribute("href")!;
        Assert.Contains("handler=Export", href, StringComparison.Ordinal);

        var ((lines, first, last, header, bom), measure) = await MeasureAsync(async () =>
        {
            using var response = await client.GetAsync("/Manage/Opinions?handler=Export&format=csv&q=导出测试", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
            Assert.StartsWith("opinions-", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
            await using var body = await response.Content.ReadAsStreamAsync();
            var preamble = new byte[3];
            await body.ReadExactlyAsync(preamble);
            using var reader = new StreamReader(body, new UTF8Encoding(false));
            var head = await reader.ReadLineAsync();
            string? firstRow = null, lastRow = null;
            var count = 0;
            while (await reader.ReadLineAsync() is { } line)
            {
                firstRow ??= line;
                lastRow = line;
                count++;
            }

            return (count, firstRow, lastRow, head, preamble);
        });

        output.WriteLine($"CSV, {Opinions:N0} rows: {measure}");
        Assert.Equal(Encoding.UTF8.GetPreamble(), bom);
        Assert.StartsWith("查询码,标题,联络站,代表,来源渠道,分类,分级,主办单位,状态,时限,是否超期,督办,收到时间", header, StringComparison.Ordinal);
        Assert.Equal(Opinions, lines);
        Assert.StartsWith($"EXP{Opinions:D6},\"'{Formula.Replace("\"", "\"\"", StringComparison.Ordinal)}\",", first, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", first, StringComparison.Ordinal);
        Assert.StartsWith("EXP000001,导出测试 1,", last, StringComparison.Ordinal);
        Assert.True(measure.PeakGrowth < 100L * 1024 * 1024, measure.ToString());
    }

    [Fact]
    public async Task AHundredThousandOpinionsStreamAsAWorkbookThatOpensWithAHundredThousandAndOneRows()
    {
        using var client = await portal.SignedInAsync("office@liaison.demo");
        var path = Path.GetTempFileName();
        try
        {
            var (_, measure) = await MeasureAsync(async () =>
            {
                using var response = await client.GetAsync("/Manage/Opinions?handler=Export&format=xlsx&q=导出测试", HttpCompletionOption.ResponseHeadersRead);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
                await using var body = await response.Content.ReadAsStreamAsync();
                await using var file = File.Create(path);
                await body.CopyToAsync(file);
                return (file.Length, 0);
            });
            output.WriteLine($"xlsx, {Opinions:N0} rows ({new FileInfo(path).Length / 1024.0 / 1024:0.0} MB file): {measure}");

            using var document = SpreadsheetDocument.Open(path, false);
            var workbook = document.WorkbookPart!;
            Assert.Equal("群众意见", workbook.Workbook.Sheets!.Elements<Sheet>().Single().Name!.Value);
            var rows = 0;
            List<string>? header = null, first = null, last = null;
            using (var reader = OpenXmlReader.Create(workbook.WorksheetParts.Single()))
            {
                while (reader.Read())
                {
                    if (reader.ElementType == typeof(Row) && reader.IsStartElement)
                    {
                        var row = (Row)reader.LoadCurrentElement()!;
                        var cells = row.Elements<Cell>().Select(c => c.InnerText).ToList();
                        rows++;
                        if (rows == 1)
                        {
                            header = cells;
                        }
                        else if (rows == 2)
                        {
                            first = cells;
                        }

                        last = cells;
                    }
                }
            }

            Assert.Equal(Opinions + 1, rows);
            Assert.Equal(["查询码", "标题", "联络站"], header![..3]);
            Assert.Equal($"EXP{Opinions:D6}", first![0]);
            Assert.Equal(Formula, first[1]); // an inline string is text in a workbook, never a formula
            Assert.Equal("EXP000001", last![0]);
            Assert.Equal("导出测试 1", last[1]);
            Assert.True(measure.PeakGrowth < 100L * 1024 * 1024, measure.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AFilteredExportHasOnlyTheMatchingRows()
    {
        using var client = await portal.SignedInAsync("office@liaison.demo");
        var csv = await client.GetStringAsync("/Manage/Opinions?handler=Export&format=csv&q=导出测试&channel=Hotline&overdue=true");
        var rows = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();

        // Hotline for n % 10 = 0, overdue for n % 4 = 0: both for n % 20 = 0.
        Assert.Equal(Opinions / 20, rows.Count);
        Assert.All(rows, row => Assert.Contains(",热线转办,", row, StringComparison.Ordinal));
        Assert.All(rows, row => Assert.Contains(",超期,", row, StringComparison.Ordinal));
        Assert.All(rows, row => Assert.Equal(0, int.Parse(row[3..9], System.Globalization.CultureInfo.InvariantCulture) % 20));
    }

    [Fact]
    public async Task AnotherDistrictsOfficeExportsNoneOfThem()
    {
        using var client = await portal.SignedInAsync(Fixture.OtherOffice);
        var bytes = await client.GetByteArrayAsync("/Manage/Opinions?handler=Export&format=csv");
        var csv = Encoding.UTF8.GetString(bytes);
        var xlsx = await client.GetByteArrayAsync("/Manage/Opinions?handler=Export&format=xlsx");

        Assert.StartsWith("\uFEFF查询码,", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("EXP", csv, StringComparison.Ordinal);
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var text = document.WorkbookPart!.WorksheetParts.Single().Worksheet.InnerText;
        Assert.DoesNotContain("EXP", text, StringComparison.Ordinal);
        Assert.Contains("查询码", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStationLedgersExcelButtonGivesTheSameFilteredRowsAsItsCsv()
    {
        using var client = await portal.SignedInAsync("office@liaison.demo");
        var list = await client.GetDocumentAsync("/Manage/Stations?kind=LiaisonStation");
        var csv = Encoding.UTF8.GetString(await client.GetByteArrayAsync(list.QuerySelector("[data-testid=export]")!.GetAttribute("href")));
        using var response = await client.GetAsync(list.QuerySelector("[data-testid=export-xlsx]")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.EndsWith(".xlsx", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);

        using var document = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var rows = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>()
            .Select(r => string.Join(',', r.Elements<Cell>().Select(c => c.InnerText).Select(CsvCells.Cell))).ToList();
        var csvLines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(13, rows.Count);
        Assert.Equal(csvLines, rows);
    }

    [Fact]
    public async Task TheWriterQuotesAndDefusesLikeTheImportLedger()
    {
        string?[][] rows = [["=1+1", "@SUM(A1)", "+86 510 8000 0000", "-5", "-x", "a,b", "say \"hi\"", "line\nbreak", null]];
        var table = new ExportTable("t", ["a", "b", "c", "d", "e", "f", "g", "h", "i"], ExportTable.From(rows));

        var text = Encoding.UTF8.GetString(await TableWriter.CsvBytesAsync(table));

        Assert.Equal("\uFEFFa,b,c,d,e,f,g,h,i\r\n'=1+1,'@SUM(A1),+86 510 8000 0000,-5,'-x,\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",\r\n", text);
    }

    private static async Task<(T Result, Measure Measure)> MeasureAsync<T>(Func<Task<T>> action)
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var peak = baseline;
        var peakWorkingSet = Process.GetCurrentProcess().WorkingSet64;
        var workingSetBefore = peakWorkingSet;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                using var process = Process.GetCurrentProcess();
                peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
                await Task.Delay(10);
            }
        });
        var clock = Stopwatch.StartNew();
        var result = await action();
        clock.Stop();
        await stop.CancelAsync();
        await sampler;
        var measure = new Measure(clock.Elapsed, peak - baseline, GC.GetTotalAllocatedBytes(precise: true) - allocated,
            GC.GetTotalMemory(forceFullCollection: true) - baseline, peakWorkingSet - workingSetBefore);
        return (result, measure);
    }

    public sealed record Measure(TimeSpan Elapsed, long PeakGrowth, long Allocated, long Retained, long WorkingSetGrowth)
    {
        public override string ToString() => FormattableString.Invariant(
            $"{Elapsed.TotalMilliseconds:0} ms; managed heap peak +{PeakGrowth / 1048576.0:0.0} MB, retained after +{Retained / 1048576.0:0.0} MB, allocated {Allocated / 1048576.0:0} MB in all, working set peak +{WorkingSetGrowth / 1048576.0:0.0} MB");
    }

    /// <summary>
    /// The portal on its own demo database plus 100,000 opinions at a 东湖区 station: EXP000001…EXP100000 received a minute
    /// apart (newest first in the queue, so EXP100000 is the first row), Hotline for n % 10 = 0, overdue for n % 4 = 0, the
    /// newest titled with a formula.
    /// </summary>
    public sealed class Fixture : PortalFixture
    {
        public const string OtherOffice = "west-office@export.test";

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await QueryAsync(async db =>
            {
                var station = await db.Stations.Where(s => s.Region.Code.StartsWith("990102")).OrderBy(s => s.Code).Select(s => s.Id).FirstAsync();
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "Opinions" ("TrackingCode", "Title", "Content", "Channel", "State", "StationId", "ReceivedAt", "UpdatedAt", "FeedbackDueOn",
                        "FeedbackRound", "HandlingRound", "IsAnonymous", "IsOverdue", "LeaderAttention", "MayContact", "Supervision")
                    SELECT 'EXP' || lpad(n::text, 6, '0'),
                           CASE WHEN n = {Opinions} THEN {Formula} ELSE '导出测试 ' || n END,
                           '导出测试的意见内容 ' || n,
                           CASE WHEN n % 10 = 0 THEN 6 ELSE 1 END, 1, {station},
                           timestamptz '2025-01-01 00:00Z' + n * interval '1 minute', now(), date '2025-03-01',
                           0, 0, false, n % 4 = 0, false, false, 0
                    FROM generate_series(1, {Opinions}) AS n
                    """);
                await db.Database.ExecuteSqlRawAsync("ANALYZE \"Opinions\"");
                return 0;
            });
            await CreateUserAsync(new NewStaffAccount(OtherOffice, "Demo-Liaison-2026", Roles.CongressStaff, RegionCode: "990103", DisplayName: "西山区人大代表工委"));
        }

        public async Task<HttpClient> SignedInAsync(string email)
        {
            var client = Factory.CreateBrowserLikeClient();
            await client.SignInAsync(email);
            return client;
        }
    }
}
