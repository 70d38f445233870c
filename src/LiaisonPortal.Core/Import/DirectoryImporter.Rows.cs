using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Organisation;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Import;

/// <summary>
/// Checking every row of a file with set-based lookups (a handful of queries for the whole file, not one per row) and
/// turning the valid rows into entities, chunk by chunk.
/// </summary>
public sealed partial class DirectoryImporter
{
    private static readonly char[] StationSeparators = ['；', ';', '、', ',', '，', ' ', '\t', '\r', '\n', '\u3000'];

    /// <summary>New entities to insert, and the existing ones they refer to (attached unchanged, so they are not inserted again).</summary>
    private sealed record Chunk(IReadOnlyList<object> Existing, IReadOnlyList<object> New);

    private abstract class CheckedFile
    {
        public abstract IReadOnlyList<PreviewRow> Rows { get; }

        /// <summary>Entities for the valid rows, created lazily: a chunk may refer to entities saved with an earlier one.</summary>
        public abstract IEnumerable<Chunk> Chunks(int size);
    }

    /// <summary>What a row refers to, read from its text, so a row with other errors still gets these checked too.</summary>
    private sealed record RowReferences(string? RegionCode = null, string? ParentCode = null, IReadOnlyList<string>? StationCodes = null);

    private sealed class RowCheck<T>(int row, string? code, string? name, T? value, IReadOnlyList<FieldError> errors, RowReferences references)
        where T : class
    {
        public int Row { get; } = row;

        public string? Code { get; } = code;

        /// <summary>Set when the row passes <see cref="DirectoryRules"/>; it is imported only if nothing else is wrong.</summary>
        public T? Value { get; } = value;

        public RowReferences References { get; } = references;

        public List<string> Reasons { get; } = errors.Select(e => e.Message).ToList();

        public bool DuplicateInFile { get; set; }

        public bool Exists { get; set; }

        /// <summary>Rows whose code is already in the directory are skipped, so their references do not matter.</summary>
        public bool NeedsReferences => !Exists;

        public RowStatus Status => DuplicateInFile || (Reasons.Count > 0 && !Exists)
            ? RowStatus.Invalid
            : Exists ? RowStatus.Duplicate : RowStatus.Valid;

        public PreviewRow ToPreview() => new(Row, Code, name, Status, Reasons);
    }

    private sealed class CheckedRows<T>(List<RowCheck<T>> rows, Func<IEnumerable<RowCheck<T>>, int, IEnumerable<Chunk>> chunks) : CheckedFile
        where T : class
    {
        public override IReadOnlyList<PreviewRow> Rows { get; } = rows.Select(r => r.ToPreview()).ToList();

        public override IEnumerable<Chunk> Chunks(int size) => chunks(rows.Where(r => r.Status == RowStatus.Valid), size);
    }

