using System.Text;
using System.Text.RegularExpressions;
using Aggregator.Parse;

namespace Aggregator.Fetch;

/// <summary>
/// Bytes of a fetched page to text. The charset precedence and decoding are the feed decoder's (BOM,
/// HTTP charset, then a declaration, mislabelled UTF-8 detected, windows-1252 as the fallback); a page
/// declares its charset in a <c>&lt;meta&gt;</c> tag, which is what this adds.
/// </summary>
internal static partial class BodyText
{
    public static bool IsHtml(string? contentType, byte[] body) =>
        contentType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true
        || (contentType is null && Encoding.ASCII.GetString(body, 0, Math.Min(body.Length, 512)).Contains("<html", StringComparison.OrdinalIgnoreCase));

    public static string Decode(byte[] body, string? contentType)
    {
        if (contentType is not null && HeaderCharset().IsMatch(contentType))
        {
            return FeedDecoder.Decode(body, contentType);
        }

        var meta = MetaCharset().Match(Encoding.ASCII.GetString(body, 0, Math.Min(body.Length, 2048)));
        return FeedDecoder.Decode(body, meta.Success ? $"text/html; charset={meta.Groups[1].Value}" : contentType);
    }

    [GeneratedRegex("""charset\s*=""", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderCharset();

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();
}
