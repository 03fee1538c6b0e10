using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Aggregator.Parse;

/// <summary>Reads the author forms feeds use: "email (Name)", "Name &lt;email&gt;", Atom persons, dc:creator.</summary>
internal static partial class Authors
{
    /// <summary>Splits an RSS-style author string into name and email.</summary>
    public static ParsedAuthor? FromText(string? text)
    {
        // Split before stripping markup: "Name <email>" would otherwise lose the address as a tag.
        var raw = XmlText.NullIfBlank(text);
        if (raw is null)
        {
            return null;
        }

        var parenthesized = EmailThenName().Match(raw);
        if (parenthesized.Success)
        {
            return new ParsedAuthor(XmlText.PlainFromHtml(parenthesized.Groups[2].Value), parenthesized.Groups[1].Value, null);
        }

        var nameFirst = NameThenParenthesizedEmail().Match(raw);
        if (nameFirst.Success)
        {
            return new ParsedAuthor(XmlText.PlainFromHtml(nameFirst.Groups[1].Value), nameFirst.Groups[2].Value, null);
        }

        var angled = NameThenEmail().Match(raw.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal));
        if (angled.Success)
        {
            return new ParsedAuthor(XmlText.PlainFromHtml(angled.Groups[1].Value.Trim('"', ' ')), angled.Groups[2].Value, null);
        }

        var value = XmlText.PlainFromHtml(raw);
        return value is null ? null
            : Email().IsMatch(value) ? new ParsedAuthor(null, value, null)
            : new ParsedAuthor(value, null, null);
    }

    /// <summary>An Atom person construct (author, contributor).</summary>
    public static ParsedAuthor? FromPerson(XElement person, Uri address)
    {
        var name = XmlText.Plain(XmlText.AtomChild(person, "name"));
        var email = XmlText.Value(XmlText.AtomChild(person, "email"));
        var uriElement = XmlText.AtomChild(person, "uri") ?? XmlText.AtomChild(person, "url") ?? XmlText.AtomChild(person, "homepage");
        var uri = uriElement is null ? null : XmlText.Absolute(uriElement.Value, uriElement, address);
        if (name is null && email is null && uri is null)
        {
            // Some feeds put the name straight into <author>.
            return FromText(person.Value);
        }

        return new ParsedAuthor(name, email, uri);
    }

    /// <summary>Adds an author unless one with the same name and email is already there.</summary>
    public static void AddDistinct(List<ParsedAuthor> authors, ParsedAuthor? author)
    {
        if (author is not null && !authors.Exists(a => string.Equals(a.Name, author.Name, StringComparison.OrdinalIgnoreCase)
            && (a.Email is null || author.Email is null || a.Email == author.Email)))
        {
            authors.Add(author);
        }
    }

    [GeneratedRegex("""^\s*([^\s()<>@]+@[^\s()<>]+)\s*\((.+)\)\s*$""")]
    private static partial Regex EmailThenName();

    [GeneratedRegex("""^\s*(.+?)\s*\(\s*(?:mailto:)?([^\s()<>@]+@[^\s()<>]+)\s*\)\s*$""")]
    private static partial Regex NameThenParenthesizedEmail();

    [GeneratedRegex("""^\s*(.*?)\s*<([^\s<>@]+@[^\s<>]+)>\s*$""")]
    private static partial Regex NameThenEmail();

    [GeneratedRegex("""^[^\s@]+@[^\s@]+\.[^\s@]+$""")]
    private static partial Regex Email();
}
