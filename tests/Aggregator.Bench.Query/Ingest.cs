using System.Collections.Concurrent;
using System.Diagnostics;
using Aggregator.Store;

namespace Aggregator.Bench.Query;

/// <summary>
/// Writes the items as the refresher does: one UpsertAsync per feed fetch, here 500 items of one source,
/// by <c>writers</c> callers at once, as the refresher's concurrent fetches do: one prepares its batch
/// (addresses, fingerprints, terms) while another holds the write turn. Items are generated in chunks
/// before each chunk's clock starts, so the generator neither counts nor competes for the cores.
/// </summary>
internal static class Ingest
{
    /// <summary>Items generated ahead of the writers: ~120 MB.</summary>
    private const int ChunkItems = 20_000;

    /// <param name="first">The first item's number: a store of that many items takes <paramref name="total"/> more, newer ones (<c>--append</c>).</param>
    /// <param name="spread">Items spread over the generator's two years: an item's date follows its number, so appended items (numbers past it) are dated after the store's, in arrival order. 0: <paramref name="total"/>.</param>
    public static async Task RunAsync(Database database, ItemStore items, int total, int writers, int first = 0, int spread = 0, int batch = 500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var sources = new SourceStore(database, TimeProvider.System);
        var ids = new List<long>();
        for (var s = 0; s < 200; s++)
        {
            var url = $"https://source{s}.example/feed";
            ids.Add((await sources.AddAsync(new SourceDefinition(url, $"Source {s}", 60, false)))?.Id
                ?? (await sources.ListAsync()).First(source => source.Url == url).Id);
        }

        // An append draws other texts than the store's first items, dated after them (numbers past the span's end).
        var generator = new NewsGenerator(42 + first);
        var span = spread > 0 ? spread : total;
        var writing = new Stopwatch();
        var cpu = TimeSpan.Zero;
        var (heldBefore, turnsBefore, commitsBefore) = (database.WriteTurns.Held, database.WriteTurns.Turns, database.WriteTurns.Commits);
        var report = Stopwatch.StartNew();
        var generating = TimeSpan.Zero;
        var processBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var written = 0;
        var end = first + total;
        for (var start = first; start < end; start += ChunkItems)
        {
            var chunk = new ConcurrentQueue<(long Source, List<ItemDraft> Drafts)>();
            var generatorBefore = ThreadCpu();
            for (var call = start; call < Math.Min(end, start + ChunkItems); call += batch)
            {
                chunk.Enqueue((ids[generator.SourceOf(call)], [.. Enumerable.Range(call, Math.Min(batch, end - call)).Select(i => generator.Next(i, span))]));
            }

            generating += ThreadCpu() - generatorBefore;
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            writing.Start();
            await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
            {
                while (chunk.TryDequeue(out var next))
                {
                    await items.UpsertAsync(next.Source, next.Drafts);
                    Interlocked.Add(ref written, next.Drafts.Count);
                }
            })));
            writing.Stop();
            cpu += Process.GetCurrentProcess().TotalProcessorTime - before;
            if (report.Elapsed > TimeSpan.FromSeconds(30))
            {
                Console.WriteLine($"  {written:N0} items, {written / writing.Elapsed.TotalSeconds:N0} items/s");
                report.Restart();
            }
        }

        // The whole loop's CPU less the generator's own thread time: the background checkpoints that
        // run after a chunk's clock stops (and any other store work off the callers' threads) count here.
        var store = Process.GetCurrentProcess().TotalProcessorTime - processBefore - generating;
        var held = database.WriteTurns.Held - heldBefore;
        Console.WriteLine($"ingest: {total:N0} items in {writing.Elapsed.TotalSeconds:F1} s of writing = {total / writing.Elapsed.TotalSeconds:N0} items/s wall, {total / cpu.TotalSeconds:N0} items per CPU-second (rows + categories + FTS + story links, {batch} items per call, {writers} callers at once; generation not counted)");
        Console.WriteLine($"ingest, all store work: {store.TotalSeconds:F1} CPU-s = {total / store.TotalSeconds:N0} items per CPU-second; generation {generating.TotalSeconds:F1} CPU-s");
        Console.WriteLine($"ingest: write turn held {held.TotalSeconds:F1} s ({held.TotalMicroseconds / total:F0} µs per item), {database.WriteTurns.Turns - turnsBefore:N0} turns in {database.WriteTurns.Commits - commitsBefore:N0} commits; checkpoints {database.Checkpoints.Background} in the background, {database.Checkpoints.Inline} in a commit");
    }

    /// <summary>CPU time of the calling thread (Linux), where the generator runs: 0 elsewhere.</summary>
    private static TimeSpan ThreadCpu() => File.Exists("/proc/thread-self/schedstat")
        ? TimeSpan.FromTicks(long.Parse(File.ReadAllText("/proc/thread-self/schedstat").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 100)
        : TimeSpan.Zero;
}
