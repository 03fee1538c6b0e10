using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// A write transaction taken in turn with the process's other writers (<see cref="Database.BeginWriteAsync"/>).
/// Disposing it without <see cref="CommitAsync"/> rolls back; either way the next writer goes on.
/// </summary>
internal sealed class WriteTransaction : IAsyncDisposable
{
    private readonly SemaphoreSlim _turn;
    private readonly WriteTurnTally _tally;
    private readonly long _began = System.Diagnostics.Stopwatch.GetTimestamp();
    private bool _released;

    private WriteTransaction(SqliteConnection connection, SqliteTransaction transaction, SemaphoreSlim turn, WriteTurnTally tally)
    {
        _tally = tally;
        Connection = connection;
        Transaction = transaction;
        _turn = turn;
    }

    public SqliteConnection Connection { get; }

    public SqliteTransaction Transaction { get; }

    internal static async Task<WriteTransaction> BeginAsync(
        Func<CancellationToken, Task<SqliteConnection>> open, SemaphoreSlim turn, WriteTurnTally tally, CancellationToken ct)
    {
        await turn.WaitAsync(ct);
        SqliteConnection? connection = null;
        try
        {
            connection = await open(ct);
            return new WriteTransaction(connection, connection.BeginTransaction(), turn, tally);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            turn.Release();
            throw;
        }
    }

    public Task CommitAsync(CancellationToken ct = default) => Transaction.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            if (!_released)
            {
                _released = true;
                _tally.Add(System.Diagnostics.Stopwatch.GetElapsedTime(_began));
                _turn.Release();
            }
        }
    }
}

/// <summary>How many write turns were taken and how long they were held in all: the single writer is what limits a refresh cycle.</summary>
internal sealed class WriteTurnTally
{
    private long _turns;
    private long _heldTicks;

    public long Turns => Interlocked.Read(ref _turns);

    public TimeSpan Held => TimeSpan.FromTicks(Interlocked.Read(ref _heldTicks));

    public void Add(TimeSpan held)
    {
        Interlocked.Increment(ref _turns);
        Interlocked.Add(ref _heldTicks, held.Ticks);
    }
}
