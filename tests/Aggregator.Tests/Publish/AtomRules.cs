using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Aggregator.Tests.Publish;

/// <summary>
/// RFC 4287 validation: the XSD translation of its schema (testdata/publish/atom.xsd) for structure
/// and datatypes, then the MUST rules the schema's interleave carries and XSD cannot: cardinalities,
/// authors, content or alternate link, unique alternates, absolute IRIs.
/// </summary>
public static class AtomRules
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static readonly Lazy<XmlSchemaSet> Schema = new(() =>
    {
        var set = new XmlSchemaSet();
        set.Add(null, Path.Combine(AppContext.BaseDirectory, "testdata", "publish", "atom.xsd"));
        set.Compile();
        return set;
    });

    /// <summary>Every violation found; empty when the document is valid.</summary>
    public static List<string> Check(byte[] document)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Schema.Value, DtdProcessing = DtdProcessing.Prohibit };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"schema, line {e.Exception.LineNumber}: {e.Message}");
        using (var reader = XmlReader.Create(new MemoryStream(document), settings))
        {
            while (reader.Read())
            {
            }
        }

        var feed = XDocument.Load(new MemoryStream(document)).Root!;
        CheckFeed(feed, errors);
        return errors;
    }

    private static void CheckFeed(XElement feed, List<string> errors)
    {
        Once(feed, "feed", errors, "id", "title", "updated");
        AtMostOnce(feed, "feed", errors, "generator", "icon", "logo", "rights", "subtitle");
        UniqueAlternates(feed, "feed", errors);
        Absolute(feed.Element(Atom + "id"), "feed", errors);
        var feedHasAuthor = feed.Elements(Atom + "author").Any();
        foreach (var (entry, i) in feed.Elements(Atom + "entry").Select((e, i) => (e, i)))
        {
            var where = $"entry[{i}]";
            Once(entry, where, errors, "id", "title", "updated");
            AtMostOnce(entry, where, errors, "content", "published", "rights", "source", "summary");
            UniqueAlternates(entry, where, errors);
            Absolute(entry.Element(Atom + "id"), where, errors);
            var sourceHasAuthor = entry.Element(Atom + "source")?.Elements(Atom + "author").Any() == true;
            Require(entry.Elements(Atom + "author").Any() || feedHasAuthor || sourceHasAuthor, $"{where}: no atom:author (4.1.2)", errors);
            Require(entry.Element(Atom + "content") is not null || entry.Elements(Atom + "link").Any(l => (string?)l.Attribute("rel") is null or "alternate"),
                $"{where}: neither atom:content nor an alternate link (4.1.2)", errors);
            Require(entry.Element(Atom + "content")?.Attribute("src") is null || entry.Element(Atom + "summary") is not null,
                $"{where}: out-of-line content without a summary (4.1.2)", errors);
            foreach (var person in entry.Elements(Atom + "author").Concat(feed.Elements(Atom + "author")))
            {
                Require(person.Elements(Atom + "name").Count() == 1, $"{where}: a person construct needs exactly one atom:name (3.2)", errors);
            }
        }
    }

    private static void Once(XElement parent, string where, List<string> errors, params string[] names)
    {
        foreach (var name in names)
        {
            Require(parent.Elements(Atom + name).Count() == 1, $"{where}: needs exactly one atom:{name}", errors);
        }
    }

    private static void AtMostOnce(XElement parent, string where, List<string> errors, params string[] names)
    {
        foreach (var name in names)
        {
            Require(parent.Elements(Atom + name).Count() <= 1, $"{where}: more than one atom:{name}", errors);
        }
    }

    private static void UniqueAlternates(XElement parent, string where, List<string> errors)
    {
        var alternates = parent.Elements(Atom + "link").Where(l => (string?)l.Attribute("rel") is null or "alternate")
            .Select(l => $"{(string?)l.Attribute("type")}|{(string?)l.Attribute("hreflang")}").ToList();
        Require(alternates.Count == alternates.Distinct().Count(), $"{where}: two alternate links with the same type and hreflang", errors);
    }

    private static void Absolute(XElement? id, string where, List<string> errors) =>
        Require(id is not null && Uri.TryCreate(id.Value, UriKind.Absolute, out _), $"{where}: atom:id is not an absolute IRI", errors);

    private static void Require(bool condition, string message, List<string> errors)
    {
        if (!condition)
        {
            errors.Add(message);
        }
    }
}
