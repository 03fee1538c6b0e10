using System.Diagnostics;
using Aggregator.Bench.Query;
using Aggregator.Query;
using Aggregator.Store;

// Fills an SQLite file with N generated news items through ItemStore (rows, categories, FTS) and
// measures ingest, size, and the latency of the store calls behind /api/items, /facets and export.
// usage: Aggregator.Bench.Query [items=1000000] [db=/tmp/aggregator-bench/query.db] [--reuse] [--detail] [--export [--export-runs=N]] [--writers=2]
// --detail: each query alone (median wall, CPU per call) instead of the percentiles; --export: only the export.
// --writers=N: callers of UpsertAsync at once while ingesting (1: one after the other); --batch=N: items per call (500); --group-ms=N: see below.
// --append=N with --reuse: N more, newer items into the store, numbered after its items and dated after them.
// --merge: merges the full-text index's segments first, as the service's maintenance run does (SearchIndexMerge);
// --light-merge: the light merge the run does between intervals (the newer segments only).
var total = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 1_000_000;
var path = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : "/tmp/aggregator-bench/query.db";
var reuse = args.Contains("--reuse") && File.Exists(path);
if (!reuse)
{
    foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
    {
        File.Delete(file);
    }
}

var database = new Database(path);
await new Migrator(database).MigrateAsync();
var clock = TimeProvider.System;
// --facet-sample=N and --relevance-candidates=N try other bounds than the service's defaults.
int Setting(string name, int fallback) => args.FirstOrDefault(a => a.StartsWith($"--{name}=", StringComparison.Ordinal)) is { } arg ? int.Parse(arg[(name.Length + 3)..], System.Globalization.CultureInfo.InvariantCulture) : fallback;
var limits = QueryLimits.Default with
{
    FacetSample = Setting("facet-sample", QueryLimits.Default.FacetSample),
    RelevanceCandidates = Setting("relevance-candidates", QueryLimits.Default.RelevanceCandidates),
};
var items = new ItemStore(database, clock, limits: limits);
// --group-ms=N: how long a write group may stay open for writers in line (WriteQueue.DefaultMaxGroupAge).
database.Writes.MaxGroupAge = TimeSpan.FromMilliseconds(Setting("group-ms", (int)WriteQueue.DefaultMaxGroupAge.TotalMilliseconds));
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, load {Load()}");
if (!reuse)
{
    await Ingest.RunAsync(database, items, total, Setting("writers", 2), batch: Setting("batch", 500));
}
else if (Setting("append", 0) is > 0 and var append)
{
    // --append=N: N newer items into the reused store, as fetches would add them after a merge: numbered
    // after the stored ones, dated after them on the first argument's spread (an item a day-fraction later each).
    await using var connection = await database.OpenAsync();
    var stored = (int)(long)(await new Microsoft.Data.Sqlite.SqliteCommand("SELECT count(*) FROM items", connection).ExecuteScalarAsync())!;
    await Ingest.RunAsync(database, items, append, Setting("writers", 2), first: stored, spread: total, batch: Setting("batch", 500));
}

var searchIndex = new SearchIndexMerge(database);
var segments = await searchIndex.SegmentsAsync();
var light = args.Contains("--light-merge");
if ((args.Contains("--merge") || light) && segments > 1)
{
    var (cpu, wall) = (Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.StartNew());
    var turns = await searchIndex.MergeAsync(light ? SearchIndexMerge.Light : SearchIndexMerge.Thorough);
    Console.WriteLine($"full-text index merged{(light ? " (light)" : "")}: {segments} segments into {await searchIndex.SegmentsAsync()} in {turns} write turns, {wall.Elapsed.TotalSeconds:F1} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s CPU");
}
else
{
    Console.WriteLine($"full-text index: {segments} segments");
}

var size = new[] { path, path + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
Console.WriteLine($"database: {size / 1e6:F0} MB, {size / (double)total:F0} bytes/item; {limits}");

if (args.Contains("--export"))
{
    // --export-runs=N: the first export of a process also pays for compiling its code; later ones do not.
    for (var run = Setting("export-runs", 1); run > 0; run--)
    {
        await Measure.ExportAsync(items, 100_000);
    }

    return 0;
}

if (args.Contains("--detail"))
{
    var facetsDetail = new ItemFacets(database, limits);
    FacetKind[] all = [FacetKind.Source, FacetKind.Category, FacetKind.Author, FacetKind.Language, FacetKind.Day];
    await Measure.DetailAsync("newest", Workload.Searches, q => items.ListAsync(Workload.Filter(q) with { Limit = 20 }), q => q);
    await Measure.DetailAsync("relevance", Workload.Searches, q => items.ListAsync(Workload.Filter(q) with { Limit = 20, Order = ItemOrder.Relevance }), q => q);
    await Measure.DetailAsync("facets", Workload.Searches, q => facetsDetail.CountAsync(Workload.Filter(q), all, 10), q => q);
    await Measure.DetailAsync("listing", Workload.Listings, f => items.ListAsync(f), Workload.Describe);
    await Measure.DetailAsync("facets", Workload.Listings, f => facetsDetail.CountAsync(f, all, 10), Workload.Describe);
    return 0;
}

Measure.Report("search (newest first)", await Measure.TimeAsync(Workload.Searches, q => items.ListAsync(Workload.Filter(q) with { Limit = 20 })));
Measure.Report("search (relevance)", await Measure.TimeAsync(Workload.Searches, q => items.ListAsync(Workload.Filter(q) with { Limit = 20, Order = ItemOrder.Relevance })));
Measure.Report("filtered listing", await Measure.TimeAsync(Workload.Listings, f => items.ListAsync(f)));
var facets = new ItemFacets(database, limits);
FacetKind[] kinds = [FacetKind.Source, FacetKind.Category, FacetKind.Author, FacetKind.Language, FacetKind.Day];
Measure.Report("facets (search)", await Measure.TimeAsync(Workload.Searches, q => facets.CountAsync(Workload.Filter(q), kinds, 10)));
Measure.Report("facets (filters)", await Measure.TimeAsync(Workload.Listings, f => facets.CountAsync(f, kinds, 10)));
await Measure.ExportAsync(items, 100_000);
Console.WriteLine($"load at the end: {Load()}");
return 0;

// The machine is shared: the 1-, 5- and 15-minute load averages say how much else ran beside the benchmark.
static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
