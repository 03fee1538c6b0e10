using System.Text.RegularExpressions;
using Aggregator.Query;
using Aggregator.Store;
using Microsoft.Data.Sqlite;

namespace Aggregator.Publish;

/// <summary>
/// One page of a channel: its own restrictions narrowed by the request's <c>q</c>, <c>source</c> and
/// <c>category</c>, one copy per story, keep/block words applied, and every copy of each story.
/// </summary>
internal sealed class ChannelListing(ItemStore items, StoryStore stories)
{
    /// <summary>Keep/block words are checked here, not in SQL; this bounds the rows read to fill a page.</summary>
    private const int MaxScanned = 2000;

    public async Task<(ChannelPage? Page, string? Error)> ListAsync(Channel channel, IQueryCollection query, CancellationToken ct)
    {
        var requested = ItemQuery.Parse(query, channel.Size, out var error);
        if (requested is null)
        {
            return (null, error);
        }

        var filter = await NarrowAsync(channel, requested, Requested(query, "category"), ct);
        if (filter is null)
        {
            return (new ChannelPage([], new Dictionary<long, IReadOnlyList<StoryCopy>>(), null), null);
        }

        try
        {
            var (shown, next) = await ReadAsync(filter, WordTest(channel), ct);
            return (new ChannelPage(shown, await stories.CopiesOfAsync([.. shown.Select(i => i.Id)], ct), next), null);
        }
        catch (SqliteException e) when (e.Message.Contains("fts5", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "q: the search expression is not valid.");
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

        var match = new[] { channel.Match, requested.Match, KeepMatch(channel.Keep) }.OfType<string>().ToList() switch
        {
            [] => null,
            [var one] => one,
            var all => string.Join(" AND ", all.Select(m => $"({m})")),
        };
        return requested with { Match = match, SourceIds = sources, Categories = categories, Order = ItemOrder.Newest, OneCopyPerStory = true, Snippets = false };
    }

    private async Task<(IReadOnlyList<Item> Shown, string? Next)> ReadAsync(ItemFilter filter, Func<Item, bool> wanted, CancellationToken ct)
    {
        var shown = new List<Item>();
        var scanned = 0;
        while (true)
        {
            var rows = await items.ListAsync(filter, ct);
            foreach (var row in rows.Take(filter.Limit))
            {
                scanned++;
                if (wanted(row) && shown.Count < filter.Limit)
                {
                    shown.Add(row);
                }

                if (shown.Count == filter.Limit || scanned >= MaxScanned)
                {
                    var more = !ReferenceEquals(row, rows[^1]) || rows.Count > filter.Limit;
                    return (shown, more ? Cursor.For(ItemOrder.Newest, row, 0) : null);
                }
            }

            if (rows.Count <= filter.Limit)
            {
                return (shown, null);
            }

            filter = filter with { After = new ItemPosition(rows[filter.Limit - 1].SortAt.ToUnixMs(), rows[filter.Limit - 1].Id) };
        }
    }

    /// <summary>
    /// Keep words as a search: the index finds the items holding any of them instead of a scan of the
    /// newest items that may not hold one in thousands. The index's tokens are looser than whole words
    /// (it splits at punctuation and ignores diacritics), so <see cref="WordTest"/> still decides. A word
    /// without a letter or digit has no token to look up, and then the words are only scanned for.
    /// </summary>
    private static string? KeepMatch(IReadOnlyList<string> keep) =>
        keep.Count == 0 || !keep.All(w => w.Any(char.IsLetterOrDigit))
            ? null
            : string.Join(" OR ", keep.Select(w => $"\"{w.Replace("\"", "\"\"", StringComparison.Ordinal)}\""));

    private static Func<Item, bool> WordTest(Channel channel)
    {
        if (channel.Keep.Count == 0 && channel.Block.Count == 0)
        {
            return _ => true;
        }

        var keep = Words(channel.Keep);
        var block = Words(channel.Block);
        return item =>
        {
            var text = $"{item.Title}\n{item.ContentText}";
            return (keep is null || keep.IsMatch(text)) && (block is null || !block.IsMatch(text));
        };
    }

    private static Regex? Words(IReadOnlyList<string> words) => words.Count == 0 ? null : new Regex(
        $@"\b(?:{string.Join('|', words.Select(Regex.Escape))})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static List<string> Requested(IQueryCollection query, string name) =>
        [.. query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}

/// <summary>A page of a channel; <see cref="Copies"/> lists, per shown item, every copy of its story, earliest first.</summary>
internal sealed record ChannelPage(IReadOnlyList<Item> Items, IReadOnlyDictionary<long, IReadOnlyList<StoryCopy>> Copies, string? NextCursor);
