namespace LiaisonPortal.Benchmarks.Data;

/// <summary>The words the generated city is written in: place names, people, and what citizens write about, per category.</summary>
internal static class Texts
{
    /// <summary>The ten districts and counties added to 示范市 (the demo has 东湖区 990102 and 西山区 990103).</summary>
    public static readonly (string Name, bool IsCounty)[] Districts =
    [
        ("南湖区", false), ("北塘区", false), ("新城区", false), ("高新区", false), ("滨江区", false),
        ("云溪区", false), ("锦江区", false), ("白鹭区", false), ("临河县", true), ("凤山县", true),
    ];

    /// <summary>Two-character names for streets and towns, one each (120 are used).</summary>
    public static readonly string[] StreetNames =
    [
        "长安", "永宁", "和平", "胜利", "友谊", "光明", "文化", "建设", "解放", "人民", "新华", "东风", "朝阳", "红旗", "幸福",
        "团结", "振兴", "太平", "丰收", "兴隆", "青山", "绿水", "白云", "金桥", "银湖", "玉泉", "石门", "松江", "枫林", "桂花",
        "兰亭", "竹园", "梅岭", "荷花", "柳林", "杏坛", "桃李", "梨花", "海棠", "牡丹", "芙蓉", "紫薇", "丁香", "茉莉", "月季",
        "菊园", "春晖", "夏阳", "秋实", "冬青", "晨光", "晓月", "星河", "银河", "天河", "云海", "雪峰", "雨花", "霞光", "虹桥",
        "彩虹", "龙泉", "凤鸣", "麒麟", "鹤鸣", "燕山", "鹰山", "鹿鸣", "金山", "银山", "铜山", "锡山", "翠屏", "碧溪", "清河",
        "洛阳", "汉江", "淮河", "黄河", "珠江", "闽江", "湘江", "赣江", "漓江", "运河", "泰山", "华山", "衡山", "嵩山", "黄山",
        "庐山", "峨眉", "武夷", "普陀", "九华", "天目", "莫干", "雁荡", "崂山", "天柱", "南屏", "北固", "西塘", "东林", "中山",
        "广福", "安乐", "康宁", "吉祥", "如意", "富民", "惠民", "利民", "便民", "安居", "乐业", "丰泽", "瑞金", "昌盛", "繁荣",
        "锦绣", "华夏", "东方", "南华", "北辰", "西苑", "新桥", "旧街", "老城", "古镇",
    ];

    /// <summary>Community names: a word and an ending, so the 360 communities have different names.</summary>
    public static readonly string[] CommunityWords =
    [
        "春华", "秋月", "夏荷", "冬梅", "晴川", "碧水", "蓝天", "绿洲", "金色", "银杏", "丹桂", "紫荆", "翠竹", "青松", "白桦",
        "红枫", "黄鹂", "喜鹊", "百灵", "画眉", "锦园", "华庭", "雅苑", "静安", "怡景", "悦来", "欣荣", "佳和", "嘉禾", "瑞丰",
    ];

    public static readonly string[] CommunityEndings = ["社区", "苑社区", "里社区", "新村社区", "花园社区", "家园社区", "湾社区", "坊社区", "庭社区", "路社区", "桥社区", "村"];

