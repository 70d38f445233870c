namespace LiaisonPortal.Core.Files;

/// <summary>Which document a file really is, from its first bytes and (for Office files, which share their container) its extension.</summary>
public static class AttachmentTypes
{
    public const int NameMaxLength = 200;

    /// <summary>PDF, Word, Excel (both formats) or an image; null for anything else.</summary>
    public static string? Detect(string? fileName, ReadOnlySpan<byte> bytes)
    {
        if (ImageTypes.Detect(bytes) is { } image)
        {
            return image;
        }

        var extension = Path.GetExtension(fileName ?? string.Empty).ToUpperInvariant();
        return bytes switch
        {
            [0x25, 0x50, 0x44, 0x46, 0x2D, ..] => "application/pdf",
            [0x50, 0x4B, 0x03, 0x04, ..] when extension == ".DOCX" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            [0x50, 0x4B, 0x03, 0x04, ..] when extension == ".XLSX" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, ..] when extension == ".DOC" => "application/msword",
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, ..] when extension == ".XLS" => "application/vnd.ms-excel",
            _ => null,
        };
    }

    /// <summary>The file's own name without any folder or control characters, shortened to fit; "附件" when nothing is left.</summary>
    public static string SafeName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c) && c is not ('"' or '/' or ':' or '*' or '?' or '<' or '>' or '|')).ToArray()).Trim();
        if (name.Length == 0)
        {
            return "附件";
        }

        if (name.Length <= NameMaxLength)
        {
            return name;
        }

        var extension = Path.GetExtension(name);
        return extension.Length < 10 ? name[..(NameMaxLength - extension.Length)] + extension : name[..NameMaxLength];
    }
}
