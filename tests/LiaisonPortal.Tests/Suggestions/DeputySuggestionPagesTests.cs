using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Citizens;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Suggestions;

/// <summary>The deputy's side of the suggestions over real HTTP: writing, editing, filing, who sees what, evaluating, withdrawing, deleting.</summary>
public partial class DeputySuggestionPagesTests(CitizenPortalFixture portal) : IClassFixture<CitizenPortalFixture>
{
    private const string Password = "Demo-Liaison-2026";
    private static readonly CaseActor Office = new(StaffScope.Everything, WorkflowActor.Office, null, "东湖区代表工委");
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();
    private static readonly SemaphoreSlim Accounts = new(1, 1);

    [Fact]
    public async Task ADeputyFilesADraftWithAnAttachmentAndSourcesEditsItAndSubmitsItForANumber()
    {
        var first = await OpinionAsync("柳岸社区电梯加装难", "13800220001");
        var second = await OpinionAsync("老楼上下楼不方便", "13800220002");
        using var deputy = await SignedInAsync("deputy@liaison.demo");
        var newPage = $"/Deputy/Suggestions/Edit?from={first}&from={second}";

        var form = await deputy.GetDocumentAsync(newPage);
        Assert.True(((IHtmlInputElement)form.QuerySelector($"#source-{first}")!).IsChecked);
        Assert.True(((IHtmlInputElement)form.QuerySelector($"#source-{second}")!).IsChecked);
        Assert.NotNull(form.QuerySelector("#cosigner-D0005"));

        using var saved = await deputy.SubmitMultipartAsync(newPage, "#suggestion-form", new Dictionary<string, string>
        {
            ["Input.Title"] = "关于老旧小区加装电梯的建议（草稿）",
            ["Input.Content"] = "先记下要点。",
            ["Input.CategoryCode"] = "CJ",
            ["Input.CosignerCodes"] = "D0005",
            ["Intent"] = "save",
        }, [new FormFile("Files", "现场照片说明.pdf", "application/pdf", Pdf)]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var editUrl = saved.Headers.Location!.OriginalString;
        var id = int.Parse(EditId().Match(editUrl).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        var draft = await portal.QueryAsync(db => db.Suggestions.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.Equal((SuggestionState.Draft, (string?)null), (draft.State, draft.Number));
        Assert.Equal(2, await portal.QueryAsync(db => db.SuggestionSources.CountAsync(s => s.SuggestionId == id)));
        Assert.Equal(["D0005"], await portal.QueryAsync(db => db.SuggestionCosigners.Where(c => c.SuggestionId == id).Select(c => c.Deputy.Code).ToListAsync()));
        var fileId = await portal.QueryAsync(db => db.SuggestionAttachments.Where(a => a.SuggestionId == id).Select(a => a.Id).SingleAsync());

        var editing = await deputy.GetDocumentAsync(editUrl);
        Assert.Contains("草稿已保存", editing.QuerySelector(".alert-success")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("关于老旧小区加装电梯的建议（草稿）", ((IHtmlInputElement)editing.QuerySelector("#Input_Title")!).Value);
        Assert.True(((IHtmlInputElement)editing.QuerySelector("#cosigner-D0005")!).IsChecked);
        Assert.True(((IHtmlInputElement)editing.QuerySelector($"#source-{first}")!).IsChecked);
        Assert.Contains("现场照片说明.pdf", editing.QuerySelector("[data-testid=existing-files]")!.TextContent, StringComparison.Ordinal);

        using var filed = await deputy.SubmitMultipartAsync(editUrl, "#suggestion-form", new Dictionary<string, string>
        {
            ["Input.Title"] = "关于加快老旧小区加装电梯的建议",
            ["Input.Content"] = "柳岸社区多为上世纪九十年代的多层住宅，老年居民上下楼困难。建议简化加装电梯审批流程，加大财政补贴，并由街道统一协调低层住户意见。",
            ["Intent"] = "submit",
        });
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        Assert.Equal($"/Deputy/Suggestions/Details/{id}", filed.Headers.Location!.OriginalString);

        var details = await deputy.GetDocumentAsync($"/Deputy/Suggestions/Details/{id}");
        var number = details.QuerySelector("[data-testid=suggestion-number]")!.TextContent.Trim();
        Assert.Matches(@"^\d{4}-.+-第\d{4}号$", number);
        Assert.Contains(number, details.QuerySelector(".alert-success")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("待审核", details.QuerySelector("[data-testid=suggestion-state]")!.TextContent.Trim());
        Assert.Contains("孙丽", details.QuerySelector("[data-testid=cosigners]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(TrackingCodes.Display(first), details.QuerySelector("[data-testid=sources]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(details.QuerySelector("#withdraw-form"));
        Assert.Null(details.QuerySelector("#delete-form"));
        Assert.Equal("关于加快老旧小区加装电梯的建议", await portal.QueryAsync(db => db.Suggestions.Where(s => s.Id == id).Select(s => s.Title).SingleAsync()));

        using var download = await deputy.GetAsync($"/Suggestions/Files/{id}/{fileId}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("现场照片说明.pdf", download.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        var list = await deputy.GetDocumentAsync("/Deputy/Suggestions");
        var row = list.QuerySelector($"tr[data-id='{id}']")!;
        Assert.Contains(number, row.TextContent, StringComparison.Ordinal);
        Assert.NotNull(row.QuerySelector("[data-mark=lead]"));
        var filtered = await deputy.GetDocumentAsync("/Deputy/Suggestions?state=Draft");
        Assert.Null(filtered.QuerySelector($"tr[data-id='{id}']"));

        var opinionPage = await deputy.GetDocumentAsync($"/Deputy/Opinions/Details/{first}");
        Assert.Contains($"已写入代表建议 {number}", Squash(opinionPage.QuerySelector("[data-testid=case-suggestions]")!.TextContent), StringComparison.Ordinal);
        using var office = await SignedInAsync("office@liaison.demo");
        var officePage = await office.GetDocumentAsync($"/Manage/Opinions/Details/{second}");
        Assert.Contains($"已转为代表建议 {number} 待审核", Squash(officePage.QuerySelector("[data-testid=case-suggestions]")!.TextContent), StringComparison.Ordinal);
        Assert.Null(officePage.QuerySelector("[data-testid=to-suggestion]"));
        using var officeDownload = await office.GetAsync($"/Suggestions/Files/{id}/{fileId}");
        Assert.Equal(HttpStatusCode.OK, officeDownload.StatusCode);
    }

    [Fact]
    public async Task AFormWithMistakesComesBackWithEverythingTypedAndChosenKept()
    {
        var source = await OpinionAsync("路灯不亮", "13800220011");
        using var deputy = await SignedInAsync("deputy@liaison.demo");
        var before = await MineAsync();
        var page = $"/Deputy/Suggestions/Edit?from={source}";

        using var refused = await deputy.SubmitMultipartAsync(page, "#suggestion-form", new Dictionary<string, string>
        {
            ["Input.Title"] = "关于修复路灯的建议",
            ["Input.Content"] = "太短了",
            ["Input.CategoryCode"] = "CJ",
            ["Input.CosignerCodes"] = "D0005",
            ["Input.CosignerText"] = "D9999",
            ["Intent"] = "submit",
        }, [new FormFile("Files", "说明.pdf", "application/pdf", Pdf)]);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var again = await HtmlForms.ParseAsync(refused);
        Assert.Contains("20", again.QuerySelector("[data-valmsg-for='Input.Content']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("D9999", again.QuerySelector("[data-valmsg-for='Input.CosignerCodes']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("关于修复路灯的建议", ((IHtmlInputElement)again.QuerySelector("#Input_Title")!).Value);
        Assert.Equal("太短了", again.QuerySelector("#Input_Content")!.TextContent);
        Assert.Equal("D9999", ((IHtmlInputElement)again.QuerySelector("#Input_CosignerText")!).Value);
        Assert.True(((IHtmlInputElement)again.QuerySelector("#cosigner-D0005")!).IsChecked);
        Assert.True(((IHtmlInputElement)again.QuerySelector($"#source-{source}")!).IsChecked);
        Assert.Equal("CJ", ((IHtmlSelectElement)again.QuerySelector("#Input_CategoryCode")!).Value);
        Assert.NotNull(again.QuerySelector("[data-testid=files-dropped]"));
        Assert.Equal(before, await MineAsync());

        using var notAFile = await deputy.SubmitMultipartAsync(page, "#suggestion-form", new Dictionary<string, string>
        {
            ["Input.Title"] = "关于修复路灯的建议",
            ["Intent"] = "save",
        }, [new FormFile("Files", "run.exe", "application/octet-stream", [0x4D, 0x5A, 0x90, 0x00])]);
        var fileRefused = await HtmlForms.ParseAsync(notAFile);
        Assert.Contains("run.exe", fileRefused.QuerySelector("[data-valmsg-for='Files']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await MineAsync());
    }

    [Fact]
    public async Task RemovingAnAttachmentKeepsWhatWasTypedAndTheOtherFiles()
    {
        var lead = await DeputyActorAsync("D0004");
        var id = await SaveAsync(lead, new SuggestionInput("关于改善公交站台的建议", null, null), submit: false,
            [new SuggestionUpload("站台照片一.pdf", Pdf), new SuggestionUpload("站台照片二.pdf", Pdf)]);
        using var deputy = await SignedInAsync("deputy@liaison.demo");
        var page = $"/Deputy/Suggestions/Edit/{id}";
        var shown = await deputy.GetDocumentAsync(page);
        var remove = shown.QuerySelectorAll("[data-testid=remove-file]").Cast<IHtmlButtonElement>().First();
        var fields = HtmlForms.FieldsOf((IHtmlFormElement)shown.QuerySelector("#suggestion-form")!).Where(f => f.Key != "Input.Title").ToList();
        fields.Add(new("Input.Title", "关于改善公交站台遮阳设施的建议"));
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        using var removed = await deputy.PostAsync(remove.GetAttribute("formaction"), content);

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var again = await HtmlForms.ParseAsync(removed);
        Assert.Equal("关于改善公交站台遮阳设施的建议", ((IHtmlInputElement)again.QuerySelector("#Input_Title")!).Value);
        Assert.Contains("附件已删除", again.QuerySelector(".alert-success")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["站台照片二.pdf"], await portal.QueryAsync(db => db.SuggestionAttachments.Where(a => a.SuggestionId == id).Select(a => a.FileName).ToListAsync()));
        Assert.Equal("关于改善公交站台的建议", await portal.QueryAsync(db => db.Suggestions.Where(s => s.Id == id).Select(s => s.Title).SingleAsync()));
    }

    [Fact]
    public async Task AnotherDeputyNeverSeesADraftAndACosignerSeesItOnlyOnceFiled()
    {
        var lead = await DeputyActorAsync("D0004");
        var id = await SaveAsync(lead, new SuggestionInput("关于社区养老服务的建议", "社区养老服务站点少、服务内容单一，建议增加站点并引入专业机构运营。", "CJ", ["D0005"]), submit: false,
            [new SuggestionUpload("调研报告.pdf", Pdf)]);
        var fileId = await portal.QueryAsync(db => db.SuggestionAttachments.Where(a => a.SuggestionId == id).Select(a => a.Id).SingleAsync());
        using var cosigner = await DeputyClientAsync("d0005@deputy.test", "D0005");
        using var stranger = await DeputyClientAsync("d0002@deputy.test", "D0002");
        using var unit = await SignedInAsync("unit@liaison.demo");

        foreach (var client in new[] { cosigner, stranger })
        {
            await AssertHiddenAsync(client, id, fileId);
        }

        using var unitFile = await unit.GetAsync($"/Suggestions/Files/{id}/{fileId}");
        Assert.Equal(HttpStatusCode.NotFound, unitFile.StatusCode);

        await MoveAsync(c => c.SaveAsync(lead, id, new SuggestionInput("关于社区养老服务的建议", "社区养老服务站点少、服务内容单一，建议增加站点并引入专业机构运营。", "CJ", ["D0005"]), [], submit: true, null));

        await AssertHiddenAsync(stranger, id, fileId);
        var list = await cosigner.GetDocumentAsync("/Deputy/Suggestions");
        var row = list.QuerySelector($"tr[data-id='{id}']")!;
        Assert.NotNull(row.QuerySelector("[data-mark=cosign]"));
        Assert.Contains("王建华领衔", row.TextContent, StringComparison.Ordinal);
        var details = await cosigner.GetDocumentAsync($"/Deputy/Suggestions/Details/{id}");
        Assert.Null(details.QuerySelector("#withdraw-form"));
        Assert.Null(details.QuerySelector("[data-testid=edit]"));
        using var edit = await cosigner.GetAsync($"/Deputy/Suggestions/Edit/{id}");
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        using var file = await cosigner.GetAsync($"/Suggestions/Files/{id}/{fileId}");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
    }

    [Fact]
    public async Task TheLeadDeputyRatesUnsatisfiedThenSatisfiedAndACosignerCannotRate()
    {
        var lead = await DeputyActorAsync("D0004");
        var unitActor = await UnitActorAsync("U990102-01");
        var id = await SaveAsync(lead, new SuggestionInput("关于增设社区停车位的建议", "老旧小区停车难，车辆乱停占用消防通道，建议挖潜增设停车位并规范管理。", "CJ", ["D0005"]), submit: true);
        await MoveAsync(c => c.AcceptAsync(Office, id, null, null));
        await MoveAsync(c => c.AssignAsync(Office, id, new AssignInput("U990102-01", null), null));
        var today = await portal.WithScopeAsync(s => Task.FromResult(ChinaTime.Today(s.GetRequiredService<TimeProvider>())));
        await MoveAsync(c => c.ContactAsync(unitActor, id, new ContactInput(ContactStage.Before, ContactMode.Visit, today, "到社区当面听取代表意见。")));
        await MoveAsync(c => c.ReplyAsync(unitActor, id, new ReplyInput("已列入明年停车设施建设计划。", AnswerResult.BeingSolved, today.AddMonths(6)), null));
        var page = $"/Deputy/Suggestions/Details/{id}";

        using var cosigner = await DeputyClientAsync("d0005@deputy.test", "D0005");
        var cosignerView = await cosigner.GetDocumentAsync(page);
        Assert.Null(cosignerView.QuerySelector("#evaluate-form"));
        Assert.NotNull(cosignerView.QuerySelector("[data-testid=cosigner-note]"));
        var token = HtmlForms.FieldsOf((IHtmlFormElement)cosignerView.QuerySelector("form[action*='Logout']")!).Single(f => f.Key == "__RequestVerificationToken");
        using var forged = await cosigner.PostAsync($"{page}?handler=Evaluate", new FormUrlEncodedContent([token, new("Evaluate.Rating", "Satisfied")]));
        Assert.False(forged.IsSuccessStatusCode);
        Assert.NotEqual(page, forged.Headers.Location?.OriginalString);
        Assert.Equal(SuggestionState.Replied, await StateAsync(id));

        using var deputy = await SignedInAsync("deputy@liaison.demo");
        var shown = await deputy.GetDocumentAsync(page);
        Assert.Contains("B 类", shown.QuerySelector("[data-testid=reply-grade]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("到社区当面听取代表意见", shown.QuerySelector("[data-testid=contacts]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("第二次办理", shown.QuerySelector("[data-testid=evaluate-hint]")!.TextContent, StringComparison.Ordinal);
        var noComment = await HtmlForms.ParseAsync(await deputy.SubmitFormAsync(page, "#evaluate-form", new Dictionary<string, string> { ["Evaluate.Rating"] = "Unsatisfied" }));
        Assert.Contains("不满意", noComment.QuerySelector("[data-valmsg-for='Evaluate.Comment']")!.TextContent, StringComparison.Ordinal);
        Assert.True(((IHtmlInputElement)noComment.QuerySelector("#rating-Unsatisfied")!).IsChecked);
        using var unsatisfied = await deputy.SubmitFormAsync(page, "#evaluate-form", new Dictionary<string, string> { ["Evaluate.Rating"] = "Unsatisfied", ["Evaluate.Comment"] = "进度太慢，请明确时间表。" });
        Assert.Equal(HttpStatusCode.Redirect, unsatisfied.StatusCode);
        var rehandled = await portal.QueryAsync(db => db.Suggestions.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.Equal((SuggestionState.Assigned, 2), (rehandled.State, rehandled.Round));
        Assert.Contains("第二次办理", (await deputy.GetDocumentAsync(page)).QuerySelector(".alert-success")!.TextContent, StringComparison.Ordinal);

        await MoveAsync(c => c.ContactAsync(unitActor, id, new ContactInput(ContactStage.During, ContactMode.Phone, today, "电话沟通二次办理方案。")));
        await MoveAsync(c => c.ReplyAsync(unitActor, id, new ReplyInput("新增停车位 120 个，已全部投入使用。", AnswerResult.Solved), null));
        var second = await deputy.GetDocumentAsync(page);
        Assert.Contains("不再退回", second.QuerySelector("[data-testid=evaluate-hint]")!.TextContent, StringComparison.Ordinal);
        using var satisfied = await deputy.SubmitFormAsync(page, "#evaluate-form", new Dictionary<string, string> { ["Evaluate.Rating"] = "Satisfied" });
        Assert.Equal(HttpStatusCode.Redirect, satisfied.StatusCode);
        Assert.Equal(SuggestionState.Closed, await StateAsync(id));

        var closed = await deputy.GetDocumentAsync(page);
        Assert.Null(closed.QuerySelector("#evaluate-form"));
        Assert.Equal(2, closed.QuerySelectorAll("[data-testid=ratings] p.mb-1").Length);
        var row = (await deputy.GetDocumentAsync("/Deputy/Suggestions?state=Closed")).QuerySelector($"tr[data-id='{id}']")!;
        Assert.Contains("A 类", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("满意", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADraftIsDeletedOnlyWhenConfirmedAndAFiledOneIsWithdrawnForEditing()
    {
        var lead = await DeputyActorAsync("D0004");
        var draft = await SaveAsync(lead, new SuggestionInput("不需要的草稿", null, null), submit: false);
        using var deputy = await SignedInAsync("deputy@liaison.demo");
        var draftPage = $"/Deputy/Suggestions/Details/{draft}";

        using var unconfirmed = await deputy.SubmitFormAsync(draftPage, "#delete-form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Contains("确认", (await HtmlForms.ParseAsync(unconfirmed)).QuerySelector("[data-valmsg-for='Confirm']")!.TextContent, StringComparison.Ordinal);
        Assert.True(await portal.QueryAsync(db => db.Suggestions.AnyAsync(s => s.Id == draft)));
        using var deleted = await deputy.SubmitFormAsync(draftPage, "#delete-form", new Dictionary<string, string> { ["Confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal("/Deputy/Suggestions", deleted.Headers.Location!.OriginalString);
        Assert.False(await portal.QueryAsync(db => db.Suggestions.AnyAsync(s => s.Id == draft)));

        var filed = await SaveAsync(lead, new SuggestionInput("关于规范共享单车停放的建议", "地铁站口共享单车乱停放，影响通行，建议划定停放区并加强企业调度。", "CJ"), submit: true);
        var number = await portal.QueryAsync(db => db.Suggestions.Where(s => s.Id == filed).Select(s => s.Number).SingleAsync());
        var filedPage = $"/Deputy/Suggestions/Details/{filed}";
        using var withdrawn = await deputy.SubmitFormAsync(filedPage, "#withdraw-form", new Dictionary<string, string> { ["Confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal($"/Deputy/Suggestions/Edit/{filed}", withdrawn.Headers.Location!.OriginalString);
        var back = await portal.QueryAsync(db => db.Suggestions.AsNoTracking().SingleAsync(s => s.Id == filed));
        Assert.Equal((SuggestionState.Draft, number), (back.State, back.Number));
        var afterWithdraw = await deputy.GetDocumentAsync(filedPage);
        Assert.Null(afterWithdraw.QuerySelector("#delete-form"));
        Assert.NotNull(afterWithdraw.QuerySelector("[data-testid=edit]"));

        await MoveAsync(c => c.SaveAsync(lead, filed, new SuggestionInput("关于规范共享单车停放的建议", "地铁站口共享单车乱停放，影响通行，建议划定停放区并加强企业调度。", "CJ"), [], submit: true, null));
        await MoveAsync(c => c.ReturnAsync(Office, filed, "请补充具体站点和数据。", null));
        var returned = await deputy.GetDocumentAsync($"/Deputy/Suggestions/Edit/{filed}");
        Assert.Contains("请补充具体站点和数据。", returned.QuerySelector("[data-testid=return-reason]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(number, await portal.QueryAsync(db => db.Suggestions.Where(s => s.Id == filed).Select(s => s.Number).SingleAsync()));
    }

    [Fact]
    public async Task TheCitizenTrackingPageSaysInPlainWordsThatTheOpinionWentIntoASuggestion()
    {
        var code = await OpinionAsync("菜市场周边占道经营", "13800229876");
        var lead = await DeputyActorAsync("D0004");
        var id = await SaveAsync(lead, new SuggestionInput("关于整治菜市场周边占道经营的建议", "菜市场周边占道经营严重，影响交通和环境卫生，建议增设便民摊点并加强巡查。", "CJ", SourceCodes: [code]), submit: false);
        using var citizen = portal.Factory.CreateBrowserLikeClient();
        var track = new Dictionary<string, string> { ["Code"] = code, ["Proof"] = "9876" };

        var whileDraft = await HtmlForms.ParseAsync(await citizen.SubmitFormAsync("/track", "form.public-card", track));
        Assert.Null(whileDraft.QuerySelector("[data-testid=suggestion-note]"));

        await MoveAsync(c => c.SaveAsync(lead, id, new SuggestionInput("关于整治菜市场周边占道经营的建议", "菜市场周边占道经营严重，影响交通和环境卫生，建议增设便民摊点并加强巡查。", "CJ", SourceCodes: [code]), [], submit: true, null));
        var number = await portal.QueryAsync(db => db.Suggestions.Where(s => s.Id == id).Select(s => s.Number).SingleAsync());
        var filed = await HtmlForms.ParseAsync(await citizen.SubmitFormAsync("/track", "form.public-card", track));
        var note = filed.QuerySelector("[data-testid=suggestion-note]")!.TextContent;
        Assert.Equal($"人大代表已将您反映的问题写入代表建议（编号 {number}），提交人大常委会交有关部门办理。", note.Trim());
        Assert.DoesNotContain("王建华", note, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"/Deputy/Suggestions/Edit/(\d+)$")]
    private static partial Regex EditId();

    private static string Squash(string text) => Regex.Replace(text, @"\s+", " ").Trim();

    private static async Task AssertHiddenAsync(HttpClient client, int id, int fileId)
    {
        foreach (var url in new[] { $"/Deputy/Suggestions/Details/{id}", $"/Deputy/Suggestions/Edit/{id}", $"/Suggestions/Files/{id}/{fileId}" })
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} answered {(int)response.StatusCode}");
        }

        var list = await client.GetDocumentAsync("/Deputy/Suggestions");
        Assert.Null(list.QuerySelector($"tr[data-id='{id}']"));
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>A deputy account for another demo deputy, opened once per test class.</summary>
    private async Task<HttpClient> DeputyClientAsync(string email, string deputyCode)
    {
        await Accounts.WaitAsync();
        try
        {
            if (await portal.FindUserAsync(email) is null)
            {
                await portal.CreateUserAsync(new NewStaffAccount(email, Password, Roles.Deputy, DeputyCode: deputyCode, DisplayName: deputyCode));
            }
        }
        finally
        {
            Accounts.Release();
        }

        return await SignedInAsync(email);
    }

    private Task<int> MineAsync() =>
        portal.QueryAsync(db => db.Suggestions.CountAsync(s => s.Deputy.Code == "D0004"));

    private Task<SuggestionState> StateAsync(int id) =>
        portal.QueryAsync(db => db.Suggestions.Where(s => s.Id == id).Select(s => s.State).SingleAsync());

    private async Task<int> SaveAsync(CaseActor deputy, SuggestionInput input, bool submit, IReadOnlyList<SuggestionUpload>? files = null)
    {
        var result = await portal.WithScopeAsync(s => s.GetRequiredService<SuggestionCases>().SaveAsync(deputy, null, input, files ?? [], submit, null));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        return int.Parse(result.Code!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task MoveAsync(Func<SuggestionCases, Task<EditResult>> move)
    {
        var result = await portal.WithScopeAsync(s => move(s.GetRequiredService<SuggestionCases>()));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
    }

    private async Task<CaseActor> DeputyActorAsync(string code)
    {
        var id = await portal.QueryAsync(db => db.Deputies.Where(d => d.Code == code).Select(d => d.Id).SingleAsync());
        return new CaseActor(StaffScope.ForDeputy(id), WorkflowActor.Deputy, null, code);
    }

    private async Task<CaseActor> UnitActorAsync(string unitCode)
    {
        var id = await portal.QueryAsync(db => db.HandlingUnits.Where(u => u.Code == unitCode).Select(u => u.Id).SingleAsync());
        return new CaseActor(StaffScope.ForUnit(id), WorkflowActor.Unit, null, unitCode);
    }

    /// <summary>An opinion addressed to deputy D0004 (王建华), as a citizen sends it.</summary>
    private Task<string> OpinionAsync(string title, string phone) => portal.WithScopeAsync(async services =>
    {
        var result = await services.GetRequiredService<OpinionIntake>().SubmitAsync(
            AddressKind.Deputy, "D0004", new OpinionSubmission(title, "这是一条写给代表的群众意见，用于测试代表建议的来源。", null, null, phone, true, false, []));
        Assert.True(result.Succeeded);
        return result.TrackingCode!;
    });
}
