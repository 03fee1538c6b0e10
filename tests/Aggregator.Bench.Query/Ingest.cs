using System.Diagnostics;
using Aggregator.Store;

namespace Aggregator.Bench.Query;

/// <summary>Writes the items as the refresher does: one UpsertAsync per feed fetch, here 500 items of one source.</summary>
internal static class Ingest
{
    private const int Batch = 500;

    public static async Task RunAsync(Database database, ItemStore items, int total)
    {
        var sources = new SourceStore(database, TimeProvider.System);
        var ids = new List<long>();
        for (var s = 0; s < 200; s++)
        {
            ids.Add((await sources.AddAsync(new SourceDefinition($"https://source{s}.example/feed", $"Source {s}", 60, false)))!.Id);
        }

        var generator = new NewsGenerator(42);
        var writing = new Stopwatch();
        var cpu = TimeSpan.Zero;
        var generating = TimeSpan.Zero;
        var processBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var report = Stopwatch.StartNew();
        for (var start = 0; start < total; start += Batch)
        {
            var generatorBefore = ThreadCpu();
            var drafts = Enumerable.Range(start, Math.Min(Batch, total - start)).Select(i => generator.Next(i, total)).ToList();
            generating += ThreadCpu() - generatorBefore;
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            writing.Start();
            await items.UpsertAsync(ids[generator.SourceOf(start)], drafts);
            writing.Stop();
            cpu += Process.GetCurrentProcess().TotalProcessorTime - before;
            if (report.Elapsed > TimeSpan.FromSeconds(30))
            {
                Console.WriteLine($"  {start + drafts.Count:N0} items, {(start + drafts.Count) / writing.Elapsed.TotalSeconds:N0} items/s");
                report.Restart();
            }
        }

        Console.WriteLine($"ingest: {total:N0} items in {writing.Elapsed.TotalSeconds:F1} s of writing = {total / writing.Elapsed.TotalSeconds:N0} items/s wall, {total / cpu.TotalSeconds:N0} items per CPU-second (rows + categories + FTS, {Batch} items per transaction; generation not counted)");
        // The whole loop's CPU less the generator's own thread time: store work done off the calls'
        // threads or after they return (none today) would count here too.
        var store = Process.GetCurrentProcess().TotalProcessorTime - processBefore - generating;
        Console.WriteLine($"ingest, all store work: {store.TotalSeconds:F1} CPU-s = {total / store.TotalSeconds:N0} items per CPU-second; generation {generating.TotalSeconds:F1} CPU-s");
    }

    /// <summary>CPU time of the calling thread (Linux), where the generator runs: 0 elsewhere.</summary>
    private static TimeSpan ThreadCpu() => File.Exists("/proc/thread-self/schedstat")
        ? TimeSpan.FromTicks(long.Parse(File.ReadAllText("/proc/thread-self/schedstat").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 100)
        : TimeSpan.Zero;
}
