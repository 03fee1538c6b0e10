using System.Diagnostics;
using System.Globalization;
using Aggregator.Bench.Fetch;

// dotnet run -c Release --project tests/Aggregator.Bench.Fetch -- [sources=10000] [items=5] [hosts=64] [concurrency=8] [perHost=8]
// "farm <feeds> <items> <hosts> <port>" is the child process that serves the feeds.
if (args is ["farm", var f, var i, var h, var p])
{
    await Farm.RunAsync(int.Parse(f, CultureInfo.InvariantCulture), int.Parse(i, CultureInfo.InvariantCulture), int.Parse(h, CultureInfo.InvariantCulture), int.Parse(p, CultureInfo.InvariantCulture));
    return;
}

var options = args.Select(a => a.Split('=', 2)).ToDictionary(a => a[0], a => int.Parse(a[1], CultureInfo.InvariantCulture));
int Option(string name, int fallback) => options.TryGetValue(name, out var v) ? v : fallback;
var (sources, items, hosts, concurrency, perHost) =
    (Option("sources", 10_000), Option("items", 5), Option("hosts", 64), Option("concurrency", 8), Option("perHost", 8));
var port = 20_000 + (Environment.ProcessId % 20_000);

using var farm = FarmProcess.Start(sources, items, hosts, port);
using var memory = new MemorySampler();
var folder = Directory.CreateTempSubdirectory("aggregator-bench-").FullName;
try
{
    // WebApplicationFactory looks for the content root beside a solution file; the service needs none.
    Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_AGGREGATOR", folder);
    await using var service = new Service(folder, concurrency, perHost);
    var ids = await service.SeedAsync(Enumerable.Range(0, sources).Select(n => Farm.FeedUrl(n, hosts, port)));
    Console.WriteLine($"{sources} sources × {items} items on {hosts} loopback hosts; {concurrency} fetches in flight, {perHost} per host; {Environment.ProcessorCount} cores");

    Console.WriteLine(await Stages.MeasureAsync(service.Services, items));
    var turns = service.Services.GetRequiredService<Aggregator.Store.Database>().WriteTurns;
    var (turnsBefore, heldBefore, commitsBefore) = (turns.Turns, turns.Held, turns.Commits);
    var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    var full = await service.CycleAsync(ids);
    Console.WriteLine($"service CPU in the full cycle: {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds:0.0} s");
    Console.WriteLine($"write turns in the full cycle: {turns.Turns - turnsBefore}, held {(turns.Held - heldBefore).TotalSeconds:0.0} s, {(turns.Held - heldBefore).TotalMilliseconds / (turns.Turns - turnsBefore):0.00} ms each, {turns.Commits - commitsBefore} commits");
    Console.WriteLine($"memory after the full cycle: {memory}");
    var afterFull = await service.CountAsync();
    var requestsFull = await farm.StatsAsync();
    Console.WriteLine($"full cycle:    {full.TotalSeconds,6:0.0} s  {sources / full.TotalSeconds,6:0} sources/s  items {afterFull.Items}  ok {afterFull.Ok}  errors {afterFull.Errors}  deferred {afterFull.Deferred}  requests {requestsFull}");

    var cached = await service.CycleAsync(ids);
    var afterCached = await service.CountAsync();
    var requestsAll = await farm.StatsAsync();
    Console.WriteLine($"all-304 cycle: {cached.TotalSeconds,6:0.0} s  {sources / cached.TotalSeconds,6:0} sources/s  items {afterCached.Items}  notModified {afterCached.NotModified}  errors {afterCached.Errors}  requests {requestsAll}");

    using var self = Process.GetCurrentProcess();
    Console.WriteLine($"peak RSS of the service process: {self.PeakWorkingSet64 / (1024 * 1024)} MB ({memory}); duplicate items: {afterCached.Duplicates}; database {new FileInfo(Path.Combine(folder, "bench.db")).Length / (1024 * 1024)} MB");
    // How many segments the cycles left in the full-text index, and what the maintenance run's merge of them costs (SearchIndexMerge).
    var searchIndex = service.Services.GetRequiredService<Aggregator.Store.SearchIndexMerge>();
    var segments = await searchIndex.SegmentsAsync();
    var (mergeCpu, mergeWall) = (Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.StartNew());
    var mergeTurns = await searchIndex.MergeAsync();
    Console.WriteLine($"full-text index after the cycles: {segments} segments, merged to {await searchIndex.SegmentsAsync()} in {mergeTurns} write turns, "
        + $"{mergeWall.Elapsed.TotalSeconds:0.0} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - mergeCpu).TotalSeconds:0.0} s CPU");
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}
