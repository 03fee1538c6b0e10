using Aggregator.Store;
using Aggregator.Tests.Support;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Cli;

public sealed class BackupTests
{
    [Fact]
    public async Task ABackupTakenDuringIngestOpensAndHoldsEveryCommittedItem()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        using var client = app.CreateClient(); // starts the host: schema in place
        var sources = app.Services.GetRequiredService<SourceStore>();
        var items = app.Services.GetRequiredService<ItemStore>();
        var sourceId = (await sources.AddAsync(new SourceDefinition("http://example.com/feed", null, 60, false)))!.Id;
        var committed = 0;
        using var stop = new CancellationTokenSource();
        var ingest = Task.Run(async () =>
        {
            for (var batch = 0; !stop.IsCancellationRequested && batch < 2000; batch++)
            {
                var drafts = Enumerable.Range(batch * 20, 20).Select(i => new ItemDraft(
                    $"k{i}", null, null, $"title {i}", null, null, null, null, "<p>x</p>", "text", [], [], $"h{i}")).ToList();
                await items.UpsertAsync(sourceId, drafts);
                Volatile.Write(ref committed, (batch + 1) * 20);
            }
        });
        await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref committed) >= 200), "some items to be committed");

        var before = Volatile.Read(ref committed);
        var run = await AggregatorProcess.RunAsync(folder.Path, "backup", folder.File("copy.db"), $"--Aggregator:Database={folder.File("aggregator.db")}");
        await stop.CancelAsync();
        await ingest;

        Assert.True(run.ExitCode == 0, run.Stderr);
        await using var copy = new SqliteConnection($"Data Source={folder.File("copy.db")};Mode=ReadOnly;Pooling=false");
        Assert.Equal("ok", await copy.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
        var count = await copy.ExecuteScalarAsync<long>("SELECT count(*) FROM items");
        Assert.True(count >= before, $"the copy holds {count} items, {before} were committed before it began");
        Assert.Equal(0, count % 20); // whole transactions only
        Assert.Equal(count, await copy.ExecuteScalarAsync<long>("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'title'"));
    }

    [Fact]
    public async Task ABackupNeverOverwritesAFile()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("copy.db"), "precious");
        await using (var app = new AggregatorApp(folder))
        {
            app.CreateClient().Dispose();
        }

        var run = await AggregatorProcess.RunAsync(folder.Path, "backup", folder.File("copy.db"), $"--Aggregator:Database={folder.File("aggregator.db")}");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("already exists", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("precious", await File.ReadAllTextAsync(folder.File("copy.db")));
    }
}
