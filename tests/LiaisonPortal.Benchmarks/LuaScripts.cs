using System.Globalization;
using System.Text;

namespace LiaisonPortal.Benchmarks;

/// <summary>
/// The wrk scripts, one per scenario, written into the run's folder. Every script ends with the same done() that prints one
/// line "BENCH_RESULT {json}": wrk's own counters, p50/p95/p99 from its latency histogram (its --latency has no p95), and
/// the script's own checks — wrk counts only statuses above 399 as errors, so a 200 that is a failure (a form re-shown with
/// a message) is counted here.
/// </summary>
public static class LuaScripts
{
    public const string ResultPrefix = "BENCH_RESULT ";

    /// <summary>Headers of a phone opening a link inside WeChat.</summary>
    public static readonly IReadOnlyDictionary<string, string> PhoneHeaders = new Dictionary<string, string>
    {
        ["Accept"] = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8",
        ["Accept-Encoding"] = "gzip, deflate, br",
        ["Accept-Language"] = "zh-CN,zh;q=0.9,en-US;q=0.8,en;q=0.7",
        ["User-Agent"] = "Mozilla/5.0 (Linux; Android 13; V2148A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 "
            + "MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64",
    };

    private const string Common = """
        -- Shared by every scenario: thread ids, counters, failure samples and the one-line JSON result.
        local threads = {}

        -- As behind the TLS-terminating proxy the app expects in production (Portal:TrustedProxies).
        wrk.headers["X-Forwarded-Proto"] = "https"

        function setup(thread)
          thread:set("id", #threads)
          table.insert(threads, thread)
        end

        ok, bad, unseen, exhausted, samples, nsamples = 0, 0, 0, 0, "", 0

        function lines(path)
          local list = {}
          for line in io.lines(path) do
            if #line > 0 then list[#list + 1] = line end
          end
          return list
        end

        function failed(status, body)
          bad = bad + 1
          -- wrk itself counts statuses above 399; the rest would pass unseen.
          if status <= 399 then unseen = unseen + 1 end
          if nsamples < 3 then
            nsamples = nsamples + 1
            local text = string.sub(body or "", 1, 400)
            text = string.gsub(text, "%s+", " ")
            samples = samples .. status .. " " .. text .. "\n"
          end
        end

        local function esc(s)
          return (string.gsub(s, '[%c"\\]', function(c) return string.format("\\u%04x", string.byte(c)) end))
        end

        function done(summary, latency, requests)
          local tok, tbad, tunseen, texhausted, tsamples = 0, 0, 0, 0, ""
          for _, t in ipairs(threads) do
            tok = tok + (t:get("ok") or 0)
            tbad = tbad + (t:get("bad") or 0)
            tunseen = tunseen + (t:get("unseen") or 0)
            texhausted = texhausted + (t:get("exhausted") or 0)
            tsamples = tsamples .. (t:get("samples") or "")
          end
          local e = summary.errors
          io.write(string.format(
            'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,'
            .. '"status_errors":%d,"timeout_errors":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d,'
            .. '"checked_ok":%d,"checked_bad":%d,"unseen_errors":%d,"exhausted":%d,"samples":"%s"}\n',
            summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
            latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
            tok, tbad, tunseen, texhausted, esc(tsamples)))
        end

        """;

    /// <summary>GET of one fixed path (plaintext, office queue, dashboard); with <paramref name="expect200"/> anything but 200 fails.</summary>
    public static string FixedGet(string path, IReadOnlyDictionary<string, string> headers, bool expect200) =>
        Common + Headers(headers) + $"""
        wrk.method = "GET"
        wrk.path = {Lua(path)}
        {(expect200 ? ExpectStatus("status == 200") : string.Empty)}
        """;

    /// <summary>GET of a path made from a random line of <paramref name="dataFile"/>: "{prefix}{line}{suffix}".</summary>
    public static string RandomGet(string dataFile, string prefix, string suffix, IReadOnlyDictionary<string, string> headers) =>
        Common + Headers(headers) + $$"""
        function init(args)
          math.randomseed(os.time() + 7919 * (id + 1))
          items = lines({{Lua(dataFile)}})
        end

        function request()
          return wrk.format("GET", {{Lua(prefix)}} .. items[math.random(#items)] .. {{Lua(suffix)}})
        end
        """;

    /// <summary>POST /track of a random "Code=..&amp;Proof=..." line; only a page with the case's timeline counts.</summary>
    public static string Track(string dataFile, string cookie, string token, IReadOnlyDictionary<string, string> headers, string marker) =>
        Common + Headers(headers) + $$"""
        wrk.headers["Cookie"] = {{Lua(cookie)}}
        wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

        function init(args)
          math.randomseed(os.time() + 7919 * (id + 1))
          items = lines({{Lua(dataFile)}})
        end

        function request()
          return wrk.format("POST", "/track", nil, items[math.random(#items)] .. "&__RequestVerificationToken=" .. {{Lua(Uri.EscapeDataString(token))}})
        end

        function response(status, headers, body)
          if status == 200 and string.find(body, {{Lua(marker)}}, 1, true) then ok = ok + 1 else failed(status, body) end
        end
        """;

