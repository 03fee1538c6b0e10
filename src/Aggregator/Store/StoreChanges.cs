using System.Threading.Channels;

namespace Aggregator.Store;

/// <summary>
/// Tells readers of the store that items changed, without the store knowing who listens: a
/// version number for caches, and a signal for whoever announces new items. Never blocks a writer.
/// </summary>
internal sealed class StoreChanges
{
    private readonly Channel<int> _arrivals = Channel.CreateBounded<int>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private long _version;

    /// <summary>Changes whenever an item is added or changed; equal versions mean equal listings.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>A signal per batch of new items; bursts collapse into one pending signal.</summary>
    public ChannelReader<int> Arrivals => _arrivals.Reader;

    private long _removals;

    /// <summary>How many times items changed or went away without being upserted.</summary>
    public long Removals => Interlocked.Read(ref _removals);

    /// <summary>Items changed or went away without being upserted (reprocess, a deleted source, retention).</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _removals);
        Interlocked.Increment(ref _version);
    }

    public void Record(UpsertCounts counts)
    {
        if (counts.Added + counts.Updated > 0)
        {
            Interlocked.Increment(ref _version);
        }

        if (counts.Added > 0)
        {
            _arrivals.Writer.TryWrite(counts.Added);
        }
    }
}
