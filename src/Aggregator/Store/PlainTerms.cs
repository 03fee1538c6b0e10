namespace Aggregator.Store;

/// <summary>
/// The terms FTS5's unicode61 tokenizer makes of a text, for the texts where that is certain without
/// asking it: ASCII (letters and digits are token characters, folded to lower case; everything else
/// separates) and a few punctuation and space characters outside ASCII that are separators for it
/// (Unicode Zs, Pd, Pi, Pf, Po: not letters, numbers or private use). Any other character, a letter with
/// a diacritic among them, leaves the text to FTS5 itself (<see cref="ItemTerms"/>): indexing a batch
/// a second time in FTS5 cost ingest a quarter of its rate, splitting here a few milliseconds.
/// </summary>
internal static class PlainTerms
{
    private const int MaxToken = 256;

    /// <summary>Adds the text's terms and says true, or says false when the text holds a character this cannot judge (some terms may have been added: an extra term is harmless).</summary>
    public static bool TryAdd(string? text, HashSet<string> terms)
    {
        if (text is null)
        {
            return true;
        }

        var lookup = terms.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> token = stackalloc char[MaxToken];
        var length = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (length == MaxToken)
                {
                    return false;
                }

                token[length++] = char.IsAsciiLetterUpper(c) ? (char)(c + 32) : c;
                continue;
            }

            if (c >= 128 && !IsSeparator(c))
            {
                return false;
            }

            if (length > 0)
            {
                lookup.Add(token[..length]);
                length = 0;
            }
        }

        if (length > 0)
        {
            lookup.Add(token[..length]);
        }

        return true;
    }

    /// <summary>Separators outside ASCII that news text is full of: no-break and typographic spaces, dashes, quotes, bullets, ellipsis, guillemets.</summary>
    private static bool IsSeparator(char c) => c is '\u00A0' or '\u00AB' or '\u00BB' or (>= '\u2000' and <= '\u200A') or (>= '\u2010' and <= '\u2027') or '\u202F';
}
