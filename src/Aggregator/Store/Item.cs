namespace Aggregator.Store;

/// <summary>An article as stored: cleaned, sanitized HTML and its plain text.</summary>
internal sealed record Item(
    long Id,
    long SourceId,
    string? SourceTitle,
    string? SourceUrl,
    string Key,
    string? Guid,
    string? Url,
    string? Title,
    string? Author,
    DateTimeOffset? Published,
    DateTimeOffset? Updated,
    DateTimeOffset FetchedAt,
    DateTimeOffset SortAt,
    string? Summary,
    string? ContentHtml,
    string? ContentText,
    IReadOnlyList<string> Categories,
    IReadOnlyList<StoredEnclosure> Enclosures);

/// <summary>An attachment of an item.</summary>
internal sealed record StoredEnclosure(string Url, string? Type, long? Length);

/// <summary>An item ready to be written; <see cref="EntryHash"/> identifies the feed entry it came from.</summary>
internal sealed record ItemDraft(
    string Key,
    string? Guid,
    string? Url,
    string? Title,
    string? Author,
    DateTimeOffset? Published,
    DateTimeOffset? Updated,
    string? Summary,
    string? ContentHtml,
    string? ContentText,
    IReadOnlyList<string> Categories,
    IReadOnlyList<StoredEnclosure> Enclosures,
    string EntryHash)
{
    /// <summary>The entry's summary HTML as the feed gave it, kept to clean it again later.</summary>
    public string? FeedSummary { get; init; }

    /// <summary>The entry's content HTML as the feed gave it, kept to clean it again later.</summary>
    public string? FeedContent { get; init; }
}

/// <summary>How many items one write added and changed.</summary>
internal readonly record struct UpsertCounts(int Added, int Updated);

/// <summary>What a listing asks for. Times bound <c>sort_at</c> (published, else fetched).</summary>
/// <param name="Match">An FTS5 MATCH expression, already translated from the user's syntax.</param>
/// <param name="After">Keyset position: list only items ordered after this one.</param>
internal sealed record ItemFilter(
    string? Match = null,
    IReadOnlyList<long>? SourceIds = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    ItemOrder Order = ItemOrder.Newest,
    int Limit = 50,
    ItemPosition? After = null,
    int Offset = 0);

internal enum ItemOrder
{
    Newest,
    Oldest,
    Relevance,
}

/// <summary>A place in the newest/oldest order: the last item a page showed.</summary>
internal readonly record struct ItemPosition(long SortAt, long Id);
