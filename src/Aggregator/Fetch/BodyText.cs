using System.Text;
using System.Text.RegularExpressions;

namespace Aggregator.Fetch;

/// <summary>Bytes of a fetched page to text: BOM, then the HTTP charset, then a meta charset, then UTF-8.</summary>
internal static partial class BodyText
{
    public static bool IsHtml(string? contentType, byte[] body) =>
        contentType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true
        || (contentType is null && Encoding.ASCII.GetString(body, 0, Math.Min(body.Length, 512)).Contains("<html", StringComparison.OrdinalIgnoreCase));

    public static string Decode(byte[] body, string? contentType)
    {
        var encoding = FromBom(body, out var skip)
            ?? FromName(CharsetIn(contentType))
            ?? FromName(MetaCharset().Match(Encoding.ASCII.GetString(body, 0, Math.Min(body.Length, 2048))).Groups[1].Value)
            ?? Encoding.UTF8;
        return encoding.GetString(body, skip, body.Length - skip);
    }

    private static Encoding? FromBom(byte[] body, out int skip)
    {
        (var encoding, skip) = body switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, 3),
            [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
            [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
            _ => ((Encoding?)null, 0),
        };
        return encoding;
    }

    private static string? CharsetIn(string? contentType) =>
        contentType is null ? null : ContentTypeCharset().Match(contentType) is { Success: true } m ? m.Groups[1].Value : null;

    private static Encoding? FromName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        try
        {
            return Encoding.GetEncoding(name.Trim().Trim('"', '\''));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex("""charset\s*=\s*["']?([\w.:-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex ContentTypeCharset();

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();
}
