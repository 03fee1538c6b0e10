using System.Diagnostics;
using System.Globalization;
using Aggregator.Schedule;
using Aggregator.Store;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Aggregator.Bench.Fetch;

/// <summary>
/// The real service (Program's composition: options, SQLite, fetcher, parser, cleaner, Quartz idle)
/// on a temporary folder. Cycles call <see cref="SourceRefresher.RefreshAsync"/>, the very method each
/// Quartz job runs, with as many in flight as the Quartz pool allows.
/// </summary>
internal sealed class Service(string folder, int concurrency, int perHost) : WebApplicationFactory<AggregatorOptions>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var sources = Path.Combine(folder, "sources.json");
        File.WriteAllText(sources, """{ "sources": [] }""");
        builder.UseSetting("Aggregator:Database", Path.Combine(folder, "bench.db"));
        builder.UseSetting("Aggregator:SourcesFile", sources);
        builder.UseSetting("Aggregator:AllowPrivateNetworks", "true"); // the farm is on loopback
        builder.UseSetting("Aggregator:MaxConcurrentFetches", concurrency.ToString(CultureInfo.InvariantCulture));
        // The farm is a handful of loopback "hosts" standing in for thousands of real ones; see docs/fetching.md.
        builder.UseSetting("Aggregator:MaxRequestsPerHost", perHost.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Aggregator:HostSpacingMilliseconds", "0");
        builder.UseSetting("Aggregator:FetchFullArticles", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseEnvironment("Production");
    }

    /// <summary>
    /// Adds the sources in one transaction, the way a large OPML import would end up, due in a day: the
    /// service's schedule follows new sources in the database, and the cycles here are to be the only
    /// fetches, not racing Quartz for the same sources.
    /// </summary>
    public async Task<long[]> SeedAsync(IEnumerable<Uri> urls)
    {
        var database = Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await connection.ExecuteAsync(
            "INSERT INTO sources (url, origin, enabled, interval_minutes, created_at, next_fetch_at) VALUES (@url, 'api', 1, 60, @now, @later)",
            urls.Select(u => new { url = u.AbsoluteUri, now, later = now + 86_400_000 }), transaction);
        await transaction.CommitAsync();
        return [.. await connection.QueryAsync<long>("SELECT id FROM sources ORDER BY id")];
    }

    public async Task<TimeSpan> CycleAsync(long[] ids)
    {
        var refresher = Services.GetRequiredService<SourceRefresher>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (id, ct) => await refresher.RefreshAsync(id, ct));
        return clock.Elapsed;
    }

    /// <summary>
    /// What the database holds, read on a connection of its own that maps none of the file (SQLite's default):
    /// the duplicate check reads every item, and through the service's memory map it would add the whole
    /// file to the peak RSS measured for the service.
    /// </summary>
    public async Task<Counts> CountAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder, "bench.db")};Pooling=False");
        await connection.OpenAsync();
        return await connection.QuerySingleAsync<Counts>("""
            SELECT (SELECT count(*) FROM items) AS Items,
                   (SELECT count(*) FROM (SELECT guid FROM items GROUP BY guid HAVING count(*) > 1)) AS Duplicates,
                   (SELECT count(*) FROM sources WHERE last_status = 'ok') AS Ok,
                   (SELECT count(*) FROM sources WHERE last_status = 'notModified') AS NotModified,
                   (SELECT count(*) FROM sources WHERE last_status = 'error') AS Errors,
                   (SELECT count(*) FROM fetch_log WHERE status = 'deferred') AS Deferred
            """);
    }

    /// <summary>What the database holds after a cycle.</summary>
    internal sealed record Counts(long Items, long Duplicates, long Ok, long NotModified, long Errors, long Deferred);
}
