namespace LiaisonPortal.Core.Analysis;

/// <summary>One hot topic of a month: a term, how many opinions mention it, and how that compares with the months before.</summary>
/// <param name="Term">Two or three Chinese characters.</param>
/// <param name="Opinions">Opinions of the month whose title or content holds the term (each counted once).</param>
/// <param name="Share">Of the month's opinions, 0–1.</param>
/// <param name="BaselineShare">Of the opinions of the previous months read as the baseline; null when there were too few to compare with.</param>
/// <param name="Lift">Share ÷ baseline share; null without a baseline.</param>
public sealed record HotTopic(string Term, int Opinions, decimal Share, decimal? BaselineShare, decimal? Lift);

/// <summary>
/// 热点词: the terms many opinions of a month share and that are more frequent than in the months before.
/// <para>
/// Why character n-grams and not word segmentation: Chinese is written without spaces, and a segmenter (jieba, Lucene
/// SmartCn, HanLP) needs a dictionary and a package this portal cannot restore (../shared/toolchain.md); even with one,
/// a general dictionary cuts local words (a road, an estate, "加装电梯") unpredictably. Two- and three-character pieces
/// need nothing: most Chinese words are two characters and most of the rest three, so every word of interest is among the
/// pieces, and the noise the pieces add (a piece straddling two words) is removed by counting: a straddling piece is
/// rarely shared by many opinions. The same pieces already find likely duplicates (<see cref="Opinions.DuplicateFinder"/>).
/// </para>
/// <para>
/// How: only runs of Chinese characters are read (letters, digits and punctuation break a run); each opinion's distinct
/// pieces are counted once (document frequency, so one long letter repeating a word does not make it hot); pieces with a
/// function character (的、了、我…) or on the stop list of common phrases (希望、问题、反映…) are dropped. A term must be
/// in at least <see cref="MinOpinions"/> opinions and, when the previous months give a baseline of at least
/// <see cref="MinBaseline"/> opinions, its share must be at least <see cref="MinLift"/> times its share there — so words
/// every month has (小区、道路) drop out and what is new this month stays. Terms are ranked by opinions weighted by the
/// lift (<see cref="Score"/>), so a new matter comes before an old word that grew a little because of it. A
/// three-character term found in at least <see cref="CoverRatio"/> of the opinions of a two-character piece of it stands
/// for that piece (停车位 for 车位), and a term overlapping one already chosen, or touching it at an end with about as
/// many opinions (a piece of the same longer phrase), or found in exactly the same opinions as one already chosen (a
/// sentence repeated in near-duplicate letters), is skipped, so one matter is not listed three times. A phrase of
/// four or more characters therefore shows as one of its pieces (地下通道 as 下通道).
/// </para>
/// </summary>
public sealed class HotTopicCounter
{
    public const int MinOpinions = 3;
    public const int MinBaseline = 20;
    public const decimal MinLift = 1.5m;
    public const double CoverRatio = 0.7;
    public const int MaxTopics = 15;
    public const double MaxLiftWeight = 8;

    /// <summary>How many of the month's most frequent pieces are looked up in the baseline.</summary>
    public const int MaxCandidates = 400;

    /// <summary>Function characters: a piece holding one is not a topic.</summary>
    private static readonly HashSet<char> StopChars = [.. "的了吗呢吧啊呀么着我你他她它们这那是在和很都也就还把被给之其及或与而但又再已并从向该每各某您"];

    /// <summary>Common phrases of any opinion ("I hope the department solves the problem") that say nothing about the matter.</summary>
    private static readonly HashSet<string> StopBigrams =
    [
        "希望", "问题", "反映", "建议", "意见", "情况", "相关", "部门", "进行", "解决", "处理", "能够", "可以", "一下", "一个", "没有",
        "已经", "目前", "现在", "非常", "很多", "因为", "所以", "但是", "如果", "然后", "或者", "以及", "关于", "领导", "政府", "有关",
        "工作", "存在", "要求", "请求", "尽快", "及时", "加强", "群众", "居民", "市民", "百姓", "代表", "人大", "联络", "附近", "地方",
        "时间", "每天", "经常", "一直", "严重", "影响", "导致", "造成", "出现", "需要", "特别", "同志", "你好", "谢谢", "感谢", "麻烦",
        "今年", "去年", "最近", "近期", "多次", "一些", "不能", "不是", "不要", "有人", "大家", "自己", "个人", "重视", "落实", "协调",
        "帮助", "帮忙", "关注", "考虑", "认为", "觉得", "知道", "发现", "看到", "几个", "多个", "其他", "其中", "同时", "另外", "而且",
        "提出", "提供", "增加", "改善", "为了", "由于", "对于", "以上", "以下", "上述", "如下", "比较", "还有",
        "有些", "有的", "可能", "应该", "必须", "为什", "什么", "怎么", "如何", "为何", "是否", "能否", "谁来", "办理", "答复", "回复",
    ];

