using System.Globalization;
using System.Text;
using LiaisonPortal.Core.Exports;

namespace LiaisonPortal.Core.Import;

/// <summary>One column of an import file: the header the template writes, the other headers people type for it, and an example value.</summary>
public sealed record ImportColumn(string Header, bool Required, string Example, params string[] Aliases);

/// <summary>
/// The columns of each kind of import file. Headers are matched after <see cref="Normalize"/>, so "代表团(组)", "代表编号*"
/// and " 姓名 " are read as the template's columns.
/// </summary>
public sealed class ImportLayout
{
    private readonly Dictionary<string, ImportColumn> _byHeader;

    private ImportLayout(ImportKind kind, IReadOnlyList<ImportColumn> columns)
    {
        Kind = kind;
        Columns = columns;
        _byHeader = new Dictionary<string, ImportColumn>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in columns)
        {
            foreach (var header in column.Aliases.Prepend(column.Header))
            {
                _byHeader.Add(Normalize(header), column);
            }
        }
    }

    public static ImportLayout Deputies { get; } = new(ImportKind.Deputies,
    [
        new("代表编号", true, "D9001", "编号", "代表编码"),
        new("姓名", true, "张明", "代表姓名"),
        new("性别", false, "男"),
        new("代表层级", true, "区县人大代表", "层级", "代表级别", "级别"),
        new("选区", false, "第一选区"),
        new("代表团（组）", false, "东湖区代表团", "代表团", "代表组"),
        new("职业", false, "教师", "职务"),
        new("专业代表小组", false, "教科文卫组", "专业小组"),
        new("亮承诺", false, "每月进站接待选民一次", "承诺"),
        new("任期开始", false, "2027-01-01", "任期开始日期", "任期起"),
        new("任期结束", false, "2031-12-31", "任期结束日期", "任期止"),
        new("本人电话", false, "13800000000", "代表本人电话", "手机", "手机号码"),
        new("编入家站点", false, "990102001-01；990102001001-01", "家站点", "家站点编号", "所属家站点"),
    ]);

    public static ImportLayout Stations { get; } = new(ImportKind.Stations,
    [
        new("统一编号", true, "990102001-09", "编号", "家站点编号", "站点编号"),
        new("名称", true, "湖滨街道示范联络站", "家站点名称", "站点名称"),
        new("类型", true, "代表联络站", "家站点类型", "站点类型"),
        new("所属区域编码", true, "990102001", "区域编码", "所属区域"),
        new("地址", false, "东湖区湖滨路 1 号"),
        new("开放时间", false, "周一至周五 9:00–17:00"),
        new("联系电话", false, "0510-80000000", "电话"),
        new("管理员", false, "李红", "管理员姓名"),
        new("管理员电话", false, "13900000000"),
        new("纬度", false, "31.49"),
        new("经度", false, "120.31"),
    ]);

    public static ImportLayout HandlingUnits { get; } = new(ImportKind.HandlingUnits,
    [
        new("单位编码", true, "U990102-09", "编码", "编号"),
        new("单位名称", true, "东湖区示范局", "名称"),
        new("单位类型", true, "政府部门", "类型"),
        new("所属区域编码", true, "990102", "区域编码", "所属区域"),
        new("上级单位编码", false, string.Empty, "上级单位", "上级编码"),
        new("联系人", false, "办公室"),
        new("联系电话", false, "0510-80000001", "电话"),
    ]);

    public ImportKind Kind { get; }

    public IReadOnlyList<ImportColumn> Columns { get; }

    public static ImportLayout For(ImportKind kind) => kind switch
    {
        ImportKind.Deputies => Deputies,
        ImportKind.Stations => Stations,
        ImportKind.HandlingUnits => HandlingUnits,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public ImportColumn? Find(string header) => _byHeader.GetValueOrDefault(Normalize(header));

    /// <summary>The template: UTF-8 with a BOM (so Excel shows the Chinese headers), the header row and one example row.</summary>
    public byte[] Template()
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Columns.Select(c => Quote(c.Header))).Append("\r\n");
        text.AppendJoin(',', Columns.Select(c => Quote(c.Example))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>
    /// A ledger export in the import's own columns (so an exported file can be edited and imported again), followed by
    /// <paramref name="extraHeaders"/>, which the import ignores. UTF-8 with a BOM, like the template.
    /// </summary>
    public byte[] Export(IEnumerable<IReadOnlyList<string?>> rows, params string[] extraHeaders)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Csv([.. Columns.Select(c => c.Header), .. extraHeaders], rows);
    }

    /// <summary>The same ledger as a streamed export: the import's columns, then <paramref name="extraHeaders"/>.</summary>
    public ExportTable Table(string sheetName, IAsyncEnumerable<IReadOnlyList<string?>> rows, params string[] extraHeaders)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new ExportTable(sheetName, [.. Columns.Select(c => c.Header), .. extraHeaders], rows);
    }

    /// <summary>
    /// Any ledger as CSV: UTF-8 with a BOM (so Excel shows the Chinese), CRLF lines, text that would run as a formula
    /// defused. The one CSV writer of the exports.
    /// </summary>
    public static byte[] Csv(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        text.AppendJoin(',', headers.Select(Quote)).Append("\r\n");
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(value => Quote(Defused(value ?? string.Empty)))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>Header spelling that does not matter: spaces, full-width brackets, a "required" star or note.</summary>
    internal static string Normalize(string header)
    {
        var text = new StringBuilder(header.Length);
        foreach (var c in header.Normalize(NormalizationForm.FormKC))
        {
            if (!char.IsWhiteSpace(c) && c is not ('\uFEFF' or '*'))
            {
                text.Append(c);
            }
        }

        return text.ToString().Replace("(必填)", string.Empty, StringComparison.Ordinal).ToLower(CultureInfo.InvariantCulture);
    }

    private static string Quote(string value) => CsvCells.Quote(value);

    private static string Defused(string value) => CsvCells.Defused(value);
}
