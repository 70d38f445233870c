using System.Text;
using LiaisonPortal.Core.Import;

namespace LiaisonPortal.Tests.Import;

public class ImportFileReaderTests
{
    private const string Header = "代表编号,姓名,性别,代表层级,编入家站点";
    private const string Row = "D9001,张明,男,区县人大代表,990102001-01；990102001001-01";

    [Fact]
    public void Utf8WithAndWithoutBomAndGb18030ReadTheSameRows()
    {
        var text = Header + "\r\n" + Row + "\r\n";
        var withBom = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        var withoutBom = Encoding.UTF8.GetBytes(text);
        var gb18030 = ImportCsv.Gb18030(text);
        Assert.NotEqual(withoutBom, gb18030);

        var read = new[] { withBom, withoutBom, gb18030 }.Select(bytes => ImportFileReader.Read(bytes, ImportLayout.Deputies)).ToList();

        Assert.All(read, file => Assert.Empty(file.Errors));
        Assert.Equal(["UTF-8", "UTF-8", "GB18030"], read.Select(f => f.Table!.EncodingName));
        Assert.All(read, file =>
        {
            var record = Assert.Single(file.Table!.Records);
            Assert.Equal(2, record.Row);
            Assert.Equal("张明", record["姓名"]);
            Assert.Equal("区县人大代表", record["代表层级"]);
            Assert.Equal("990102001-01；990102001001-01", record["编入家站点"]);
        });
    }

    [Fact]
    public void QuotedFieldsKeepCommasAndLineBreaksAndRowNumbersFollowTheSpreadsheet()
    {
        var file = ImportFileReader.Read(ImportCsv.Utf8(
            Header + ",亮承诺",
            "D9001,张明,男,区县,990102001-01,\"每月进站一次，\n 季度回访, 年度述职\"",
            ",,,,,",
            "D9002, 李华 ,女,市,990102001-01,"), ImportLayout.Deputies);

        Assert.Empty(file.Errors);
        var records = file.Table!.Records;
        Assert.Equal([2, 4], records.Select(r => r.Row));
        Assert.Equal("每月进站一次，\n 季度回访, 年度述职", records[0]["亮承诺"]);
        Assert.Equal("李华", records[1]["姓名"]);
    }

    [Fact]
    public void MissingRequiredColumnsRefuseTheWholeFileNamingThem()
    {
        var file = ImportFileReader.Read(ImportCsv.Utf8("代表编号,名字,性别", "D9001,张明,男"), ImportLayout.Deputies);

        Assert.Null(file.Table);
        var error = Assert.Single(file.Errors);
        Assert.Contains("缺少必填列：姓名、代表层级", error, StringComparison.Ordinal);
    }

    [Fact]
    public void HeadersAreMatchedWithoutCaringForSpacesBracketsStarsOrKnownAliases()
    {
        var file = ImportFileReader.Read(ImportCsv.Utf8(" 代表编号* ,代表姓名,级别（必填）,代表团(组),手机", "D9001,张明,市,东湖区代表团,13800000000"), ImportLayout.Deputies);

        Assert.Empty(file.Errors);
        var record = Assert.Single(file.Table!.Records);
        Assert.Equal("张明", record["姓名"]);
        Assert.Equal("市", record["代表层级"]);
        Assert.Equal("东湖区代表团", record["代表团（组）"]);
        Assert.Equal("13800000000", record["本人电话"]);
    }

    [Fact]
    public void AColumnGivenTwiceIsRefused()
    {
        var file = ImportFileReader.Read(ImportCsv.Utf8(Header + ",手机,本人电话", Row + ",1,2"), ImportLayout.Deputies);

        Assert.Contains("“本人电话”列出现了不止一次", Assert.Single(file.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void TabSeparatedTextCopiedFromASpreadsheetIsRead()
    {
        var file = ImportFileReader.Read(ImportCsv.Utf8(Header.Replace(',', '\t'), "D9001\t张明\t男\t市\t990102001-01, 990102001001-01"), ImportLayout.Deputies);

        Assert.Equal("990102001-01, 990102001001-01", Assert.Single(file.Table!.Records)["编入家站点"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n  \r\n")]
    [InlineData("代表编号,姓名,代表层级\r\n,,\r\n")]
    public void AnEmptyFileOrOneWithOnlyAHeaderIsRefusedWithAMessage(string text)
    {
        var file = ImportFileReader.Read(Encoding.UTF8.GetBytes(text), ImportLayout.Deputies);

        Assert.Null(file.Table);
        Assert.Matches("文件是空的|没有数据行", Assert.Single(file.Errors));
    }

    [Fact]
    public void AnUnclosedQuoteNamesItsRow()
    {
        var file = ImportFileReader.Read(ImportCsv.Utf8(Header, Row, "D9002,\"李\"华,女,市,"), ImportLayout.Deputies);

        Assert.StartsWith("第 3 行格式有误", Assert.Single(file.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void TooManyRowsOrTooManyBytesAreRefused()
    {
        var rows = Enumerable.Range(1, ImportFileReader.MaxRows + 1).Select(i => $"D{i},张明,市");
        var tooLong = ImportFileReader.Read(ImportCsv.Utf8(["代表编号,姓名,代表层级", .. rows]), ImportLayout.Deputies);
        var tooBig = ImportFileReader.Read(new byte[ImportFileReader.MaxBytes + 1], ImportLayout.Deputies);

        Assert.Contains("超过 20000 行", Assert.Single(tooLong.Errors), StringComparison.Ordinal);
        Assert.Contains("超过 5 MB", Assert.Single(tooBig.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ImportKind.Deputies)]
    [InlineData(ImportKind.Stations)]
    [InlineData(ImportKind.HandlingUnits)]
    public void EachTemplateIsUtf8WithABomAndReadsBackAsOneRow(ImportKind kind)
    {
        var template = DirectoryImporter.Template(kind);

        Assert.Equal(Encoding.UTF8.GetPreamble(), template[..3]);
        var file = ImportFileReader.Read(template, ImportLayout.For(kind));
        Assert.Empty(file.Errors);
        Assert.Equal(ImportLayout.For(kind).Columns.Count, Assert.Single(file.Table!.Records).Cells.Count);
    }
}

/// <summary>Import files for tests, written the way Excel and text editors write them.</summary>
internal static class ImportCsv
{
    private static readonly Encoding Gb18030Encoding = GetGb18030();

    public static byte[] Utf8(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

    public static byte[] Gb18030(string text) => Gb18030Encoding.GetBytes(text);

    private static Encoding GetGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }
}