    private static readonly HashSet<int> StopBigramKeys = StopBigrams.Select(s => (s[0] << 16) | s[1]).ToHashSet();

    private readonly Dictionary<long, int> _month = [];

    /// <summary>Per piece, the sum of its opinions' hashes: pieces with the same count and sum are in the same opinions.</summary>
    private readonly Dictionary<long, ulong> _prints = [];
    private readonly HashSet<long> _seen = [];
    private Dictionary<long, int>? _baseline;
    private int _monthOpinions;
    private int _baselineOpinions;

    public int MonthOpinions => _monthOpinions;

    public int BaselineOpinions => _baselineOpinions;

    /// <summary>Counts one opinion of the month (title and content).</summary>
    public void AddMonth(string? title, string? content)
    {
        _seen.Clear();
        Collect(title, _seen);
        Collect(content, _seen);
        var print = Mix((ulong)_monthOpinions);
        foreach (var gram in _seen)
        {
            _month[gram] = _month.GetValueOrDefault(gram) + 1;
            _prints[gram] = unchecked(_prints.GetValueOrDefault(gram) + print);
        }

        _monthOpinions++;
    }

    /// <summary>
    /// Ends the month's pass: from here on <see cref="AddBaseline"/> counts, in the previous months' opinions, only the
    /// month's <see cref="MaxCandidates"/> most frequent pieces (nothing else can become a topic).
    /// </summary>
    public void StartBaseline()
    {
        _baseline = _month.Where(g => g.Value >= MinOpinions)
            .OrderByDescending(g => g.Value).ThenBy(g => g.Key)
            .Take(MaxCandidates)
            .ToDictionary(g => g.Key, _ => 0);
    }

    /// <summary>Counts one opinion of the baseline months; <see cref="StartBaseline"/> first.</summary>
    public void AddBaseline(string? title, string? content)
    {
        var baseline = _baseline ?? throw new InvalidOperationException("StartBaseline first.");
        _seen.Clear();
        Collect(title, _seen);
        Collect(content, _seen);
        foreach (var gram in _seen)
        {
            if (baseline.TryGetValue(gram, out var count))
            {
                baseline[gram] = count + 1;
            }
        }

        _baselineOpinions++;
    }

