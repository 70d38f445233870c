namespace LiaisonPortal.Core.Data;

/// <summary>An ASP.NET Core Data Protection key kept in the database, so every app instance shares it.</summary>
public class DataProtectionKey
{
    public int Id { get; set; }

    public string? FriendlyName { get; set; }

    public string Xml { get; set; } = string.Empty;
}
