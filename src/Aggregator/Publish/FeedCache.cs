using System.Collections.Concurrent;
using Aggregator.Store;

namespace Aggregator.Publish;

/// <summary>
/// Rendered feeds by path and query, valid while the store has not changed (and for a minute at
/// most, which bounds staleness from changes the store does not signal, such as a deleted source).
/// Feed readers poll the same few URLs, so most requests, 304s above all, never touch SQLite.
/// </summary>
internal sealed class FeedCache(StoreChanges changes, TimeProvider clock)
{
    private const int MaxEntries = 512;
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, RenderedFeed> _entries = new(StringComparer.Ordinal);

    public RenderedFeed? Get(string key) =>
        _entries.TryGetValue(key, out var feed) && feed.Version == changes.Version && clock.GetUtcNow() - feed.RenderedAt < MaxAge
            ? feed
            : null;

    public void Put(string key, RenderedFeed feed)
    {
        // Query strings are the client's to choose: a flood of distinct ones empties the cache instead of growing it.
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = feed;
    }
}
