using LiaisonPortal.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Accounts;

/// <summary>
/// What is needed to open a staff account. Scope codes are the public codes of the directory. <see cref="MustChangePassword"/>
/// is set by whoever hands the password to someone else (the admin pages, the command line); the demo accounts and
/// tests' own accounts leave it off.
/// </summary>
public sealed record NewStaffAccount(
    string Email,
    string Password,
    string Role,
    string? RegionCode = null,
    string? StationCode = null,
    string? UnitCode = null,
    string? DeputyCode = null,
    string? DisplayName = null,
    bool MustChangePassword = false);

public sealed record AccountResult(ApplicationUser? User, IReadOnlyList<string> Errors)
{
    public bool Succeeded => User is not null;

    public static AccountResult Failed(params string[] errors) => new(null, errors);
}

/// <summary>Opens staff accounts with a role and the one scope that role takes.</summary>
public sealed class StaffAccounts(ApplicationDbContext db, UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, TimeProvider time)
{
    public async Task EnsureRolesAsync(CancellationToken cancellationToken = default)
    {
        foreach (var role in Roles.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!await roles.RoleExistsAsync(role))
            {
                var result = await roles.CreateAsync(new IdentityRole(role));
                if (!result.Succeeded && !await roles.RoleExistsAsync(role))
                {
                    throw new InvalidOperationException($"Role {role} could not be created: {Describe(result)}");
                }
            }
        }
    }

    public async Task<AccountResult> CreateAsync(NewStaffAccount account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var role = Roles.Normalize(account.Role);
        if (role is null)
        {
            return AccountResult.Failed($"unknown role '{account.Role}': use one of {string.Join(", ", Roles.All)}");
        }

        var scope = await ResolveScopeAsync(role, account, cancellationToken);
        if (scope.Error is not null)
        {
            return AccountResult.Failed(scope.Error);
        }

        await EnsureRolesAsync(cancellationToken);
        var user = new ApplicationUser
        {
            UserName = account.Email,
            Email = account.Email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(account.DisplayName) ? account.Email.Split('@')[0] : account.DisplayName.Trim(),
            CreatedAt = time.GetUtcNow(),
            MustChangePassword = account.MustChangePassword,
        };
        user.SetScope(scope.Scope!);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, account.Password);
        if (!created.Succeeded)
        {
            return AccountResult.Failed(created.Errors.Select(e => e.Description).ToArray());
        }

        var inRole = await users.AddToRoleAsync(user, role);
        if (!inRole.Succeeded)
        {
            return AccountResult.Failed(inRole.Errors.Select(e => e.Description).ToArray());
        }

        await transaction.CommitAsync(cancellationToken);
        return new AccountResult(user, []);
    }

    private async Task<(StaffScope? Scope, string? Error)> ResolveScopeAsync(string role, NewStaffAccount account, CancellationToken cancellationToken)
    {
        var wanted = Roles.ScopeKindOf(role);
        var given = new (ScopeKind Kind, string Option, string? Code)[]
        {
            (ScopeKind.Region, "--region", account.RegionCode),
            (ScopeKind.Station, "--station", account.StationCode),
            (ScopeKind.Unit, "--unit", account.UnitCode),
            (ScopeKind.Deputy, "--deputy", account.DeputyCode),
        }.Where(g => !string.IsNullOrWhiteSpace(g.Code)).ToList();

        var wrong = given.FirstOrDefault(g => g.Kind != wanted);
        if (wrong.Option is not null)
        {
            return (null, $"{wrong.Option} does not apply to role {role}; it takes {OptionOf(wanted)}");
        }

        if (given.Count == 0)
        {
            return role == Roles.Admin
                ? (StaffScope.Everything, null)
                : (null, $"role {role} needs a scope: {OptionOf(wanted)} CODE");
        }

        var code = given[0].Code!.Trim();
        int? id = wanted switch
        {
            ScopeKind.Region => await db.Regions.Where(r => r.Code == code).Select(r => (int?)r.Id).SingleOrDefaultAsync(cancellationToken),
            ScopeKind.Station => await db.Stations.Where(s => s.Code == code).Select(s => (int?)s.Id).SingleOrDefaultAsync(cancellationToken),
            ScopeKind.Unit => await db.HandlingUnits.Where(u => u.Code == code).Select(u => (int?)u.Id).SingleOrDefaultAsync(cancellationToken),
            ScopeKind.Deputy => await db.Deputies.Where(d => d.Code == code).Select(d => (int?)d.Id).SingleOrDefaultAsync(cancellationToken),
            _ => null,
        };
        return id is null
            ? (null, $"unknown {wanted.ToString().ToLowerInvariant()} code '{code}'")
            : (new StaffScope(wanted, id), null);
    }

    private static string OptionOf(ScopeKind kind) => "--" + kind.ToString().ToLowerInvariant();

    private static string Describe(IdentityResult result) => string.Join("; ", result.Errors.Select(e => e.Description));
}
