using System.Xml.Linq;

namespace Aggregator.Tests.Clean;

/// <summary>The seed article's fixtures, with {{base}} replaced by a loopback origin.</summary>
internal static class SeedFiles
{
    public const string Origin = "http://127.0.0.1:5000";

    public static readonly Uri PageUrl =
        new(Origin + "/us-taliban-to-resume-talks-with-a-focus-on-counterterrorism-operations/");

    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "seed", name))
            .Replace("{{base}}", Origin, StringComparison.Ordinal);

    public static string[] BoilerplateLines() =>
        Read("boilerplate.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static (string Summary, string? Content) FeedItem(string feedFile)
    {
        XNamespace content = "http://purl.org/rss/1.0/modules/content/";
        var item = XDocument.Parse(Read(feedFile)).Descendants("item").Single();
        return (item.Element("description")!.Value, item.Element(content + "encoded")?.Value);
    }

    /// <summary>Runs of spaces collapsed, lines trimmed, paragraphs one blank line apart.</summary>
    public static string Normalize(string text)
    {
        var paragraphs = text.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(p => string.Join('\n', p.Split('\n').Select(CollapseSpaces).Where(l => l.Length > 0)))
            .Where(p => p.Length > 0);
        return string.Join("\n\n", paragraphs);
    }

    private static string CollapseSpaces(string line) =>
        string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim();
}
