using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Xml;

namespace LiaisonPortal.Web.Open311;

/// <summary>
/// A GeoReport v2 response as one tree, written as XML or as JSON by the spec's Spark convention: a list element
/// (services/service, service_requests/request, errors/error) is a JSON array, an element with children an object, a
/// leaf a value (text, true/false, a number, a W3C date-time, or null = an empty element).
/// </summary>
public abstract record Open311Node(string Name);

public sealed record Open311Leaf(string Name, object? Value) : Open311Node(Name);

public sealed record Open311Object(string Name, IReadOnlyList<Open311Node> Children) : Open311Node(Name);

public sealed record Open311List(string Name, IReadOnlyList<Open311Node> Items) : Open311Node(Name);

/// <summary>Writes a tree in the format the URL asked for, with the spec's content types (UTF-8 always).</summary>
public sealed class Open311Result(Open311Node root, bool xml, int statusCode = StatusCodes.Status200OK, string? retryAfter = null) : IResult
{
    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Indented = false,
    };

    private static readonly XmlWriterSettings XmlSettings = new()
    {
        Encoding = new UTF8Encoding(false),
        Async = true,
        Indent = false,
    };

    public Open311Node Root => root;

    public int StatusCode => statusCode;

    public bool Xml => xml;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        if (retryAfter is not null)
        {
            response.Headers.RetryAfter = retryAfter;
        }

        response.Headers.CacheControl = "no-store";
        using var buffer = new MemoryStream();
        if (xml)
        {
            response.ContentType = "text/xml; charset=utf-8";
            await using (var writer = XmlWriter.Create(buffer, XmlSettings))
            {
                await writer.WriteStartDocumentAsync();
                WriteXml(writer, root);
                await writer.WriteEndDocumentAsync();
            }
        }
        else
        {
            response.ContentType = "application/json; charset=utf-8";
            await using var writer = new Utf8JsonWriter(buffer, JsonOptions);
            WriteJson(writer, root);
        }

        response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(response.Body, httpContext.RequestAborted);
    }

    /// <summary>
    /// XML 1.0 cannot carry most control characters (a partner may send them, and an error message may echo them): each
    /// becomes U+FFFD instead of failing the whole answer. JSON escapes them and needs nothing.
    /// </summary>
    private static string XmlSafe(string text)
    {
        if (text.All(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c)))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
            }
        }

        return builder.ToString();
    }

    private static void WriteXml(XmlWriter writer, Open311Node node)
    {
        writer.WriteStartElement(node.Name);
        switch (node)
        {
            case Open311Leaf leaf when Text(leaf.Value) is { } text:
                writer.WriteString(XmlSafe(text));
                break;
            case Open311Object parent:
                foreach (var child in parent.Children)
                {
                    WriteXml(writer, child);
                }

                break;
            case Open311List list:
                foreach (var item in list.Items)
                {
                    WriteXml(writer, item);
                }

                break;
        }

        writer.WriteEndElement();
    }

    private static void WriteJson(Utf8JsonWriter writer, Open311Node node)
    {
        switch (node)
        {
            case Open311Object parent:
                writer.WriteStartObject();
                foreach (var child in parent.Children)
                {
                    writer.WritePropertyName(child.Name);
                    WriteJson(writer, child);
                }

                writer.WriteEndObject();
                break;
            case Open311List list:
                writer.WriteStartArray();
                foreach (var item in list.Items)
                {
                    WriteJson(writer, item);
                }

                writer.WriteEndArray();
                break;
            case Open311Leaf { Value: null }:
                writer.WriteNullValue();
                break;
            case Open311Leaf { Value: bool flag }:
                writer.WriteBooleanValue(flag);
                break;
            case Open311Leaf { Value: int number }:
                writer.WriteNumberValue(number);
                break;
            case Open311Leaf leaf:
                writer.WriteStringValue(Text(leaf.Value));
                break;
        }
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        bool flag => flag ? "true" : "false",
        DateTimeOffset at => Core.Partners.Open311Requests.W3C(at),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
