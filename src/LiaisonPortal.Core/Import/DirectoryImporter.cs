using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LiaisonPortal.Core.Import;

/// <summary>
/// CSV import of deputies, stations and handling units: upload (kept as an <see cref="ImportBatch"/>), preview (every row
/// checked by <see cref="Management.DirectoryRules"/>, the caller's scope and the directory), confirm, then the import in the
/// background by <see cref="ImportWorker"/>: one transaction for the whole file, inserted in chunks, so a failure keeps nothing.
/// The rule: a file with any invalid row cannot be imported; rows whose code already exists are skipped.
/// </summary>
public sealed partial class DirectoryImporter(
    ApplicationDbContext db,
    ScopeDirectory scopes,
    ConfirmedImports confirmed,
    ImportClaims claims,
    ActingActor actor,
    IServiceScopeFactory scopeFactory,
    TimeProvider time,
    ILogger<DirectoryImporter> logger)
{
    /// <summary>Rows per SaveChanges: large enough for few round trips, small enough to keep the change tracker fast.</summary>
    public const int ChunkSize = 500;

    public const int RecentCount = 10;

    public const string AlreadyConfirmedMessage = "这批数据已经确认导入，请勿重复提交。";

    public static string KindName(ImportKind kind) => kind switch
    {
        ImportKind.Deputies => "代表",
        ImportKind.Stations => "家站点",
        ImportKind.HandlingUnits => "承办单位",
        _ => kind.ToString(),
    };

    public static byte[] Template(ImportKind kind) => ImportLayout.For(kind).Template();

    /// <summary>Reads the file; if its columns are right and it has rows, keeps it for the preview. Nothing reaches the directory.</summary>
    public async Task<UploadResult> UploadAsync(
        StaffScope scope, string userId, ImportKind kind, string fileName, byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(content);
        if (!scope.ManagesRegions)
        {
            return new UploadResult(null, ["只有人大工作人员和系统管理员可以批量导入。"]);
        }

        if (!Enum.IsDefined(kind))
        {
            return new UploadResult(null, ["请选择导入内容。"]);
        }

        var file = ImportFileReader.Read(content, ImportLayout.For(kind));
        if (file.Table is null)
        {
            return new UploadResult(null, [.. file.Errors, .. OtherKindHint(kind, content)]);
        }

        var batch = new ImportBatch(kind, Path.GetFileName(fileName), content, userId, time.GetUtcNow(), file.Table.Records.Count);
        db.ImportBatches.Add(batch);
        await db.SaveChangesAsync(cancellationToken);
        return new UploadResult(batch.Id, []);
    }

    /// <summary>The uploader's batch with every row checked against the directory as it is now; null for anyone else.</summary>
    public async Task<ImportPreview?> PreviewAsync(StaffScope scope, string userId, Guid batchId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var batch = await db.ImportBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId && b.CreatedBy == userId, cancellationToken);
        if (batch is null)
        {
            return null;
        }

        var file = ImportFileReader.Read(batch.Content, ImportLayout.For(batch.Kind));
        if (file.Table is null)
        {
            return new ImportPreview(Info(batch), null, [], file.Errors);
        }

        var rows = await CheckAsync(scope, batch.Kind, file.Table, cancellationToken);
        return new ImportPreview(Info(batch), file.Table.EncodingName, rows.Rows, []);
    }

    /// <summary>Checks the file again (the directory may have changed since the preview) and queues the import.</summary>
    public async Task<ConfirmResult> ConfirmAsync(StaffScope scope, string userId, Guid batchId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var batch = await db.ImportBatches.SingleOrDefaultAsync(b => b.Id == batchId && b.CreatedBy == userId, cancellationToken);
        if (batch is null)
        {
            return ConfirmResult.NotFound;
        }

        if (!scope.ManagesRegions)
        {
            return ConfirmResult.Refused("只有人大工作人员和系统管理员可以批量导入。");
        }

        if (batch.Status != ImportStatus.Previewed)
        {
            return ConfirmResult.Refused(NotPreviewedMessage(batch.Status));
        }

        var file = ImportFileReader.Read(batch.Content, ImportLayout.For(batch.Kind));
        if (file.Table is null)
        {
            return ConfirmResult.Refused(string.Join(" ", file.Errors));
        }

        var preview = new ImportPreview(Info(batch), file.Table.EncodingName, (await CheckAsync(scope, batch.Kind, file.Table, cancellationToken)).Rows, []);
        if (preview.InvalidRows > 0)
        {
            return ConfirmResult.Refused($"文件中有 {preview.InvalidRows} 行错误，整个文件都不能导入。请改正后重新上传。");
        }

        if (preview.ValidRows == 0)
        {
            return ConfirmResult.Refused("没有可导入的新记录：文件中的编号都已存在。");
        }

        // Held by this instance until its worker has run the batch: another instance's start leaves it alone.
        if (!await claims.TryClaimAsync(batch.Id, cancellationToken))
        {
            // Another confirmation of the same batch, on another instance, is starting it at this moment.
            return ConfirmResult.Refused(AlreadyConfirmedMessage);
        }

        batch.Status = ImportStatus.Importing;
        batch.ProcessedRows = 0;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another confirmation of the same batch got there first.
            await claims.ReleaseAsync(batch.Id);
            return ConfirmResult.Refused(AlreadyConfirmedMessage);
        }
        catch
        {
            await claims.ReleaseAsync(batch.Id);
            throw;
        }

        confirmed.Enqueue(batch.Id);
        return ConfirmResult.Done;
    }

    public async Task<ConfirmResult> CancelAsync(string userId, Guid batchId, CancellationToken cancellationToken = default)
    {
        var batch = await db.ImportBatches.SingleOrDefaultAsync(b => b.Id == batchId && b.CreatedBy == userId, cancellationToken);
        if (batch is null)
        {
            return ConfirmResult.NotFound;
        }

        if (batch.Status != ImportStatus.Previewed)
        {
            return ConfirmResult.Refused(NotPreviewedMessage(batch.Status));
        }

        batch.Status = ImportStatus.Cancelled;
        batch.CompletedAt = time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ConfirmResult.Refused(AlreadyConfirmedMessage);
        }

        return ConfirmResult.Done;
    }

    /// <summary>The uploader's batch without its file, for the progress page; null for anyone else.</summary>
    public Task<ImportBatchInfo?> FindAsync(string userId, Guid batchId, CancellationToken cancellationToken = default) =>
        Infos(db.ImportBatches.Where(b => b.Id == batchId && b.CreatedBy == userId)).SingleOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<ImportBatchInfo>> RecentAsync(string userId, CancellationToken cancellationToken = default) =>
        await Infos(db.ImportBatches.Where(b => b.CreatedBy == userId).OrderByDescending(b => b.CreatedAt).Take(RecentCount)).ToListAsync(cancellationToken);

    /// <summary>
    /// Imports a confirmed batch as its uploader (scope and change-log name). The rows are checked once more; then every
    /// valid row is inserted in one transaction, <see cref="ChunkSize"/> at a time, with the progress written beside it.
    /// </summary>
    public async Task RunAsync(Guid batchId, CancellationToken cancellationToken = default)
    {
        var batch = await db.ImportBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId && b.Status == ImportStatus.Importing, cancellationToken);
        if (batch is null)
        {
            return;
        }

        // Progress goes through its own context (its own connection), so the page sees it while the import's transaction is open.
        await using var progressScope = scopeFactory.CreateAsyncScope();
        var progress = progressScope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == batch.CreatedBy, cancellationToken);
        if (user is null)
        {
            await FailAsync(progress, batchId, "上传文件的账户已不存在，没有导入任何数据。");
            return;
        }

        if (!user.Scope.ManagesRegions)
        {
            await FailAsync(progress, batchId, "上传文件的账户已不能批量导入（管理范围已变更），没有导入任何数据。");
            return;
        }

        actor.ActFor(user.Id, user.DisplayName);
        var file = ImportFileReader.Read(batch.Content, ImportLayout.For(batch.Kind));
        if (file.Table is null)
        {
            await FailAsync(progress, batchId, string.Join(" ", file.Errors));
            return;
        }

        var rows = await CheckAsync(user.Scope, batch.Kind, file.Table, cancellationToken);
        var invalid = rows.Rows.Count(r => r.Status == RowStatus.Invalid);
        if (invalid > 0)
        {
            await FailAsync(progress, batchId, $"导入前复核发现 {invalid} 行有错误（预览之后目录有变化），没有导入任何数据。请重新上传文件预览。");
            return;
        }

        var skipped = rows.Rows.Count(r => r.Status == RowStatus.Duplicate);
        try
        {
            await ImportAsync(batchId, rows, skipped, progress, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await FailAsync(progress, batchId, "服务停止，导入被中断，没有导入任何数据。请重新上传文件。");
            throw;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            await FailAsync(progress, batchId, "导入时发现编号已被其他人同时录入，没有导入任何数据。请重新上传文件预览。");
        }
        catch (Exception e)
        {
            LogImportFailed(logger, batchId, e);
            await FailAsync(progress, batchId, "导入失败，没有导入任何数据。请稍后重新上传；如果问题持续，请联系系统管理员。");
        }
    }

    /// <summary>Batches a stopped process left importing: their transaction was rolled back, so they are failed.</summary>
    public Task<int> FailInterruptedAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var importing = (int)ImportStatus.Importing;
        var failed = (int)ImportStatus.Failed;
        const string error = "服务重启，导入被中断，没有导入任何数据。请重新上传文件。";
        // Only batches no instance holds (ImportClaims): with several instances, one starting must not fail the import
        // another is running. The try-lock is the statement's own and ends with it.
        var sql = "UPDATE \"ImportBatches\" SET \"Status\" = {0}, \"Error\" = {1}, \"CompletedAt\" = {2} WHERE \"Status\" = {3} AND pg_try_advisory_xact_lock("
            + ImportClaims.KeyOf("\"Id\"") + ")";
        return db.Database.ExecuteSqlRawAsync(sql, [failed, error, now, importing], cancellationToken);
    }

    private async Task ImportAsync(Guid batchId, CheckedFile rows, int skipped, ApplicationDbContext progress, CancellationToken cancellationToken)
    {
        await SetProgressAsync(progress, batchId, skipped, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var imported = 0;
        try
        {
            foreach (var chunk in rows.Chunks(ChunkSize))
            {
                db.AttachRange(chunk.Existing);
                db.AddRange(chunk.New);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                imported += chunk.New.Count;
                await SetProgressAsync(progress, batchId, skipped + imported, cancellationToken);
            }
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        // The batch row is written only here, in the import's transaction: data and "completed" are kept together or not at all.
        var now = time.GetUtcNow();
        await db.ImportBatches.Where(b => b.Id == batchId).ExecuteUpdateAsync(s => s
            .SetProperty(b => b.Status, ImportStatus.Completed)
            .SetProperty(b => b.ProcessedRows, skipped + imported)
            .SetProperty(b => b.ImportedRows, imported)
            .SetProperty(b => b.CompletedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task SetProgressAsync(ApplicationDbContext progress, Guid batchId, int processed, CancellationToken cancellationToken) =>
        await progress.ImportBatches.Where(b => b.Id == batchId).ExecuteUpdateAsync(s => s.SetProperty(b => b.ProcessedRows, processed), cancellationToken);

    private async Task FailAsync(ApplicationDbContext progress, Guid batchId, string error)
    {
        var now = time.GetUtcNow();
        await progress.ImportBatches.Where(b => b.Id == batchId).ExecuteUpdateAsync(s => s
            .SetProperty(b => b.Status, ImportStatus.Failed)
            .SetProperty(b => b.Error, error.Length > 2000 ? error[..2000] : error)
            .SetProperty(b => b.CompletedAt, now), CancellationToken.None);
    }


    private static string NotPreviewedMessage(ImportStatus status) => status switch
    {
        ImportStatus.Cancelled => "这批数据已取消。如需导入，请重新上传文件。",
        ImportStatus.Failed => "这批数据导入失败，没有导入任何数据。请重新上传文件。",
        _ => AlreadyConfirmedMessage,
    };

    /// <summary>When the columns fit another kind of import, says so: the usual cause of "missing columns".</summary>
    private static IEnumerable<string> OtherKindHint(ImportKind kind, byte[] content) =>
        Enum.GetValues<ImportKind>()
            .Where(other => other != kind && ImportFileReader.Read(content, ImportLayout.For(other)).Table is not null)
            .Select(other => $"这个文件的表头像是{KindName(other)}导入文件，请在“导入内容”中选择“{KindName(other)}”。")
            .Take(1);

    private static ImportBatchInfo Info(ImportBatch b) =>
        new(b.Id, b.Kind, b.FileName, b.Status, b.CreatedAt, b.TotalRows, b.ProcessedRows, b.ImportedRows, b.Error, b.CompletedAt);

    private static IQueryable<ImportBatchInfo> Infos(IQueryable<ImportBatch> batches) =>
        batches.AsNoTracking().Select(b => new ImportBatchInfo(b.Id, b.Kind, b.FileName, b.Status, b.CreatedAt, b.TotalRows, b.ProcessedRows, b.ImportedRows, b.Error, b.CompletedAt));

    [LoggerMessage(Level = LogLevel.Error, Message = "Import batch {BatchId} failed; nothing was imported")]
    private static partial void LogImportFailed(ILogger logger, Guid batchId, Exception exception);
}
