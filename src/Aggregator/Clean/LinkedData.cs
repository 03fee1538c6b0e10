using System.Text.Json;
using AngleSharp.Dom;

namespace Aggregator.Clean;

/// <summary>The article described by a page's schema.org JSON-LD, if it has one.</summary>
internal sealed record LinkedData(string? Headline, string? Author, string? DatePublished)
{
    private static readonly HashSet<string> ArticleTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Article", "NewsArticle", "BlogPosting", "Report", "ReportageNewsArticle", "AnalysisNewsArticle",
        "OpinionNewsArticle", "TechArticle", "ScholarlyArticle", "LiveBlogPosting", "WebPage", "Posting",
    };

    public static readonly LinkedData None = new(null, null, null);

    /// <summary>Reads the first article-like object from the page's JSON-LD scripts.</summary>
    public static LinkedData Read(IDocument document)
    {
        foreach (var script in document.QuerySelectorAll("script[type='application/ld+json']"))
        {
            var found = Parse(script.TextContent);
            if (found is not null)
            {
                return found;
            }
        }

        return None;
    }

    private static LinkedData? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true });
            return Find(document.RootElement);
        }
        catch (JsonException)
        {
            // Hand-written JSON-LD is often invalid; the page's other metadata still applies.
            return null;
        }
    }

    private static LinkedData? Find(JsonElement node)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            return node.EnumerateArray().Select(Find).FirstOrDefault(found => found is not null);
        }

        if (node.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (node.TryGetProperty("@graph", out var graph))
        {
            return Find(graph);
        }

        if (!IsArticle(node))
        {
            return null;
        }

        return new LinkedData(Text(node, "headline") ?? Text(node, "name"), Names(node), Text(node, "datePublished"));
    }

    private static bool IsArticle(JsonElement node)
    {
        if (!node.TryGetProperty("@type", out var type))
        {
            return node.TryGetProperty("headline", out _);
        }

        var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().ToList() : [type];
        var article = types.Any(t => t.ValueKind == JsonValueKind.String && ArticleTypes.Contains(t.GetString()!));
        return article && (node.TryGetProperty("headline", out _) || node.TryGetProperty("datePublished", out _));
    }

    private static string? Text(JsonElement node, string property) =>
        node.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()?.Trim()
            : null;

    private static string? Names(JsonElement node)
    {
        if (!node.TryGetProperty("author", out var author))
        {
            return null;
        }

        var people = author.ValueKind == JsonValueKind.Array ? author.EnumerateArray().ToList() : [author];
        var names = people
            .Select(p => p.ValueKind == JsonValueKind.String ? p.GetString() : Text(p, "name"))
            .Where(n => !string.IsNullOrWhiteSpace(n))
            .ToList();
        return names.Count > 0 ? string.Join(", ", names) : null;
    }
}
