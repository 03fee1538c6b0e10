using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Aggregator.Parse;

/// <summary>
/// Reads JSON Feed 1.0 and 1.1. Done here rather than by CodeHollow.FeedReader, which rejects feeds whose
/// <c>version</c> is not the spec's URL and knows neither 1.1's <c>authors</c> nor <c>language</c>.
/// </summary>
internal static class JsonFeedReader
{
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    public static ParsedFeed Read(string json, Uri address)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException error)
        {
            throw new FeedParseException($"JSON error at line {error.LineNumber + 1}: {error.Message}", error);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var items) && !HasJsonFeedVersion(root))
            {
                throw new FeedParseException("not a feed: JSON without a JSON Feed version or items");
            }

            var feedItems = items.ValueKind == JsonValueKind.Array
                ? items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object).Select(i => ReadItem(i, address)).ToList()
                : [];
            return new ParsedFeed(
                "json",
                XmlText.PlainFromHtml(Text(root, "title")),
                Url(Text(root, "home_page_url"), address),
                XmlText.PlainFromHtml(Text(root, "description")),
                Text(root, "language"),
                null,
                Url(Text(root, "icon") ?? Text(root, "favicon"), address),
                feedItems);
        }
    }

    private static ParsedItem ReadItem(JsonElement item, Uri address)
    {
        var id = Text(item, "id");
        var link = Url(Text(item, "url") ?? Text(item, "external_url"), address);
        var title = XmlText.PlainFromHtml(Text(item, "title"));
        var published = FeedDates.Parse(Text(item, "date_published"));
        var updated = FeedDates.Parse(Text(item, "date_modified"));
        var summary = Text(item, "summary") is { } s ? WebUtility.HtmlEncode(s) : null;
        var content = Text(item, "content_html") ?? (Text(item, "content_text") is { } t ? WebUtility.HtmlEncode(t) : null);
        var categories = Array(item, "tags").Select(t => t.ValueKind == JsonValueKind.String ? XmlText.NullIfBlank(t.GetString()) : null)
            .OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var enclosures = Array(item, "attachments")
            .Select(a => Url(Text(a, "url"), address) is { } url ? new ParsedEnclosure(url, Text(a, "mime_type"), Number(a, "size_in_bytes")) : null)
            .OfType<ParsedEnclosure>().ToList();
        return new ParsedItem(id, ItemKeys.Of(id, link, title, published ?? updated, summary ?? content), title, link,
            published ?? updated, updated, ReadAuthors(item, address), categories, summary, content, enclosures);
    }

    /// <summary>1.1's <c>authors</c> array, else 1.0's single <c>author</c>.</summary>
    private static List<ParsedAuthor> ReadAuthors(JsonElement item, Uri address)
    {
        var people = Array(item, "authors");
        if (people.Count == 0 && item.TryGetProperty("author", out var single) && single.ValueKind == JsonValueKind.Object)
        {
            people.Add(single);
        }

        return people
            .Select(p => new ParsedAuthor(XmlText.PlainFromHtml(Text(p, "name")), null, Url(Text(p, "url"), address)))
            .Where(a => a.Name is not null || a.Uri is not null)
            .ToList();
    }

    private static bool HasJsonFeedVersion(JsonElement root) =>
        Text(root, "version")?.Contains("jsonfeed", StringComparison.OrdinalIgnoreCase) == true;

    private static string? Text(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => XmlText.NullIfBlank(value.GetString()),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    private static long? Number(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n
        : long.TryParse(Text(parent, name), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    private static List<JsonElement> Array(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [];

    private static string? Url(string? href, Uri address) =>
        href is null ? null : Uri.TryCreate(address, href, out var absolute) ? absolute.AbsoluteUri : href;
}
