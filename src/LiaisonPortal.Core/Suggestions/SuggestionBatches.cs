using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Management;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LiaisonPortal.Core.Suggestions;

/// <summary>What the office types for a numbering batch; every part optional so the form can come back with messages.</summary>
public sealed record BatchInput(
    string? RegionCode, int? Year, BatchKind? Kind, string? Name, DateOnly? OpensOn, DateOnly? ClosesOn, int? DeadlineMonths, int? DeadlineWorkingDays);

/// <summary>A batch as the batch list shows it: its congress, dates, deadline rule, how many suggestions it holds.</summary>
public sealed record BatchRow(
    int Id, string RegionCode, string RegionName, int Year, BatchKind Kind, string Name, DateOnly OpensOn, DateOnly ClosesOn,
    int? DeadlineMonths, int? DeadlineWorkingDays, int Count, int LastNumber, DateTimeOffset? AssignedAt, uint Version);

/// <summary>An accepted suggestion waiting for the assignment meeting (交办会), with the units proposed for it (none yet: no lead unit).</summary>
public sealed record MeetingRow(
    int Id, string? Number, string Title, string DeputyName, string? CategoryName, bool IsKey, string? KeyLeader, string? LeadUnit, IReadOnlyList<string> CoUnits);

/// <summary>
/// The office's numbering batches (会议期间 / 闭会期间): listed, created and changed for the congresses of the regions in
/// the caller's scope only (another region's batch is not found), guarded by the row's xmin, and recorded in the change
/// log by the audit interceptor. The database's unique (region, year, name) and check constraints stay the last word;
/// what they would refuse is said next to the field first.
/// </summary>
public sealed class SuggestionBatches(ApplicationDbContext db, ScopeDirectory scopes)
{
    public const string ChangedMessage = "保存失败：这个批次刚被其他人修改过。请重新打开页面，看过最新内容后再改。";
    public const int MinYear = 2000;
    public const int MaxYear = 2100;
    public const int MaxMonths = 12;
    public const int MaxWorkingDays = 250;

    /// <summary>The batch name fits the number "2026-{name}-第0001号" in <see cref="Suggestion.NumberMaxLength"/>.</summary>
    public const int NameMaxLength = Suggestion.NumberMaxLength - 12 < SuggestionBatch.NameMaxLength ? Suggestion.NumberMaxLength - 12 : SuggestionBatch.NameMaxLength;

    public async Task<IReadOnlyList<BatchRow>> ListAsync(StaffScope scope, CancellationToken cancellationToken = default) =>
        await Rows(InScope(scope).OrderByDescending(b => b.Year).ThenBy(b => b.Region.Path).ThenByDescending(b => b.OpensOn).ThenBy(b => b.Id)).ToListAsync(cancellationToken);

    public async Task<BatchRow?> GetAsync(StaffScope scope, int id, CancellationToken cancellationToken = default) =>
        await Rows(InScope(scope).Where(b => b.Id == id)).SingleOrDefaultAsync(cancellationToken);