    public static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
        "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
    ];

    public static readonly string[] GivenChars =
    [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
        "刚", "桂", "英", "华", "建", "国", "文", "志", "红", "海", "玉", "兰", "春", "梅", "晓", "东", "新", "宇", "浩", "婷",
    ];

    public static readonly string[] Occupations =
    [
        "社区党委书记", "中学教师", "小学教师", "社区医生", "主任医师", "企业负责人", "个体工商户", "律师", "退休干部", "物业公司经理",
        "村民委员会主任", "种植专业合作社理事长", "快递站站长", "幼儿园园长", "餐饮店经营者", "工程师", "技术工人", "外卖骑手", "公交驾驶员", "环卫工人",
    ];

    public static readonly string[] ProfessionalGroups = ["城建环保组", "教科文卫组", "社会建设组", "经济发展组", "法制监督组"];

    public static readonly string[] Commitments =
    [
        "扎根群众、倾听民声，件件有回音。", "每月进站接待，群众诉求件件有着落。", "把群众的小事当作自己的大事。", "履职为民，敢于直言，善于建言。",
    ];

    public static readonly string[] Managers = ["张敏", "李红", "王磊", "刘洋", "陈静", "杨帆", "黄丽", "徐伟", "赵倩", "孙浩"];

    /// <summary>What citizens write about, per top-level category code of the demo's tree.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Issues = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["CJ"] = ["路面坑洼不平", "路灯损坏不亮", "雨后积水严重", "人行道砖松动破损", "老旧小区改造进度慢", "窨井盖缺失"],
        ["HB"] = ["餐饮油烟扰民", "夜间施工噪声大", "河道有异味", "垃圾清运不及时", "工地扬尘严重", "广场舞音量过大"],
        ["JY"] = ["学校周边交通拥堵", "学位紧张", "放学接送秩序乱", "校门口流动摊贩多", "托育机构收费高"],
        ["YL"] = ["卫生服务站药品不全", "挂号难", "医保报销手续繁琐", "家庭医生上门服务少", "夜间急诊等待时间长"],
        ["SB"] = ["养老服务站点少", "老年食堂价格偏高", "社保转移手续繁琐", "就业培训信息少", "残疾人补贴发放慢"],
        ["JT"] = ["公交班次太少", "停车位严重不足", "路口信号灯时长不合理", "共享单车乱停放", "公交站台缺少遮雨棚"],
        ["WY"] = ["物业服务质量差", "加装电梯协调难", "小区门禁损坏", "物业费使用不公开", "电动车充电桩不足"],
        ["NY"] = ["农田灌溉渠堵塞", "村道破损", "村容村貌需要整治", "农产品销售难", "农村污水管网未接通"],
        ["YS"] = ["办事材料重复提交", "企业招工难", "审批时间长", "惠企政策兑现慢", "政务服务窗口排队久"],
        ["SF"] = ["法律援助咨询难", "邻里纠纷需要调解", "农民工欠薪维权", "诉讼服务不便民"],
        ["QT"] = ["建议增设便民服务点", "希望多组织文化活动", "公共厕所数量不足", "健身器材老化损坏"],
    };

    public static readonly string[] Impacts =
    [
        "给居民生活带来很大不便", "已经持续好几个月了", "老人和孩子出行很不安全", "附近居民反映强烈", "多次向有关部门反映仍未解决",
        "影响周边商户正常经营", "每逢周末情况更加严重", "夜间尤其明显，影响休息",
    ];

    public static readonly string[] Requests =
    [
        "希望有关部门尽快研究解决", "请代表帮忙协调推动", "建议尽快安排人员现场查看", "恳请相关单位给个说法", "希望纳入今年的民生实事",
    ];

    public static readonly string[] RefuseReasons =
    [
        "所反映事项属于司法程序中的个案，不属于人大代表联络站受理范围，建议通过法律途径解决。",
        "内容与此前已办结的意见重复，办理结果可凭原查询码查询。",
        "所反映问题不属于本行政区域，已告知向属地反映。",
    ];

    public static readonly string[] ReturnReasons = ["该事项不属于本单位职责，建议交由属地街道办理。", "所涉地块已移交其他部门管理，请重新交办。"];

    public static readonly string[] EscalateReasons = ["涉及全市统筹规划，需由上级人大常委会协调。", "跨区事项，本级难以协调解决。"];

    public static readonly string[] SolvedAnswers =
    [
        "经现场核查，问题已于近日整改完毕，我们将持续跟踪，防止反弹。", "已安排专人负责，问题已解决，欢迎继续监督。",
        "已会同属地街道完成整治，并建立长效管理机制。",
    ];

    public static readonly string[] BeingSolvedAnswers =
    [
        "该问题已列入年度计划，正在组织实施，预计按期完成。", "已完成方案设计，正在办理审批手续，完成后将及时告知。",
    ];

    public static readonly string[] CannotSolveAnswers = ["受现有政策和资金限制，暂不具备解决条件，已作为参考意见记录在案。"];

    public static readonly string[] CannotSolveReasons = ["涉及规划调整，需待上级审批。", "当年财政资金已安排完毕。"];

    public static readonly string[] Comments = ["办理及时，很满意。", "问题解决了，谢谢代表。", "基本解决，希望加强后续管理。", "问题没有实质解决。", "答复太笼统。"];

    public static string PersonName(ref Rng rng) =>
        rng.Pick(Surnames) + rng.Pick(GivenChars) + (rng.Chance(0.7) ? rng.Pick(GivenChars) : string.Empty);
}
