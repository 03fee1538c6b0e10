using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// Copies committed pages from the write-ahead log back into the database on a connection of its own,
/// instead of inside the write turn. SQLite's automatic checkpoint runs in the commit that crosses
/// 1,000 log pages, with two fsyncs, while every other writer waits for the turn (docs/fetching.md).
/// A passive checkpoint takes no lock that writers need, so the next write turns go on meanwhile; the
/// next writer after a complete one starts the log afresh. Under a steady stream of writes none is
/// complete, so the writer still checkpoints itself at a high mark (Database), copying what is left.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphore's wait handle is never asked for, so it holds nothing to dispose; the checkpointer lives as long as its database.")]
internal sealed class WalCheckpointer(string connectionString)
{
    /// <summary>
    /// Time between the end of one checkpoint and the start of the next, so that a page a busy writer
    /// rewrites often (a source row, an index root, the FTS structure record) is copied once per batch.
    /// </summary>
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(250);

    /// <summary>One checkpoint at a time; a commit during one schedules the next.</summary>
    private readonly SemaphoreSlim _one = new(1, 1);

    private long _lastEnded;
    private int _scheduled;

    /// <summary>Called after each commit of a write turn: schedules a checkpoint unless one is already waiting to start.</summary>
    public void Committed()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            _ = Task.Run(RunAsync);
        }
    }

    private async Task RunAsync()
    {
        await _one.WaitAsync();
        try
        {
            var wait = Spacing - Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastEnded));
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            // From here on a commit may land after the pages this checkpoint will see: it schedules the next.
            Interlocked.Exchange(ref _scheduled, 0);
            await CheckpointAsync();
        }
        finally
        {
            Interlocked.Exchange(ref _lastEnded, Stopwatch.GetTimestamp());
            _one.Release();
        }
    }

    private async Task CheckpointAsync()
    {
        try
        {
            // Opened without create and without the pool: a database deleted meanwhile (a test's folder) stays deleted.
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            await command.ExecuteNonQueryAsync();
        }
        catch (SqliteException)
        {
            // Best effort: the pages stay in the log, where readers find them, until the next checkpoint copies them.
        }
    }
}