    /// <summary>A new batch for a congress in the scope; <see cref="EditResult.Code"/> carries its id.</summary>
    public async Task<EditResult> CreateAsync(StaffScope scope, BatchInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = Check(input);
        var regionCode = input.RegionCode?.Trim();
        var regionId = string.IsNullOrEmpty(regionCode)
            ? null
            : await scopes.Regions(scope).Where(r => r.Code == regionCode).Select(r => (int?)r.Id).SingleOrDefaultAsync(cancellationToken);
        if (string.IsNullOrEmpty(regionCode))
        {
            errors.Add(new("RegionCode", "请选择批次所属的人大（行政区划）。"));
        }
        else if (regionId is null)
        {
            errors.Add(new("RegionCode", $"区划 {regionCode} 不存在或不在您的管理范围内。"));
        }

        if (regionId is { } region && errors.Count == 0)
        {
            errors.AddRange(await ClashesAsync(region, null, input, cancellationToken));
        }

        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        var batch = new SuggestionBatch(regionId!.Value, input.Year!.Value, input.Kind!.Value, input.Name!.Trim(), input.OpensOn!.Value, input.ClosesOn!.Value, input.DeadlineMonths, input.DeadlineWorkingDays);
        db.SuggestionBatches.Add(batch);
        return await SaveAsync(input, cancellationToken) ?? EditResult.Done(batch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Changes a batch of a congress in the scope (its region stays). Once suggestions are numbered in it, its year and
    /// name stay too, so every number in a batch reads the same.
    /// </summary>
    public async Task<EditResult> UpdateAsync(StaffScope scope, int id, uint? version, BatchInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var batch = await db.SuggestionBatches.Where(b => b.Id == id && scopes.Regions(scope).Any(r => r.Id == b.RegionId)).SingleOrDefaultAsync(cancellationToken);
        if (batch is null)
        {
            return EditResult.NotFound;
        }

        if (version is { } expected && batch.Version != expected)
        {
            db.ChangeTracker.Clear();
            return EditResult.Conflict(ChangedMessage);
        }

        var errors = Check(input);
        if (errors.Count == 0 && batch.LastNumber > 0 && (batch.Year != input.Year || batch.Name != input.Name!.Trim()))
        {
            errors.Add(new("Name", $"这个批次已经编号了 {batch.LastNumber} 件建议，年份和名称不能再改（编号里有它们）。"));
        }

        if (errors.Count == 0)
        {
            errors.AddRange(await ClashesAsync(batch.RegionId, batch.Id, input, cancellationToken));
        }

        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return EditResult.Invalid(errors);
        }

        if (version is { } v)
        {
            db.Entry(batch).Property(b => b.Version).OriginalValue = v;
        }

        batch.Year = input.Year!.Value;
        batch.Kind = input.Kind!.Value;
        batch.Name = input.Name!.Trim();
        batch.OpensOn = input.OpensOn!.Value;
        batch.ClosesOn = input.ClosesOn!.Value;
        batch.DeadlineMonths = input.DeadlineMonths;
        batch.DeadlineWorkingDays = input.DeadlineWorkingDays;
        return await SaveAsync(input, cancellationToken) ?? EditResult.Done(batch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The batch's accepted suggestions in number order, each with its proposed lead unit and co-units (拟交办).</summary>
    public async Task<IReadOnlyList<MeetingRow>> MeetingAsync(StaffScope scope, int batchId, CancellationToken cancellationToken = default)
    {
        var accepted = await scopes.Suggestions(scope).AsNoTracking()
            .Where(s => s.BatchId == batchId && s.State == SuggestionState.Accepted)
            .OrderBy(s => s.Sequence).ThenBy(s => s.Id)
            .Select(s => new { s.Id, s.Number, s.Title, Deputy = s.Deputy.Name, Category = s.Category == null ? null : s.Category.Name, s.IsKey, s.KeyLeader, s.Round })
            .ToListAsync(cancellationToken);
        var ids = accepted.Select(s => s.Id).ToList();
        var proposed = await db.SuggestionAssignments.AsNoTracking()
            .Where(a => ids.Contains(a.SuggestionId) && a.AssignedAt == null && a.SentBackAt == null)
            .OrderByDescending(a => a.IsLead).ThenBy(a => a.Id)
            .Select(a => new { a.SuggestionId, a.Round, a.IsLead, a.HandlingUnit.Name })
            .ToListAsync(cancellationToken);
        return accepted.Select(s =>
        {
            var units = proposed.Where(a => a.SuggestionId == s.Id && a.Round == s.Round).ToList();
            return new MeetingRow(s.Id, s.Number, s.Title, s.Deputy, s.Category, s.IsKey, s.KeyLeader,
                units.FirstOrDefault(a => a.IsLead)?.Name, units.Where(a => !a.IsLead).Select(a => a.Name).ToList());
        }).ToList();
    }

    private static List<FieldError> Check(BatchInput input)
    {
        var errors = new List<FieldError>();
        if (input.Year is not { } year || year < MinYear || year > MaxYear)
        {
            errors.Add(new("Year", $"请填写年份（{MinYear}–{MaxYear}）。"));
        }

        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add(new("Kind", "请选择批次类型：会议期间或闭会期间。"));
        }

        var name = input.Name?.Trim() ?? string.Empty;
        if (name.Length == 0 || name.Length > NameMaxLength)
        {
            errors.Add(new("Name", $"请填写批次名称（不超过 {NameMaxLength} 字），如“第1次会议”或“闭会期间”。"));
        }
        else if (name.Contains('-', StringComparison.Ordinal))
        {
            errors.Add(new("Name", "批次名称里不能有“-”，它在建议编号里用来分隔年份和序号。"));
        }

        if (input.OpensOn is null)
        {
            errors.Add(new("OpensOn", "请填写开始接收建议的日期。"));
        }

        if (input.ClosesOn is null)
        {
            errors.Add(new("ClosesOn", "请填写截止接收建议的日期。"));
        }
        else if (input.OpensOn is { } opens && input.ClosesOn < opens)
        {
            errors.Add(new("ClosesOn", "截止日期不能早于开始日期。"));
        }

        if (input.DeadlineMonths is not null && input.DeadlineWorkingDays is not null)
        {
            errors.Add(new("DeadlineMonths", "办理时限只填一种：按月（会议期间的建议，如 3 个月）或按工作日（闭会期间的建议，如 13 个工作日），另一项留空。"));
        }
        else if (input.DeadlineMonths is null && input.DeadlineWorkingDays is null)
        {
            errors.Add(new("DeadlineMonths", "请填写办理时限：按月（如 3 个月）或按工作日（如 13 个工作日），二选一。"));
        }
        else if (input.DeadlineMonths is { } months && (months < 1 || months > MaxMonths))
        {
            errors.Add(new("DeadlineMonths", $"按月的办理时限为 1 到 {MaxMonths} 个月。"));
        }
        else if (input.DeadlineWorkingDays is { } days && (days < 1 || days > MaxWorkingDays))
        {
            errors.Add(new("DeadlineWorkingDays", $"按工作日的办理时限为 1 到 {MaxWorkingDays} 个工作日。"));
        }

        return errors;
    }

    /// <summary>The same name in the same congress and year, or an overlapping batch of the same kind: filing would not know which to pick.</summary>
    private async Task<List<FieldError>> ClashesAsync(int regionId, int? self, BatchInput input, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var name = input.Name!.Trim();
        if (await db.SuggestionBatches.AnyAsync(b => b.RegionId == regionId && b.Year == input.Year && b.Name == name && b.Id != self, cancellationToken))
        {
            errors.Add(new("Name", $"{input.Year} 年已有名为“{name}”的批次，请换一个名称。"));
        }

        var overlapping = await db.SuggestionBatches.AsNoTracking()
            .Where(b => b.RegionId == regionId && b.Kind == input.Kind && b.Id != self && b.OpensOn <= input.ClosesOn && b.ClosesOn >= input.OpensOn)
            .OrderBy(b => b.OpensOn).Select(b => new { b.Year, b.Name, b.OpensOn, b.ClosesOn }).FirstOrDefaultAsync(cancellationToken);
        if (overlapping is not null)
        {
            errors.Add(new("OpensOn", $"与同类批次“{overlapping.Year} 年{overlapping.Name}”（{overlapping.OpensOn:yyyy-MM-dd} 至 {overlapping.ClosesOn:yyyy-MM-dd}）的时间重叠，同一人大同类批次的时间不能重叠。"));
        }

        return errors;
    }

    private IQueryable<SuggestionBatch> InScope(StaffScope scope) =>
        db.SuggestionBatches.AsNoTracking().Where(b => scopes.Regions(scope).Any(r => r.Id == b.RegionId));

    private IQueryable<BatchRow> Rows(IQueryable<SuggestionBatch> batches) =>
        batches.Select(b => new BatchRow(
                b.Id, b.Region.Code, b.Region.Name, b.Year, b.Kind, b.Name, b.OpensOn, b.ClosesOn, b.DeadlineMonths, b.DeadlineWorkingDays,
                db.Suggestions.Count(s => s.BatchId == b.Id && s.State != SuggestionState.Draft), b.LastNumber, b.AssignedAt, b.Version));

    private async Task<EditResult?> SaveAsync(BatchInput input, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return EditResult.Conflict(ChangedMessage);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return EditResult.Invalid("Name", $"{input.Year} 年已有名为“{input.Name?.Trim()}”的批次，请换一个名称。");
        }
    }
}