    /// <summary>The month's hot topics, most mentioned first.</summary>
    public IReadOnlyList<HotTopic> Topics(int max = MaxTopics)
    {
        var candidates = (_baseline ?? _month.Where(g => g.Value >= MinOpinions).ToDictionary(g => g.Key, _ => 0)).Keys
            .Where(g => _month.GetValueOrDefault(g) >= MinOpinions)
            .ToList();
        var hasBaseline = _baseline is not null && _baselineOpinions >= MinBaseline;
        var scored = new List<(long Gram, string Term, int Count, decimal? BaseShare, decimal? Lift)>();
        foreach (var gram in candidates)
        {
            var count = _month[gram];
            decimal? baseShare = null;
            decimal? lift = null;
            if (hasBaseline)
            {
                var baseCount = _baseline![gram];
                baseShare = (decimal)baseCount / _baselineOpinions;
                var share = (decimal)count / _monthOpinions;
                lift = share / (Math.Max(baseCount, 0.5m) / _baselineOpinions);
                if (lift < MinLift)
                {
                    continue;
                }
            }

            scored.Add((gram, Text(gram), count, baseShare, lift));
        }

        // A three-character term that holds most of a two-character piece's opinions stands for it.
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, term, count, _, _) in scored.Where(s => s.Term.Length == 3))
        {
            foreach (var piece in new[] { term[..2], term[1..] })
            {
                if (_month.TryGetValue(Key(piece), out var pieceCount) && count >= CoverRatio * pieceCount)
                {
                    covered.Add(piece);
                }
            }
        }

        var chosen = new List<HotTopic>();
        var chosenPrints = new HashSet<(int, ulong)>();
        foreach (var s in scored.Where(s => !covered.Contains(s.Term))
                     .OrderByDescending(s => Score(s.Count, s.Lift)).ThenByDescending(s => s.Count).ThenBy(s => s.Term, StringComparer.Ordinal))
        {
            if (chosen.Any(c => Overlaps(c.Term, s.Term) || SamePhrase(c, s.Term, s.Count)) || !chosenPrints.Add((s.Count, _prints[s.Gram])))
            {
                continue;
            }

            chosen.Add(new HotTopic(s.Term, s.Count, Math.Round((decimal)s.Count / _monthOpinions, 4), s.BaseShare is { } b ? Math.Round(b, 4) : null,
                s.Lift is { } l ? Math.Round(l, 2) : null));
            if (chosen.Count == max)
            {
                break;
            }
        }

        return chosen;
    }

    /// <summary>
    /// Opinions weighted by the lift (capped at <see cref="MaxLiftWeight"/>): a term new this month outranks a more
    /// frequent one that only grew a little, and then the part of it the other holds is not listed again.
    /// </summary>
    public static double Score(int opinions, decimal? lift) =>
        lift is { } l ? opinions * Math.Log2(1 + Math.Min((double)l, MaxLiftWeight)) : opinions;

    /// <summary>Whether a Chinese character is read (CJK unified ideographs, extension A, compatibility ideographs).</summary>
    public static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    /// <summary>The distinct two- and three-character pieces of a text that can be topics (for tests and the duplicate groups).</summary>
    public static IReadOnlySet<string> Pieces(string? text)
    {
        var grams = new HashSet<long>();
        Collect(text, grams);
        return grams.Select(Text).ToHashSet(StringComparer.Ordinal);
    }

    private static bool Overlaps(string chosen, string term) =>
        chosen.Contains(term, StringComparison.Ordinal) || term.Contains(chosen, StringComparison.Ordinal)
        || (chosen.Length == 3 && term.Length == 3 && (chosen[1..] == term[..2] || chosen[..2] == term[1..]));

    /// <summary>
    /// Pieces of one longer phrase (暴雨后 · 后地下 · 下通道): touching at an end and in about as many opinions (within a
    /// tenth). The first chosen stands for the phrase.
    /// </summary>
    private static bool SamePhrase(HotTopic chosen, string term, int count) =>
        (chosen.Term[^1] == term[0] || term[^1] == chosen.Term[0])
        && Math.Abs(chosen.Opinions - count) <= 0.1 * Math.Max(chosen.Opinions, count);

    /// <summary>
    /// The pieces of a text. A piece that cuts a stop phrase in half (映过 of 反映过, 个问 of 这个问题) is not a word either:
    /// it is left out when the character before it and its first one, or its last one and the character after it, form
    /// a stop phrase.
    /// </summary>
    private static void Collect(string? text, HashSet<long> grams)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        bool Stop(int i) => i >= 0 && i + 1 < text.Length && StopBigramKeys.Contains((text[i] << 16) | text[i + 1]);
        for (var i = 0; i + 1 < text.Length; i++)
        {
            var a = text[i];
            var b = text[i + 1];
            if (!IsHan(a) || !IsHan(b) || StopChars.Contains(a) || StopChars.Contains(b) || Stop(i) || Stop(i - 1))
            {
                continue;
            }

            if (!Stop(i + 1))
            {
                grams.Add(((long)a << 16) | b);
            }

            if (i + 2 < text.Length && text[i + 2] is var c && IsHan(c) && !StopChars.Contains(c) && !Stop(i + 1) && !Stop(i + 2))
            {
                grams.Add((1L << 48) | ((long)a << 32) | ((long)b << 16) | c);
            }
        }
    }

    /// <summary>SplitMix64: an opinion's number as a well-spread 64-bit hash.</summary>
    private static ulong Mix(ulong x)
    {
        x = unchecked(x + 0x9E3779B97F4A7C15UL);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        return x ^ (x >> 31);
    }

    private static long Key(string term) => term.Length == 3
        ? (1L << 48) | ((long)term[0] << 32) | ((long)term[1] << 16) | term[2]
        : ((long)term[0] << 16) | term[1];

    private static string Text(long gram) => (gram >> 48) == 1
        ? new string([(char)((gram >> 32) & 0xFFFF), (char)((gram >> 16) & 0xFFFF), (char)(gram & 0xFFFF)])
        : new string([(char)((gram >> 16) & 0xFFFF), (char)(gram & 0xFFFF)]);
}
