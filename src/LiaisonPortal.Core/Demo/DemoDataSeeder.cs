using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Organisation;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Demo;

/// <summary>
/// The demo data set: a city with two districts, streets and communities, stations of every kind, deputies of every
/// level, handling units, categories, the official holiday calendars and one sign-in account per role. Idempotent:
/// everything is looked up by its code and only what is missing is added.
/// </summary>
public sealed class DemoDataSeeder(ApplicationDbContext db, StaffAccounts accounts)
{
    /// <summary>The demo accounts' shared password: printed at start, never used outside a demo database.</summary>
    public const string DemoPassword = "Demo-Liaison-2026";

    public static IReadOnlyList<(string Email, string Role, string Scope)> DemoAccounts { get; } =
    [
        ("admin@liaison.demo", Roles.Admin, "全市 / whole city"),
        ("office@liaison.demo", Roles.CongressStaff, "东湖区 990102"),
        ("station@liaison.demo", Roles.StationStaff, "湖滨街道人大代表之家 990102001-01"),
        ("deputy@liaison.demo", Roles.Deputy, "王建华 D0004"),
        ("unit@liaison.demo", Roles.UnitStaff, "东湖区住房和城乡建设局 U990102-01"),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        await SeedRegionsAsync(cancellationToken);
        await SeedStationsAsync(cancellationToken);
        await SeedDeputiesAsync(cancellationToken);
        await SeedUnitsAsync(cancellationToken);
        await SeedCategoriesAsync(cancellationToken);
        await SeedCalendarAsync(cancellationToken);
        await SeedAccountsAsync(cancellationToken);
    }