    private Task<CheckedFile> CheckAsync(StaffScope scope, ImportKind kind, ImportTable table, CancellationToken cancellationToken) => kind switch
    {
        ImportKind.Deputies => CheckDeputiesAsync(scope, table, cancellationToken),
        ImportKind.Stations => CheckStationsAsync(scope, table, cancellationToken),
        ImportKind.HandlingUnits => CheckUnitsAsync(scope, table, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private async Task<CheckedFile> CheckDeputiesAsync(StaffScope scope, ImportTable table, CancellationToken cancellationToken)
    {
        var rows = table.Records.Select(r =>
        {
            var input = new DeputyInput
            {
                Code = r["代表编号"],
                Name = r["姓名"],
                Gender = r["性别"],
                Level = r["代表层级"],
                Constituency = r["选区"],
                Delegation = r["代表团（组）"],
                Occupation = r["职业"],
                ProfessionalGroup = r["专业代表小组"],
                Commitment = r["亮承诺"],
                TermStart = r["任期开始"],
                TermEnd = r["任期结束"],
                PrivatePhone = r["本人电话"],
                StationCodes = (r["编入家站点"] ?? string.Empty).Split(StationSeparators, StringSplitOptions.RemoveEmptyEntries),
            };
            var (value, errors) = DirectoryRules.Check(input, db.Model);
            var stationCodes = input.StationCodes.Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList();
            return new RowCheck<ValidDeputy>(r.Row, DirectoryRules.Clean(input.Code), DirectoryRules.Clean(input.Name), value, errors, new(StationCodes: stationCodes));
        }).ToList();
        var codes = Codes(rows);
        MarkDuplicates(rows, await db.Deputies.Where(d => codes.Contains(d.Code)).Select(d => d.Code).ToListAsync(cancellationToken), "代表编号");

        var stationCodes = rows.Where(r => r.NeedsReferences).SelectMany(r => r.References.StationCodes!).Distinct().ToList();
        var stations = await scopes.Stations(scope).AsNoTracking().Where(s => stationCodes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, StringComparer.Ordinal, cancellationToken);
        foreach (var row in rows.Where(r => r.NeedsReferences))
        {
            var missing = row.References.StationCodes!.Where(c => !stations.ContainsKey(c)).ToList();
            if (missing.Count > 0)
            {
                row.Reasons.Add($"家站点 {string.Join("、", missing)} 不存在，或不在您的管理范围内。");
            }
            else if (scope.Kind == ScopeKind.Region && row.References.StationCodes!.Count == 0)
            {
                row.Reasons.Add("请在“编入家站点”列填写至少一个您管理范围内的家站点，否则您将看不到这位代表。");
            }
        }

        return new CheckedRows<ValidDeputy>(rows, (valid, size) => DeputyChunks(valid, stations, size));
    }

    private static IEnumerable<Chunk> DeputyChunks(IEnumerable<RowCheck<ValidDeputy>> rows, Dictionary<string, Station> stations, int size)
    {
        foreach (var chunk in rows.Chunk(size))
        {
            var used = new HashSet<Station>();
            var deputies = new List<object>(chunk.Length);
            foreach (var value in chunk.Select(r => r.Value!))
            {
                var deputy = new Deputy(value.Code, value.Name, value.Gender, value.Level)
                {
                    Constituency = value.Constituency,
                    Delegation = value.Delegation,
                    Occupation = value.Occupation,
                    ProfessionalGroup = value.ProfessionalGroup,
                    Commitment = value.Commitment,
                    TermStart = value.TermStart,
                    TermEnd = value.TermEnd,
                    PrivatePhone = value.PrivatePhone,
                };
                // In the file's order: the first station is the primary one.
                foreach (var station in value.StationCodes.Select(c => stations[c]))
                {
                    deputy.EnrolIn(station);
                    used.Add(station);
                }

                deputies.Add(deputy);
            }

            yield return new Chunk([.. used], deputies);
        }
    }

    private async Task<CheckedFile> CheckStationsAsync(StaffScope scope, ImportTable table, CancellationToken cancellationToken)
    {
        var rows = table.Records.Select(r =>
        {
            var input = new StationInput
            {
                Code = r["统一编号"],
                Name = r["名称"],
                Kind = r["类型"],
                RegionCode = r["所属区域编码"],
                Address = r["地址"],
                OpeningHours = r["开放时间"],
                ContactPhone = r["联系电话"],
                ManagerName = r["管理员"],
                ManagerPhone = r["管理员电话"],
                Latitude = r["纬度"],
                Longitude = r["经度"],
            };
            var (value, errors) = DirectoryRules.Check(input, db.Model);
            return new RowCheck<ValidStation>(
                r.Row, DirectoryRules.Clean(input.Code), DirectoryRules.Clean(input.Name), value, errors, new(RegionCode: DirectoryRules.Clean(input.RegionCode)));
        }).ToList();
        var codes = Codes(rows);
        MarkDuplicates(rows, await db.Stations.Where(s => codes.Contains(s.Code)).Select(s => s.Code).ToListAsync(cancellationToken), "统一编号");

        var regions = await RegionsAsync(scope, rows, cancellationToken);

        return new CheckedRows<ValidStation>(rows, (valid, size) => valid.Chunk(size).Select(chunk =>
        {
            var stations = chunk.Select(r => r.Value!).Select(value =>
            {
                var station = new Station(value.Code, value.Name, value.Kind, regions[value.RegionCode], value.Address)
                {
                    OpeningHours = value.OpeningHours,
                    ContactPhone = value.ContactPhone,
                    ManagerName = value.ManagerName,
                    ManagerPhone = value.ManagerPhone,
                };
                if (value.Latitude is { } latitude && value.Longitude is { } longitude)
                {
                    station.Locate(latitude, longitude);
                }

                return station;
            }).ToList();
            return new Chunk([.. stations.Select(s => s.Region).Distinct()], stations);
        }));
    }

    private async Task<CheckedFile> CheckUnitsAsync(StaffScope scope, ImportTable table, CancellationToken cancellationToken)
    {
        var rows = table.Records.Select(r =>
        {
            var input = new HandlingUnitInput
            {
                Code = r["单位编码"],
                Name = r["单位名称"],
                Kind = r["单位类型"],
                RegionCode = r["所属区域编码"],
                ParentCode = r["上级单位编码"],
                ContactPerson = r["联系人"],
                ContactPhone = r["联系电话"],
            };
            var (value, errors) = DirectoryRules.Check(input, db.Model);
            return new RowCheck<ValidHandlingUnit>(
                r.Row, DirectoryRules.Clean(input.Code), DirectoryRules.Clean(input.Name), value, errors,
                new(RegionCode: DirectoryRules.Clean(input.RegionCode), ParentCode: DirectoryRules.Clean(input.ParentCode)));
        }).ToList();
        var codes = Codes(rows);
        MarkDuplicates(rows, await db.HandlingUnits.Where(u => codes.Contains(u.Code)).Select(u => u.Code).ToListAsync(cancellationToken), "单位编码");

        var regions = await RegionsAsync(scope, rows, cancellationToken);
        var parentCodes = rows.Where(r => r.NeedsReferences).Select(r => r.References.ParentCode).OfType<string>().Distinct().ToList();
        var existingParents = await scopes.HandlingUnits(scope).AsNoTracking().Where(u => parentCodes.Contains(u.Code))
            .ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken);
        // A sub-unit may name a new top-level unit further up or down the same file: that one is inserted first.
        var newParents = rows.Where(r => r.Code is not null && r.References.ParentCode is null && !r.Exists && !r.DuplicateInFile)
            .Select(r => r.Code!).ToHashSet(StringComparer.Ordinal);
        var newSubUnits = rows.Where(r => r.Code is not null && r.References.ParentCode is not null).Select(r => r.Code!).ToHashSet(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.NeedsReferences && r.References.ParentCode is { } p && p != r.Code))
        {
            var parent = row.References.ParentCode!;
            if (existingParents.TryGetValue(parent, out var existing) ? existing.ParentId is not null : newSubUnits.Contains(parent))
            {
                row.Reasons.Add("上级单位本身是下级单位：承办单位只分两级。");
            }
            else if (existing is null && !newParents.Contains(parent))
            {
                row.Reasons.Add($"上级单位 {parent} 不存在，或不在您的管理范围内。");
            }
        }

        return new CheckedRows<ValidHandlingUnit>(rows, (valid, size) => UnitChunks(valid, regions, existingParents, size));
    }

