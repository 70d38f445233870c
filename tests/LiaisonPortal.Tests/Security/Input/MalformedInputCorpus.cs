using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace LiaisonPortal.Tests.Security.Input;

/// <summary>What a probe needs from a live session: the antiforgery token of its cookie, a fresh form stamp, a partner key, a real case.</summary>
public sealed record ProbeSession(string Antiforgery, string Started, string PartnerKey, string TrackingCode, string PhoneTail, string SlotId);

/// <summary>
/// One malformed request. <see cref="Build"/> makes its content for a session (forms need that session's token); the
/// preview is what a failure prints. <see cref="FormPage"/> is set when a 200 answer is a re-shown form, which must then
/// carry a Chinese message.
/// </summary>
public sealed record Probe(string Target, string Method, string Url, Func<ProbeSession, (HttpContent? Content, string Preview)> Build, string What, bool FormPage = false)
{
    public override string ToString() => $"[{Target}] {What}: {Method} {Url}";
}

/// <summary>A route the app itself lists: its pattern and the methods it answers (null: any, as a Razor page).</summary>
public sealed record DiscoveredRoute(string Pattern, RoutePattern Route, IReadOnlyList<string>? Methods);

/// <summary>
/// The generated corpus of malformed input for every public endpoint and form. Deterministic: the same seed and size
/// give the same requests (the seed is printed with every failure). <paramref name="scale"/> multiplies the number of
/// mutations per target (1 in a normal run, more with LIAISON_HEAVY=1); <paramref name="hugeBytes"/> is the size of the
/// over-the-limit bodies.
/// </summary>
public sealed class MalformedInputCorpus(int seed, int scale, IReadOnlyList<DiscoveredRoute> anonymousRoutes)
{
    public const string Station = "990102001-01";
    public const string Deputy = "D0004";
    public const string ScriptPayload = "<script>alert(1)</script>";
    public const string AttributePayload = "\"><img src=x onerror=alert(1)>";

    private static readonly string ValidContent = "柳岸社区东门口的路灯坏了两个星期，晚上出入很不安全，希望尽快修好。";

    private readonly Random random = new(seed);

    /// <summary>Texts a person or a robot could type: overlong, control characters, emoji, SQL and script fragments, numbers, dates, paths.</summary>
    public static IReadOnlyList<string> BadTexts { get; } =
    [
        string.Empty, " ", "\t\r\n", new string('长', 5_000), new string('a', 70_000), string.Concat(Enumerable.Repeat("😀", 3_000)),
        "\0", "a\0b", "\u0001\u0002\u001f\u007f", "\u202eevil\u202c", "\ufeff标题", "\u200b\u200d", "\r\n\r\nX-Injected: 1", "\ud83d", "\udc00x",
        "😀👍🏽👨‍👩‍👧", "𠀀𪚥", "Ｔｉｔｌｅ", "ﷺ", "e\u0301\u0301\u0301\u0301",
        "' OR '1'='1", "'; DROP TABLE \"Opinions\"; --", "1; SELECT pg_sleep(10)--", "\\", "%_%", "$$; $$", "\" OR \"\"=\"", "/*", "E'\\x00'",
        ScriptPayload, AttributePayload, "<svg onload=alert(1)>", "javascript:alert(1)", "</textarea><script>alert(1)</script>", "{{7*7}}", "@(1+1)", "${7*7}", "<!--", "]]>",
        "-1", "0", "-2147483649", "2147483648", "99999999999999999999999999", "1e309", "-1e309", "NaN", "Infinity", "0x7fffffff", "1.5", " 7 ", "٣", "１２",
        "2026-02-30", "0000-00-00", "9999-12-31T25:61:61", "-0001-01-01", "yesterday", "1970-01-01T00:00:00Z", "2026-13-01", "10000-01-01",
        "../../../../etc/passwd", "..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2f", "/etc/shadow", "C:\\boot.ini", "con", "a/b\\c", "....//....//",
        "null", "undefined", "[]", "{}", "true", "{0}", "%s%n%x", "\u0085",
    ];

    /// <summary>Byte strings that are not UTF-8 (or are UTF-8's forbidden forms: overlong, surrogates, above U+10FFFF).</summary>
    public static IReadOnlyList<byte[]> BadBytes { get; } =
    [
        [0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80, 0x80], [0xe6, 0x88],
        [0x41, 0xff, 0x42, 0x00, 0x43], [0xc3, 0x28], [0xf8, 0x88, 0x80, 0x80, 0x80],
    ];

