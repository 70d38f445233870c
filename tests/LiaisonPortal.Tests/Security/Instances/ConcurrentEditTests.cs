using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LiaisonPortal.Tests.Security.Instances;

/// <summary>
/// Two staff members move one case at the same moment, one through each instance. The test holds the case's row while
/// both requests are in flight, so both have read the same version and both reach their save before either commits: the
/// database's check of the row version (xmin) lets exactly one win. The other is shown the page again with the Chinese
/// "changed by someone else" message and what they typed, or answered 409 by the API; the case holds the winner's change only.
/// </summary>
[Trait("Category", "Security")]
public class ConcurrentEditTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [Fact]
    public async Task TwoClassificationsOfOneCaseThroughBothInstancesAtOnceLetExactlyOneWin()
    {
        await using var portals = await TwoPortals.StartAsync(database.ConnectionString);
        var code = await InstanceCases.ReceiveAsync(database, "两人同时分类");
        var page = $"/Manage/Opinions/Details/{code}";
        using var first = new ProxiedBrowser(portals);
        using var second = new ProxiedBrowser(portals);
        await first.SignInAsync('A', "office@liaison.demo");
        await second.SignInAsync('B', "admin@liaison.demo");
        var formA = (IHtmlFormElement)(await first.GetDocumentAsync('A', page)).QuerySelector("#classify-form")!;
        var formB = (IHtmlFormElement)(await second.GetDocumentAsync('B', page)).QuerySelector("#classify-form")!;

        var (onA, onB) = await BothAtOnceAsync(code,
            () => first.PostFormAsync('A', formA, new Dictionary<string, string> { ["Classify.CategoryCode"] = "CJ", ["Classify.Grade"] = "Normal" }, page),
            () => second.PostFormAsync('B', formB, new Dictionary<string, string> { ["Classify.CategoryCode"] = "HB", ["Classify.Grade"] = "Urgent" }, page));
        using (onA)
        using (onB)
        {
            Assert.Equal(1, new[] { onA, onB }.Count(r => r.StatusCode == HttpStatusCode.Redirect));
            var (winner, loser, lost) = onA.StatusCode == HttpStatusCode.Redirect ? (("CJ", Grade.Normal), onB, ("HB", "Urgent")) : (("HB", Grade.Urgent), onA, ("CJ", "Normal"));

            // The loser sees the page again: the message, the case as it is now, and the choice they made still in the form.
            Assert.Equal(HttpStatusCode.OK, loser.StatusCode);
            var again = await HtmlForms.ParseAsync(loser);
            Assert.Contains(OpinionCases.ChangedMessage, again.QuerySelector("[data-testid=case-message]")!.TextContent, StringComparison.Ordinal);
            Assert.Contains("已分类", again.QuerySelector("[data-testid=case-state]")!.TextContent, StringComparison.Ordinal);
            Assert.Equal(lost, (((IHtmlSelectElement)again.QuerySelector("#Classify_CategoryCode")!).Value, ((IHtmlSelectElement)again.QuerySelector("#Classify_Grade")!).Value));

            var opinion = await database.QueryAsync(db => db.Opinions.Include(o => o.Category).Include(o => o.Events).AsNoTracking().SingleAsync(o => o.TrackingCode == code));
            Assert.Equal(winner, (opinion.Category!.Code, opinion.Grade!.Value));
            Assert.Single(opinion.Events, e => e.Action == nameof(OpinionAction.Classify));
        }
    }

    [Fact]
    public async Task TwoAssignmentsOfOneCaseThroughBothInstancesAtOnceLetExactlyOneWinAndTheLosersNoteIsKept()
    {
        await using var portals = await TwoPortals.StartAsync(database.ConnectionString);
        var code = await InstanceCases.ReceiveAsync(database, "两人同时交办");
        Assert.True((await InstanceCases.MoveAsync(database, c => c.ClassifyAsync(InstanceCases.Office, code, "CJ", Grade.Normal, null))).Succeeded);
        var page = $"/Manage/Opinions/Details/{code}";
        using var first = new ProxiedBrowser(portals);
        using var second = new ProxiedBrowser(portals);
        await first.SignInAsync('A', "office@liaison.demo");
        await second.SignInAsync('B', "office@liaison.demo");
        var formA = (IHtmlFormElement)(await first.GetDocumentAsync('A', page)).QuerySelector("#assign-form")!;
        var formB = (IHtmlFormElement)(await second.GetDocumentAsync('B', page)).QuerySelector("#assign-form")!;

        var (onA, onB) = await BothAtOnceAsync(code,
            () => first.PostFormAsync('A', formA, new Dictionary<string, string> { ["Assign.LeadUnitCode"] = "U990102-01", ["Assign.Note"] = "甲：请住建局牵头办理" }, page),
            () => second.PostFormAsync('B', formB, new Dictionary<string, string> { ["Assign.LeadUnitCode"] = "U990102-02", ["Assign.Note"] = "乙：请环保局牵头办理" }, page));
        using (onA)
        using (onB)
        {
            Assert.Equal(1, new[] { onA, onB }.Count(r => r.StatusCode == HttpStatusCode.Redirect));
            var (winnerUnit, loser, lostNote) = onA.StatusCode == HttpStatusCode.Redirect
                ? ("U990102-01", onB, "乙：请环保局牵头办理")
                : ("U990102-02", onA, "甲：请住建局牵头办理");
            Assert.Equal(HttpStatusCode.OK, loser.StatusCode);
            var again = await HtmlForms.ParseAsync(loser);
            Assert.Contains(OpinionCases.ChangedMessage, again.QuerySelector("[data-testid=case-message]")!.TextContent, StringComparison.Ordinal);
            Assert.Contains(lostNote, again.QuerySelector("[data-testid=unsaved-input]")!.TextContent, StringComparison.Ordinal);

            var units = await database.QueryAsync(db => db.OpinionAssignments
                .Where(a => db.Opinions.Any(o => o.Id == a.OpinionId && o.TrackingCode == code))
                .Select(a => db.HandlingUnits.Where(u => u.Id == a.HandlingUnitId).Select(u => u.Code).Single()).ToListAsync());
            Assert.Equal([winnerUnit], units);
        }
    }

    [Fact]
    public async Task TwoApiClassificationsWithTheSameIfMatchThroughBothInstancesLetExactlyOneWin()
    {
        await using var portals = await TwoPortals.StartAsync(database.ConnectionString);
        var code = await InstanceCases.ReceiveAsync(database, "接口同时分类");
        var (officeToken, _) = await ApiCalls.LoginAsync(portals.A, "office@liaison.demo");
        var (adminToken, _) = await ApiCalls.LoginAsync(portals.B, "admin@liaison.demo");
        using var shown = await ApiCalls.SendAsync(portals.A, HttpMethod.Get, $"/api/v1/opinions/{code}", officeToken);
        var etag = shown.Headers.ETag!.ToString();

        var (onA, onB) = await BothAtOnceAsync(code,
            () => ApiCalls.SendAsync(portals.A, HttpMethod.Post, $"/api/v1/opinions/{code}/classify", officeToken, new { categoryCode = "CJ", grade = "normal" }, etag),
            () => ApiCalls.SendAsync(portals.B, HttpMethod.Post, $"/api/v1/opinions/{code}/classify", adminToken, new { categoryCode = "HB", grade = "urgent" }, etag));
        using (onA)
        using (onB)
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], new[] { onA.StatusCode, onB.StatusCode }.Order());
            var loser = onA.StatusCode == HttpStatusCode.Conflict ? onA : onB;
            using var problem = JsonDocument.Parse(await loser.Content.ReadAsStringAsync());
            Assert.Equal(OpinionCases.ChangedMessage, problem.RootElement.GetProperty("detail").GetString());

            var winner = onA.StatusCode == HttpStatusCode.OK ? "CJ" : "HB";
            Assert.Equal(winner, await database.QueryAsync(db => db.Opinions.Where(o => o.TrackingCode == code).Select(o => o.Category!.Code).SingleAsync()));
        }
    }

    /// <summary>
    /// Sends both while the test holds the case's row (FOR UPDATE, which leaves xmin as it is), waits until both
    /// instances' saves are queued behind it, then lets them go.
    /// </summary>
    private async Task<(HttpResponseMessage OnA, HttpResponseMessage OnB)> BothAtOnceAsync(
        string code, Func<Task<HttpResponseMessage>> onA, Func<Task<HttpResponseMessage>> onB)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("SELECT 1 FROM \"Opinions\" WHERE \"TrackingCode\" = @code FOR UPDATE", connection, transaction))
        {
            hold.Parameters.AddWithValue("code", code);
            Assert.Equal(1, await hold.ExecuteScalarAsync());
        }

        var a = onA();
        var b = onB();
        try
        {
            await TwoPortals.WaitUntilAsync(async () => await TwoPortals.LockWaitersAsync(database.ConnectionString) >= 2 || a.IsCompleted || b.IsCompleted,
                TimeSpan.FromSeconds(30), "both saves waiting for the case's row");
        }
        finally
        {
            await transaction.CommitAsync();
        }

        return (await a, await b);
    }
}
