namespace LiaisonPortal.Core.Files;

/// <summary>Which image a file really is, from its first bytes (never from its name or the browser's word).</summary>
public static class ImageTypes
{
    /// <summary>image/jpeg, image/png or image/webp; null for anything else.</summary>
    public static string? Detect(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
        _ => null,
    };
}
