using System.Globalization;
using Aggregator.Store;

namespace Aggregator.Query;

/// <summary>
/// The listing parameters shared by <c>/api/items</c>, facets, export and the merged feeds,
/// parsed from the query string into an <see cref="ItemFilter"/>, with a precise reason for anything invalid.
/// </summary>
internal static class ItemQuery
{
    public const int MaxLimit = 500;

    public static ItemFilter? Parse(IQueryCollection query, int defaultLimit, out string? error) =>
        Parse(query, defaultLimit, MaxLimit, out error);

    public static ItemFilter? Parse(IQueryCollection query, int defaultLimit, int maxLimit, out string? error)
    {
        error = CheckControlCharacters(query);
        string? match = null;
        if (Single(query, "q", ref error) is { Length: > 0 } q && error is null && (match = FtsQuery.Translate(q, out var qError)) is null)
        {
            error = $"q: {qError}.";
        }

        if (error is not null)
        {
            return null;
        }

        var sources = SourceIds(query, ref error);
        var since = Instant(query, "since", ref error);
        var until = Instant(query, "until", ref error);
        var limit = Limit(query, defaultLimit, maxLimit, ref error);
        var order = Order(Single(query, "sort", ref error), match is not null, ref error);
        var cursor = Single(query, "cursor", ref error) is { Length: > 0 } c ? Cursor.Decode(c, order, ref error) : default;
        var filter = new ItemFilter(match, sources, since, until, order, limit, cursor.After, cursor.Offset);
        filter = ItemFilters.Apply(query, filter, ref error);
        return error is null ? filter : null;
    }

    /// <summary>
    /// The value of a parameter that takes one. Given twice (<c>q=a&amp;q=b</c>, <c>since=…&amp;since=…</c>), which
    /// was meant cannot be known, and taking the last silently answered another question than the one
    /// asked: that is an error naming it. Lists (source, category, author, language) are read whole instead.
    /// </summary>
    /// <param name="list">The value is a comma-separated list: the error says to put several in one.</param>
    public static string? Single(IQueryCollection query, string name, ref string? error, bool list = false)
    {
        var values = query[name];
        if (values.Count > 1)
        {
            error ??= $"{name}: given {values.Count} times; give it once{(list ? $" (several {name} go in one, comma-separated: {name}=a,b)" : "")}.";
        }

        return values.LastOrDefault();
    }

    /// <summary>NUL and other control characters never mean anything in a parameter; refuse them by name.</summary>
    public static string? CheckControlCharacters(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            if (name.Any(char.IsControl) || values.Any(v => v is not null && v.Any(char.IsControl)))
            {
                return $"{Clip(new string([.. name.Where(ch => !char.IsControl(ch))]))}: contains a control character (such as NUL); remove it.";
            }
        }

        return null;
    }

    public static List<long> SourceIds(IQueryCollection query, ref string? error)
    {
        var sources = new List<long>();
        foreach (var part in query["source"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                error ??= $"source: '{Clip(part)}' is not a source id (a whole number; list several with commas).";
                continue;
            }

            sources.Add(id);
        }

        return sources;
    }

    public static DateTimeOffset? Instant(IQueryCollection query, string name, ref string? error)
    {
        if (Single(query, name, ref error) is not { Length: > 0 } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            && text.Length >= 10 && char.IsDigit(text[0]))
        {
            return value;
        }

        error ??= $"{name}: '{Clip(text)}' is not an ISO 8601 date or instant, such as 2024-06-01 or 2024-06-01T12:00:00Z.";
        return null;
    }

    public static int Limit(IQueryCollection query, int defaultLimit, int maxLimit, ref string? error, string name = "limit")
    {
        if (Single(query, name, ref error) is not { Length: > 0 } text)
        {
            return defaultLimit;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit >= 1 && limit <= maxLimit)
        {
            return limit;
        }

        error ??= $"{name}: '{Clip(text)}' is not a whole number from 1 to {maxLimit}.";
        return defaultLimit;
    }

    private static ItemOrder Order(string? text, bool hasQuery, ref string? error)
    {
        switch (text)
        {
            case null or "" or "newest":
                return ItemOrder.Newest;
            case "oldest":
                return ItemOrder.Oldest;
            case "relevance" when hasQuery:
                return ItemOrder.Relevance;
            case "relevance":
                error ??= "sort: relevance needs a search query in q.";
                return ItemOrder.Newest;
            default:
                error ??= $"sort: '{Clip(text)}' is not one of newest, oldest, relevance.";
                return ItemOrder.Newest;
        }
    }

    public static string Clip(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
