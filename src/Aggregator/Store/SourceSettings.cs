using System.Text.Json.Serialization;

namespace Aggregator.Store;

/// <summary>
/// What an operator sets on a source beyond its address, title, interval and full-page mode: where
/// it is filed, the bounds on its polling interval, and the rules that keep or block its items.
/// </summary>
internal sealed record SourceSettings
{
    public static SourceSettings None { get; } = new();

    /// <summary>A folder-like path such as <c>News/World</c>; null when the source is not filed.</summary>
    public string? Category { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Narrows the global lower bound for this source; null keeps it.</summary>
    public int? MinIntervalMinutes { get; init; }

    /// <summary>Narrows the global upper bound for this source, backoff included; null keeps it.</summary>
    public int? MaxIntervalMinutes { get; init; }

    /// <summary>Keep/block rules in the operator's order.</summary>
    public IReadOnlyList<FilterRule> Filters { get; init; } = [];

    /// <summary>Whether the source is filed under <paramref name="category"/> or a folder inside it (<c>News</c> holds <c>News/World</c>), ignoring case.</summary>
    public bool IsIn(string category)
    {
        var wanted = category.Trim().Trim('/');
        return Category is { } mine && (mine.Equals(wanted, StringComparison.OrdinalIgnoreCase)
            || mine.StartsWith(wanted + "/", StringComparison.OrdinalIgnoreCase));
    }

    public bool HasTag(string tag) => Tags.Contains(tag.Trim(), StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// One keep/block rule: <see cref="Words"/> (case-insensitive whole words or phrases, any of them) or
/// <see cref="Regex"/> (.NET syntax, case-sensitive unless it says <c>(?i)</c>) matched against <see cref="Field"/>.
/// Exactly one of the two is set.
/// </summary>
internal sealed record FilterRule(FilterAction Action, FilterField Field, IReadOnlyList<string>? Words, string? Regex);

/// <summary>What a matching rule does to an item.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FilterAction>))]
internal enum FilterAction
{
    /// <summary>When a source has keep rules, only items matching one of them are stored.</summary>
    [JsonStringEnumMemberName("keep")]
    Keep,

    /// <summary>An item matching the rule is dropped, whatever the keep rules say.</summary>
    [JsonStringEnumMemberName("block")]
    Block,
}

/// <summary>The part of an item a rule reads.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FilterField>))]
internal enum FilterField
{
    [JsonStringEnumMemberName("any")]
    Any,

    [JsonStringEnumMemberName("title")]
    Title,

    /// <summary>The plain text: the feed's summary and content before the page fetch, the stored article text after.</summary>
    [JsonStringEnumMemberName("text")]
    Text,

    [JsonStringEnumMemberName("author")]
    Author,

    [JsonStringEnumMemberName("url")]
    Url,
}
