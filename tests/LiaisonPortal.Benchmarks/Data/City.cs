using System.Globalization;
using LiaisonPortal.Core.Organisation;
using Npgsql;
using NpgsqlTypes;

namespace LiaisonPortal.Benchmarks.Data;

/// <summary>A handling unit as the opinions need it: whom to assign, under which name, for which top-level categories (null: any).</summary>
internal sealed record UnitChoice(int Id, string Code, string Name, string? Categories);

/// <summary>A station as the opinions need it: where it is, who sits there, which units answer for it.</summary>
internal sealed class StationChoice
{
    public required int Id { get; init; }

    public required string Code { get; init; }

    public required string Place { get; init; }

    public required bool IsActive { get; init; }

    /// <summary>The parent of the station's region: where an escalated case goes.</summary>
    public required int? ParentRegionId { get; init; }

    public required District District { get; init; }

    public UnitChoice? StreetOffice { get; init; }

    /// <summary>Active deputies whose primary station this is (an opinion to them lands here).</summary>
    public List<int> Deputies { get; } = [];

    /// <summary>Who registers walk-ins and calls at the station.</summary>
    public required string Staff { get; init; }
}

/// <summary>A district's congress office and its departments.</summary>
internal sealed class District
{
    public required string Name { get; init; }

    public required string Office { get; init; }

    public List<UnitChoice> Departments { get; } = [];
}

/// <summary>Counts of what <see cref="City.LoadAsync"/> added.</summary>
internal sealed record CityCounts(int Regions, int Stations, int Units, int Deputies, int Memberships);

/// <summary>
/// The benchmark's city: 示范市 as the demo seeded it (990100, 东湖区 990102, 西山区 990103) plus ten more districts of
/// twelve streets each, three communities per street, a station at each street (代表之家) and community (代表联络站), a
/// 民情联络室 per district, contact points and mobile stations here and there, departments per district and a street
/// office per street, city departments, and 5,000 deputies of every level enrolled in the stations. Rows are written
/// with binary COPY and explicit ids; the identity sequences are moved past them afterwards.
/// </summary>
internal sealed class City
{
    public const string CityCode = "990100";
    public const int NewDeputies = 5000;
    public const string FirstDeputyCode = "D10001";

    /// <summary>The city department the office account assigns to in the benchmark's assign scenario.</summary>
    public const string CityUnitCode = "U990100-01";

    private static readonly (string Code, string Name, HandlingUnitKind Kind, string Categories)[] DistrictDepartments =
    [
        ("01", "住房和城乡建设局", HandlingUnitKind.GovernmentDepartment, "CJ WY"),
        ("02", "生态环境局", HandlingUnitKind.GovernmentDepartment, "HB"),
        ("03", "教育局", HandlingUnitKind.GovernmentDepartment, "JY"),
        ("04", "交通运输局", HandlingUnitKind.GovernmentDepartment, "JT"),
        ("05", "卫生健康委员会", HandlingUnitKind.GovernmentDepartment, "YL"),
        ("06", "人力资源和社会保障局", HandlingUnitKind.GovernmentDepartment, "SB"),
        ("07", "农业农村局", HandlingUnitKind.GovernmentDepartment, "NY"),
        ("08", "行政审批局", HandlingUnitKind.GovernmentDepartment, "YS"),
        ("09", "司法局", HandlingUnitKind.GovernmentDepartment, "SF"),
        ("10", "城市管理局", HandlingUnitKind.GovernmentDepartment, "CJ HB QT"),
        ("11", "市场监督管理局", HandlingUnitKind.GovernmentDepartment, "YS QT"),
        ("12", "人民法院", HandlingUnitKind.Court, "SF"),
    ];

    private static readonly (string Code, string Name, HandlingUnitKind Kind, string Categories)[] CityDepartments =
    [
        ("01", "示范市住房和城乡建设局", HandlingUnitKind.GovernmentDepartment, "CJ WY"),
        ("02", "示范市生态环境局", HandlingUnitKind.GovernmentDepartment, "HB"),
        ("03", "示范市交通运输局", HandlingUnitKind.GovernmentDepartment, "JT"),
        ("04", "示范市教育局", HandlingUnitKind.GovernmentDepartment, "JY"),
        ("05", "示范市卫生健康委员会", HandlingUnitKind.GovernmentDepartment, "YL"),
        ("06", "示范市人力资源和社会保障局", HandlingUnitKind.GovernmentDepartment, "SB"),
        ("07", "示范市农业农村局", HandlingUnitKind.GovernmentDepartment, "NY"),
        ("08", "示范市政务服务管理办公室", HandlingUnitKind.GovernmentDepartment, "YS"),
    ];

