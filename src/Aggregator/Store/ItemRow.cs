using System.Text.Json;

namespace Aggregator.Store;

/// <summary>An <c>items</c> row joined with its source, as Dapper reads it.</summary>
internal sealed class ItemRow
{
    public long Id { get; set; }
    public long SourceId { get; set; }
    public string? SourceTitle { get; set; }
    public string? SourceUrl { get; set; }
    public string ItemKey { get; set; } = "";
    public string? Guid { get; set; }
    public string? Url { get; set; }
    public string? Title { get; set; }
    public string? Author { get; set; }
    public long? PublishedAt { get; set; }
    public long? UpdatedAt { get; set; }
    public long FetchedAt { get; set; }
    public long SortAt { get; set; }
    public string? Summary { get; set; }
    public string? ContentHtml { get; set; }
    public string? ContentText { get; set; }
    public string Categories { get; set; } = "[]";
    public string Enclosures { get; set; } = "[]";
    public string? Language { get; set; }
    public bool Starred { get; set; }

    public Item ToItem(string? snippet = null) => new(
        Id, SourceId, SourceTitle, SourceUrl, ItemKey, Guid, Url, Title, Author,
        UnixTime.FromUnixMs(PublishedAt), UnixTime.FromUnixMs(UpdatedAt),
        UnixTime.FromUnixMs(FetchedAt)!.Value, UnixTime.FromUnixMs(SortAt)!.Value,
        Summary, ContentHtml, ContentText,
        JsonSerializer.Deserialize<string[]>(Categories) ?? [],
        JsonSerializer.Deserialize<StoredEnclosure[]>(Enclosures, StoreJson.Options) ?? [],
        Language, snippet)
    {
        Starred = Starred,
    };
}

internal static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
