namespace LiaisonPortal.Core.Organisation;

/// <summary>The "八有" station standard (003): the eight things every station must have.</summary>
public enum StandardItem
{
    /// <summary>有场所.</summary>
    Place = 1,

    /// <summary>有统一标识.</summary>
    Sign = 2,

    /// <summary>有制度.</summary>
    Rules = 3,

    /// <summary>有工作计划.</summary>
    WorkPlan = 4,

    /// <summary>有台账记录.</summary>
    Ledger = 5,

    /// <summary>有学习资料.</summary>
    StudyMaterial = 6,

    /// <summary>有办公设备.</summary>
    Equipment = 7,

    /// <summary>有网络平台.</summary>
    OnlinePlatform = 8,
}

/// <summary>One item of a station's 八有 checklist, with who checked it and when.</summary>
public class StationStandardCheck
{
    public const int NoteMaxLength = 200;

    private StationStandardCheck()
    {
        CheckedBy = string.Empty;
    }

    public StationStandardCheck(int stationId, StandardItem item, bool isMet, string? note, string checkedBy, DateTimeOffset checkedAt)
    {
        StationId = stationId;
        Item = item;
        CheckedBy = checkedBy;
        Record(isMet, note, checkedBy, checkedAt);
    }

    public int StationId { get; private set; }

    public StandardItem Item { get; private set; }

    public bool IsMet { get; private set; }

    public string? Note { get; private set; }

    /// <summary>The checker's display name as it was when they checked.</summary>
    public string CheckedBy { get; private set; }

    public DateTimeOffset CheckedAt { get; private set; }

    public void Record(bool isMet, string? note, string checkedBy, DateTimeOffset checkedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkedBy);
        IsMet = isMet;
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        CheckedBy = checkedBy;
        CheckedAt = checkedAt;
    }
}

/// <summary>A deputy's photo, kept apart from the deputy row so lists never load image bytes.</summary>
public class DeputyPhoto
{
    public const int MaxBytes = 2 * 1024 * 1024;

    private DeputyPhoto()
    {
        ContentType = string.Empty;
        Content = [];
    }

    public DeputyPhoto(int deputyId, string contentType, byte[] content, DateTimeOffset updatedAt)
    {
        DeputyId = deputyId;
        ContentType = contentType;
        Content = content;
        UpdatedAt = updatedAt;
    }

    public int DeputyId { get; private set; }

    public string ContentType { get; private set; }

    public byte[] Content { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public void Replace(string contentType, byte[] content, DateTimeOffset updatedAt)
    {
        ContentType = contentType;
        Content = content;
        UpdatedAt = updatedAt;
    }
}
