using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Core.Suggestions;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Demo;

/// <summary>
/// The demo data set: a city with two districts, streets and communities, stations of every kind, deputies of every
/// level, handling units, categories, the official holiday calendars and one sign-in account per role. Idempotent:
/// everything is looked up by its code and only what is missing is added.
/// </summary>
public sealed partial class DemoDataSeeder(ApplicationDbContext db, StaffAccounts accounts, WorkingDayCalendar calendar, TimeProvider time)
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
        await SeedStandardChecksAsync(cancellationToken);
        await SeedDeputiesAsync(cancellationToken);
        await SeedUnitsAsync(cancellationToken);
        await SeedCategoriesAsync(cancellationToken);
        await SeedCalendarAsync(cancellationToken);
        await SeedAccountsAsync(cancellationToken);
        await SeedReceptionSlotsAsync(cancellationToken);
        await SeedReceptionRulesAsync(cancellationToken);
        await SeedSuggestionBatchesAsync(cancellationToken);
        await SeedSuggestionsAsync(cancellationToken);
        await SeedPerformanceAsync(cancellationToken);
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
            ("990102001003", "芦花社区", RegionLevel.Community, "990102001"),
            ("990102001004", "渔港社区", RegionLevel.Community, "990102001"),
            ("990102001005", "翠湖社区", RegionLevel.Community, "990102001"),
            ("990102001006", "望湖社区", RegionLevel.Community, "990102001"),
            ("990102001007", "梅园社区", RegionLevel.Community, "990102001"),
            ("990102001008", "滨河社区", RegionLevel.Community, "990102001"),
            ("990102001009", "长堤社区", RegionLevel.Community, "990102001"),
            ("990102001010", "湖光社区", RegionLevel.Community, "990102001"),
            ("990102001011", "新桥社区", RegionLevel.Community, "990102001"),
            ("990102001012", "金沙社区", RegionLevel.Community, "990102001"),
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
            ("990102001003-01", "芦花社区人大代表联络站", StationKind.LiaisonStation, "990102001003", "东湖区芦花路 6 号"),
            ("990102001004-01", "渔港社区人大代表联络站", StationKind.LiaisonStation, "990102001004", "东湖区渔港路 21 号"),
            ("990102001005-01", "翠湖社区人大代表联络站", StationKind.LiaisonStation, "990102001005", "东湖区翠湖苑 5 幢底层"),
            ("990102001006-01", "望湖社区人大代表联络站", StationKind.LiaisonStation, "990102001006", "东湖区望湖路 140 号"),
            ("990102001007-01", "梅园社区人大代表联络站", StationKind.LiaisonStation, "990102001007", "东湖区梅园新村 18 号"),
            ("990102001008-01", "滨河社区人大代表联络站", StationKind.LiaisonStation, "990102001008", "东湖区滨河东路 77 号"),
            ("990102001009-01", "长堤社区人大代表联络站", StationKind.LiaisonStation, "990102001009", "东湖区长堤街 9 号"),
            ("990102001010-01", "湖光社区人大代表联络站", StationKind.LiaisonStation, "990102001010", "东湖区湖光路 300 号"),
            ("990102001011-01", "新桥社区人大代表联络站", StationKind.LiaisonStation, "990102001011", "东湖区新桥路 45 号"),
            ("990102001012-01", "金沙社区人大代表联络站", StationKind.LiaisonStation, "990102001012", "东湖区金沙花园会所"),
            ("990102001-02", "湖滨纺织集团人大代表联系点", StationKind.ContactPoint, "990102001", "东湖区湖滨工业园纺织路 1 号集团办公楼"),
            ("990102001-03", "湖滨街道流动联络站", StationKind.MobileStation, "990102001", "湖滨街道辖区（每月第三个星期二到各社区广场）"),
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
                ManagerName = Managers[existing.Count % Managers.Length],
                ManagerPhone = "139" + code.Replace("-", string.Empty, StringComparison.Ordinal)[^8..],
            };
            existing.Add(code);
            if (coordinates.TryGetValue(code, out var at))
            {
                station.Locate(at.Latitude, at.Longitude);
            }

            db.Stations.Add(station);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static readonly string[] Managers = ["张敏", "李红", "王磊", "刘洋", "陈静", "杨帆", "黄丽", "徐伟"];

    private static readonly string[] ProfessionalGroups = ["城建环保组", "教科文卫组", "社会建设组", "经济发展组", "法制监督组"];

    /// <summary>The 八有 checklist of two stations in 湖滨街道: the home meets all eight, a community station six.</summary>
    private async Task SeedStandardChecksAsync(CancellationToken cancellationToken)
    {
        if (await db.StationStandardChecks.AnyAsync(cancellationToken))
        {
            return;
        }

        var checkedAt = new DateTimeOffset(2026, 3, 16, 2, 0, 0, TimeSpan.Zero);
        var stations = await db.Stations.Where(s => s.Code == "990102001-01" || s.Code == "990102001001-01").ToDictionaryAsync(s => s.Code, cancellationToken);
        foreach (var item in Enum.GetValues<StandardItem>())
        {
            db.StationStandardChecks.Add(new StationStandardCheck(stations["990102001-01"].Id, item, true, null, "东湖区人大代表工委", checkedAt));
            var met = item is not (StandardItem.Equipment or StandardItem.OnlinePlatform);
            db.StationStandardChecks.Add(new StationStandardCheck(
                stations["990102001001-01"].Id, item, met, met ? null : "年底前配齐", "东湖区人大代表工委", checkedAt));
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
            // 湖滨街道, the believable street (003): deputies of every level enrolled in one street's stations.
            ("D0014", "钱立平", Gender.Male, DeputyLevel.Provincial, "湖滨纺织集团董事长", ["990102001-02", "990102001-01"]),
            ("D0015", "孔春梅", Gender.Female, DeputyLevel.City, "湖滨街道社区卫生服务中心主任", ["990102001-01", "990102001003-01"]),
            ("D0016", "曹建国", Gender.Male, DeputyLevel.City, "湖滨纺织集团工会主席", ["990102001-02"]),
            ("D0017", "严海燕", Gender.Male, DeputyLevel.County, "芦花社区社区党委书记", ["990102001003-01"]),
            ("D0018", "华志强", Gender.Female, DeputyLevel.County, "渔港社区中学教师", ["990102001004-01"]),
            ("D0019", "金桂兰", Gender.Male, DeputyLevel.County, "翠湖社区个体工商户", ["990102001005-01"]),
            ("D0020", "魏晓峰", Gender.Female, DeputyLevel.County, "望湖社区退休干部", ["990102001006-01"]),
            ("D0021", "陶玉珍", Gender.Male, DeputyLevel.County, "梅园社区物业公司经理", ["990102001007-01"]),
            ("D0022", "姜国庆", Gender.Female, DeputyLevel.County, "滨河社区社区医生", ["990102001008-01"]),
            ("D0023", "戚红霞", Gender.Male, DeputyLevel.County, "长堤社区律师", ["990102001009-01"]),
            ("D0024", "谢文斌", Gender.Female, DeputyLevel.County, "湖光社区快递站站长", ["990102001010-01"]),
            ("D0025", "邹秀兰", Gender.Male, DeputyLevel.County, "新桥社区幼儿园园长", ["990102001011-01"]),
            ("D0026", "喻德胜", Gender.Female, DeputyLevel.County, "金沙社区餐饮店经营者", ["990102001012-01"]),
            ("D0027", "柏小燕", Gender.Female, DeputyLevel.StreetDeliberative, "柳岸社区居民代表", ["990102001001-01", "990102001-03"]),
            ("D0028", "水永康", Gender.Male, DeputyLevel.StreetDeliberative, "荷塘社区居民代表", ["990102001002-01", "990102001-03"]),
            ("D0029", "窦丽娟", Gender.Female, DeputyLevel.StreetDeliberative, "芦花社区居民代表", ["990102001003-01", "990102001-03"]),
            ("D0030", "章卫东", Gender.Male, DeputyLevel.StreetDeliberative, "渔港社区居民代表", ["990102001004-01"]),
            ("D0031", "云淑芬", Gender.Female, DeputyLevel.StreetDeliberative, "翠湖社区居民代表", ["990102001005-01"]),
            ("D0032", "苏家豪", Gender.Male, DeputyLevel.StreetDeliberative, "望湖社区居民代表", ["990102001006-01"]),
            ("D0033", "潘慧敏", Gender.Female, DeputyLevel.StreetDeliberative, "梅园社区居民代表", ["990102001007-01"]),
            ("D0034", "葛振华", Gender.Male, DeputyLevel.StreetDeliberative, "滨河社区居民代表", ["990102001008-01"]),
            ("D0035", "奚雪梅", Gender.Female, DeputyLevel.StreetDeliberative, "长堤社区居民代表", ["990102001009-01"]),
            ("D0036", "范国华", Gender.Male, DeputyLevel.StreetDeliberative, "湖光社区居民代表", ["990102001010-01"]),
            ("D0037", "彭美玲", Gender.Female, DeputyLevel.StreetDeliberative, "新桥社区居民代表", ["990102001011-01"]),
        ];
        var stations = await db.Stations.ToDictionaryAsync(s => s.Code, cancellationToken);
        var existing = await db.Deputies.Select(d => d.Code).ToHashSetAsync(cancellationToken);
        foreach (var (code, name, gender, level, occupation, enrolled) in deputies.Where(d => !existing.Contains(d.Code)))
        {
            var deputy = new Deputy(code, name, gender, level)
            {
                Occupation = occupation,
                ProfessionalGroup = ProfessionalGroups[int.Parse(code[1..], System.Globalization.CultureInfo.InvariantCulture) % ProfessionalGroups.Length],
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

    /// <summary>A few upcoming reception slots at 湖滨街道人大代表之家, whenever it has none ahead (a demo started later gets new ones).</summary>
    private async Task SeedReceptionSlotsAsync(CancellationToken cancellationToken)
    {
        var station = await db.Stations.SingleAsync(s => s.Code == "990102001-01", cancellationToken);
        var now = time.GetUtcNow();
        if (await db.ReceptionSlots.AnyAsync(s => s.StationId == station.Id && s.StartsAt > now, cancellationToken))
        {
            return;
        }

        var deputies = await db.Deputies.Where(d => d.Code == "D0004" || d.Code == "D0001").ToDictionaryAsync(d => d.Code, d => d.Id, cancellationToken);
        var today = DateOnly.FromDateTime(ChinaTime.Of(now).DateTime);
        (int Days, TimeOnly From, TimeOnly To, string? Deputy, int Capacity, string? Topic)[] slots =
        [
            (3, new(9, 0), new(11, 0), "D0004", 5, "老旧小区改造和加装电梯"),
            (10, new(14, 0), new(16, 0), null, 10, null),
            (17, new(9, 0), new(11, 30), "D0001", 3, "产业发展与就业"),
        ];
        foreach (var (days, from, to, deputy, capacity, topic) in slots)
        {
            var day = today.AddDays(days);
            db.ReceptionSlots.Add(new ReceptionSlot(
                station.Id, deputy is null ? null : deputies[deputy],
                new DateTimeOffset(day.ToDateTime(from), ChinaTime.Offset).ToUniversalTime(),
                new DateTimeOffset(day.ToDateTime(to), ChinaTime.Offset).ToUniversalTime(),
                capacity, "街道党群服务中心二楼代表接待室", topic));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// 东湖区's 接待日 (每月第三个星期二 09:00–11:30), 柳岸社区's own "每月 4 日", and a mobile session of 湖滨街道流动联络站
    /// nine days ahead whenever it has none to come. Each only when missing, so a restarted demo keeps what staff changed.
    /// </summary>
    private async Task SeedReceptionRulesAsync(CancellationToken cancellationToken)
    {
        var district = await db.Regions.SingleAsync(r => r.Code == "990102", cancellationToken);
        if (!await db.ReceptionRules.AnyAsync(r => r.RegionId == district.Id, cancellationToken))
        {
            db.ReceptionRules.Add(new ReceptionRule(district.Id, null, RecurrenceKind.MonthlyWeekday, new(9, 0), new(11, 30)) { Nth = 3, Weekday = DayOfWeek.Tuesday });
        }

        var community = await db.Stations.SingleAsync(s => s.Code == "990102001001-01", cancellationToken);
        if (!await db.ReceptionRules.AnyAsync(r => r.StationId == community.Id, cancellationToken))
        {
            db.ReceptionRules.Add(new ReceptionRule(null, community.Id, RecurrenceKind.MonthlyDay, new(9, 0), new(11, 0)) { DayOfMonth = 4 });
        }

        var mobile = await db.Stations.SingleAsync(s => s.Code == "990102001-03", cancellationToken);
        var today = ChinaTime.Today(time);
        if (!await db.ReceptionRules.AnyAsync(r => r.StationId == mobile.Id && r.Kind == RecurrenceKind.OneOff && r.Date >= today, cancellationToken))
        {
            db.ReceptionRules.Add(new ReceptionRule(null, mobile.Id, RecurrenceKind.OneOff, new(8, 30), new(10, 30))
            {
                Date = today.AddDays(9),
                Mode = ReceptionMode.Mobile,
                Place = "湖滨农贸市场东门广场",
                Topic = "流动接待：农贸市场改造和周边停车",
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>东湖区's numbering batches for this year: the session in the first week of January (three months to answer), and the whole year between sessions ("2310": 3 + 10 working days; filing picks the session batch while both are open).</summary>
    private async Task SeedSuggestionBatchesAsync(CancellationToken cancellationToken)
    {
        var district = await db.Regions.SingleAsync(r => r.Code == "990102", cancellationToken);
        var year = ChinaTime.Today(time).Year;
        if (await db.SuggestionBatches.AnyAsync(b => b.RegionId == district.Id && b.Year == year, cancellationToken))
        {
            return;
        }

        db.SuggestionBatches.Add(new SuggestionBatch(district.Id, year, BatchKind.Session, "第1次会议", new DateOnly(year, 1, 6), new DateOnly(year, 1, 9), 3, null));
        db.SuggestionBatches.Add(new SuggestionBatch(district.Id, year, BatchKind.Interim, "闭会期间", new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), null, 13));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Five of 王建华 (D0004)'s suggestions in 东湖区's between-sessions batch, one at each stage of the office's work:
    /// waiting for review, accepted with units proposed, assigned (a key suggestion), replied (B) and closed (A, satisfied).
    /// Written as the moves would leave them (states through the workflow table, history, deadlines by the batch's rule),
    /// back-dated over the last weeks, without queuing texts. Seeded once: nothing is added when D0004 has any suggestion.
    /// </summary>
    private async Task SeedSuggestionsAsync(CancellationToken cancellationToken)
    {
        var deputy = await db.Deputies.SingleAsync(d => d.Code == "D0004", cancellationToken);
        var today = ChinaTime.Today(time);
        var batch = await db.SuggestionBatches.Include(b => b.Region)
            .SingleOrDefaultAsync(b => b.Region.Code == "990102" && b.Year == today.Year && b.Kind == BatchKind.Interim, cancellationToken);
        if (batch is null || await db.Suggestions.AnyAsync(s => s.DeputyId == deputy.Id, cancellationToken))
        {
            return;
        }

        var categories = await db.Categories.Where(c => c.Code == "CJ" || c.Code == "JT" || c.Code == "SB" || c.Code == "WY").ToDictionaryAsync(c => c.Code, c => c.Id, cancellationToken);
        var units = await db.HandlingUnits.Where(u => u.Code.StartsWith("U990102-0")).ToDictionaryAsync(u => u.Code, u => u.Id, cancellationToken);
        var now = time.GetUtcNow();
        var opens = new DateTimeOffset(batch.OpensOn.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8));
        var step = 0;
        DateTimeOffset At(int daysAgo) => new[] { now.AddDays(-daysAgo), opens.AddMinutes(++step * 10) }.Max();
        SuggestionNotes Deputy(string? note = null) => new(note, null, null, deputy.Name);
        SuggestionNotes Office(string? note = null, string? internalNote = null) => new(note, internalNote, null, "东湖区人大常委会代表工委");
        SuggestionNotes Unit(string name, string? note = null, string? internalNote = null) => new(note, internalNote, null, name);

        Suggestion Filed(string title, string content, string category, int daysAgo)
        {
            var at = At(daysAgo);
            var suggestion = new Suggestion(deputy.Id, title, content, at, null) { CategoryId = categories[category] };
            batch.LastNumber++;
            suggestion.BatchId = batch.Id;
            suggestion.Sequence = batch.LastNumber;
            suggestion.Number = batch.NumberFor(batch.LastNumber);
            suggestion.SubmittedAt = at;
            SuggestionWorkflow.Apply(suggestion, SuggestionAction.Submit, Workflow.WorkflowActor.Deputy, at, Deputy("提交建议"));
            db.Suggestions.Add(suggestion);
            return suggestion;
        }

        void Accept(Suggestion suggestion, int daysAgo)
        {
            var at = At(daysAgo);
            suggestion.AcceptedAt = at;
            SuggestionWorkflow.Apply(suggestion, SuggestionAction.Accept, Workflow.WorkflowActor.Office, at, Office("审核通过，已立案"));
        }

        var submitted = Filed("关于在湖滨街道增设社区养老服务站的建议", "湖滨街道老年人口占比高，现有养老服务站点少、覆盖不足，建议在柳岸、荷塘社区增设嵌入式养老服务站，提供助餐、日间照料服务。", "SB", 2);
        var proposed = Filed("关于优化青石街道早晚高峰公交线路的建议", "青石街道居民早晚高峰乘车难，现有线路绕行多、班次少，建议调整线路走向，增开高峰区间车，缩短发车间隔。", "JT", 9);
        Accept(proposed, 7);
        var assigned = Filed("关于加快老旧小区加装电梯的建议", "老旧小区居民多为老年人，上下楼困难，建议简化加装电梯审批流程、加大财政补贴，并统筹协调低层住户意见。", "WY", 15);
        Accept(assigned, 13);
        var replied = Filed("关于整治湖滨路积水点的建议", "湖滨路部分路段每逢大雨积水严重，影响通行安全，建议排查雨水管网，改造低洼路段，增设排水设施。", "CJ", 30);
        Accept(replied, 28);
        var closed = Filed("关于增设湖滨街道公共停车位的建议", "湖滨街道老旧小区多，停车位严重不足，乱停乱放现象突出，建议利用边角地和闲置地块建设公共停车场，推行错峰共享停车。", "JT", 65);
        Accept(closed, 63);
        await db.SaveChangesAsync(cancellationToken);

        // 拟交办: units proposed, not yet assigned.
        db.SuggestionAssignments.Add(new SuggestionAssignment(proposed.Id, 1, units["U990102-04"], isLead: true));
        SuggestionWorkflow.Apply(proposed, SuggestionAction.Propose, Workflow.WorkflowActor.Office, At(6), Office(null, "拟交办：东湖区交通运输局主办"));

        async Task AssignAsync(Suggestion suggestion, int daysAgo, string lead, string? co)
        {
            var at = At(daysAgo);
            var due = await calendar.AddWorkingDaysAsync(DateOnly.FromDateTime(ChinaTime.Of(at).DateTime), batch.DeadlineWorkingDays ?? 13, cancellationToken);
            db.SuggestionAssignments.Add(new SuggestionAssignment(suggestion.Id, 1, units[lead], isLead: true) { AssignedAt = at, DueOn = due });
            if (co is not null)
            {
                db.SuggestionAssignments.Add(new SuggestionAssignment(suggestion.Id, 1, units[co], isLead: false) { AssignedAt = at, DueOn = due });
            }

            suggestion.AssignedAt = at;
            suggestion.DueOn = due;
            var names = co is null ? "东湖区住房和城乡建设局主办" : "东湖区住房和城乡建设局主办，东湖区交通运输局协办";
            SuggestionWorkflow.Apply(suggestion, SuggestionAction.Assign, Workflow.WorkflowActor.Office, at, Office($"交办{names}，办理时限 {due:yyyy-MM-dd}"));
        }

        await AssignAsync(assigned, 5, "U990102-01", null);
        assigned.IsKey = true;
        assigned.KeyLeader = "张志国副主任";
        SuggestionWorkflow.Apply(assigned, SuggestionAction.Supervise, Workflow.WorkflowActor.Office, At(4), Office("列为重点督办建议（张志国副主任督办）"));

        await AssignAsync(replied, 25, "U990102-01", "U990102-04");
        await AssignAsync(closed, 60, "U990102-01", null);
        await db.SaveChangesAsync(cancellationToken);

        void Contact(Suggestion suggestion, int daysAgo, ContactStage stage, ContactMode mode, string note)
        {
            var at = At(daysAgo);
            db.SuggestionContacts.Add(new SuggestionContact(suggestion.Id, 1, units["U990102-01"], stage, mode, DateOnly.FromDateTime(ChinaTime.Of(at).DateTime), note, at, null, "区住建局联络员"));
            SuggestionWorkflow.Apply(suggestion, SuggestionAction.Contact, Workflow.WorkflowActor.Unit, at,
                Unit("区住建局联络员", $"东湖区住房和城乡建设局{(stage == ContactStage.Before ? "办前" : "办中")}与代表沟通", note));
        }

        async Task ReplyAsync(Suggestion suggestion, int daysAgo, string text, AnswerResultChoice grade)
        {
            var at = At(daysAgo);
            var lead = await db.SuggestionAssignments.SingleAsync(a => a.SuggestionId == suggestion.Id && a.IsLead, cancellationToken);
            lead.Reply = text;
            lead.Grade = grade.Grade;
            lead.PlannedOn = grade.PlannedOn;
            lead.RepliedAt = at;
            SuggestionWorkflow.Apply(suggestion, SuggestionAction.Reply, Workflow.WorkflowActor.Unit, at, Unit("区住建局联络员", $"主办单位已答复：{grade.Text}"));
        }

        var coView = await db.SuggestionAssignments.SingleAsync(a => a.SuggestionId == replied.Id && !a.IsLead, cancellationToken);
        coView.View = "建议结合道路改造同步实施排水改造，施工期间做好交通疏导。";
        coView.ViewAt = At(20);
        SuggestionWorkflow.Apply(replied, SuggestionAction.View, Workflow.WorkflowActor.Unit, coView.ViewAt.Value, Unit("区交通局联络员", null, "东湖区交通运输局提交协办意见：" + coView.View));
        Contact(replied, 18, ContactStage.Before, ContactMode.SiteVisit, "与王建华代表一同到湖滨路现场察看积水点，商定先疏通后改造的办理思路。");
        await ReplyAsync(replied, 10, "已完成湖滨路雨水管网排查和疏通；低洼路段改造已列入明年市政计划，汛期前完工。", new(Opinions.AnswerResult.BeingSolved, new DateOnly(today.Year + 1, 5, 31), "B 类（正在解决或列入计划）"));

        Contact(closed, 58, ContactStage.Before, ContactMode.Visit, "到代表所在单位当面沟通，听取代表对选址的意见。");
        Contact(closed, 50, ContactStage.During, ContactMode.Phone, "电话告知代表两处停车场的建设进度。");
        await ReplyAsync(closed, 45, "已利用两处闲置地块建成公共停车场，新增车位 260 个，并在三个小区推行错峰共享停车。", new(Opinions.AnswerResult.Solved, null, "A 类（已解决或采纳）"));
        var rated = At(40);
        db.SuggestionEvaluations.Add(new SuggestionEvaluation(closed.Id, 1, Opinions.Rating.Satisfied, "办理认真，效果明显。", rated));
        closed.ClosedAt = rated;
        closed.DueOn = null;
        SuggestionWorkflow.Apply(closed, SuggestionAction.Evaluate, Workflow.WorkflowActor.Deputy, rated, Deputy("代表评价：满意，建议办结"));
        await db.SaveChangesAsync(cancellationToken);
    }

    private sealed record AnswerResultChoice(Opinions.AnswerResult Grade, DateOnly? PlannedOn, string Text);
}