    public static byte[] Png { get; } = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /// <summary>Files a form could be sent: zero bytes, polyglots, lies about the type, odd names.</summary>
    public static IReadOnlyList<(string Name, string Type, byte[] Bytes, string What)> BadFiles { get; } =
    [
        ("empty.jpg", "image/jpeg", [], "zero-byte file"),
        ("gifjs.gif", "image/gif", Encoding.ASCII.GetBytes("GIF89a/*\x01\x00\x01\x00\x00\x00\x00;*/=alert(1);//"), "GIF/JS polyglot"),
        ("photo.jpg", "image/jpeg", [0xff, 0xd8, 0xff, 0xe0, .. Encoding.ASCII.GetBytes("<html><script>alert(1)</script></html>")], "JPEG/HTML polyglot"),
        ("x.png", "image/png", [.. Png.Take(40)], "truncated PNG"),
        ("page.html", "text/html", Encoding.ASCII.GetBytes("<script>alert(1)</script>"), "HTML file"),
        ("evil.svg", "image/svg+xml", Encoding.ASCII.GetBytes("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"), "SVG with script"),
        ("../../../../etc/passwd", "image/png", Png, "path traversal name"),
        ("..\\..\\web.config", "image/png", Png, "backslash traversal name"),
        ("C:\\Windows\\x.png", "image/png", Png, "absolute Windows name"),
        ("a\0.png", "image/png", Png, "NUL in name"),
        (new string('长', 400) + ".png", "image/png", Png, "overlong name"),
        ("😀.png", "image/png", Png, "emoji name"),
        ("photo.png", "application/x-msdownload", Png, "lying content type"),
        ("photo.exe", "image/png", [0x4d, 0x5a, 0x90, 0x00], "executable named png"),
        ("", "image/png", Png, "empty name"),
        ("photo.png", "image/png", Png, "valid PNG"),
    ];

    /// <summary>The whole corpus, in a shuffled but repeatable order.</summary>
    public List<Probe> Generate(long hugeBytes)
    {
        var probes = new List<Probe>();
        probes.AddRange(CitizenForm($"/s/{Station}"));
        probes.AddRange(CitizenForm($"/d/{Deputy}"));
        probes.AddRange(FormTarget("booking", $"/s/{Station}/book", s => [new("Input.SlotId", s.SlotId), new("Input.Name", "王先生"), new("Input.Phone", "13800002222"), new("Input.Topic", "想反映小区停车难的问题"), new("Input.JoinWaitlist", "true"), new("Website", "")], 40));
        probes.AddRange(FormTarget("booking", $"/d/{Deputy}/book", s => [new("Input.SlotId", s.SlotId), new("Input.Name", "王先生"), new("Input.Phone", "13800002222"), new("Input.Topic", "想反映小区停车难的问题")], 20));
        probes.AddRange(FormTarget("track", "/track", s => [new("Code", s.TrackingCode), new("Proof", s.PhoneTail)], 50));
        probes.AddRange(FormTarget("rating", "/track?handler=Rate", s => [new("Code", s.TrackingCode), new("Proof", s.PhoneTail), new("Rating", "Satisfied"), new("Comment", "很好")], 50));
        probes.AddRange(FormTarget("withdraw", "/appointments/withdraw", s => [new("Code", s.TrackingCode), new("Last4", s.PhoneTail)], 30));
        probes.AddRange(FormTarget("sign-in", "/Account/Login?ReturnUrl=%2FAdmin", _ => [new("Input.Email", $"nobody{random.Next(1000):D3}@example.invalid"), new("Input.Password", "wrong-Password-1")], 30));
        probes.AddRange(Open311());
        probes.AddRange(Json("api-login", "/api/v1/auth/login", """{"email":"nobody@example.invalid","password":"wrong-Password-1"}""", ["email", "password"], 40));
        probes.AddRange(Json("api-refresh", "/api/v1/auth/refresh", """{"refreshToken":"abc"}""", ["refreshToken"], 25));
        probes.AddRange(Evaluation());
        probes.AddRange(Queries());
        probes.AddRange(Paths());
        probes.AddRange(Discovered());
        probes.AddRange(Huge(hugeBytes));
        return [.. probes.OrderBy(_ => random.Next())];
    }

    private int Times(int n) => n * scale;

    private string AnyText() => BadTexts[random.Next(BadTexts.Count)];

    private byte[] AnyBytes() => BadBytes[random.Next(BadBytes.Count)];

    private static string Show(string text) =>
        text.Length > 160 ? Escape(text[..160]) + $"…({text.Length.ToString(CultureInfo.InvariantCulture)} chars)" : Escape(text);

    private static string Escape(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return builder.ToString();
    }

