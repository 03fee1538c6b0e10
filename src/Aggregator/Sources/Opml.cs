using System.Text;
using System.Xml;
using System.Xml.Linq;
using Aggregator.Store;

namespace Aggregator.Sources;

/// <summary>
/// OPML 2.0 in and out. Categories travel two ways that readers understand: folders (outlines
/// without <c>xmlUrl</c> holding feeds) and the <c>category</c> attribute, where <c>/News/World</c>
/// is the category and entries without a leading slash are tags. Reading refuses DTDs, like every XML we read.
/// </summary>
internal static class Opml
{
    /// <summary>An outline that names a feed; <see cref="Url"/> is as the file spells it, <see cref="Category"/> unchecked.</summary>
    public sealed record Outline(string Url, string? Title, string? Category = null, IReadOnlyList<string>? Tags = null);

    /// <summary>Sources grouped in nested folder outlines by category; the unfiled ones at the top level.</summary>
    public static XDocument Write(IEnumerable<Source> sources, DateTimeOffset now)
    {
        var body = new XElement("body");
        foreach (var source in sources.OrderBy(s => s.Settings.Category is null).ThenBy(s => s.Settings.Category, StringComparer.OrdinalIgnoreCase))
        {
            FolderOf(body, source.Settings.Category).Add(FeedOutline(source));
        }

        return new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement("opml", new XAttribute("version", "2.0"),
                new XElement("head",
                    new XElement("title", "Aggregator sources"),
                    new XElement("dateCreated", now.ToString("R"))),
                body));
    }

    /// <summary>Writes the document as indented UTF-8 without a byte order mark, as the API serves it and the CLI prints it.</summary>
    public static async Task SaveAsync(XDocument document, Stream stream, CancellationToken ct)
    {
        var settings = new XmlWriterSettings { Async = true, Indent = true, Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false) };
        await using var writer = XmlWriter.Create(stream, settings);
        await document.SaveAsync(writer, ct);
    }

    /// <summary>Every outline with an <c>xmlUrl</c>, at any depth; throws <see cref="XmlException"/> on a broken document.</summary>
    public static IReadOnlyList<Outline> Read(Stream stream)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, Async = false };
        using var reader = XmlReader.Create(stream, settings);
        var document = XDocument.Load(reader);
        if (document.Root?.Name.LocalName != "opml")
        {
            throw new XmlException("the root element is not <opml>");
        }

        return [.. document.Descendants("outline")
            .Where(o => o.Attribute("xmlUrl") is not null)
            .Select(o =>
            {
                var (category, tags) = ParseCategoryAttribute((string?)o.Attribute("category"));
                return new Outline(((string)o.Attribute("xmlUrl")!).Trim(), NameOf(o), category ?? FolderPath(o), tags);
            })];
    }

    private static XElement FeedOutline(Source s)
    {
        var category = string.Join(',', (s.Settings.Category is { } c ? ["/" + c] : Array.Empty<string>()).Concat(s.Settings.Tags));
        return new XElement("outline",
            new XAttribute("type", "rss"),
            new XAttribute("text", s.Title ?? s.Url),
            new XAttribute("title", s.Title ?? s.Url),
            new XAttribute("xmlUrl", s.Url),
            s.SiteUrl is null ? null : new XAttribute("htmlUrl", s.SiteUrl),
            category.Length == 0 ? null : new XAttribute("category", category));
    }

    /// <summary>The folder outline for a category path, created on the way down.</summary>
    private static XElement FolderOf(XElement body, string? category)
    {
        var folder = body;
        foreach (var segment in category?.Split('/') ?? [])
        {
            var child = folder.Elements("outline").FirstOrDefault(o => o.Attribute("xmlUrl") is null && (string?)o.Attribute("text") == segment);
            if (child is null)
            {
                child = new XElement("outline", new XAttribute("text", segment), new XAttribute("title", segment));
                folder.Add(child);
            }

            folder = child;
        }

        return folder;
    }

    /// <summary><c>/News/World,climate</c>: the first slash path is the category, entries without a slash are tags.</summary>
    private static (string? Category, IReadOnlyList<string> Tags) ParseCategoryAttribute(string? value)
    {
        var entries = (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (entries.FirstOrDefault(e => e.StartsWith('/')), [.. entries.Where(e => !e.Contains('/', StringComparison.Ordinal))]);
    }

    /// <summary>The names of the folder outlines around a feed outline, outermost first, joined by <c>/</c>.</summary>
    private static string? FolderPath(XElement outline)
    {
        var names = outline.Ancestors("outline").Reverse().Select(NameOf).OfType<string>().ToList();
        return names.Count == 0 ? null : string.Join('/', names.Select(n => n.Replace('/', '-')));
    }

    private static string? NameOf(XElement outline)
    {
        var name = (string?)outline.Attribute("title") ?? (string?)outline.Attribute("text");
        return string.IsNullOrWhiteSpace(name) ? null : name.Trim();
    }
}
