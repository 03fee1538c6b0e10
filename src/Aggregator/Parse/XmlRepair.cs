using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Aggregator.Parse;

/// <summary>Text-level fixes that turn what feeds really serve into well-formed XML.</summary>
internal static partial class XmlRepair
{
    /// <summary>Namespaces that feeds use without declaring them, by their customary prefix.</summary>
    private static readonly Dictionary<string, string> KnownPrefixes = new(StringComparer.Ordinal)
    {
        ["dc"] = FeedNamespaces.DublinCore.NamespaceName,
        ["dcterms"] = FeedNamespaces.DublinCoreTerms.NamespaceName,
        ["content"] = FeedNamespaces.Content.NamespaceName,
        ["media"] = FeedNamespaces.Media.NamespaceName,
        ["atom"] = FeedNamespaces.Atom.NamespaceName,
        ["itunes"] = FeedNamespaces.Itunes.NamespaceName,
        ["sy"] = FeedNamespaces.Syndication.NamespaceName,
        ["rdf"] = FeedNamespaces.Rdf.NamespaceName,
    };

    /// <summary>
    /// Removes XML declarations (the text is already decoded, so their encoding would only mislead) and the
    /// DOCTYPE, so that nothing declared there is ever expanded (billion laughs, external files). Simple
    /// internal entities whose text holds no markup or references are inlined first: that costs one pass.
    /// </summary>
    public static string StripProlog(string xml)
    {
        var text = new StringBuilder(xml.Length);
        var i = 0;
        while (i < xml.Length)
        {
            var next = xml.IndexOf('<', i);
            if (next < 0 || next + 1 >= xml.Length || char.IsLetter(xml[next + 1]) || xml[next + 1] == '_')
            {
                break; // the root element starts here: the prolog is over
            }

            var end = PrologNodeEnd(xml, next);
            if (end < 0)
            {
                throw new FeedParseException("not a feed: the prolog never ends");
            }

            var node = xml.AsSpan(next, end - next);
            if (node.StartsWith("<!--") || (node.StartsWith("<?") && !node.StartsWith("<?xml ") && !node.StartsWith("<?xml\t")))
            {
                text.Append(node);
            }
            else if (node.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase))
            {
                return text.Append(InlineEntities(xml[end..], node.ToString())).ToString();
            }

            i = end;
        }