    /// <summary>The QR landing form: fields, raw bytes, missing and duplicated fields, photos, content types.</summary>
    private IEnumerable<Probe> CitizenForm(string url)
    {
        List<KeyValuePair<string, string>> Valid(ProbeSession s) =>
        [
            new("__RequestVerificationToken", s.Antiforgery), new("Started", s.Started), new("Input.Title", "路灯不亮"), new("Input.Content", ValidContent),
            new("Input.CategoryCode", ""), new("Input.Name", "张女士"), new("Input.Phone", "13800001111"), new("Input.MayContact", "true"), new("website", ""),
        ];
        string[] fields = ["Input.Title", "Input.Content", "Input.CategoryCode", "Input.Name", "Input.Phone", "Input.MayContact", "Input.Anonymous", "Started", "website", "Photos"];
        for (var i = 0; i < Times(90); i++)
        {
            var field = fields[random.Next(fields.Length)];
            var text = AnyText();
            yield return new Probe("citizen-form", "POST", url, s => Multipart(Replace(Valid(s), field, text), []), $"{field} = {Show(text)}", FormPage: true);
        }

        for (var i = 0; i < Times(20); i++)
        {
            var field = fields[random.Next(fields.Length - 1)];
            var bytes = AnyBytes();
            yield return new Probe("citizen-form", "POST", url, s => Multipart(Valid(s), [], (field, bytes)), $"{field} = bytes {Convert.ToHexString(bytes)}", FormPage: true);
            yield return new Probe("citizen-form", "POST", url, s => UrlEncoded(Valid(s), (field, bytes)), $"urlencoded {field} = bytes {Convert.ToHexString(bytes)}", FormPage: true);
        }

        foreach (var (name, type, bytes, what) in BadFiles)
        {
            yield return new Probe("citizen-photo", "POST", url, s => Multipart(Valid(s), [("Photos", name, type, bytes)]), what, FormPage: true);
        }

        for (var i = 0; i < Times(8); i++)
        {
            var count = random.Next(2, 7);
            var files = Enumerable.Range(0, count).Select(_ => BadFiles[random.Next(BadFiles.Count)]).Select(f => (Field: "Photos", f.Name, f.Type, f.Bytes)).ToList();
            yield return new Probe("citizen-photo", "POST", url, s => Multipart(Valid(s), files), $"{count.ToString(CultureInfo.InvariantCulture)} files", FormPage: true);
        }

        yield return new Probe("citizen-photo", "POST", url, s => Multipart(Valid(s), [("Photos", "big.jpg", "image/jpeg", new byte[(5 * 1024 * 1024) + 1])]), "photo 1 byte over 5 MB", FormPage: true);
        yield return new Probe("citizen-photo", "POST", url, s => Multipart(Valid(s), [("Other", "x.png", "image/png", Png)]), "file under an unknown field name", FormPage: true);
        foreach (var probe in Structural("citizen-form", url, Valid, fields))
        {
            yield return probe;
        }
    }

    /// <summary>A url-encoded form: each field replaced, raw bytes, and the structural cases.</summary>
    private IEnumerable<Probe> FormTarget(string target, string url, Func<ProbeSession, List<KeyValuePair<string, string>>> fields, int mutations)
    {
        List<KeyValuePair<string, string>> Valid(ProbeSession s) => [new("__RequestVerificationToken", s.Antiforgery), .. fields(s)];
        var names = fields(new ProbeSession("", "", "", "K7M2Q9XP4R", "1234", "1")).Select(f => f.Key).ToArray();
        for (var i = 0; i < Times(mutations); i++)
        {
            var field = names[random.Next(names.Length)];
            var text = AnyText();
            yield return new Probe(target, "POST", url, s => UrlEncoded(Replace(Valid(s), field, text)), $"{field} = {Show(text)}", FormPage: true);
        }

        for (var i = 0; i < Times(Math.Max(3, mutations / 8)); i++)
        {
            var field = names[random.Next(names.Length)];
            var bytes = AnyBytes();
            yield return new Probe(target, "POST", url, s => UrlEncoded(Valid(s), (field, bytes)), $"{field} = bytes {Convert.ToHexString(bytes)}", FormPage: true);
        }

        foreach (var probe in Structural(target, url, Valid, names))
        {
            yield return probe;
        }
    }

