using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Security.Instances;

/// <summary>Cases on the demo street, received and moved through the same services the pages use.</summary>
internal static class InstanceCases
{
    public const string StationCode = "990102001-01";
    public const string UnitCode = "U990102-01";
    public static readonly CaseActor Office = new(StaffScope.Everything, WorkflowActor.Office, null, "东湖区代表工委");

    private static int _phone;

    public static async Task<string> ReceiveAsync(DatabaseFixture database, string title)
    {
        ArgumentNullException.ThrowIfNull(database);
        var phone = "1360000" + Interlocked.Increment(ref _phone).ToString("0000", CultureInfo.InvariantCulture);
        return await database.WithScopeAsync(async services =>
        {
            var result = await services.GetRequiredService<OpinionIntake>().SubmitAsync(AddressKind.Station, StationCode,
                new OpinionSubmission(title, "这是一条用于测试两个实例的群众意见，内容足够长：" + title, null, null, phone, true, false, []));
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
            return result.TrackingCode!;
        });
    }

    public static Task<EditResult> MoveAsync(DatabaseFixture database, Func<OpinionCases, Task<EditResult>> move)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.WithScopeAsync(services => move(services.GetRequiredService<OpinionCases>()));
    }

    public static async Task ClassifyAndAssignAsync(DatabaseFixture database, string code)
    {
        Assert.True((await MoveAsync(database, c => c.ClassifyAsync(Office, code, "CJ", Grade.Normal, null))).Succeeded);
        var assigned = await MoveAsync(database, c => c.AssignAsync(Office, code, new AssignInput(UnitCode, null), null));
        Assert.True(assigned.Succeeded, string.Join("; ", assigned.Errors.Select(e => e.Message)));
    }

    public static async Task<CaseActor> UnitActorAsync(DatabaseFixture database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var id = await database.QueryAsync(db => db.HandlingUnits.Where(u => u.Code == UnitCode).Select(u => u.Id).SingleAsync());
        return new CaseActor(StaffScope.ForUnit(id), WorkflowActor.Unit, null, UnitCode);
    }

    /// <summary>A staff account of the district office of its own, so signing it out disturbs no other test.</summary>
    public static async Task<string> OfficeAccountAsync(DatabaseFixture database, string name, string password)
    {
        ArgumentNullException.ThrowIfNull(database);
        var email = $"{name}-{Guid.NewGuid():N}"[..24] + "@instances.test";
        await database.CreateUserAsync(new NewStaffAccount(email, password, Roles.CongressStaff, RegionCode: "990102", DisplayName: "两实例测试"));
        return email;
    }
}