    /// <summary>
    /// POST of the citizen form (multipart, as a phone sends it) to a random deputy's /d/{code}, with the antiforgery pair and the Started stamp of one GET.
    /// Every request has its own title and content (the run marker, the thread and a counter, and a random mix of topic,
    /// place and detail); a third leave a phone number (random, valid), a third are anonymous. Only a redirect to
    /// /opinions/submitted counts.
    /// </summary>
    public static string Submit(string dataFile, string cookie, string token, string started, string marker, IReadOnlyDictionary<string, string> headers) =>
        Common + Headers(headers) + $$"""
        wrk.headers["Cookie"] = {{Lua(cookie)}}
        local boundary = "----LiaisonBench7MA4YWxkTrZu0gW"
        wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
        local TOKEN = {{Lua(token)}}
        local STARTED = {{Lua(started)}}
        local MARK = {{Lua(marker)}}
        local topics = { "路灯不亮", "下水道堵塞", "小区停车难", "垃圾清运不及时", "噪音扰民", "电梯经常故障", "道路坑洼", "公交站台破损",
          "绿化带被占用", "菜市场环境差", "学校门口拥堵", "健身器材损坏", "楼道堆放杂物", "外墙脱落", "充电桩不够用", "雨后积水" }
        local places = { "柳岸社区", "荷塘社区", "东湖新村", "滨江花园", "老城街道", "新华路", "解放北路", "幸福里", "南门菜场", "实验小学" }
        local details = { "晚上出行很不方便，老人孩子容易摔倒。", "反映过几次都没有人来处理。", "希望有关部门尽快派人看一看。",
          "周边居民意见很大，盼望早日解决。", "附近还有幼儿园，存在安全隐患。", "物业说不归他们管，不知道该找谁。" }
        local names = { "张先生", "李女士", "王阿姨", "赵师傅", "陈老师", "刘大爷" }
        local prefixes = { "13", "15", "17", "18", "19" }

        function init(args)
          math.randomseed(os.time() + 7919 * (id + 1))
          counter = 0
          deputies = lines({{Lua(dataFile)}})
        end

        local function part(name, value)
          return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n" .. value .. "\r\n"
        end

        function request()
          counter = counter + 1
          local serial = MARK .. "-" .. id .. "-" .. counter
          local topic = topics[math.random(#topics)]
          local place = places[math.random(#places)]
          local title = place .. topic .. "（" .. serial .. "）"
          local content = place .. topic .. "已经" .. math.random(2, 60) .. "天了，" .. details[math.random(#details)]
            .. details[math.random(#details)] .. "（" .. serial .. "，" .. math.random(100000, 999999) .. "）"
          local kind = counter % 3
          local name, phone, anonymous, contact = "", "", "false", "false"
          if kind == 0 then
            name = names[math.random(#names)]
            phone = prefixes[math.random(#prefixes)] .. string.format("%09d", math.random(0, 999999999))
            contact = "true"
          elseif kind == 1 then
            anonymous = "true"
          else
            name = names[math.random(#names)]
          end
          local body = part("__RequestVerificationToken", TOKEN) .. part("Input.Title", title) .. part("Input.Content", content)
            .. part("Input.CategoryCode", "") .. part("Input.Name", name) .. part("Input.Phone", phone)
            .. part("Input.MayContact", contact) .. part("Input.Anonymous", anonymous) .. part("website", "") .. part("Started", STARTED)
            .. "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"Photos\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n"
            .. "--" .. boundary .. "--\r\n"
          return wrk.format("POST", "/d/" .. deputies[math.random(#deputies)], nil, body)
        end

        function response(status, headers, body)
          local location = headers["Location"] or headers["location"] or ""
          if status == 302 and string.find(location, "/opinions/submitted", 1, true) then ok = ok + 1 else failed(status, location .. " " .. body) end
        end
        """;

    /// <summary>
    /// POST /api/v1/opinions/{code}/assign with a bearer token; each wrk thread takes its own share of the codes (line i
    /// goes to thread i mod threads) and uses each once. A thread that runs out sends to a code that does not exist, which
    /// answers 404 and is counted as exhausted: never a silent wrap-around.
    /// </summary>
    public static string Assign(string dataFile, int threads, string bearer, string unitCode, IReadOnlyDictionary<string, string> headers) =>
        Common + Headers(headers) + $$"""
        wrk.headers["Authorization"] = "Bearer " .. {{Lua(bearer)}}
        wrk.headers["Content-Type"] = "application/json"
        wrk.headers["Accept"] = "application/json"
        local BODY = {{Lua("{\"unitCode\":\"" + unitCode + "\"}")}}

        function init(args)
          codes, position = {}, 0
          for i, code in ipairs(lines({{Lua(dataFile)}})) do
            if (i - 1) % {{threads.ToString(CultureInfo.InvariantCulture)}} == id then codes[#codes + 1] = code end
          end
        end

        function request()
          position = position + 1
          if position > #codes then
            exhausted = exhausted + 1
            return wrk.format("POST", "/api/v1/opinions/NO-CODES-LEFT/assign", nil, BODY)
          end
          return wrk.format("POST", "/api/v1/opinions/" .. codes[position] .. "/assign", nil, BODY)
        end

        function response(status, headers, body)
          if status >= 200 and status < 300 then ok = ok + 1 else failed(status, body) end
        end
        """;

    private static string ExpectStatus(string condition) => $$"""
        function response(status, headers, body)
          if {{condition}} then ok = ok + 1 else failed(status, (headers["Location"] or "") .. " " .. body) end
        end
        """;

    private static string Headers(IReadOnlyDictionary<string, string> headers)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"wrk.headers[ {Lua(name)} ] = {Lua(value)}\n");
        }

        return text.ToString();
    }

    /// <summary>A Lua long string: nothing inside is interpreted, so no escaping (a value never holds "]=====]").</summary>
    public static string Lua(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Contains("]=====]", StringComparison.Ordinal)
            ? throw new ArgumentException("value cannot be quoted as a Lua long string", nameof(value))
            : "[=====[" + value + "]=====]";
    }
}
