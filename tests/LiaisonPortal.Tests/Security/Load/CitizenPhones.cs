using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using LiaisonPortal.Core.Citizens;

namespace LiaisonPortal.Tests.Security.Load;

/// <summary>What one citizen writes: the <see cref="Index"/>-th letter of a run, in one of four shapes.</summary>
public sealed record Letter(int Index, string Title, string Content, string? Name, string? Phone, bool MayContact, bool Anonymous, string? CategoryCode)
{
    /// <summary>Only a citizen who left a phone and agreed to be contacted is sent the "received" SMS.</summary>
    public bool GetsSms => MayContact && Phone is not null;

    private static readonly string[] Topics =
    [
        "小区门口路灯不亮", "公交站台缺少遮雨棚", "菜市场周边占道经营", "老旧小区加装电梯进度慢", "学校门口早晚高峰拥堵",
        "社区卫生服务站排队时间长", "雨水井盖破损", "广场舞噪音扰民", "垃圾分类投放点太远", "小区停车位不足",
    ];

    private static readonly string[] Places = ["柳岸社区", "荷塘社区", "湖滨路", "纺织路", "东湖公园南门", "湖滨街道办事处东侧"];

    /// <summary>
    /// Four shapes in turn: a name and a phone with consent to be contacted (an SMS is queued), anonymous (no name, no
    /// phone), a name without a phone, and a phone without consent (no SMS). Every text is different.
    /// </summary>
    public static Letter Write(string marker, int index, IReadOnlyList<string> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var topic = Topics[index % Topics.Length];
        var place = Places[(index / Topics.Length) % Places.Length];
        var title = string.Create(CultureInfo.InvariantCulture, $"{marker} 第{index}号 {topic}");
        var content = string.Create(CultureInfo.InvariantCulture,
            $"{place}的{topic}问题已经反映过几次（第{index}封来信），居民出行和生活都受影响，希望有关部门尽快派人看看，早日解决。{new string('。', index % 7)}");
        var phone = string.Create(CultureInfo.InvariantCulture, $"139{index % 100_000_000:D8}");
        var category = index % 5 == 0 && categories.Count > 0 ? categories[index % categories.Count] : null;
        return (index % 4) switch
        {
            0 => new Letter(index, title, content, "张" + Names[index % Names.Length], phone, MayContact: true, Anonymous: false, category),
            1 => new Letter(index, title, content, null, null, MayContact: false, Anonymous: true, category),
            2 => new Letter(index, title, content, "李" + Names[index % Names.Length], null, MayContact: false, Anonymous: false, category),
            _ => new Letter(index, title, content, null, phone, MayContact: false, Anonymous: false, category),
        };
    }

    private static readonly string[] Names = ["先生", "女士", "阿姨", "师傅", "老师"];
}

/// <summary>A form as a phone received it: where it came from, its antiforgery token and its signed start stamp.</summary>
public sealed record OpenedForm(string Path, string Token, string Started, long OpenedAt)
{
    public TimeSpan Age => Stopwatch.GetElapsedTime(OpenedAt);
}

/// <summary>One request's answer: the status, the tracking code shown (submissions), and the body when it went wrong.</summary>
public sealed record Answer(string Request, Letter? Letter, int Status, string? Code, string? Body, long SentAt, long AnsweredAt)
{
    public bool ShownCode => Code is not null;
}

/// <summary>
/// A citizen's phone over real HTTP: its own cookies, no JavaScript, redirects followed by hand so that every answer is
/// seen. It opens the form (GET /d/{code} or /s/{code}), posts it as multipart with the antiforgery pair and the form's
/// start stamp, and reads the tracking code off the receipt page the redirect leads to.
/// </summary>
public sealed partial class CitizenPhone : IDisposable
{
    private readonly HttpClient _client;