    private async Task SeedRegionsAsync(CancellationToken cancellationToken)
    {
        (string Code, string Name, RegionLevel Level, string? Parent)[] regions =
        [
            ("990100", "示范市", RegionLevel.City, null),
            ("990102", "东湖区", RegionLevel.District, "990100"),
            ("990103", "西山区", RegionLevel.District, "990100"),
            ("990102001", "湖滨街道", RegionLevel.Street, "990102"),
            ("990102002", "青石街道", RegionLevel.Street, "990102"),
            ("990103001", "山前街道", RegionLevel.Street, "990103"),
            ("990103100", "桃源镇", RegionLevel.Street, "990103"),
            ("990102001001", "柳岸社区", RegionLevel.Community, "990102001"),
            ("990102001002", "荷塘社区", RegionLevel.Community, "990102001"),
            ("990102002001", "石桥社区", RegionLevel.Community, "990102002"),
            ("990103001001", "松林社区", RegionLevel.Community, "990103001"),
            ("990103100201", "桃花村", RegionLevel.Community, "990103100"),
        ];
        var existing = await db.Regions.ToDictionaryAsync(r => r.Code, cancellationToken);
        foreach (var (code, name, level, parent) in regions)
        {
            if (!existing.ContainsKey(code))
            {
                var region = new Region(code, name, level, parent is null ? null : existing[parent]);
                db.Regions.Add(region);
                existing[code] = region;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task SeedStationsAsync(CancellationToken cancellationToken)
    {
        (string Code, string Name, StationKind Kind, string Region, string Address)[] stations =
        [
            ("990102001-01", "湖滨街道人大代表之家", StationKind.DeputyHome, "990102001", "东湖区湖滨路 88 号街道党群服务中心二楼"),
            ("990102001001-01", "柳岸社区人大代表联络站", StationKind.LiaisonStation, "990102001001", "东湖区柳岸路 12 号社区服务中心"),
            ("990102001002-01", "荷塘社区人大代表联络站", StationKind.LiaisonStation, "990102001002", "东湖区荷塘街 3 号"),
            ("990102002-01", "青石街道人大代表之家", StationKind.DeputyHome, "990102002", "东湖区青石大道 201 号"),
            ("990102002-02", "青石科技园人大代表联系点", StationKind.ContactPoint, "990102002", "东湖区青石科技园创新楼 1 楼"),
            ("990103001-01", "山前街道人大代表之家", StationKind.DeputyHome, "990103001", "西山区山前路 50 号"),
            ("990103001-02", "山前流动联络站", StationKind.MobileStation, "990103001", "西山区山前农贸市场东门（流动）"),
            ("990103-01", "西山区民情联络室", StationKind.PublicOpinionRoom, "990103", "西山区信访局一楼接待大厅"),
            ("990103100-01", "桃源镇人大代表之家", StationKind.DeputyHome, "990103100", "西山区桃源镇政府东楼"),
            ("990103100201-01", "桃花村人大代表联络站", StationKind.LiaisonStation, "990103100201", "西山区桃源镇桃花村村委会"),
        ];
        var regions = await db.Regions.ToDictionaryAsync(r => r.Code, cancellationToken);
        var existing = await db.Stations.Select(s => s.Code).ToHashSetAsync(cancellationToken);
        // Demo coordinates for a few stations, so the directory shows its map links.
        var coordinates = new Dictionary<string, (double Latitude, double Longitude)>
        {
            ["990102001-01"] = (31.4912, 120.3119),
            ["990102002-02"] = (31.4798, 120.3533),
            ["990103-01"] = (31.5604, 120.2540),
        };
        foreach (var (code, name, kind, region, address) in stations.Where(s => !existing.Contains(s.Code)))
        {
            var station = new Station(code, name, kind, regions[region], address)
            {
                OpeningHours = "周一至周五 9:00–11:30, 14:00–17:00",
                ContactPhone = "0510-8" + code.Replace("-", string.Empty, StringComparison.Ordinal)[^7..],
            };
            if (coordinates.TryGetValue(code, out var at))
            {
                station.Locate(at.Latitude, at.Longitude);
            }

            db.Stations.Add(station);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task SeedDeputiesAsync(CancellationToken cancellationToken)
    {
        (string Code, string Name, Gender Gender, DeputyLevel Level, string Occupation, string[] Stations)[] deputies =
        [
            ("D0001", "陈国栋", Gender.Male, DeputyLevel.National, "示范市某机械集团总工程师", ["990102001-01"]),
            ("D0002", "刘雅琴", Gender.Female, DeputyLevel.Provincial, "示范市第一人民医院主任医师", ["990102002-01", "990102002-02"]),
            ("D0003", "赵明", Gender.Male, DeputyLevel.City, "青石科技园企业负责人", ["990102002-02"]),
            ("D0004", "王建华", Gender.Male, DeputyLevel.City, "湖滨街道柳岸社区党委书记", ["990102001-01", "990102001001-01"]),
            ("D0005", "孙丽", Gender.Female, DeputyLevel.County, "东湖区实验小学教师", ["990102001001-01"]),
            ("D0006", "周海涛", Gender.Male, DeputyLevel.County, "律师", ["990102001002-01", "990103-01"]),
            ("D0007", "吴芳", Gender.Female, DeputyLevel.County, "社区卫生服务中心医生", ["990103001-01"]),
            ("D0008", "郑强", Gender.Male, DeputyLevel.County, "山前农贸市场经营户", ["990103001-02"]),
            ("D0009", "冯秀英", Gender.Female, DeputyLevel.Township, "桃花村村民委员会主任", ["990103100-01", "990103100201-01"]),
            ("D0010", "何立新", Gender.Male, DeputyLevel.Township, "种植专业合作社理事长", ["990103100201-01"]),
            ("D0011", "许静", Gender.Female, DeputyLevel.StreetDeliberative, "湖滨街道居民代表", ["990102001-01"]),
            ("D0012", "马晓东", Gender.Male, DeputyLevel.StreetDeliberative, "物业公司项目经理", ["990102001002-01"]),
            ("D0013", "林晨", Gender.Female, DeputyLevel.StreetDeliberative, "山前街道退休教师", ["990103001-01"]),
        ];
        var stations = await db.Stations.ToDictionaryAsync(s => s.Code, cancellationToken);
        var existing = await db.Deputies.Select(d => d.Code).ToHashSetAsync(cancellationToken);
        foreach (var (code, name, gender, level, occupation, enrolled) in deputies.Where(d => !existing.Contains(d.Code)))
        {
            var deputy = new Deputy(code, name, gender, level)
            {
                Occupation = occupation,
                Commitment = "扎根群众、倾听民声，件件有回音。",
                TermStart = new DateOnly(2022, 1, 1),
                TermEnd = new DateOnly(2026, 12, 31),
            };
            foreach (var station in enrolled)
            {
                deputy.EnrolIn(stations[station]);
            }

            db.Deputies.Add(deputy);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task SeedUnitsAsync(CancellationToken cancellationToken)
    {
        (string Code, string Name, HandlingUnitKind Kind, string Region, string? Parent)[] units =
        [
            ("U990102-01", "东湖区住房和城乡建设局", HandlingUnitKind.GovernmentDepartment, "990102", null),
            ("U990102-01-01", "东湖区住建局物业管理科", HandlingUnitKind.GovernmentDepartment, "990102", "U990102-01"),
            ("U990102-02", "东湖区生态环境局", HandlingUnitKind.GovernmentDepartment, "990102", null),
            ("U990102-03", "东湖区教育局", HandlingUnitKind.GovernmentDepartment, "990102", null),
            ("U990102-04", "东湖区交通运输局", HandlingUnitKind.GovernmentDepartment, "990102", null),
            ("U990102-05", "东湖区人民法院", HandlingUnitKind.Court, "990102", null),
            ("U990102-06", "东湖区人民检察院", HandlingUnitKind.Procuratorate, "990102", null),
            ("U990102001", "湖滨街道办事处", HandlingUnitKind.StreetOffice, "990102001", null),
            ("U990103-01", "西山区卫生健康委员会", HandlingUnitKind.GovernmentDepartment, "990103", null),
            ("U990103-02", "西山区人力资源和社会保障局", HandlingUnitKind.GovernmentDepartment, "990103", null),
            ("U990103-03", "西山区监察委员会", HandlingUnitKind.SupervisoryCommission, "990103", null),
            ("U990103001", "山前街道办事处", HandlingUnitKind.StreetOffice, "990103001", null),
            ("U990100-W", "示范市自来水有限公司", HandlingUnitKind.PublicEnterprise, "990100", null),
        ];
        var regions = await db.Regions.ToDictionaryAsync(r => r.Code, cancellationToken);
        var existing = await db.HandlingUnits.ToDictionaryAsync(u => u.Code, cancellationToken);
        foreach (var (code, name, kind, region, parent) in units.Where(u => !existing.ContainsKey(u.Code)))
        {
            var unit = new HandlingUnit(code, name, kind, regions[region], parent is null ? null : existing[parent]) { ContactPerson = "办公室" };
            db.HandlingUnits.Add(unit);
            existing[code] = unit;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task SeedCategoriesAsync(CancellationToken cancellationToken)
    {
        (string Code, string Name, string[] Children)[] tree =
        [
            ("CJ", "城建", ["道路桥梁", "老旧小区改造", "市政设施"]),
            ("HB", "环保", ["大气污染", "水环境", "噪声扰民"]),
            ("JY", "教育", ["学位与招生", "校园周边"]),
            ("YL", "医疗", ["社区医疗", "医保报销"]),
            ("SB", "社保", ["养老服务", "就业创业"]),
            ("JT", "交通", ["公交线路", "停车管理"]),
            ("WY", "物业", ["物业服务", "加装电梯"]),
            ("NY", "农业农村", ["农田水利", "村容村貌"]),
            ("YS", "营商环境", ["政务服务", "企业诉求"]),
            ("SF", "司法", ["法律援助", "矛盾调解"]),
            ("QT", "其他", []),
        ];
        var existing = await db.Categories.ToDictionaryAsync(c => c.Code, cancellationToken);
        for (var i = 0; i < tree.Length; i++)
        {
            var (code, name, children) = tree[i];
            if (!existing.TryGetValue(code, out var parent))
            {
                parent = new Category(code, name, sortOrder: i + 1);
                db.Categories.Add(parent);
                existing[code] = parent;
            }

            for (var j = 0; j < children.Length; j++)
            {
                var childCode = $"{code}{j + 1:00}";
                if (!existing.ContainsKey(childCode))
                {
                    var child = new Category(childCode, children[j], parent, j + 1);
                    db.Categories.Add(child);
                    existing[childCode] = child;
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task SeedCalendarAsync(CancellationToken cancellationToken)
    {
        var existing = await db.CalendarDays.Select(d => d.Date).ToHashSetAsync(cancellationToken);
        foreach (var day in OfficialHolidays.All().Where(d => !existing.Contains(d.Date)))
        {
            db.CalendarDays.Add(day);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task SeedAccountsAsync(CancellationToken cancellationToken)
    {
        await accounts.EnsureRolesAsync(cancellationToken);
        NewStaffAccount[] wanted =
        [
            new("admin@liaison.demo", DemoPassword, Roles.Admin, DisplayName: "系统管理员"),
            new("office@liaison.demo", DemoPassword, Roles.CongressStaff, RegionCode: "990102", DisplayName: "东湖区人大代表工委"),
            new("station@liaison.demo", DemoPassword, Roles.StationStaff, StationCode: "990102001-01", DisplayName: "湖滨代表之家工作人员"),
            new("deputy@liaison.demo", DemoPassword, Roles.Deputy, DeputyCode: "D0004", DisplayName: "王建华"),
            new("unit@liaison.demo", DemoPassword, Roles.UnitStaff, UnitCode: "U990102-01", DisplayName: "区住建局联络员"),
        ];
        foreach (var account in wanted)
        {
            var normalizedEmail = account.Email.ToUpperInvariant();
            if (!await db.Users.AnyAsync(u => u.NormalizedEmail == normalizedEmail, cancellationToken))
            {
                var result = await accounts.CreateAsync(account, cancellationToken);
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"Demo account {account.Email} could not be created: {string.Join("; ", result.Errors)}");
                }
            }
        }
    }
}
