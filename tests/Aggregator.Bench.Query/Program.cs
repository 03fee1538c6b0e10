using System.Diagnostics;
using Aggregator.Bench.Query;
using Aggregator.Query;
using Aggregator.Store;

// Fills an SQLite file with N generated news items through ItemStore (rows, categories, FTS) and
// measures ingest, size, and the latency of the store calls behind /api/items, /facets and export.
// usage: Aggregator.Bench.Query [items=1000000] [db=/tmp/aggregator-bench/query.db] [--reuse]
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
var items = new ItemStore(database, clock);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
if (!reuse)
{
    await Ingest.RunAsync(database, items, total);
}

var size = new[] { path, path + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
Console.WriteLine($"database: {size / 1e6:F0} MB, {size / (double)total:F0} bytes/item");

Measure.Report("search (newest first)", await Measure.TimeAsync(Workload.Searches, q => items.ListAsync(Workload.Filter(q) with { Limit = 20 })));
Measure.Report("search (relevance)", await Measure.TimeAsync(Workload.Searches, q => items.ListAsync(Workload.Filter(q) with { Limit = 20, Order = ItemOrder.Relevance })));
Measure.Report("filtered listing", await Measure.TimeAsync(Workload.Listings, f => items.ListAsync(f)));
var facets = new ItemFacets(database);
FacetKind[] kinds = [FacetKind.Source, FacetKind.Category, FacetKind.Author, FacetKind.Language, FacetKind.Day];
Measure.Report("facets (search)", await Measure.TimeAsync(Workload.Searches, q => facets.CountAsync(Workload.Filter(q), kinds, 10)));
Measure.Report("facets (filters)", await Measure.TimeAsync(Workload.Listings, f => facets.CountAsync(f, kinds, 10)));
await Measure.ExportAsync(items, 100_000);
return 0;
