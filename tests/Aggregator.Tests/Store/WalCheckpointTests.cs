using Aggregator.Store;
using Aggregator.Tests.Support;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Store;

/// <summary>
/// The log is copied into the file off the write turns (<see cref="WalCheckpointer"/>), and stays
/// bounded while turns follow each other without a pause.
/// </summary>
public sealed class WalCheckpointTests
{
    [Fact]
    public async Task TheLogIsCheckpointedInTheBackgroundAndStaysBoundedUnderBackToBackTurns()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var database = app.Services.GetRequiredService<Database>();
        await using (var write = await database.BeginWriteAsync())
        {
            await write.Connection.ExecuteAsync("CREATE TABLE scratch (body BLOB NOT NULL)", transaction: write.Transaction);
            await write.CommitAsync();
        }

        // 40 turns of 2 MB each: 80 MB through a log SQLite alone would checkpoint every 4 MB.
        const int turns = 40;
        var largest = 0L;
        for (var turn = 0; turn < turns; turn++)
        {
            await using (var write = await database.BeginWriteAsync())
            {
                write.Statement("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) INSERT INTO scratch (body) SELECT randomblob(4000) FROM n").ExecuteNonQuery();
                await write.CommitAsync();
            }

            largest = Math.Max(largest, new FileInfo(database.Path + "-wal").Length);
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (database.Checkpoints.Background == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(database.Checkpoints.Background > 0, "no checkpoint ran in the background");
        // The writer checkpoints itself past InlinePages (32 MB of 4 KB pages), so the log restarts.
        Assert.True(largest < 40L << 20, $"the log grew to {largest >> 20} MB");
        await using var connection = await database.OpenAsync();
        Assert.Equal(turns * 500, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM scratch"));
        Assert.Equal("ok", await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
    }
}
