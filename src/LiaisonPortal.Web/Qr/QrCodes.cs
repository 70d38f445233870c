using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LiaisonPortal.Web.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using QRCoder;

namespace LiaisonPortal.Web.Qr;

/// <summary>What a QR code opens: a deputy's or a station's opinion form.</summary>
public enum QrTarget
{
    Deputy,
    Station,
}

public enum QrFormat
{
    Png,
    Svg,
}

/// <summary>
/// The QR codes on contact cards and station doors: the absolute URL each one encodes (from Portal:PublicBaseUrl) and
/// the drawing, shared by the /qr endpoints and the printable pages. Error correction Q (a quarter of the code may be
/// scratched or dirty, for cards kept a whole term) and a quiet zone of four modules on every side.
/// </summary>
public sealed class QrCodes
{
    public const int MinSize = 128;
    public const int MaxSize = 2048;
    public const int DefaultSize = 512;

    /// <summary>Part of every ETag: change it when the drawing changes, so caches fetch the new image.</summary>
    private const string RendererVersion = "qrcoder-1.8.1/Q/1";

    private readonly string _baseUrl;

    public QrCodes(IOptions<PortalOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _baseUrl = PortalOptions.Normalize(options.Value.PublicBaseUrl)
            ?? throw new OptionsValidationException(PortalOptions.Section, typeof(PortalOptions), ["Portal:PublicBaseUrl is not an absolute http(s) URL."]);
    }

    /// <summary>The form's public URL: <c>{PublicBaseUrl}/d/{code}</c> for a deputy, <c>/s/{code}</c> for a station.</summary>
    public string UrlOf(QrTarget target, string code)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        return $"{_baseUrl}/{(target == QrTarget.Deputy ? "d" : "s")}/{Uri.EscapeDataString(code)}";
    }

    /// <summary>A strong ETag from everything the image depends on.</summary>
    public static EntityTagHeaderValue ETagOf(string url, QrFormat format, int size)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', url, format, size.ToString(CultureInfo.InvariantCulture), RendererVersion)));
        return new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(hash.AsSpan(0, 16)) + "\"");
    }

    /// <summary>
    /// A black-on-white PNG exactly <paramref name="size"/> pixels wide (at least the code's module count): every module
    /// the same whole number of pixels, the leftover pixels added to the quiet zone.
    /// </summary>
    public static byte[] Png(string url, int size)
    {
        using var data = Encode(url);
        var modules = data.ModuleMatrix.Count;
        size = Math.Max(size, modules);
        var pixelsPerModule = size / modules;
        var offset = (size - (pixelsPerModule * modules)) / 2;
        // PngByteQRCode only draws whole multiples of the module count, so it is given the bitmap itself, one "module" a pixel.
        var pixels = new List<BitArray>(size);
        for (var y = 0; y < size; y++)
        {
            var row = new BitArray(size);
            var moduleY = (y - offset) / pixelsPerModule;
            if (y >= offset && moduleY < modules)
            {
                for (var x = 0; x < pixelsPerModule * modules; x++)
                {
                    row[offset + x] = data.ModuleMatrix[moduleY][x / pixelsPerModule];
                }
            }

            pixels.Add(row);
        }

        using var bitmap = new QRCodeData(1) { ModuleMatrix = pixels };
        return new PngByteQRCode(bitmap).GetGraphic(1, drawQuietZones: true);
    }

    /// <summary>An SVG with a viewBox one unit a module and no width or height, so it takes the size its box gives it.</summary>
    public static string Svg(string url)
    {
        using var data = Encode(url);
        return new SvgQRCode(data).GetGraphic(1, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    private static QRCodeData Encode(string url)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.Q);
    }
}
