using Aggregator.Store;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Store;

/// <summary>Write turns leave the copying of the write-ahead log into the database to a background checkpoint.</summary>
public sealed class WalCheckpointTests
{
    [Fact]
    public async Task CommittedItemsReachTheDatabaseFileLongBeforeTheLogHoldsAThousandPages()
    {
        using var folder = new TempFolder();
        var database = new Database(folder.File("wal.db"));
        await new Migrator(database).MigrateAsync();
        var source = (await new SourceStore(database, TimeProvider.System).AddAsync(new SourceDefinition("https://a.example/feed", "A", 60, false)))!.Id;
        var before = new FileInfo(database.Path).Length;
        var text = string.Join(' ', Enumerable.Range(0, 300).Select(i => $"word{i}"));

        // About 200 pages of rows, indexes and FTS (the schema alone is about 40): the writer's own checkpoint waits for 8,000.
        await new ItemStore(database, TimeProvider.System).UpsertAsync(source, [.. Enumerable.Range(0, 100).Select(i => new ItemDraft(
            $"k{i}", $"k{i}", $"https://a.example/{i}", $"Item {i}", null, DateTimeOffset.UtcNow, null, null, $"<p>{text}</p>", $"{i} {text}", [], [], $"h{i}"))]);

        await Poll.UntilAsync(() => Task.FromResult(new FileInfo(database.Path).Length > before + 400_000), "the items to be checkpointed into the database file");
    }
}
