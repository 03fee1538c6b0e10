namespace Aggregator.Parse;

/// <summary>A feed as we understand it, independent of the library that read it.</summary>
/// <param name="Format">One of <c>rss</c>, <c>atom</c>, <c>rdf</c>, <c>json</c>.</param>
internal sealed record ParsedFeed(
    string Format,
    string? Title,
    string? Link,
    string? Description,
    string? Language,
    DateTimeOffset? Updated,
    string? Image,
    IReadOnlyList<ParsedItem> Items)
{
    /// <summary>The feed's own hint of how often to poll it (RSS <c>ttl</c>, <c>sy:updatePeriod</c>), if any.</summary>
    public TimeSpan? RefreshHint { get; init; }
}

/// <summary>One entry of a feed. <see cref="Key"/> is stable across fetches.</summary>
/// <param name="Id">The id the feed gave (guid, Atom id), or null.</param>
/// <param name="Key">Guid, else link, else a hash of title and date: what makes a re-fetch an update.</param>
/// <param name="Summary">HTML as the feed gave it.</param>
/// <param name="Content">HTML as the feed gave it (<c>content:encoded</c>, Atom content).</param>
internal sealed record ParsedItem(
    string? Id,
    string Key,
    string? Title,
    string? Link,
    DateTimeOffset? Published,
    DateTimeOffset? Updated,
    IReadOnlyList<ParsedAuthor> Authors,
    IReadOnlyList<string> Categories,
    string? Summary,
    string? Content,
    IReadOnlyList<ParsedEnclosure> Enclosures);

/// <summary>An author as a feed names one; any part may be missing.</summary>
internal sealed record ParsedAuthor(string? Name, string? Email, string? Uri);

/// <summary>A media attachment.</summary>
internal sealed record ParsedEnclosure(string Url, string? Type, long? Length);
