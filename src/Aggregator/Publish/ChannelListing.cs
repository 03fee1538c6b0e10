using Aggregator.Query;
using Aggregator.Store;
using Microsoft.Data.Sqlite;

namespace Aggregator.Publish;

/// <summary>
/// One page of a channel: its own restrictions narrowed by the request's <c>q</c>, <c>source</c> and
/// <c>category</c>, one copy per story, keep/block words applied, and every copy of each story.
/// Keep and block words are words as the search index sees them (any case, accents ignored), so the
/// index finds the items, rather than a scan of the newest items testing each text.
/// </summary>
internal sealed class ChannelListing(ItemStore items, StoryStore stories)
{
    /// <summary>
    /// The newest items carrying a block word, read once per page when the channel has no search to add
    /// a NOT to; a page that reaches older items looks those up one by one.
    /// </summary>
    private const int MaxLeftOut = 2000;

    /// <param name="contentText">Whether the page's items carry their plain text (JSON Feed writes it; RSS and Atom do not).</param>
    public async Task<(ChannelPage? Page, string? Error)> ListAsync(Channel channel, IQueryCollection query, bool contentText, CancellationToken ct)
    {
        var requested = ItemQuery.Parse(query, channel.Size, out var error);
        if (requested is null)
        {
            return (null, error);
        }

        try
        {
            var filter = await NarrowAsync(channel, requested, Requested(query, "category"), ct);
            if (filter is null)
            {
                return (new ChannelPage([], new Dictionary<long, IReadOnlyList<StoryCopy>>(), null), null);
            }

            var rows = await items.ListAsync(filter with { ContentText = contentText }, ct);
            var shown = rows.Take(filter.Limit).ToList();
            var next = rows.Count > filter.Limit ? Cursor.For(ItemOrder.Newest, shown[^1], 0) : null;
            return (new ChannelPage(shown, await stories.CopiesOfAsync([.. shown.Select(i => i.Id)], ct), next), null);
        }
        catch (SqliteException e) when (FtsErrors.IsFtsError(e))
        {
            return (null, FtsErrors.Detail(e));
        }
    }

    /// <summary>The request may only narrow a channel; asking for what it excludes gives an empty page (null).</summary>
    private async Task<ItemFilter?> NarrowAsync(Channel channel, ItemFilter requested, List<string> asked, CancellationToken ct)
    {
        var sources = requested.SourceIds ?? [];
        if (channel.SourceUrls.Count > 0)
        {
            var own = await stories.SourceIdsAsync(channel.SourceUrls, ct);
            sources = sources.Count == 0 ? own : [.. sources.Intersect(own)];
            if (sources.Count == 0)
            {
                return null;
            }
        }

        IReadOnlyList<string> categories = asked;
        if (channel.Categories.Count > 0)
        {
            categories = asked.Count == 0 ? channel.Categories : [.. asked.Intersect(channel.Categories, StringComparer.OrdinalIgnoreCase)];
            if (categories.Count == 0)
            {
                return null;
            }
        }

        var match = new[] { channel.Match, requested.Match, AnyOf(channel.Keep) }.OfType<string>().ToList() switch
        {
            [] => null,
            [var one] => one,
            var all => string.Join(" AND ", all.Select(m => $"({m})")),
        };
        BlockedItems? blocked = null;
        if (AnyOf(channel.Block) is { } block)
        {
            // FTS5's NOT needs something to take from: with no search, the blocked items are found apart.
            if (match is null)
            {
                blocked = await items.MatchesToLeaveOutAsync(block, MaxLeftOut, ct);
            }
            else
            {
                match = $"({match}) NOT ({block})";
            }
        }

        return requested with
        {
            Match = match, SourceIds = sources, Categories = categories, Order = ItemOrder.Newest, OneCopyPerStory = true, Snippets = false,
            Blocked = blocked,
        };
    }

    /// <summary>Words as a search for any of them, each a quoted phrase (the channels file refuses a word without a letter or digit).</summary>
    private static string? AnyOf(IReadOnlyList<string> words) =>
        words.Count == 0 ? null : string.Join(" OR ", words.Select(FtsQuery.Quote));

    private static List<string> Requested(IQueryCollection query, string name) =>
        [.. query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}

/// <summary>A page of a channel; <see cref="Copies"/> lists, per shown item, every copy of its story, earliest first.</summary>
internal sealed record ChannelPage(IReadOnlyList<Item> Items, IReadOnlyDictionary<long, IReadOnlyList<StoryCopy>> Copies, string? NextCursor);
