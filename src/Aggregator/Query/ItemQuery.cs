using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Aggregator.Store;

namespace Aggregator.Query;

/// <summary>
/// The listing parameters shared by <c>/api/items</c> and the merged feeds, parsed from the
/// query string into an <see cref="ItemFilter"/>, with a precise reason for anything invalid.
/// </summary>
internal static class ItemQuery
{
    public const int MaxLimit = 500;

    public static ItemFilter? Parse(IQueryCollection query, int defaultLimit, out string? error)
    {
        error = null;
        string? match = null;
        if (Single(query, "q") is { Length: > 0 } q && (match = FtsQuery.Translate(q, out var qError)) is null)
        {
            error = $"q: {qError}.";
            return null;
        }

        var sources = new List<long>();
        foreach (var part in query["source"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                error = $"source: '{Clip(part)}' is not a source id (a whole number; list several with commas).";
                return null;
            }

            sources.Add(id);
        }

        var since = Instant(query, "since", ref error);
        var until = Instant(query, "until", ref error);
        var limit = Limit(query, defaultLimit, ref error);
        var order = Order(Single(query, "sort"), match is not null, ref error);
        var cursor = Single(query, "cursor") is { Length: > 0 } c ? Cursor.Decode(c, order, ref error) : default;
        return error is null
            ? new ItemFilter(match, sources, since, until, order, limit, cursor.After, cursor.Offset)
            : null;
    }

    private static string? Single(IQueryCollection query, string name) => query[name].LastOrDefault();

    private static DateTimeOffset? Instant(IQueryCollection query, string name, ref string? error)
    {
        if (Single(query, name) is not { Length: > 0 } text)
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

    private static int Limit(IQueryCollection query, int defaultLimit, ref string? error)
    {
        if (Single(query, "limit") is not { Length: > 0 } text)
        {
            return defaultLimit;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxLimit)
        {
            return limit;
        }

        error ??= $"limit: '{Clip(text)}' is not a whole number from 1 to {MaxLimit}.";
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

/// <summary>
/// Opaque paging cursors. Newest/oldest pages continue after the last item's (sort time, id),
/// so arrivals never shift a walk; relevance pages, whose order has no stable key, use an offset.
/// </summary>
internal static class Cursor
{
    public static string For(ItemOrder order, Item last, int nextOffset) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
        order == ItemOrder.Relevance
            ? $"r:{nextOffset}"
            : $"{(order == ItemOrder.Oldest ? 'o' : 'n')}:{last.SortAt.ToUnixTimeMilliseconds()}:{last.Id}"));

    public static (ItemPosition? After, int Offset) Decode(string cursor, ItemOrder order, ref string? error)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            text = "";
        }

        var parts = text.Split(':');
        var expected = order switch { ItemOrder.Relevance => "r", ItemOrder.Oldest => "o", _ => "n" };
        if (parts.Length == 2 && parts[0] == expected && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var offset) && offset >= 0)
        {
            return (null, offset);
        }

        if (parts.Length == 3 && parts[0] == expected
            && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var sortAt)
            && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var id))
        {
            return (new ItemPosition(sortAt, id), 0);
        }

        error ??= "cursor: not a cursor this service issued for this sort order; pass nextCursor from the previous page unchanged.";
        return (null, 0);
    }
}
