using System.Globalization;
using System.Net;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Partners;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Open311;

/// <summary>
/// The Open311 GeoReport v2 interface over real HTTP on the demo data, driven by <see cref="GeoReportClient"/>, which
/// knows only the spec. Test setup (keys, staff moves) uses the app's services, as an administrator and staff would.
/// </summary>
public class Open311Tests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Description = "小区门口的路灯坏了一个多月，晚上出行很不方便。请尽快修复。";
    private static readonly CaseActor Office = new(StaffScope.Everything, WorkflowActor.Office, null, "东湖区代表工委");
    private static int partnerNumber;

    [Theory]
    [InlineData("json")]
    [InlineData("xml")]
    public async Task ASpecOnlyClientListsServicesPostsARequestAndFollowsItToClosedWithTheAnswer(string format)
    {
        var (_, key) = await PartnerAsync(PartnerOperations.All);
        var client = await ClientAsync(format);

        var services = await client.ServicesAsync();
        Assert.Equal(HttpStatusCode.OK, services.Status);
        Assert.Equal(format == "xml" ? "text/xml" : "application/json", services.MediaType);
        Assert.Equal("utf-8", services.CharSet);
        var service = services.Items().First(s => s["metadata"] == "true");
        Assert.Equal("realtime", service["type"]);
        Assert.False(string.IsNullOrEmpty(service["service_name"]));
        Assert.False(string.IsNullOrEmpty(service["group"]));

        var definition = (await client.ServiceDefinitionAsync(service["service_code"]!)).Definition();
        Assert.Equal(service["service_code"], definition.ServiceCode);
        var station = definition.Attributes.Single(a => a.Fields["code"] == "station_code");
        Assert.Equal("singlevaluelist", station.Fields["datatype"]);
        Assert.Equal("false", station.Fields["required"]);
        Assert.Equal("1", station.Fields["order"]);
        Assert.NotEmpty(station.Values);
        Assert.Contains(definition.Attributes, a => a.Fields["code"] == "deputy_code" && a.Fields["datatype"] == "string" && a.Fields["order"] == "2");
        var stationKey = station.Values.First(v => v.Key == "990102001-01").Key;

        var posted = await client.PostRequestAsync(key,
        [
            new("service_code", service["service_code"]!),
            new("description", Description),
            new("attribute[station_code]", stationKey),
            new("first_name", "三"),
            new("last_name", "张"),
            new("phone", "13800001234"),
            new("email", "zhangsan@example.com"),
        ]);
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        var receipt = Assert.Single(posted.Items());
        var id = receipt["service_request_id"]!;
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Contains("查询码", receipt["service_notice"]);

        var open = Assert.Single((await client.RequestAsync(key, id)).Items());
        Assert.Equal(id, open["service_request_id"]);
        Assert.Equal("open", open["status"]);
        Assert.Equal(service["service_code"], open["service_code"]);
        Assert.Equal(service["service_name"], open["service_name"]);
        Assert.Equal(Description, open["description"]);
        var requested = DateTimeOffset.ParseExact(open["requested_datetime"]!, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        Assert.True(DateTimeOffset.UtcNow - requested < TimeSpan.FromMinutes(5));

        // The office and the unit handle it through the staff services.
        var unit = await UnitAsync("U990102-01");
        await MoveAsync(c => c.ClassifyAsync(Office, id, service["service_code"], Grade.Normal, null));
        await MoveAsync(c => c.AssignAsync(Office, id, new AssignInput("U990102-01", null), null));
        await MoveAsync(c => c.AnswerAsync(unit.Actor, id, new AnswerInput("已更换路灯灯具。", AnswerResult.Solved, Final: true), null));
        const string answer = "小区门口的路灯已于本周修复，感谢您的反映。";
        await MoveAsync(c => c.FeedBackAsync(Office, id, answer, null));

        var closed = Assert.Single((await client.RequestAsync(key, id)).Items());
        Assert.Equal("closed", closed["status"]);
        Assert.Equal(answer, closed["status_notes"]);
        Assert.Equal(unit.Name, closed["agency_responsible"]);
        var expected = DateTimeOffset.ParseExact(closed["expected_datetime"]!, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromHours(8), expected.Offset);
        Assert.True(expected > requested);
        Assert.True(DateTimeOffset.ParseExact(closed["updated_datetime"]!, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) >= requested);

        var listed = await client.RequestsAsync(key, new Dictionary<string, string> { ["status"] = "closed" });
        Assert.Contains(listed.Items(), r => r["service_request_id"] == id && r["status"] == "closed");
        var stillOpen = await client.RequestsAsync(key, new Dictionary<string, string> { ["status"] = "open" });
        Assert.DoesNotContain(stillOpen.Items(), r => r["service_request_id"] == id);
    }

    [Fact]
    public async Task ARefusedRequestIsClosedWithTheRefusalAndAMergedOneFollowsTheCaseItJoined()
    {
        var (_, key) = await PartnerAsync(PartnerOperations.All);
        var client = await ClientAsync("xml");
        var refused = await PostAsync(client, key);
        var merged = await PostAsync(client, key);
        var survivor = await PostAsync(client, key);
        await MoveAsync(c => c.RefuseAsync(Office, refused, "该事项属于法院审理范围，请通过诉讼途径解决。", null));
        await MoveAsync(c => c.MergeAsync(Office, merged, survivor, null));

        var before = (await client.RequestsAsync(key, new Dictionary<string, string> { ["service_request_id"] = $"{refused},{merged}" })).Items();
        Assert.Equal(2, before.Count);
        var refusedItem = before.Single(r => r["service_request_id"] == refused);
        Assert.Equal("closed", refusedItem["status"]);
        Assert.Equal("该事项属于法院审理范围，请通过诉讼途径解决。", refusedItem["status_notes"]);
        Assert.Null(refusedItem["agency_responsible"]);
        Assert.Equal("open", before.Single(r => r["service_request_id"] == merged)["status"]);

        var unit = await UnitAsync("U990102-01");
        await MoveAsync(c => c.ClassifyAsync(Office, survivor, "CJ", Grade.Normal, null));
        await MoveAsync(c => c.AssignAsync(Office, survivor, new AssignInput("U990102-01", null), null));
        Assert.Equal(unit.Name, Assert.Single((await client.RequestAsync(key, merged)).Items())["agency_responsible"]);
        await MoveAsync(c => c.AnswerAsync(unit.Actor, survivor, new AnswerInput("已修复。", AnswerResult.Solved, Final: true), null));
        await MoveAsync(c => c.FeedBackAsync(Office, survivor, "路灯已修复。", null));

        var after = Assert.Single((await client.RequestAsync(key, merged)).Items());
        Assert.Equal("closed", after["status"]);
        Assert.Equal("路灯已修复。", after["status_notes"]);
    }

    [Fact]
    public async Task TheDiscoveryDocumentHasEveryRequiredFieldInBothFormats()
    {
        using var http = portal.Factory.CreateClient();
        foreach (var format in new[] { "json", "xml" })
        {
            var client = await GeoReportClient.DiscoverAsync(http, $"/open311/v2/discovery.{format}", format);
            Assert.Equal("http://localhost/open311/v2", client.Endpoint);
            using var response = await http.GetAsync(new Uri($"/open311/v2/discovery.{format}", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            var document = new GeoResponse(response.StatusCode, response.Content.Headers.ContentType!.MediaType!, null, body, null);
            Assert.False(string.IsNullOrEmpty(document.DiscoveryField("changeset")));
            Assert.False(string.IsNullOrEmpty(document.DiscoveryField("contact")));
            Assert.False(string.IsNullOrEmpty(document.DiscoveryField("key_service")));
            var endpoint = Assert.Single(document.Endpoints());
            Assert.Equal(["text/xml", "application/json"], endpoint.Formats);
            if (format == "xml")
            {
                Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", body, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task ASubmissionIsAPartnerOpinionAddressedToTheDeputyWithNoPersonalDataInAnswers()
    {
        var (partnerId, key) = await PartnerAsync(PartnerOperations.All);
        var client = await ClientAsync("json");
        var posted = await client.PostRequestAsync(key,
        [
            new("service_code", "JT"),
            new("description", "公交站台没有遮雨棚，下雨天等车的老人孩子都淋雨。希望加装雨棚。"),
            new("attribute[deputy_code]", "D0004"),
            new("first_name", "四"),
            new("last_name", "李"),
            new("phone", "13912345678"),
            new("email", "lisi@example.com"),
        ]);
        var id = Assert.Single(posted.Items())["service_request_id"]!;

        var opinion = await portal.QueryAsync(db => db.Opinions.Include(o => o.Deputy).Include(o => o.Category).SingleAsync(o => o.TrackingCode == id));
        Assert.Equal(OpinionChannel.Partner, opinion.Channel);
        Assert.Equal(partnerId, opinion.PartnerSystemId);
        Assert.Equal("D0004", opinion.Deputy!.Code);
        Assert.Equal("JT", opinion.Category!.Code);
        Assert.Equal("公交站台没有遮雨棚，下雨天等车的老人孩子都淋雨", opinion.Title);
        Assert.Equal("李四", opinion.CitizenName);
        Assert.True(opinion.MayContact);
        Assert.NotNull(opinion.PhoneCipher);

        foreach (var format in new[] { "json", "xml" })
        {
            var reader = await ClientAsync(format);
            foreach (var body in new[] { (await reader.RequestAsync(key, id)).Body, (await reader.RequestsAsync(key)).Body })
            {
                Assert.Contains(id, body, StringComparison.Ordinal);
                Assert.DoesNotContain("李四", body, StringComparison.Ordinal);
                Assert.DoesNotContain("13912345678", body, StringComparison.Ordinal);
                Assert.DoesNotContain("5678", body, StringComparison.Ordinal);
                Assert.DoesNotContain("lisi@example.com", body, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task WithoutAPhoneTheNoticeCarriesTheTrackingSecretAndLatLongFindTheNearestStation()
    {
        var (_, key) = await PartnerAsync(PartnerOperations.All);
        var station = await portal.QueryAsync(db => db.Stations.Where(s => s.IsActive && s.Latitude != null)
            .OrderBy(s => s.Code).Select(s => new { s.Code, s.Latitude, s.Longitude }).FirstAsync());
        var client = await ClientAsync("json");

        var posted = await client.PostRequestAsync(key,
        [
            new("service_code", "HB"),
            new("description", "河边有人晚上偷倒垃圾，气味很大，请管一管。"),
            new("lat", station.Latitude!.Value.ToString(CultureInfo.InvariantCulture)),
            new("long", station.Longitude!.Value.ToString(CultureInfo.InvariantCulture)),
        ]);

        Assert.Equal(HttpStatusCode.OK, posted.Status);
        var receipt = Assert.Single(posted.Items());
        Assert.Contains("查询密码", receipt["service_notice"]);
        var opinion = await portal.QueryAsync(db => db.Opinions.Include(o => o.Station).SingleAsync(o => o.TrackingCode == receipt["service_request_id"]));
        Assert.Equal(station.Code, opinion.Station.Code);
        Assert.True(opinion.IsAnonymous);
        Assert.NotNull(opinion.SecretHash);
    }

    [Fact]
    public async Task ARevokedKeyIsRefusedWith403()
    {
        var (partnerId, key) = await PartnerAsync(PartnerOperations.All);
        var client = await ClientAsync("json");
        Assert.Equal(HttpStatusCode.OK, (await client.RequestsAsync(key)).Status);

        var version = await portal.QueryAsync(db => db.PartnerSystems.Where(p => p.Id == partnerId).Select(p => p.Version).SingleAsync());
        Assert.True((await portal.WithScopeAsync(s => s.GetRequiredService<PartnerSystems>().RevokeAsync(partnerId, version))).Succeeded);

        foreach (var response in new[]
        {
            await client.RequestsAsync(key),
            await client.PostRequestAsync(key, [new("service_code", "CJ"), new("description", Description), new("attribute[station_code]", "990102001-01")]),
            await client.ServicesAsync(key),
        })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.Status);
            var error = Assert.Single(response.Errors());
            Assert.Equal(403, error.Code);
            Assert.Contains("吊销", error.Description);
        }
    }

    [Fact]
    public async Task AKeySeesOnlyItsOwnRequests()
    {
        var (_, keyA) = await PartnerAsync(PartnerOperations.All);
        var (_, keyB) = await PartnerAsync(PartnerOperations.All);
        var client = await ClientAsync("json");
        var idA = await PostAsync(client, keyA);
        var idB = await PostAsync(client, keyB);

        var listA = (await client.RequestsAsync(keyA)).Items().Select(r => r["service_request_id"]).ToList();
        var listB = (await client.RequestsAsync(keyB)).Items().Select(r => r["service_request_id"]).ToList();
        Assert.Equal([idA], listA);
        Assert.Equal([idB], listB);
        Assert.Empty((await client.RequestsAsync(keyB, new Dictionary<string, string> { ["service_request_id"] = idA })).Items());

        var other = await client.RequestAsync(keyB, idA);
        var unknown = await client.RequestAsync(keyB, "ZZZZZZZZZZ");
        Assert.Equal(HttpStatusCode.NotFound, other.Status);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(unknown.Body, other.Body);
        Assert.Equal(404, Assert.Single(other.Errors()).Code);
    }

    [Fact]
    public async Task MissingKeysOperationsNotAllowedAndAddressesOutsideTheAllowListAre403()
    {
        var client = await ClientAsync("json");
        Assert.Equal(HttpStatusCode.OK, (await client.ServicesAsync()).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.ServiceDefinitionAsync("CJ")).Status);

        var missing = await client.RequestsAsync(null);
        var missingPost = await client.PostRequestAsync(null, [new("service_code", "CJ"), new("description", Description)]);
        var wrong = await client.RequestsAsync("lp_" + new string('a', 40));
        Assert.All([missing, missingPost, wrong], r => Assert.Equal(403, Assert.Single(r.Errors()).Code));
        Assert.Contains("api_key", missing.Errors()[0].Description, StringComparison.Ordinal);

        var (_, readOnly) = await PartnerAsync(PartnerOperations.ReadServices);
        Assert.Equal(HttpStatusCode.OK, (await client.ServicesAsync(readOnly)).Status);
        var notAllowed = await client.PostRequestAsync(readOnly, [new("service_code", "CJ"), new("description", Description), new("attribute[station_code]", "990102001-01")]);
        Assert.Equal(HttpStatusCode.Forbidden, notAllowed.Status);
        Assert.Contains("提交意见", Assert.Single(notAllowed.Errors()).Description);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.RequestsAsync(readOnly)).Status);

        var (_, fenced) = await PartnerAsync(PartnerOperations.All, allowList: "203.0.113.0/24");
        var outside = await client.RequestsAsync(fenced);
        Assert.Equal(HttpStatusCode.Forbidden, outside.Status);
        Assert.Contains("白名单", Assert.Single(outside.Errors()).Description);
    }

    [Fact]
    public async Task APartnerOverItsRateLimitGets429WithRetryAfter()
    {
        var (_, key) = await PartnerAsync(PartnerOperations.All, rate: 3);
        var client = await ClientAsync("json");

        var responses = new List<GeoResponse>();
        for (var i = 0; i < 4; i++)
        {
            responses.Add(await client.RequestsAsync(key));
        }

        Assert.All(responses.Take(3), r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var limited = responses[3];
        Assert.Equal((HttpStatusCode)429, limited.Status);
        Assert.Equal(429, Assert.Single(limited.Errors()).Code);
        Assert.NotNull(limited.RetryAfterSeconds);
        Assert.InRange(limited.RetryAfterSeconds!.Value, 1, 60);

        // Another partner's budget is its own.
        var (_, other) = await PartnerAsync(PartnerOperations.All, rate: 3);
        Assert.Equal(HttpStatusCode.OK, (await client.RequestsAsync(other)).Status);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("xml")]
    public async Task BadInputIsAnsweredWithTheSpecsErrorList(string format)
    {
        var (_, key) = await PartnerAsync(PartnerOperations.All);
        var client = await ClientAsync(format);

        var unknownService = await client.PostRequestAsync(key, [new("service_code", "NOPE"), new("description", Description), new("attribute[station_code]", "990102001-01")]);
        var noService = await client.PostRequestAsync(key, [new("description", Description), new("attribute[station_code]", "990102001-01")]);
        var shortText = await client.PostRequestAsync(key, [new("service_code", "CJ"), new("description", "路灯坏了"), new("attribute[station_code]", "990102001-01")]);
        var nowhere = await client.PostRequestAsync(key, [new("service_code", "CJ"), new("description", Description)]);
        var badStation = await client.PostRequestAsync(key, [new("service_code", "CJ"), new("description", Description), new("attribute[station_code]", "NOPE")]);
        var badPhone = await client.PostRequestAsync(key, [new("service_code", "CJ"), new("description", Description), new("attribute[station_code]", "990102001-01"), new("phone", "12345")]);
        var badDate = await client.RequestsAsync(key, new Dictionary<string, string> { ["start_date"] = "yesterday" });
        var badStatus = await client.RequestsAsync(key, new Dictionary<string, string> { ["status"] = "pending" });
        var tooLong = await client.RequestsAsync(key, new Dictionary<string, string> { ["start_date"] = "2026-01-01T00:00:00+08:00", ["end_date"] = "2026-06-01T00:00:00+08:00" });
        var noDefinition = await client.ServiceDefinitionAsync("NOPE");

        Assert.Equal(HttpStatusCode.NotFound, unknownService.Status);
        Assert.Equal(HttpStatusCode.NotFound, noDefinition.Status);
        Assert.All([noService, shortText, nowhere, badStation, badPhone, badDate, badStatus, tooLong], r => Assert.Equal(HttpStatusCode.BadRequest, r.Status));
        Assert.All([unknownService, noService, shortText, nowhere, badStation, badPhone, badDate, badStatus, tooLong, noDefinition], r =>
        {
            Assert.Equal(format == "xml", r.IsXml);
            var error = Assert.Single(r.Errors());
            Assert.Equal((int)r.Status, error.Code);
            Assert.False(string.IsNullOrWhiteSpace(error.Description));
        });
        Assert.StartsWith("description", shortText.Errors()[0].Description, StringComparison.Ordinal);
        Assert.Contains("station_code", nowhere.Errors()[0].Description, StringComparison.Ordinal);
        Assert.StartsWith("phone", badPhone.Errors()[0].Description, StringComparison.Ordinal);
        Assert.Contains("90", tooLong.Errors()[0].Description, StringComparison.Ordinal);
        if (format == "xml")
        {
            Assert.Matches("^<\\?xml version=\"1.0\" encoding=\"utf-8\"\\?><errors><error><code>404</code><description>[^<]+</description></error></errors>$", unknownService.Body);
        }
    }

    [Fact]
    public async Task EveryCallWritesOneLogRowWithThePartnerAndNoQueryOrKey()
    {
        var (partnerId, key) = await PartnerAsync(PartnerOperations.All);
        var client = await ClientAsync("json");
        var id = await PostAsync(client, key);
        await client.RequestsAsync(key, new Dictionary<string, string> { ["status"] = "open" });
        await client.RequestAsync(key, id);
        await client.RequestAsync(key, "ZZZZZZZZZZ");
        await client.ServicesAsync(key);

        var calls = await CallsAsync(partnerId, 5);
        Assert.Equal(5, calls.Count);
        Assert.Equal(["submit", "requests", "request", "request", "services"], calls.Select(c => c.Operation));
        Assert.Equal(["POST", "GET", "GET", "GET", "GET"], calls.Select(c => c.Method));
        Assert.Equal([200, 200, 200, 404, 200], calls.Select(c => c.Status));
        Assert.Equal(id, calls[0].ServiceRequestId);
        Assert.Equal("/open311/v2/requests.json", calls[1].Path);
        Assert.Equal($"/open311/v2/requests/{id}.json", calls[2].Path);
        Assert.NotNull(calls[3].Error);
        Assert.All(calls, c =>
        {
            Assert.DoesNotContain("?", c.Path, StringComparison.Ordinal);
            Assert.DoesNotContain(key, c.Path + c.Error, StringComparison.Ordinal);
            Assert.True(c.DurationMs >= 0);
        });
    }

    [Fact]
    public async Task TheStaffCasePageNamesThePartnerSystem()
    {
        var (_, key) = await PartnerAsync(PartnerOperations.All);
        var partnerName = await portal.QueryAsync(db => db.PartnerSystems.OrderByDescending(p => p.Id).Select(p => p.Name).FirstAsync());
        var id = await PostAsync(await ClientAsync("json"), key);

        using var office = portal.Factory.CreateBrowserLikeClient();
        using (var signIn = await office.SignInAsync("office@liaison.demo"))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        var page = await office.GetDocumentAsync($"/Manage/Opinions/Details/{id}");
        Assert.Contains(partnerName, page.QuerySelector("[data-testid=case-partner]")!.TextContent, StringComparison.Ordinal);
    }

    private async Task<GeoReportClient> ClientAsync(string format) =>
        await GeoReportClient.DiscoverAsync(portal.Factory.CreateClient(), $"/open311/v2/discovery.{format}", format);

    private async Task<(int Id, string Key)> PartnerAsync(PartnerOperations operations, string? allowList = null, int rate = 600)
    {
        var name = $"测试对接平台{Interlocked.Increment(ref partnerNumber)}-{Guid.NewGuid():N}"[..30];
        var (result, credentials) = await portal.WithScopeAsync(s => s.GetRequiredService<PartnerSystems>()
            .CreateAsync(new PartnerInput(name, null, operations, allowList, rate, null)));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        return (credentials!.PartnerId, credentials.ApiKey);
    }

    private static async Task<string> PostAsync(GeoReportClient client, string key)
    {
        var posted = await client.PostRequestAsync(key, [new("service_code", "CJ"), new("description", Description), new("attribute[station_code]", "990102001-01")]);
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        return Assert.Single(posted.Items())["service_request_id"]!;
    }

    private async Task<List<PartnerCall>> CallsAsync(int partnerId, int expected)
    {
        // The log is written after the response has gone out.
        for (var attempt = 0; ; attempt++)
        {
            var calls = await portal.QueryAsync(db => db.PartnerCalls.Where(c => c.PartnerSystemId == partnerId).OrderBy(c => c.At).ThenBy(c => c.Id).ToListAsync());
            if (calls.Count >= expected || attempt == 50)
            {
                return calls;
            }

            await Task.Delay(100);
        }
    }

    private async Task MoveAsync(Func<OpinionCases, Task<Core.Management.EditResult>> move)
    {
        var result = await portal.WithScopeAsync(services => move(services.GetRequiredService<OpinionCases>()));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
    }

    private async Task<(CaseActor Actor, string Name)> UnitAsync(string code)
    {
        var unit = await portal.QueryAsync(db => db.HandlingUnits.Where(u => u.Code == code).Select(u => new { u.Id, u.Name }).SingleAsync());
        return (new CaseActor(StaffScope.ForUnit(unit.Id), WorkflowActor.Unit, null, unit.Name), unit.Name);
    }
}
