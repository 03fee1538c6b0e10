using System.Buffers;
using System.Text;
using System.Xml;
using Aggregator.Store;

namespace Aggregator.Publish;

/// <summary>
/// Text fit for XML 1.0: control characters other than tab and line breaks, U+FFFE/U+FFFF and lone
/// surrogates removed. A feed may carry them and the store keeps what it was given, but one in an
/// element makes the whole document ill-formed for every reader. Strings without one are returned as they are.
/// </summary>
internal static class XmlSafe
{
    public static Item Item(Item item) =>
        IsClean(item.Title) && IsClean(item.Author) && IsClean(item.Summary) && IsClean(item.ContentHtml) && IsClean(item.ContentText)
            && IsClean(item.SourceTitle) && IsClean(item.Url) && item.Categories.All(IsClean) && item.Enclosures.All(e => IsClean(e.Type))
            ? item
            : item with
            {
                Title = Text(item.Title), Author = Text(item.Author), Summary = Text(item.Summary), ContentHtml = Text(item.ContentHtml),
                ContentText = Text(item.ContentText), SourceTitle = Text(item.SourceTitle), Url = Text(item.Url),
                Categories = [.. item.Categories.Select(c => Text(c)!)],
                Enclosures = [.. item.Enclosures.Select(e => e with { Type = Text(e.Type) })],
            };

    public static StoryCopy Copy(StoryCopy copy) =>
        IsClean(copy.SourceTitle) && IsClean(copy.Url) ? copy : copy with { SourceTitle = Text(copy.SourceTitle), Url = Text(copy.Url) };

    public static string? Text(string? text)
    {
        var bad = FirstInvalid(text);
        if (bad < 0)
        {
            return text;
        }

        var clean = new StringBuilder(text!.Length).Append(text, 0, bad);
        for (var i = bad; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                clean.Append(text[i]);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                clean.Append(text, i++, 2);
            }
        }

        return clean.ToString();
    }

    private static bool IsClean(string? text) => FirstInvalid(text) < 0;

    /// <summary>Every character that may be invalid: controls, surrogates (valid only in pairs), U+FFFE and U+FFFF.</summary>
    private static readonly SearchValues<char> Suspects = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c is not ('\t' or '\n' or '\r')).Select(c => (char)c),
         .. Enumerable.Range(0xD800, 0x800).Select(c => (char)c), '\uFFFE', '\uFFFF']);

    private static int FirstInvalid(string? text)
    {
        // Vectorised search for a suspect; almost every text has none.
        var start = text is null ? -1 : text.AsSpan().IndexOfAny(Suspects);
        if (start < 0)
        {
            return -1;
        }

        for (var i = start; i < text!.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                continue;
            }

            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                i++;
                continue;
            }

            return i;
        }

        return -1;
    }
}