        return i == 0 ? xml : text.Append(xml.AsSpan(i)).ToString();
    }

    private static int PrologNodeEnd(string xml, int start)
    {
        if (xml.AsSpan(start).StartsWith("<!--"))
        {
            var close = xml.IndexOf("-->", start + 4, StringComparison.Ordinal);
            return close < 0 ? -1 : close + 3;
        }

        if (xml.AsSpan(start).StartsWith("<?"))
        {
            var close = xml.IndexOf("?>", start + 2, StringComparison.Ordinal);
            return close < 0 ? -1 : close + 2;
        }

        return DoctypeEnd(xml, start);
    }

    private static string InlineEntities(string body, string doctype)
    {
        var entities = SimpleEntity().Matches(doctype).Take(100)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[3].Value, StringComparer.Ordinal);
        return entities.Count == 0
            ? body
            : EntityReference().Replace(body, m => entities.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);
    }

    /// <summary>Maps HTML entities, escapes bare ampersands, drops illegal characters, binds known prefixes.</summary>
    public static string Repair(string xml)
    {
        var text = IllegalCharacters().Replace(xml, string.Empty);
        text = Ampersand().Replace(text, MapAmpersand);
        return BindUndeclaredPrefixes(text);
    }

    private static string MapAmpersand(Match match)
    {
        if (match.Groups[1].Success)
        {
            return match.Value; // CDATA and comments are literal: nothing in them is markup
        }

        var name = match.Groups[2].Value;
        if (name.Length == 0)
        {
            return "&amp;";
        }

        if (name[0] == '#')
        {
            return MapCharacterReference(name.TrimEnd(';'));
        }

        if (name is "amp;" or "lt;" or "gt;" or "quot;" or "apos;")
        {
            return match.Value;
        }

        var decoded = WebUtility.HtmlDecode(match.Value);
        return decoded == match.Value
            ? "&amp;" + name
            : string.Concat(decoded.EnumerateRunes().Select(rune => $"&#{rune.Value};"));
    }

    /// <summary>Keeps a numeric reference only if it names a character XML allows; adds a missing ';'.</summary>
    private static string MapCharacterReference(string reference)
    {
        var hex = reference.StartsWith("#x", StringComparison.OrdinalIgnoreCase);
        var digits = reference[(hex ? 2 : 1)..];
        var ok = int.TryParse(digits, hex ? NumberStyles.HexNumber : NumberStyles.None, CultureInfo.InvariantCulture, out var code);
        var legal = ok && (code is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF));
        return legal ? (hex ? "&#x" + digits : "&" + reference) + ";" : string.Empty;
    }

    private static string BindUndeclaredPrefixes(string xml)
    {
        var used = UsedPrefix().Matches(xml).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        used.ExceptWith(["xml", "xmlns"]);
        used.RemoveWhere(prefix => xml.Contains("xmlns:" + prefix + "=", StringComparison.Ordinal));
        var root = FirstElement(xml, 0);
        if (used.Count == 0 || root < 0)
        {
            return xml;
        }

        var nameEnd = root + 1;
        while (nameEnd < xml.Length && !char.IsWhiteSpace(xml[nameEnd]) && xml[nameEnd] is not ('>' or '/'))
        {
            nameEnd++;
        }

        var declarations = new StringBuilder();
        foreach (var prefix in used)
        {
            var uri = KnownPrefixes.GetValueOrDefault(prefix, "urn:undeclared:" + prefix);
            declarations.Append(" xmlns:").Append(prefix).Append("=\"").Append(uri).Append('"');
        }

        return xml.Insert(nameEnd, declarations.ToString());
    }

    /// <summary>The index of the first element's '&lt;', skipping comments and processing instructions.</summary>
    private static int FirstElement(string xml, int from)
    {
        for (var i = xml.IndexOf('<', from); i >= 0 && i < xml.Length - 1; i = xml.IndexOf('<', i + 1))
        {
            if (char.IsLetter(xml[i + 1]) || xml[i + 1] == '_')
            {
                return i;
            }

            if (xml.AsSpan(i).StartsWith("<!--"))
            {
                var close = xml.IndexOf("-->", i, StringComparison.Ordinal);
                if (close < 0)
                {
                    return -1;
                }

                i = close;
            }
        }

        return -1;
    }

    /// <summary>The index just past the DOCTYPE's closing '>', honouring its internal subset and quotes.</summary>
    private static int DoctypeEnd(string xml, int start)
    {
        var depth = 0;
        char? quote = null;
        for (var i = start + 2; i < xml.Length; i++)
        {
            var c = xml[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
                continue;
            }

            switch (c)
            {
                case '"' or '\'': quote = c; break;
                case '[': depth++; break;
                case ']': depth--; break;
                case '>' when depth <= 0: return i + 1;
            }
        }

        return -1;
    }

    [GeneratedRegex("""<!ENTITY\s+([\w.-]+)\s+(["'])([^"'&<%]*)\2\s*>""")]
    private static partial Regex SimpleEntity();

    [GeneratedRegex("""&([\w.-]+);""")]
    private static partial Regex EntityReference();

    [GeneratedRegex("""[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]""")]
    private static partial Regex IllegalCharacters();

    [GeneratedRegex("""(<!\[CDATA\[.*?\]\]>|<!--.*?-->)|&(#[xX][0-9a-fA-F]+;?|#[0-9]+;?|[A-Za-z][A-Za-z0-9]*;)?""", RegexOptions.Singleline)]
    private static partial Regex Ampersand();

    [GeneratedRegex("""</?([A-Za-z_][\w.-]*):[A-Za-z_]""")]
    private static partial Regex UsedPrefix();
}
