using Aggregator.Store;
using Aggregator.Tests.Support;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Store;

/// <summary>
/// The log is copied into the file off the write turns (<see cref="WalCheckpointer"/>), and stays
/// bounded while turns follow each other without a pause.
/// </summary>
public sealed class WalCheckpointTests
{
    /// <summary>Bytes a 4 KB page takes in the log: the page and its frame header.</summary>
    private const int FrameBytes = 4096 + 24;

    [Fact]
    public async Task TheServicesWritesAreCheckpointedInTheBackground()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var database = app.Services.GetRequiredService<Database>();
        await using (var write = await database.BeginWriteAsync())
        {
            await write.Connection.ExecuteAsync("CREATE TABLE scratch (body BLOB NOT NULL)", transaction: write.Transaction);
            await write.CommitAsync();
        }

        // 10 turns of 2 MB each: SQLite alone would have checkpointed every 4 MB, inside the commits.
        for (var turn = 0; turn < 10; turn++)
        {
            await using var write = await database.BeginWriteAsync();
            write.Statement(InsertRows(500)).ExecuteNonQuery();
            await write.CommitAsync();
        }

        await PollAsync(() => database.Checkpoints.Background > 0, "no checkpoint ran in the background");
        await using var connection = await database.OpenAsync();
        Assert.Equal(5000, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM scratch"));
        Assert.Equal("ok", await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task BackToBackTurnsKeepTheLogBoundedBecauseTheWriterCheckpointsPastTheInlineMark()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "wal.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        await using var checkpoints = new WalCheckpointer(connectionString, pages: 100, inlinePages: 400);
        await using var writer = new SqliteConnection(connectionString);
        await writer.OpenAsync();
        await writer.ExecuteAsync("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; CREATE TABLE scratch (body BLOB NOT NULL);");
        checkpoints.Attach(writer);

        // 60 turns of ~100 pages each, back to back: without the writer's own checkpoint the log may
        // never restart (a background checkpoint is always running when the next turn begins).
        var largest = 0L;
        for (var turn = 0; turn < 60; turn++)
        {
            await using (var transaction = writer.BeginTransaction())
            {
                await writer.ExecuteAsync(InsertRows(100), transaction: transaction);
                transaction.Commit();
            }

            largest = Math.Max(largest, new FileInfo(path + "-wal").Length);
        }

        // At most a few turns past the mark: the writer's checkpoint waits for a background run, and fails only while readers hold the log.
        Assert.True(largest < 3L * checkpoints.InlinePages * FrameBytes, $"the log grew to {largest / FrameBytes} pages; {checkpoints.Inline} inline, {checkpoints.Background} background");
        await PollAsync(() => checkpoints.Background + checkpoints.Inline > 0, "no checkpoint completed");
        Assert.Equal(6000, await writer.ExecuteScalarAsync<long>("SELECT count(*) FROM scratch"));
    }

    [Fact]
    public async Task ALogThatAReaderMadeGrowIsCutBackOnceTheReaderIsGone()
    {
        // A reader holding one snapshot (a slow client's export) keeps every later write in the log; once
        // it is gone, the next restart of the log cuts the file back to Database.WalSizeLimit.
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var database = app.Services.GetRequiredService<Database>();
        var log = new FileInfo(Path.Combine(folder.Path, "aggregator.db-wal"));
        await using (var write = await database.BeginWriteAsync())
        {
            await write.Connection.ExecuteAsync("CREATE TABLE scratch (body BLOB NOT NULL)", transaction: write.Transaction);
            await write.CommitAsync();
        }

        await using (var reader = await database.OpenAsync())
        await using (var snapshot = reader.BeginTransaction(deferred: true))
        {
            await reader.ExecuteScalarAsync<long>("SELECT count(*) FROM scratch", transaction: snapshot);
            // 80 MB while the snapshot holds the log: no checkpoint can restart it.
            for (var turn = 0; turn < 40; turn++)
            {
                await using var write = await database.BeginWriteAsync();
                write.Statement(InsertRows(500)).ExecuteNonQuery();
                await write.CommitAsync();
            }

            log.Refresh();
            Assert.True(log.Length > Database.WalSizeLimit, $"the log is {log.Length >> 20} MB");
        }

        // Turns until a checkpoint has copied the whole log and the next one restarted it.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await using var write = await database.BeginWriteAsync();
            write.Statement("DELETE FROM scratch WHERE rowid IN (SELECT rowid FROM scratch LIMIT 1)").ExecuteNonQuery();
            await write.CommitAsync();
            log.Refresh();
        }
        while (log.Length > Database.WalSizeLimit && DateTime.UtcNow < deadline);

        Assert.True(log.Length <= Database.WalSizeLimit, $"the log stayed at {log.Length >> 20} MB");
    }

    private static string InsertRows(int rows) =>
        $"WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) INSERT INTO scratch (body) SELECT randomblob(4000) FROM n";

    private static async Task PollAsync(Func<bool> done, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!done() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(done(), failure);
    }
}
