using Aggregator.Store;
using Aggregator.Tests.Support;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Cli;

/// <summary><c>purge</c>: deletes exactly the disabled sources and what hangs off them.</summary>
public sealed class PurgeCliTests : IDisposable
{
    private const string Counts = """
        SELECT (SELECT count(*) FROM sources), (SELECT count(*) FROM items), (SELECT count(*) FROM items_fts WHERE items_fts MATCH 'story'),
               (SELECT count(*) FROM item_categories), (SELECT count(*) FROM fetch_log)
        """;

    private readonly TempFolder _folder = new();
    private readonly OperatorCli _cli;

    public PurgeCliTests() => _cli = new OperatorCli(_folder);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task PurgeRemovesExactlyTheDisabledSourceWithItsItemsAndADryRunChangesNothing()
    {
        var (kept, gone) = await SeedAsync();
        await using var db = _cli.OpenDatabase();
        Assert.Equal((2L, 5L, 5L, 5L, 2L), await db.QuerySingleAsync<(long, long, long, long, long)>(Counts));

        var dryRun = await _cli.RunAsync("purge", "--disabled", "--dry-run");
        Assert.True(dryRun.ExitCode == 0, dryRun.Stderr);
        Assert.Equal(
            [$"would purge source {gone} (http://example.com/gone.xml): 3 items", "would purge 1 sources, 3 items"],
            OperatorCli.Lines(dryRun.Stdout));
        Assert.Equal((2L, 5L, 5L, 5L, 2L), await db.QuerySingleAsync<(long, long, long, long, long)>(Counts));

        var refused = await _cli.RunAsync("purge", "--source", kept.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("is enabled", OperatorCli.OneLineError(refused), StringComparison.Ordinal);

        var purged = await _cli.RunAsync("purge", "--disabled");
        Assert.True(purged.ExitCode == 0, purged.Stderr);
        Assert.Equal("purged 1 sources, 3 items", OperatorCli.Lines(purged.Stdout)[^1]);
        Assert.Equal((1L, 2L, 2L, 2L, 1L), await db.QuerySingleAsync<(long, long, long, long, long)>(Counts));
        Assert.Equal(0L, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM items WHERE source_id <> @kept", new { kept }));
    }

    /// <summary>Two sources with items, categories and a fetch log line each; the second disabled.</summary>
    private async Task<(long Kept, long Gone)> SeedAsync()
    {
        await using var app = new AggregatorApp(_folder);
        app.CreateClient().Dispose();
        var sources = app.Services.GetRequiredService<SourceStore>();
        var items = app.Services.GetRequiredService<ItemStore>();
        var fetchLog = app.Services.GetRequiredService<FetchLogStore>();
        // Added disabled, so the host's schedule never fetches them (a failed fetch would add a log line);
        // the kept one is enabled once the host has stopped.
        var kept = (await sources.AddAsync(new SourceDefinition("http://example.com/kept.xml", null, 60, false)))!.Id;
        var gone = (await sources.AddAsync(new SourceDefinition("http://example.com/gone.xml", null, 60, false)))!.Id;
        foreach (var (id, count) in new[] { (kept, 2), (gone, 3) })
        {
            await items.UpsertAsync(id, [.. Enumerable.Range(0, count).Select(i => new ItemDraft(
                $"{id}-{i}", null, $"http://example.com/{id}/{i}", $"story {id} {i}", null, null, null, null, "<p>x</p>", $"text {i}",
                [$"topic {i}"], [], $"h{i}"))]);
            await fetchLog.RecordAsync(id, new FetchOutcome("ok", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1))
            {
                Log = FetchLogEntry.Empty with { Status = "ok", Url = "http://example.com/" },
            });
        }

        var database = app.Services.GetRequiredService<Database>();
        await app.DisposeAsync();
        await using var db = await database.OpenAsync();
        await db.ExecuteAsync("UPDATE sources SET enabled = 1 WHERE id = @kept", new { kept });
        return (kept, gone);
    }
}
