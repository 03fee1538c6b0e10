using System.Text.Json;

namespace Aggregator.Publish;

/// <summary>JSON Feed 1.1; each item's origin is in <c>_source</c>, an extension object as the spec allows.</summary>
internal static class JsonFeedWriter
{
    private const int FlushAt = 16 * 1024;

    public static async Task WriteAsync(FeedDocument feed, Stream output, CancellationToken ct)
    {
        await using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("version", "https://jsonfeed.org/version/1.1");
        json.WriteString("title", feed.Title);
        json.WriteString("description", feed.Description);
        json.WriteString("home_page_url", feed.HomeUrl.AbsoluteUri);
        json.WriteString("feed_url", feed.SelfUrl.AbsoluteUri);
        WriteOptional(json, "next_url", feed.NextUrl?.AbsoluteUri);
        if (feed.HubUrl is not null)
        {
            json.WriteStartArray("hubs");
            json.WriteStartObject();
            json.WriteString("type", "WebSub");
            json.WriteString("url", feed.HubUrl.AbsoluteUri);
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteStartArray("items");
        foreach (var item in feed.Items)
        {
            json.WriteStartObject();
            json.WriteString("id", FeedDocument.IdOf(item));
            WriteOptional(json, "url", FeedDocument.SafeUrl(item.Url));
            json.WriteString("title", item.Title ?? "");
            WriteOptional(json, "content_html", item.ContentHtml);
            WriteOptional(json, "content_text", item.ContentText);
            WriteOptional(json, "summary", item.Summary);
            if (item.Published is { } published)
            {
                json.WriteString("date_published", published.UtcDateTime);
            }

            json.WriteString("date_modified", FeedDocument.UpdatedOf(item).UtcDateTime);
            if (item.Author is not null)
            {
                json.WriteStartArray("authors");
                json.WriteStartObject();
                json.WriteString("name", item.Author);
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteStartArray("tags");
            item.Categories.ToList().ForEach(json.WriteStringValue);
            json.WriteEndArray();
            WriteAttachments(json, item);
            WriteProvenance(json, feed, item);
            json.WriteEndObject();
            if (json.BytesPending > FlushAt)
            {
                // The writer otherwise holds the whole document in one growing array (large-object heap).
                await json.FlushAsync(ct);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }

    /// <summary><c>_source</c>: the origin feed; <c>_also_in</c>: every other source that carried the story, earliest first.</summary>
    private static void WriteProvenance(Utf8JsonWriter json, FeedDocument feed, Store.Item item)
    {
        json.WriteStartObject("_source");
        WriteOptional(json, "title", item.SourceTitle);
        WriteOptional(json, "feed_url", FeedDocument.SafeUrl(item.SourceUrl));
        json.WriteEndObject();
        json.WriteStartArray("_also_in");
        foreach (var copy in feed.OtherCopiesOf(item))
        {
            json.WriteStartObject();
            WriteOptional(json, "title", copy.SourceTitle);
            WriteOptional(json, "feed_url", FeedDocument.SafeUrl(copy.SourceUrl));
            WriteOptional(json, "url", FeedDocument.SafeUrl(copy.Url));
            json.WriteString("date_published", copy.SortAt.UtcDateTime);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteAttachments(Utf8JsonWriter json, Store.Item item)
    {
        if (!item.Enclosures.Any(e => FeedDocument.SafeUrl(e.Url) is not null))
        {
            return;
        }

        json.WriteStartArray("attachments");
        foreach (var enclosure in item.Enclosures.Where(e => FeedDocument.SafeUrl(e.Url) is not null))
        {
            json.WriteStartObject();
            json.WriteString("url", FeedDocument.SafeUrl(enclosure.Url));
            json.WriteString("mime_type", enclosure.Type ?? "application/octet-stream");
            if (enclosure.Length is { } length)
            {
                json.WriteNumber("size_in_bytes", length);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
