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
    IReadOnlyList<StoredEnclosure> Enclosures,
    string? Language = null,
    string? Snippet = null)
{
    /// <summary>Starred by an operator: retention never removes it.</summary>
    public bool Starred { get; init; }
}

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
    string EntryHash,
    string? Language = null)
{
    /// <summary>The entry's summary HTML as the feed gave it, kept to clean it again later.</summary>
    public string? FeedSummary { get; init; }

    /// <summary>The entry's content HTML as the feed gave it, kept to clean it again later.</summary>
    public string? FeedContent { get; init; }
}

/// <summary>How many items one write added and changed.</summary>
internal readonly record struct UpsertCounts(int Added, int Updated);

/// <summary>What a listing asks for. Every filter present must hold; values within one filter are alternatives.</summary>
/// <param name="Match">An FTS5 MATCH expression, already translated from the user's syntax.</param>
/// <param name="Since">Bounds <c>sort_at</c> (published, else fetched), or <c>fetched_at</c> when <paramref name="OnFetched"/>.</param>
/// <param name="After">Keyset position: list only items ordered after this one.</param>
/// <param name="Languages">Language tags; <c>en</c> also matches <c>en-gb</c>.</param>
/// <param name="OneCopyPerStory">Only the earliest copy of each story among the listed sources.</param>
/// <param name="Starred">Only starred items (true) or only the others (false).</param>
internal sealed record ItemFilter(
    string? Match = null,
    IReadOnlyList<long>? SourceIds = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    ItemOrder Order = ItemOrder.Newest,
    int Limit = 50,
    ItemPosition? After = null,
    int Offset = 0,
    IReadOnlyList<string>? Categories = null,
    IReadOnlyList<string>? Authors = null,
    IReadOnlyList<string>? Languages = null,
    bool? HasEnclosure = null,
    bool OnFetched = false,
    bool OneCopyPerStory = false,
    bool? Starred = null)
{
    /// <summary>Items of sources filed under any of these categories (or folders inside them).</summary>
    public IReadOnlyList<string>? SourceCategories { get; init; }

    /// <summary>Items of sources with any of these tags.</summary>
    public IReadOnlyList<string>? SourceTags { get; init; }

    /// <summary>Whether a search reads a highlighted snippet per item (feeds do not show them).</summary>
    public bool Snippets { get; init; } = true;

    /// <summary>Whether the items' plain text is read: the longest column, and RSS and Atom do not write it.</summary>
    public bool ContentText { get; init; } = true;

    /// <summary>Items left out because the search index matches them to this (a channel's block words).</summary>
    public BlockedItems? Blocked { get; init; }
}

/// <summary>
/// Items matching <see cref="Match"/>, found once for a listing: <see cref="Ids"/> (a JSON array) holds
/// every match with an id from <see cref="Floor"/> to <see cref="Ceiling"/> (the largest id stored just
/// before they were read). An item outside that range, older or stored since, is looked up on its own,
/// which a newest-first page rarely needs.
/// </summary>
internal sealed record BlockedItems(string Match, string Ids, long Floor, long Ceiling);

internal enum ItemOrder
{
    Newest,
    Oldest,
    Relevance,
}

/// <summary>A place in the newest/oldest order: the last item a page showed.</summary>
internal readonly record struct ItemPosition(long SortAt, long Id);