    public List<StationChoice> Stations { get; } = [];

    public List<UnitChoice> CityUnits { get; } = [];

    public static async Task<bool> IsLoadedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM \"Deputies\" WHERE \"Code\" = @code)", connection);
        command.Parameters.AddWithValue("code", FirstDeputyCode);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Writes the new directory in one transaction and returns the whole city (demo rows included) as the opinions need it.</summary>
    public static async Task<(City City, CityCounts Counts)> LoadAsync(NpgsqlConnection connection, ulong seed, CancellationToken cancellationToken)
    {
        var rng = new Rng(seed, 0xC17);
        var existingRegions = new List<(int Id, string Code, string Name, int Level, int? ParentId)>();
        await foreach (var row in QueryAsync(connection, "SELECT \"Id\", \"Code\", \"Name\", \"Level\", \"ParentId\" FROM \"Regions\"",
            r => (r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.IsDBNull(4) ? (int?)null : r.GetInt32(4)), cancellationToken))
        {
            existingRegions.Add(row);
        }

        var city = existingRegions.SingleOrDefault(r => r.Code == CityCode);
        if (city.Id == 0)
        {
            throw new InvalidOperationException($"The demo city {CityCode} is missing: seed the demo data first.");
        }

        var regionId = await NextIdAsync(connection, "Regions", cancellationToken);
        var stationId = await NextIdAsync(connection, "Stations", cancellationToken);
        var unitId = await NextIdAsync(connection, "HandlingUnits", cancellationToken);
        var deputyId = await NextIdAsync(connection, "Deputies", cancellationToken);

        var regions = new List<(int Id, string Code, string Name, RegionLevel Level, int? ParentId, string Path)>();
        var stations = new List<(int Id, string Code, string Name, StationKind Kind, int RegionId, string Address, double Weight, string Street)>();
        var units = new List<(int Id, string Code, string Name, HandlingUnitKind Kind, int RegionId, int? ParentId, string? Categories)>();
        var result = new City();
        var districts = new Dictionary<int, District>();
        var streetOffices = new Dictionary<int, UnitChoice>();

        foreach (var (code, name, kind, categories) in CityDepartments)
        {
            var unit = (unitId++, $"U{CityCode}-{code}", name, kind, city.Id, (int?)null, (string?)categories);
            units.Add(unit);
            result.CityUnits.Add(new UnitChoice(unit.Item1, unit.Item2, name, categories));
        }

        for (var d = 0; d < Texts.Districts.Length; d++)
        {
            var (districtName, isCounty) = Texts.Districts[d];
            var districtCode = (990104 + d).ToString(CultureInfo.InvariantCulture);
            var districtPath = $"/{CityCode}/{districtCode}/";
            var districtRegion = regionId++;
            regions.Add((districtRegion, districtCode, districtName, RegionLevel.District, city.Id, districtPath));
            var district = new District { Name = districtName, Office = districtName + "人大常委会代表工委" };
            districts[districtRegion] = district;
            var departmentIds = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (code, name, kind, categories) in DistrictDepartments)
            {
                var unit = (unitId++, $"U{districtCode}-{code}", districtName + name, kind, districtRegion, (int?)null, (string?)categories);
                units.Add(unit);
                departmentIds[code] = unit.Item1;
                district.Departments.Add(new UnitChoice(unit.Item1, unit.Item2, unit.Item3, categories));
            }

            units.Add((unitId++, $"U{districtCode}-01-01", districtName + "住建局物业管理科", HandlingUnitKind.GovernmentDepartment, districtRegion, departmentIds["01"], "WY"));
            district.Departments.Add(new UnitChoice(unitId - 1, $"U{districtCode}-01-01", districtName + "住建局物业管理科", "WY"));
            stations.Add((stationId++, districtCode + "-01", districtName + "民情联络室", StationKind.PublicOpinionRoom, districtRegion,
                districtName + "信访局一楼接待大厅", 1.0, districtName));

            for (var s = 0; s < 12; s++)
            {
                var streetWord = Texts.StreetNames[(d * 12) + s];
                var streetName = streetWord + (isCounty ? "镇" : "街道");
                var streetCode = districtCode + (isCounty ? 101 + s : 1 + s).ToString("000", CultureInfo.InvariantCulture);
                var streetRegion = regionId++;
                regions.Add((streetRegion, streetCode, streetName, RegionLevel.Street, districtRegion, districtPath + streetCode + "/"));
                var office = (unitId++, "U" + streetCode, streetName + (isCounty ? "人民政府" : "办事处"), HandlingUnitKind.StreetOffice, streetRegion, (int?)null, (string?)null);
                units.Add(office);
                streetOffices[streetRegion] = new UnitChoice(office.Item1, office.Item2, office.Item3, null);
                stations.Add((stationId++, streetCode + "-01", streetName + "人大代表之家", StationKind.DeputyHome, streetRegion,
                    $"{districtName}{streetWord}路 {rng.Next(1, 300)} 号党群服务中心", 2.0, streetName));
                if (s % 8 == 3)
                {
                    stations.Add((stationId++, streetCode + "-02", streetWord + "产业园人大代表联系点", StationKind.ContactPoint, streetRegion,
                        $"{districtName}{streetWord}产业园综合楼一楼", 0.7, streetName));
                }

                if (s % 12 == 7)
                {
                    stations.Add((stationId++, streetCode + "-03", streetName + "流动联络站", StationKind.MobileStation, streetRegion,
                        streetName + "辖区（每月第三个星期二到各社区广场）", 0.5, streetName));
                }

                for (var c = 0; c < 3; c++)
                {
                    var index = (((d * 12) + s) * 3) + c;
                    var communityName = Texts.CommunityWords[index % Texts.CommunityWords.Length]
                        + (isCounty ? "村" : Texts.CommunityEndings[index / Texts.CommunityWords.Length % (Texts.CommunityEndings.Length - 1)]);
                    var communityCode = streetCode + (isCounty ? 201 + c : 1 + c).ToString("000", CultureInfo.InvariantCulture);
                    var communityRegion = regionId++;
                    regions.Add((communityRegion, communityCode, communityName, RegionLevel.Community, streetRegion, districtPath + streetCode + "/" + communityCode + "/"));
                    stations.Add((stationId++, communityCode + "-01", communityName + (isCounty ? "人大代表联络站" : "人大代表联络站"), StationKind.LiaisonStation,
                        communityRegion, $"{districtName}{streetName}{communityName}服务中心", 1.0, communityName));
                }
            }
        }

        // Deputies: the busier the station kind, the more deputies enrolled there; levels as a city has them.
        var total = stations.Sum(s => s.Weight);
        var deputies = new List<(int Id, string Code, string Name, Gender Gender, DeputyLevel Level, bool IsActive, string Constituency, string? Delegation, string Occupation)>();
        var memberships = new List<(int DeputyId, int StationId, bool IsPrimary)>();
        var stationRows = stations.ToDictionary(s => s.Id);
        var byStreet = stations.GroupBy(s => s.Street).ToDictionary(g => g.Key, g => g.Select(s => s.Id).ToList(), StringComparer.Ordinal);
        var primaries = new Dictionary<int, List<int>>();
        for (var i = 0; i < NewDeputies; i++)
        {
            var pick = rng.NextDouble() * total;
            var station = stations[^1];
            foreach (var candidate in stations)
            {
                pick -= candidate.Weight;
                if (pick < 0)
                {
                    station = candidate;
                    break;
                }
            }

            var roll = rng.NextDouble();
            var level = roll switch
            {
                < 0.0025 => DeputyLevel.National,
                < 0.015 => DeputyLevel.Provincial,
                < 0.10 => DeputyLevel.City,
                < 0.40 => DeputyLevel.County,
                < 0.54 => DeputyLevel.Township,
                _ => DeputyLevel.StreetDeliberative,
            };
            var id = deputyId++;
            var code = "D" + (10001 + i).ToString(CultureInfo.InvariantCulture);
            var active = rng.Chance(0.95);
            deputies.Add((id, code, Texts.PersonName(ref rng), rng.Chance(0.55) ? Gender.Male : Gender.Female, level, active,
                $"{station.Street}第{rng.Next(1, 9)}选区", level <= DeputyLevel.City ? "示范市代表团" : null, rng.Pick(Texts.Occupations)));
            memberships.Add((id, station.Id, true));
            if (active)
            {
                if (!primaries.TryGetValue(station.Id, out var list))
                {
                    primaries[station.Id] = list = [];
                }

                list.Add(id);
            }

            // About a third also sit at another station of their street (编入家站点: one or more stations).
            if (rng.Chance(0.3) && byStreet[station.Street] is { Count: > 1 } neighbours)
            {
                var other = neighbours[rng.Next(neighbours.Count)];
                if (other != station.Id)
                {
                    memberships.Add((id, other, false));
                }
            }
        }

        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using (var writer = await connection.BeginBinaryImportAsync(
                "COPY \"Regions\" (\"Id\", \"Code\", \"Name\", \"Level\", \"ParentId\", \"Path\") FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                foreach (var r in regions)
                {
                    writer.StartRow();
                    writer.Write(r.Id, NpgsqlDbType.Integer);
                    writer.Write(r.Code, NpgsqlDbType.Varchar);
                    writer.Write(r.Name, NpgsqlDbType.Varchar);
                    writer.Write((int)r.Level, NpgsqlDbType.Integer);
                    Nullable(writer, r.ParentId);
                    writer.Write(r.Path, NpgsqlDbType.Varchar);
                }

                await writer.CompleteAsync(cancellationToken);
            }

            await using (var writer = await connection.BeginBinaryImportAsync(
                "COPY \"Stations\" (\"Id\", \"Code\", \"Name\", \"Kind\", \"RegionId\", \"Address\", \"OpeningHours\", \"ContactPhone\", \"Latitude\", \"Longitude\", \"IsActive\", \"ManagerName\", \"ManagerPhone\") FROM STDIN (FORMAT BINARY)",
                cancellationToken))
            {
                foreach (var s in stations)
                {
                    writer.StartRow();
                    writer.Write(s.Id, NpgsqlDbType.Integer);
                    writer.Write(s.Code, NpgsqlDbType.Varchar);
                    writer.Write(s.Name, NpgsqlDbType.Varchar);
                    writer.Write((int)s.Kind, NpgsqlDbType.Integer);
                    writer.Write(s.RegionId, NpgsqlDbType.Integer);
                    writer.Write(s.Address, NpgsqlDbType.Varchar);
                    writer.Write(s.Kind == StationKind.MobileStation ? "按流动安排" : "周一至周五 9:00–11:30, 14:00–17:00", NpgsqlDbType.Varchar);
                    writer.Write("0510-8" + (s.Id % 10_000_000).ToString("0000000", CultureInfo.InvariantCulture), NpgsqlDbType.Varchar);
                    if (s.Id % 3 == 0)
                    {
                        writer.Write(31.40 + (rng.NextDouble() * 0.25), NpgsqlDbType.Double);
                        writer.Write(120.15 + (rng.NextDouble() * 0.35), NpgsqlDbType.Double);
                    }
                    else
                    {
                        writer.WriteNull();
                        writer.WriteNull();
                    }

                    writer.Write(true, NpgsqlDbType.Boolean);
                    writer.Write(rng.Pick(Texts.Managers), NpgsqlDbType.Varchar);
                    writer.Write("139" + (10_000_000 + s.Id).ToString("00000000", CultureInfo.InvariantCulture), NpgsqlDbType.Varchar);
                }

                await writer.CompleteAsync(cancellationToken);
            }

            await using (var writer = await connection.BeginBinaryImportAsync(
                "COPY \"HandlingUnits\" (\"Id\", \"Code\", \"Name\", \"Kind\", \"RegionId\", \"ParentId\", \"ContactPerson\", \"ContactPhone\", \"IsActive\") FROM STDIN (FORMAT BINARY)",
                cancellationToken))
            {
                // Parents first: the foreign key to the parent unit is checked row by row.
                foreach (var u in units.OrderBy(u => u.ParentId is null ? 0 : 1))
                {
                    writer.StartRow();
                    writer.Write(u.Id, NpgsqlDbType.Integer);
                    writer.Write(u.Code, NpgsqlDbType.Varchar);
                    writer.Write(u.Name, NpgsqlDbType.Varchar);
                    writer.Write((int)u.Kind, NpgsqlDbType.Integer);
                    writer.Write(u.RegionId, NpgsqlDbType.Integer);
                    Nullable(writer, u.ParentId);
                    writer.Write("办公室", NpgsqlDbType.Varchar);
                    // A landline: the daily reminders go to unit staff accounts by email, not by SMS to these numbers.
                    writer.Write("0510-6" + (u.Id % 10_000_000).ToString("0000000", CultureInfo.InvariantCulture), NpgsqlDbType.Varchar);
                    writer.Write(true, NpgsqlDbType.Boolean);
                }

                await writer.CompleteAsync(cancellationToken);
            }

            await using (var writer = await connection.BeginBinaryImportAsync(
                "COPY \"Deputies\" (\"Id\", \"Code\", \"Name\", \"Gender\", \"Level\", \"Constituency\", \"Delegation\", \"Occupation\", \"Commitment\", \"TermStart\", \"TermEnd\", \"IsActive\", \"PrivatePhone\", \"ProfessionalGroup\") FROM STDIN (FORMAT BINARY)",
                cancellationToken))
            {
                foreach (var d in deputies)
                {
                    writer.StartRow();
                    writer.Write(d.Id, NpgsqlDbType.Integer);
                    writer.Write(d.Code, NpgsqlDbType.Varchar);
                    writer.Write(d.Name, NpgsqlDbType.Varchar);
                    writer.Write((int)d.Gender, NpgsqlDbType.Integer);
                    writer.Write((int)d.Level, NpgsqlDbType.Integer);
                    writer.Write(d.Constituency, NpgsqlDbType.Varchar);
                    if (d.Delegation is null)
                    {
                        writer.WriteNull();
                    }
                    else
                    {
                        writer.Write(d.Delegation, NpgsqlDbType.Varchar);
                    }

                    writer.Write(d.Occupation, NpgsqlDbType.Varchar);
                    writer.Write(Texts.Commitments[d.Id % Texts.Commitments.Length], NpgsqlDbType.Varchar);
                    writer.Write(new DateOnly(2022, 1, 1), NpgsqlDbType.Date);
                    writer.Write(new DateOnly(2026, 12, 31), NpgsqlDbType.Date);
                    writer.Write(d.IsActive, NpgsqlDbType.Boolean);
                    writer.Write("138" + (20_000_000 + d.Id).ToString("00000000", CultureInfo.InvariantCulture), NpgsqlDbType.Varchar);
                    writer.Write(Texts.ProfessionalGroups[d.Id % Texts.ProfessionalGroups.Length], NpgsqlDbType.Varchar);
                }

                await writer.CompleteAsync(cancellationToken);
            }

            await using (var writer = await connection.BeginBinaryImportAsync(
                "COPY \"DeputyStations\" (\"DeputyId\", \"StationId\", \"IsPrimary\") FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                foreach (var m in memberships)
                {
                    writer.StartRow();
                    writer.Write(m.DeputyId, NpgsqlDbType.Integer);
                    writer.Write(m.StationId, NpgsqlDbType.Integer);
                    writer.Write(m.IsPrimary, NpgsqlDbType.Boolean);
                }

                await writer.CompleteAsync(cancellationToken);
            }

            foreach (var table in new[] { "Regions", "Stations", "HandlingUnits", "Deputies" })
            {
                await Sql.ExecuteAsync(connection, $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), (SELECT max(\"Id\") FROM \"{table}\"))", cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await result.ReadAsync(connection, districts, streetOffices, cancellationToken);
        return (result, new CityCounts(regions.Count, stations.Count, units.Count, deputies.Count, memberships.Count));
    }

    /// <summary>Every station of the city as the opinions need it, the demo's included (their districts get the demo's units).</summary>
    private async Task ReadAsync(NpgsqlConnection connection, Dictionary<int, District> districts, Dictionary<int, UnitChoice> streetOffices, CancellationToken cancellationToken)
    {
        var regions = new Dictionary<int, (string Code, string Name, int Level, int? ParentId)>();
        await foreach (var r in QueryAsync(connection, "SELECT \"Id\", \"Code\", \"Name\", \"Level\", \"ParentId\" FROM \"Regions\"",
            r => (r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.IsDBNull(4) ? (int?)null : r.GetInt32(4)), cancellationToken))
        {
            regions[r.Item1] = (r.Item2, r.Item3, r.Item4, r.Item5);
        }

        int? DistrictOf(int regionId)
        {
            for (int? id = regionId; id is { } current; id = regions[current].ParentId)
            {
                if (regions[current].Level == (int)RegionLevel.District)
                {
                    return current;
                }
            }

            return null;
        }

        // The demo's districts: every active unit in the district answers any category; street offices by street.
        var generated = districts.Keys.ToHashSet();
        await foreach (var u in QueryAsync(connection, "SELECT \"Id\", \"Code\", \"Name\", \"Kind\", \"RegionId\" FROM \"HandlingUnits\" WHERE \"IsActive\" ORDER BY \"Id\"",
            r => (Id: r.GetInt32(0), Code: r.GetString(1), Name: r.GetString(2), Kind: r.GetInt32(3), RegionId: r.GetInt32(4)), cancellationToken))
        {
            var choice = new UnitChoice(u.Id, u.Code, u.Name, null);
            if (u.Kind == (int)HandlingUnitKind.StreetOffice)
            {
                streetOffices.TryAdd(u.RegionId, choice);
            }
            else if (DistrictOf(u.RegionId) is { } id && !generated.Contains(id))
            {
                if (!districts.TryGetValue(id, out var district))
                {
                    districts[id] = district = new District { Name = regions[id].Name, Office = regions[id].Name + "人大常委会代表工委" };
                }

                district.Departments.Add(choice);
            }
        }

        var cityDistrict = new District { Name = "示范市", Office = "示范市人大常委会代表工委" };
        cityDistrict.Departments.AddRange(CityUnits);
        var stations = new List<StationChoice>();
        await foreach (var s in QueryAsync(connection, "SELECT \"Id\", \"Code\", \"Name\", \"RegionId\", \"IsActive\" FROM \"Stations\" ORDER BY \"Id\"",
            r => (r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetBoolean(4)), cancellationToken))
        {
            var region = regions[s.Item4];
            var district = DistrictOf(s.Item4) is { } id && districts.TryGetValue(id, out var found) ? found : cityDistrict;
            UnitChoice? office = null;
            for (int? r = s.Item4; r is { } current && office is null; r = regions[current].ParentId)
            {
                streetOffices.TryGetValue(current, out office);
            }

            stations.Add(new StationChoice
            {
                Id = s.Item1,
                Code = s.Item2,
                Place = region.Name,
                IsActive = s.Item5,
                ParentRegionId = region.ParentId,
                District = district,
                StreetOffice = office,
                Staff = s.Item3.Replace("人大代表", string.Empty, StringComparison.Ordinal) + "工作人员",
            });
        }

        var byId = stations.ToDictionary(s => s.Id);
        await foreach (var m in QueryAsync(connection, """
            SELECT m."StationId", m."DeputyId" FROM "DeputyStations" m JOIN "Deputies" d ON d."Id" = m."DeputyId"
            WHERE m."IsPrimary" AND d."IsActive" ORDER BY m."DeputyId"
            """, r => (r.GetInt32(0), r.GetInt32(1)), cancellationToken))
        {
            byId[m.Item1].Deputies.Add(m.Item2);
        }

        Stations.AddRange(stations);
    }

    private static void Nullable(NpgsqlBinaryImporter writer, int? value)
    {
        if (value is { } v)
        {
            writer.Write(v, NpgsqlDbType.Integer);
        }
        else
        {
            writer.WriteNull();
        }
    }

    private static async Task<int> NextIdAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT coalesce(max(\"Id\"), 0) + 1 FROM \"{table}\"", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async IAsyncEnumerable<T> QueryAsync<T>(
        NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> map, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return map(reader);
        }
    }
}
