using System.Text;
using System.Text.RegularExpressions;

namespace Aggregator.Parse;

/// <summary>Turns a feed's bytes into text: BOM, then HTTP charset, then XML declaration, then UTF-8.</summary>
internal static partial class FeedDecoder
{
    static FeedDecoder()
    {
        // Legacy code pages (windows-1251, koi8-r, shift_jis…) are not built into .NET Core.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(ReadOnlySpan<byte> content, string? contentType)
    {
        var (bomEncoding, bomLength) = DetectBom(content);
        if (bomEncoding is not null)
        {
            return bomEncoding.GetString(content[bomLength..]);
        }

        var declared = FromName(CharsetOf(contentType)) ?? FromName(DeclaredEncoding(content)) ?? SniffUtf16(content);
        return DecodeWith(declared, content);
    }

    private static string DecodeWith(Encoding? declared, ReadOnlySpan<byte> content)
    {
        if (declared is null || declared.CodePage == Encoding.UTF8.CodePage)
        {
            // Undeclared or UTF-8: bytes that are not UTF-8 are almost always windows-1252.
            return TryStrictUtf8(content) ?? Encoding.GetEncoding(1252).GetString(content);
        }

        if (declared.IsSingleByte && HasMultiByteUtf8(content) && TryStrictUtf8(content) is { } utf8)
        {
            // A document that declares a legacy code page but is valid UTF-8 with non-ASCII text was
            // mislabeled: high bytes in real windows-1252 text practically never form valid UTF-8.
            return utf8;
        }

        return declared.GetString(content);
    }

    private static (Encoding? Encoding, int Length) DetectBom(ReadOnlySpan<byte> b) => b switch
    {
        [0xEF, 0xBB, 0xBF, ..] => (new UTF8Encoding(false), 3),
        [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(bigEndian: true, byteOrderMark: false), 4),
        [0xFF, 0xFE, 0x00, 0x00, ..] => (new UTF32Encoding(bigEndian: false, byteOrderMark: false), 4),
        [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: false), 2),
        [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: false), 2),
        _ => (null, 0),
    };

    /// <summary>UTF-16 without a BOM still starts with "&lt;" padded by a zero byte.</summary>
    private static Encoding? SniffUtf16(ReadOnlySpan<byte> b) => b switch
    {
        [0x3C, 0x00, 0x00, 0x00, ..] => new UTF32Encoding(bigEndian: false, byteOrderMark: false),
        [0x00, 0x00, 0x00, 0x3C, ..] => new UTF32Encoding(bigEndian: true, byteOrderMark: false),
        [0x3C, 0x00, _, 0x00, ..] => new UnicodeEncoding(bigEndian: false, byteOrderMark: false),
        [0x00, 0x3C, 0x00, _, ..] => new UnicodeEncoding(bigEndian: true, byteOrderMark: false),
        _ => null,
    };

    internal static string? CharsetOf(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return null;
        }

        var match = CharsetParameter().Match(contentType);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static string? DeclaredEncoding(ReadOnlySpan<byte> content)
    {
        // The declaration is ASCII in every ASCII-compatible encoding; read only the first line or so.
        var head = Encoding.ASCII.GetString(content[..Math.Min(content.Length, 512)]);
        var match = EncodingDeclaration().Match(head);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static Encoding? FromName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var normalized = name.Trim().ToLowerInvariant();
        if (normalized is "iso-8859-1" or "latin1" or "latin-1" or "us-ascii" or "ascii")
        {
            // As browsers do: these labels mean windows-1252, a superset that also maps 0x80–0x9F.
            normalized = "windows-1252";
        }

        if (normalized is "utf-16" or "utf-32" or "ucs-2")
        {
            // Without a BOM the byte order must be sniffed; a declaration alone cannot tell.
            return null;
        }

        try
        {
            return Encoding.GetEncoding(normalized);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string? TryStrictUtf8(ReadOnlySpan<byte> content)
    {
        try
        {
            return StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool HasMultiByteUtf8(ReadOnlySpan<byte> content) => content.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;

    [GeneratedRegex("""charset\s*=\s*["']?([\w.:-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex CharsetParameter();

    [GeneratedRegex("""^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex EncodingDeclaration();
}