    /// <summary>Missing token, missing fields, duplicates, too many fields, wrong and broken content types.</summary>
    private static IEnumerable<Probe> Structural(string target, string url, Func<ProbeSession, List<KeyValuePair<string, string>>> valid, string[] names)
    {
        yield return new Probe(target, "POST", url, s => UrlEncoded(valid(s).Where(f => f.Key != "__RequestVerificationToken").ToList()), "no antiforgery token", FormPage: true);
        yield return new Probe(target, "POST", url, s => UrlEncoded(Replace(valid(s), "__RequestVerificationToken", "forged")), "forged antiforgery token", FormPage: true);
        yield return new Probe(target, "POST", url, s => UrlEncoded(valid(s).Where(f => f.Key == "__RequestVerificationToken").ToList()), "only the token", FormPage: true);
        yield return new Probe(target, "POST", url, _ => (null, "(no body)"), "no body at all", FormPage: true);
        foreach (var name in names)
        {
            yield return new Probe(target, "POST", url, s => UrlEncoded(valid(s).Where(f => f.Key != name).ToList()), $"{name} missing", FormPage: true);
            yield return new Probe(target, "POST", url, s => UrlEncoded([.. valid(s), new(name, AttributePayload), new(name, "2")]), $"{name} three times", FormPage: true);
        }

        yield return new Probe(target, "POST", url, s => UrlEncoded([.. valid(s), .. Enumerable.Range(0, 1500).Select(i => new KeyValuePair<string, string>("x" + i.ToString(CultureInfo.InvariantCulture), "1"))]), "1,500 extra fields", FormPage: true);
        yield return new Probe(target, "POST", url, s => UrlEncoded([.. valid(s), new(new string('k', 3000), "1")]), "3,000-character field name", FormPage: true);
        yield return new Probe(target, "POST", url, s => UrlEncoded([.. valid(s), new("Input.Title[0]", "x"), new("Input", "x"), new("Input.Title.Length", "9")]), "shape-shifted field names", FormPage: true);
        foreach (var type in new[] { "application/json", "text/plain", "application/xml", "multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"x\"", "application/x-www-form-urlencoded; charset=utf-7", "image/png", "*/*", "application/x-www-form-urlencoded; charset=nonsense" })
        {
            yield return new Probe(target, "POST", url, s => Raw(type, Encoding.UTF8.GetBytes(string.Join('&', valid(s).Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value))))), $"content type {type}", FormPage: true);
        }

        yield return new Probe(target, "POST", url, _ => Raw("application/x-www-form-urlencoded", Encoding.ASCII.GetBytes("a=%ZZ&b=%&=&&&c")), "broken percent-encoding", FormPage: true);
        yield return new Probe(target, "POST", url, _ => Raw("multipart/form-data; boundary=b", Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"Input.Title\"\r\n\r\nunterminated")), "unterminated multipart", FormPage: true);
        yield return new Probe(target, "POST", url, _ => Raw("multipart/form-data; boundary=b", Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"Photos\"; filename=\"../x.png\"\r\nContent-Type: image/png\r\n\r\n\r\n--b--\r\n")), "multipart, file only, traversal name", FormPage: true);
        yield return new Probe(target, "GET", url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "x=%FF%FE&y=" + Uri.EscapeDataString(ScriptPayload), _ => (null, ""), "GET with junk query", FormPage: true);
        yield return new Probe(target, "PUT", url, s => UrlEncoded(valid(s)), "PUT instead of POST");
        yield return new Probe(target, "DELETE", url, _ => (null, ""), "DELETE");
    }

    private IEnumerable<Probe> Open311()
    {
        const string url = "/open311/v2/requests.json";
        List<KeyValuePair<string, string>> Valid(ProbeSession s) =>
        [
            new("api_key", s.PartnerKey), new("service_code", "CJ"), new("description", "小区门口的路灯坏了一个多月，晚上出行很不方便。"), new("attribute[station_code]", Station),
            new("first_name", "三"), new("last_name", "张"), new("phone", "13800003333"), new("email", "a@example.com"),
        ];
        string[] fields = ["service_code", "description", "attribute[station_code]", "attribute[deputy_code]", "lat", "long", "address_string", "first_name", "last_name", "phone", "email", "device_id", "account_id", "media_url", "api_key"];
        for (var i = 0; i < Times(70); i++)
        {
            var field = fields[random.Next(fields.Length)];
            var text = AnyText();
            var xml = random.Next(4) == 0;
            yield return new Probe("open311", "POST", xml ? url.Replace(".json", ".xml", StringComparison.Ordinal) : url, s => UrlEncoded(Replace(Valid(s), field, text)), $"{field} = {Show(text)}");
        }

        for (var i = 0; i < Times(8); i++)
        {
            var field = fields[random.Next(fields.Length - 1)];
            var bytes = AnyBytes();
            yield return new Probe("open311", "POST", url, s => UrlEncoded(Valid(s), (field, bytes)), $"{field} = bytes {Convert.ToHexString(bytes)}");
        }

        yield return new Probe("open311", "POST", url, s => UrlEncoded([.. Valid(s), new("service_code", "JT"), new("description", "x")]), "duplicate fields");
        yield return new Probe("open311", "POST", "/open311/v2/requests.xml", s => UrlEncoded(Replace(Valid(s), "attribute[station_code]", "\u0001\u001f")), "control characters echoed in an XML answer");
        yield return new Probe("open311-query", "GET", "/open311/v2/requests.json?api_key={KEY}&service_code=a%00b&status=%00", _ => (null, ""), "NUL in the query");
        yield return new Probe("open311-query", "GET", "/open311/v2/requests.json?api_key={KEY}&end_date=1.5", _ => (null, ""), "a loose date, China time");
        yield return new Probe("open311-query", "GET", "/open311/v2/requests.json?api_key={KEY}&start_date=2026-01-01T00:00:00%2B08:00&end_date=2026-01-31T00:00:00%2B08:00", _ => (null, ""), "dates with an offset");
        yield return new Probe("open311", "POST", url, s => Raw("application/json", Encoding.UTF8.GetBytes($$"""{"api_key":"{{s.PartnerKey}}","service_code":1}""")), "JSON body");
        yield return new Probe("open311", "POST", url, s => UrlEncoded([.. Valid(s), .. Enumerable.Range(0, 1500).Select(i => new KeyValuePair<string, string>("attribute[x" + i.ToString(CultureInfo.InvariantCulture) + "]", "1"))]), "1,500 attributes");
        yield return new Probe("open311", "POST", url, s => Raw("application/x-www-form-urlencoded", Encoding.UTF8.GetBytes("api_key=" + s.PartnerKey + "&description=" + new string('x', 80_000))), "80 KB description (over the 64 KB form)");
        yield return new Probe("open311", "POST", url, s => Multipart(Valid(s), [("media", "x.png", "image/png", Png)]), "multipart with a file");
        yield return new Probe("open311", "POST", url, _ => (null, "(no body)"), "no body, no key");
        string[] queries = ["start_date", "end_date", "status", "service_request_id", "service_code", "page", "page_size", "api_key"];
        for (var i = 0; i < Times(30); i++)
        {
            var name = queries[random.Next(queries.Length)];
            var text = AnyText();
            yield return new Probe("open311-query", "GET", "/open311/v2/requests.json?api_key={KEY}&" + name + "=" + Uri.EscapeDataString(Clip(text)), _ => (null, ""), $"{name} = {Show(text)}");
        }

        foreach (var format in new[] { "json", "xml", "html", "JSON", "json%00", "..%2f..%2fetc", "", new string('j', 500) })
        {
            yield return new Probe("open311-path", "GET", $"/open311/v2/services.{format}", _ => (null, ""), $"format {format}");
            yield return new Probe("open311-path", "GET", $"/open311/v2/services/{Uri.EscapeDataString(Clip(AnyText()))}.json", _ => (null, ""), "service code");
            yield return new Probe("open311-path", "GET", $"/open311/v2/requests/{Uri.EscapeDataString(Clip(AnyText()))}.{format}?api_key={{KEY}}", _ => (null, ""), "request id");
        }
    }

    /// <summary>JSON bodies: each property with every wrong type, broken documents, wrong content types.</summary>
    private IEnumerable<Probe> Json(string target, string url, string valid, string[] properties, int mutations)
    {
        string[] values = ["1", "-1", "1e309", "true", "null", "[]", "{}", """["a","b"]""", """{"a":{"b":1}}""", "\"\"", "99999999999999999999999999999"];
        for (var i = 0; i < Times(mutations); i++)
        {
            var property = properties[random.Next(properties.Length)];
            var value = random.Next(2) == 0 ? values[random.Next(values.Length)] : System.Text.Json.JsonSerializer.Serialize(Clip(AnyText()));
            var body = ReplaceJson(valid, property, value);
            yield return new Probe(target, "POST", url, _ => Raw("application/json", Encoding.UTF8.GetBytes(body)), $"{property}: {Show(value)}");
        }

        foreach (var bytes in BadBytes)
        {
            yield return new Probe(target, "POST", url, _ => Raw("application/json", [.. Encoding.ASCII.GetBytes("{\"" + properties[0] + "\":\""), .. bytes, .. Encoding.ASCII.GetBytes("\"}")]), $"invalid UTF-8 {Convert.ToHexString(bytes)}");
        }

        string[] documents = ["", "null", "[]", "\"text\"", "{", valid[..(valid.Length / 2)], valid + valid, "{\"" + properties[0] + "\":1,\"" + properties[0] + "\":2}", new string('[', 5000) + new string(']', 5000), "{\"a\":" + new string('[', 200) + new string(']', 200) + "}", "\ufeff" + valid, valid.Replace("\"", "'", StringComparison.Ordinal), "{/*c*/}", "{\"$type\":\"System.IO.FileInfo\"}"];
        foreach (var document in documents)
        {
            yield return new Probe(target, "POST", url, _ => Raw("application/json", Encoding.UTF8.GetBytes(document)), $"document {Show(document)}");
        }

        foreach (var type in new[] { "text/plain", "application/x-www-form-urlencoded", "application/xml", "application/json; charset=utf-16", "application/json; charset=nonsense", "multipart/form-data; boundary=x", "" })
        {
            yield return new Probe(target, "POST", url, _ => Raw(type, Encoding.UTF8.GetBytes(valid)), $"content type '{type}'");
        }

        yield return new Probe(target, "POST", url, _ => Raw("application/json", Encoding.Unicode.GetBytes(valid)), "UTF-16 body labelled as JSON");
        yield return new Probe(target, "POST", url, _ => Raw("application/json", Encoding.UTF8.GetBytes(ReplaceJson(valid, properties[0], System.Text.Json.JsonSerializer.Serialize(new string('x', 3_000_000))))), "3 MB string");
        yield return new Probe(target, "GET", url, _ => (null, ""), "GET");
        yield return new Probe(target, "PUT", url, _ => Raw("application/json", Encoding.UTF8.GetBytes(valid)), "PUT");
    }

    private IEnumerable<Probe> Evaluation()
    {
        foreach (var probe in Json("api-evaluation", "/api/v1/track/{CODE}/evaluation", """{"phoneTail":"TAIL","rating":"Satisfied","comment":"很好"}""", ["phoneTail", "secret", "rating", "comment"], 40))
        {
            yield return probe with { Build = s => Substitute(probe.Build(s), s) };
        }

        for (var i = 0; i < Times(10); i++)
        {
            var code = Clip(AnyText());
            yield return new Probe("api-evaluation", "POST", "/api/v1/track/" + Uri.EscapeDataString(code) + "/evaluation", _ => Raw("application/json", Encoding.UTF8.GetBytes("""{"phoneTail":"1234","rating":"Satisfied"}""")), $"code {Show(code)}");
        }
    }

    /// <summary>Public pages and JSON lists with search, paging and filters.</summary>
    private IEnumerable<Probe> Queries()
    {
        (string Path, string[] Names)[] pages =
        [
            ("/stations", ["q", "page", "kind", "region"]), ("/deputies", ["q", "page", "level", "region"]), ("/open", ["year", "page"]),
            ("/track", ["code", "Code"]), ("/", ["culture", "q"]), ("/Culture", ["culture", "returnUrl"]), ("/api/v1/stations", ["q", "region", "kind", "page", "size", "after"]),
            ("/api/v1/deputies", ["q", "region", "level", "page", "size", "after"]), ("/api/v1/categories", ["culture"]), ("/openapi/v1.json", ["culture"]),
            ("/Account/Login", ["ReturnUrl"]), ("/opinions/submitted", ["code"]), ("/book/done", ["code"]),
        ];
        foreach (var (path, names) in pages)
        {
            for (var i = 0; i < Times(12); i++)
            {
                var name = names[random.Next(names.Length)];
                var text = Clip(AnyText());
                yield return new Probe("query", "GET", path + "?" + name + "=" + Uri.EscapeDataString(text), _ => (null, ""), $"{name} = {Show(text)}");
            }

            var first = names[0];
            yield return new Probe("query", "GET", $"{path}?{first}=%FF%FE%C0%AF", _ => (null, ""), "invalid UTF-8 in the query");
            yield return new Probe("query", "GET", $"{path}?{string.Join('&', names.Select(n => n + "=a%00b"))}", _ => (null, ""), "NUL in every parameter");
            yield return new Probe("query", "GET", $"{path}?{first}=%ZZ%&{first}", _ => (null, ""), "broken percent-encoding");
            yield return new Probe("query", "GET", $"{path}?{string.Join('&', names.Select(n => n + "=1&" + n + "=2"))}", _ => (null, ""), "every parameter twice");
            yield return new Probe("query", "GET", $"{path}?{first}={new string('x', 6000)}", _ => (null, ""), "6,000-character value");
            yield return new Probe("query", "GET", $"{path}?page=-2147483648&size=2147483647&year=-1", _ => (null, ""), "extreme numbers");
        }
    }

    /// <summary>Codes in paths: QR images, photos, directory pages, the forms' own addresses.</summary>
    private IEnumerable<Probe> Paths()
    {
        string[] templates = ["/qr/stations/{0}.png", "/qr/stations/{0}.svg", "/qr/deputies/{0}.png", "/qr/deputies/{0}.svg", "/photos/deputies/{0}", "/stations/{0}", "/deputies/{0}", "/s/{0}", "/d/{0}", "/s/{0}/book", "/api/v1/stations/{0}", "/api/v1/deputies/{0}", "/Error/{0}"];
        foreach (var template in templates)
        {
            for (var i = 0; i < Times(5); i++)
            {
                var text = Clip(AnyText());
                yield return new Probe("path", "GET", string.Format(CultureInfo.InvariantCulture, template, Uri.EscapeDataString(text)), _ => (null, ""), $"code {Show(text)}");
            }

            yield return new Probe("path", "GET", string.Format(CultureInfo.InvariantCulture, template, "%FF%C0%AF"), _ => (null, ""), "invalid UTF-8 code");
            yield return new Probe("path", "GET", string.Format(CultureInfo.InvariantCulture, template, "..%2F..%2Fappsettings.json"), _ => (null, ""), "encoded traversal");
        }

        foreach (var format in new[] { "gif", "jpg", "PNG", "svg%00.png", "png.exe", "" })
        {
            yield return new Probe("path", "GET", $"/qr/stations/{Station}.{format}", _ => (null, ""), $"QR format {format}");
            yield return new Probe("path", "GET", $"/qr/deputies/{Deputy}.{format}", _ => (null, ""), $"QR format {format}");
        }
    }

    /// <summary>
    /// Every anonymous route the app lists, whatever its name: route values replaced by bad text, junk query strings, and
    /// for routes that take POST, bodies of the wrong kind. New anonymous endpoints are covered without editing this file.
    /// </summary>
    private IEnumerable<Probe> Discovered()
    {
        foreach (var route in anonymousRoutes)
        {
            for (var i = 0; i < Times(3); i++)
            {
                var url = Fill(route.Route);
                var text = Clip(AnyText());
                yield return new Probe("discovered " + route.Pattern, "GET", url + "?page=" + Uri.EscapeDataString(text) + "&q=" + Uri.EscapeDataString(AnyText().Length > 200 ? "x" : AnyText()) + "&id=%FF", _ => (null, ""), $"route {route.Pattern}");
            }

            var methods = route.Methods ?? ["GET", "POST"];
            if (methods.Contains("POST"))
            {
                var target = Fill(route.Route);
                yield return new Probe("discovered " + route.Pattern, "POST", target, _ => Raw("application/json", Encoding.UTF8.GetBytes("""{"a":[1,{"b":null}],"page":-1}""")), "JSON junk");
                yield return new Probe("discovered " + route.Pattern, "POST", target, _ => Raw("application/x-www-form-urlencoded", [.. Encoding.ASCII.GetBytes("a="), .. AnyBytes(), .. Encoding.ASCII.GetBytes("&b=" + Uri.EscapeDataString(ScriptPayload))]), "form junk");
                yield return new Probe("discovered " + route.Pattern, "POST", target, _ => Raw("application/octet-stream", [0, 1, 2, 0xff]), "binary");
            }
        }
    }

    /// <summary>Bodies over the limits: the form's 16 MB, and the server's 30 MB for everything else.</summary>
    private static IEnumerable<Probe> Huge(long hugeBytes)
    {
        yield return new Probe("huge", "POST", $"/s/{Station}", s => Multipart([new("__RequestVerificationToken", s.Antiforgery), new("Started", s.Started)], [("Photos", "big.jpg", "image/jpeg", new byte[17 * 1024 * 1024])]), "17 MB photo (form limit 16 MB)");
        yield return new Probe("huge", "POST", "/track", s => UrlEncoded([new("__RequestVerificationToken", s.Antiforgery), new("Code", new string('A', 5 * 1024 * 1024))]), "5 MB field (form value limit 4 MB)");
        yield return new Probe("huge", "POST", "/api/v1/auth/login", _ => Raw("application/json", Encoding.UTF8.GetBytes("{\"email\":\"" + new string('a', (int)hugeBytes) + "\"}")), $"{(hugeBytes / 1_000_000).ToString(CultureInfo.InvariantCulture)} MB JSON");
        yield return new Probe("huge", "POST", "/open311/v2/requests.json", _ => Raw("application/x-www-form-urlencoded", Encoding.ASCII.GetBytes("description=" + new string('a', (int)hugeBytes))), $"{(hugeBytes / 1_000_000).ToString(CultureInfo.InvariantCulture)} MB Open311 form");
    }

    private string Fill(RoutePattern pattern)
    {
        var builder = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            builder.Append('/');
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        builder.Append(literal.Content);
                        break;
                    case RoutePatternSeparatorPart separator:
                        builder.Append(separator.Content);
                        break;
                    case RoutePatternParameterPart parameter:
                        builder.Append(random.Next(3) == 0 ? Plausible(parameter.Name) : Uri.EscapeDataString(Clip(AnyText())));
                        break;
                }
            }
        }

        return builder.Length == 0 ? "/" : builder.ToString();
    }

    private static string Plausible(string name) => name.ToUpperInvariant() switch
    {
        "KIND" => "s",
        "FORMAT" => "json",
        "CODE" => Station,
        "DOCUMENTNAME" => "v1",
        _ => "1",
    };

    /// <summary>Paths and queries are kept under the server's request-line limit, except where length is the point.</summary>
    private static string Clip(string text) => text.Length > 600 ? text[..600] : text;

    private static (HttpContent?, string) Substitute((HttpContent? Content, string Preview) built, ProbeSession session)
    {
        if (built.Content is not ByteArrayContent bytes)
        {
            return built;
        }

        var body = bytes.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        var text = Encoding.UTF8.GetString(body);
        if (!text.Contains("\"TAIL\"", StringComparison.Ordinal))
        {
            return built;
        }

        var type = bytes.Headers.ContentType?.ToString() ?? "application/json";
        return Raw(type, Encoding.UTF8.GetBytes(text.Replace("\"TAIL\"", "\"" + session.PhoneTail + "\"", StringComparison.Ordinal)));
    }

    private static string ReplaceJson(string json, string property, string value)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node[property] = System.Text.Json.Nodes.JsonNode.Parse(value);
        return node.ToJsonString();
    }

    private static List<KeyValuePair<string, string>> Replace(List<KeyValuePair<string, string>> fields, string name, string value) =>
        [.. fields.Where(f => f.Key != name), new(name, value)];

    public static (HttpContent, string) UrlEncoded(List<KeyValuePair<string, string>> fields, (string Field, byte[] Bytes)? raw = null)
    {
        var text = string.Join('&', fields.Where(f => raw is null || f.Key != raw.Value.Field).Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));
        if (raw is { } r)
        {
            text += "&" + Uri.EscapeDataString(r.Field) + "=" + string.Concat(r.Bytes.Select(b => "%" + b.ToString("X2", CultureInfo.InvariantCulture)));
        }

        return Raw("application/x-www-form-urlencoded", Encoding.ASCII.GetBytes(text));
    }

    public static (HttpContent, string) Multipart(List<KeyValuePair<string, string>> fields, IReadOnlyList<(string Field, string Name, string Type, byte[] Bytes)> files, (string Field, byte[] Bytes)? raw = null)
    {
        // As browsers do: field and file names in UTF-8, not Latin-1.
        var content = new MultipartFormDataContent("corpus-boundary") { HeaderEncodingSelector = (_, _) => Encoding.UTF8 };
        var preview = new StringBuilder("multipart:");
        foreach (var (name, value) in fields.Where(f => raw is null || f.Key != raw.Value.Field))
        {
            content.Add(new StringContent(value), name);
            if (name is not ("__RequestVerificationToken" or "Started"))
            {
                preview.Append(' ').Append(name).Append('=').Append(Show(value));
            }
        }

        if (raw is { } r)
        {
            var part = new ByteArrayContent(r.Bytes);
            part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"" + r.Field + "\"" };
            content.Add(part);
            preview.Append(' ').Append(r.Field).Append("=bytes ").Append(Convert.ToHexString(r.Bytes));
        }

        foreach (var (field, name, type, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.TryAddWithoutValidation("Content-Type", type);
            // Set by hand: the name goes out as the browser would send it, traversal and control characters included.
            part.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"{field}\"; filename=\"{name.Replace("\"", "%22", StringComparison.Ordinal)}\"");
            content.Add(part);
            preview.Append(" file ").Append(field).Append('=').Append(Show(name)).Append(" (").Append(type).Append(", ").Append(bytes.Length.ToString(CultureInfo.InvariantCulture)).Append(" bytes)");
        }

        return (content, preview.ToString());
    }

    public static (HttpContent, string) Raw(string contentType, byte[] body)
    {
        var content = new ByteArrayContent(body);
        if (contentType.Length > 0)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var shown = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));
        return (content, $"{contentType} ({body.Length.ToString(CultureInfo.InvariantCulture)} bytes): {Escape(shown)}");
    }
}