    private static IEnumerable<Chunk> UnitChunks(
        IEnumerable<RowCheck<ValidHandlingUnit>> rows, Dictionary<string, Region> regions, Dictionary<string, HandlingUnit> parents, int size)
    {
        var created = new Dictionary<string, HandlingUnit>(StringComparer.Ordinal);
        // Top-level units first, so every sub-unit's parent is saved (or in the same chunk) before it.
        foreach (var chunk in rows.OrderBy(r => r.Value!.ParentCode is null ? 0 : 1).Chunk(size))
        {
            var units = new List<HandlingUnit>(chunk.Length);
            var existing = new HashSet<object>();
            foreach (var value in chunk.Select(r => r.Value!))
            {
                var region = regions[value.RegionCode];
                var parent = value.ParentCode is { } code ? parents.GetValueOrDefault(code) ?? created[code] : null;
                var unit = new HandlingUnit(value.Code, value.Name, value.Kind, region, parent)
                {
                    ContactPerson = value.ContactPerson,
                    ContactPhone = value.ContactPhone,
                };
                existing.Add(region);
                // A parent saved with an earlier chunk is attached; one from this chunk is inserted with it.
                if (parent is { Id: not 0 })
                {
                    existing.Add(parent);
                }

                if (value.ParentCode is null)
                {
                    created[value.Code] = unit;
                }

                units.Add(unit);
            }

            yield return new Chunk([.. existing], units);
        }
    }

    private static List<string> Codes<T>(List<RowCheck<T>> rows)
        where T : class =>
        rows.Select(r => r.Code).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    /// <summary>A code seen earlier in the file makes the row invalid; a code already in the directory makes it a duplicate.</summary>
    private static void MarkDuplicates<T>(List<RowCheck<T>> rows, IReadOnlyCollection<string> existing, string label)
        where T : class
    {
        var inDirectory = existing.ToHashSet(StringComparer.Ordinal);
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.Code is not null))
        {
            if (firstRow.TryGetValue(row.Code!, out var first))
            {
                row.DuplicateInFile = true;
                row.Reasons.Add($"{label} {row.Code} 与第 {first} 行重复。");
            }
            else
            {
                firstRow[row.Code!] = row.Row;
                if (inDirectory.Contains(row.Code!))
                {
                    row.Exists = true;
                    row.Reasons.Clear();
                    row.Reasons.Add($"{label} {row.Code} 已存在，本行不导入（已有记录不会被修改）。");
                }
            }
        }
    }

    /// <summary>The regions the rows name that are in the caller's scope; a row naming any other region gets the reason.</summary>
    private async Task<Dictionary<string, Region>> RegionsAsync<T>(StaffScope scope, List<RowCheck<T>> rows, CancellationToken cancellationToken)
        where T : class
    {
        var wanted = rows.Where(r => r.NeedsReferences).Select(r => r.References.RegionCode).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var regions = await scopes.Regions(scope).AsNoTracking().Where(r => wanted.Contains(r.Code)).ToDictionaryAsync(r => r.Code, StringComparer.Ordinal, cancellationToken);
        foreach (var row in rows.Where(r => r.NeedsReferences && r.References.RegionCode is { } code && !regions.ContainsKey(code)))
        {
            row.Reasons.Add($"所属区域编码 {row.References.RegionCode} 不存在，或不在您的管理范围内。");
        }

        return regions;
    }
}
