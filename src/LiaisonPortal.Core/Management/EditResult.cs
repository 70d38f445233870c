namespace LiaisonPortal.Core.Management;

public enum EditOutcome
{
    Done = 0,

    /// <summary>The input breaks a rule; the errors name the fields.</summary>
    Invalid = 1,

    /// <summary>No such record in the caller's scope (outside the scope looks the same as missing).</summary>
    NotFound = 2,

    /// <summary>The record is in scope, but this kind of account may not make this change.</summary>
    Forbidden = 3,

    /// <summary>The record's state does not allow it, or someone changed it first: reload and look again (409).</summary>
    Conflict = 4,
}

/// <summary>A rule broken by one field of the input; <see cref="Field"/> is the input's property name, or empty for the whole form.</summary>
public sealed record FieldError(string Field, string Message);

public sealed record EditResult(EditOutcome Outcome, IReadOnlyList<FieldError> Errors, string? Code = null)
{
    public bool Succeeded => Outcome == EditOutcome.Done;

    public static EditResult Done(string? code = null) => new(EditOutcome.Done, [], code);

    public static EditResult NotFound { get; } = new(EditOutcome.NotFound, []);

    public static EditResult Forbidden(string message) => new(EditOutcome.Forbidden, [new FieldError(string.Empty, message)]);

    public static EditResult Invalid(IReadOnlyList<FieldError> errors) => new(EditOutcome.Invalid, errors);

    public static EditResult Invalid(string field, string message) => new(EditOutcome.Invalid, [new FieldError(field, message)]);

    public static EditResult Conflict(string message) => new(EditOutcome.Conflict, [new FieldError(string.Empty, message)]);
}
