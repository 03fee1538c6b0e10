using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// A write transaction taken in turn with the process's other writers (<see cref="Database.BeginWriteAsync"/>),
/// on the process's one writer connection. Disposing it without <see cref="CommitAsync"/> rolls back;
/// either way the next writer goes on.
/// </summary>
internal sealed class WriteTransaction : IAsyncDisposable
{
    private readonly Database _database;
    private readonly SemaphoreSlim _turn;
    private readonly WriteTurnTally _tally;
    private readonly long _began = System.Diagnostics.Stopwatch.GetTimestamp();
    private bool _released;

    private WriteTransaction(Database database, SqliteConnection connection, SqliteTransaction transaction, SemaphoreSlim turn, WriteTurnTally tally)
    {
        _database = database;
        _tally = tally;
        Connection = connection;
        Transaction = transaction;
        _turn = turn;
    }

    public SqliteConnection Connection { get; }

    public SqliteTransaction Transaction { get; }

    internal static async Task<WriteTransaction> BeginAsync(Database database, SemaphoreSlim turn, WriteTurnTally tally, CancellationToken ct)
    {
        await turn.WaitAsync(ct);
        try
        {
            var connection = await database.WriterAsync(ct);
            return new WriteTransaction(database, connection, connection.BeginTransaction(), turn, tally);
        }
        catch (Exception e)
        {
            // A cancelled wait or a busy lock leaves the connection as it was; anything else may not have.
            if (e is not OperationCanceledException && e is not SqliteException { SqliteErrorCode: 5 or 6 })
            {
                database.DropWriter();
            }

            turn.Release();
            throw;
        }
    }

    public Task CommitAsync(CancellationToken ct = default) => Transaction.CommitAsync(ct);

    /// <summary>A statement prepared once for the writer connection and reused by later turns (<see cref="Database.Statement"/>).</summary>
    public SqliteCommand Statement(string sql) => _database.Statement(sql, Transaction);

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Rolls back unless committed. The connection stays open for the next turn, unless it could
            // not roll back: then it is closed, and with it whatever it left half done (the error that
            // made the turn roll back is what the caller sees).
            await Transaction.DisposeAsync();
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException)
        {
            _database.DropWriter();
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

internal static class StatementExtensions
{
    /// <summary>Sets a parameter of a reused statement (<see cref="WriteTransaction.Statement"/>), adding it on first use.</summary>
    public static SqliteCommand Bind(this SqliteCommand command, string name, object? value)
    {
        var index = command.Parameters.IndexOf(name);
        if (index < 0)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        else
        {
            command.Parameters[index].Value = value ?? DBNull.Value;
        }

        return command;
    }
}