    public CitizenPhone(Uri address, TimeSpan? timeout = null)
    {
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = address,
            Timeout = timeout ?? TimeSpan.FromSeconds(60),
        };
    }

    public HttpClient Client => _client;

    /// <summary>Opens the form; null (and the answer) when the page did not come.</summary>
    public async Task<(OpenedForm? Form, Answer Answer)> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            var token = HiddenValue(body, "__RequestVerificationToken");
            var started = HiddenValue(body, "Started");
            var answer = new Answer("GET " + path, null, status, null, status == 200 && token is not null && started is not null ? null : body, sent, Stopwatch.GetTimestamp());
            return status == 200 && token is not null && started is not null ? (new OpenedForm(path, token, started, Stopwatch.GetTimestamp()), answer) : (null, answer);
        }
        catch (HttpRequestException exception)
        {
            return (null, new Answer("GET " + path, null, 0, null, exception.Message, sent, Stopwatch.GetTimestamp()));
        }
    }

    /// <summary>Posts the letter on the opened form; on a redirect to the receipt, reads the code the citizen is shown.</summary>
    public async Task<Answer> SubmitAsync(OpenedForm form, Letter letter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(letter);
        var request = "POST " + form.Path;
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var content = new MultipartFormDataContent();
            void Field(string name, string value) => content.Add(new StringContent(value), name);
            Field("__RequestVerificationToken", form.Token);
            Field("Started", form.Started);
            Field("Input.Title", letter.Title);
            Field("Input.Content", letter.Content);
            Field("Input.CategoryCode", letter.CategoryCode ?? string.Empty);
            Field("Input.Name", letter.Name ?? string.Empty);
            Field("Input.Phone", letter.Phone ?? string.Empty);
            if (letter.MayContact)
            {
                Field("Input.MayContact", "true");
            }

            if (letter.Anonymous)
            {
                Field("Input.Anonymous", "true");
            }

            Field("Input.MayContact", "false");
            Field("Input.Anonymous", "false");
            Field("website", string.Empty);
            using var response = await _client.PostAsync(new Uri(form.Path, UriKind.Relative), content, cancellationToken);
            var status = (int)response.StatusCode;
            if (status != 302 || response.Headers.Location?.OriginalString.Contains("/opinions/submitted", StringComparison.OrdinalIgnoreCase) != true)
            {
                return new Answer(request, letter, status, null, await response.Content.ReadAsStringAsync(cancellationToken), sent, Stopwatch.GetTimestamp());
            }

            using var receipt = await _client.GetAsync(response.Headers.Location, cancellationToken);
            var page = await receipt.Content.ReadAsStringAsync(cancellationToken);
            var code = ShownCode().Match(page) is { Success: true } match ? TrackingCodes.Normalize(match.Groups[1].Value) : null;
            return new Answer(request, letter, status, code, code is null ? $"receipt {(int)receipt.StatusCode}: {page}" : null, sent, Stopwatch.GetTimestamp());
        }
        catch (HttpRequestException exception)
        {
            return new Answer(request, letter, 0, null, exception.Message, sent, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>The value of a hidden input, whichever order its attributes come in.</summary>
    public static string? HiddenValue(string html, string name)
    {
        ArgumentNullException.ThrowIfNull(html);
        foreach (Match tag in InputTag().Matches(html))
        {
            if (tag.Value.Contains($"name=\"{name}\"", StringComparison.Ordinal) && ValueAttribute().Match(tag.Value) is { Success: true } value)
            {
                return WebUtility.HtmlDecode(value.Groups[1].Value);
            }
        }

        return null;
    }

    /// <summary>The category codes the form offers.</summary>
    public static IReadOnlyList<string> CategoriesOn(string html) =>
        [.. OptionValue().Matches(html).Select(m => m.Groups[1].Value).Where(v => v.Length > 0)];

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();

    [GeneratedRegex("\\bvalue=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();

    [GeneratedRegex("<option value=\"([^\"]*)\"")]
    private static partial Regex OptionValue();

    [GeneratedRegex("id=\"tracking-code\">\\s*([^<\\s]+)\\s*<")]
    private static partial Regex ShownCode();
}

/// <summary>
/// Many phones at once, each doing what a citizen does: open the form, take at least the form's minimum fill time,
/// submit. A phone opens its next forms while earlier ones "are being filled in" (at most <see cref="Pipeline"/> at a
/// time), so that every submission has a GET of its own whose stamp is honestly older than the minimum fill time.
/// </summary>
public sealed class CitizenCrowd(Uri address, IReadOnlyList<string> paths, Func<int, Letter> letterFor)
{
    private int _next = -1;
    private int _shown;

    public int Phones { get; init; } = 64;

    public int Pipeline { get; init; } = 24;

    /// <summary>The form's own minimum (3 s, Citizens:MinimumFillSeconds) with a margin.</summary>
    public TimeSpan FillTime { get; init; } = TimeSpan.FromSeconds(3.3);

    public ConcurrentQueue<Answer> Answers { get; } = new();

    /// <summary>Submissions so far that were shown a tracking code.</summary>
    public int Shown => Volatile.Read(ref _shown);

    /// <summary>Runs until <paramref name="letters"/> have been opened and answered, or until <paramref name="stop"/> asks (what is open is still sent).</summary>
    public async Task RunAsync(int letters, CancellationToken stop = default)
    {
        await Task.WhenAll(Enumerable.Range(0, Phones).Select(_ => Task.Run(() => PhoneAsync(letters, stop), CancellationToken.None)));
    }

    private async Task PhoneAsync(int letters, CancellationToken stop)
    {
        using var phone = new CitizenPhone(address);
        var open = new Queue<(Letter Letter, OpenedForm Form)>();
        while (true)
        {
            var index = open.Count < Pipeline && !stop.IsCancellationRequested ? Interlocked.Increment(ref _next) : int.MaxValue;
            if (index < letters)
            {
                var (form, answer) = await phone.OpenAsync(paths[index % paths.Count], CancellationToken.None);
                if (form is null)
                {
                    Answers.Enqueue(answer);
                    await Task.Delay(200, CancellationToken.None);
                }
                else
                {
                    open.Enqueue((letterFor(index), form));
                }
            }

            if (open.Count == 0)
            {
                if (index >= letters)
                {
                    return;
                }

                continue;
            }

            var (letter, head) = open.Peek();
            var wait = FillTime - head.Age;
            if (wait > TimeSpan.Zero)
            {
                if (index < letters && open.Count < Pipeline)
                {
                    continue;
                }

                await Task.Delay(wait, CancellationToken.None);
            }

            open.Dequeue();
            var submitted = await phone.SubmitAsync(head, letter, CancellationToken.None);
            Answers.Enqueue(submitted);
            if (submitted.ShownCode)
            {
                Interlocked.Increment(ref _shown);
            }
        }
    }
}
