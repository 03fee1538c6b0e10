using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// A write transaction taken in turn with the process's other writers (<see cref="Database.BeginWriteAsync"/>).
/// Disposing it without <see cref="CommitAsync"/> rolls back; either way the next writer goes on.
/// </summary>
internal sealed class WriteTransaction : IAsyncDisposable
{
    private readonly SemaphoreSlim _turn;
    private bool _released;

    private WriteTransaction(SqliteConnection connection, SqliteTransaction transaction, SemaphoreSlim turn)
    {
        Connection = connection;
        Transaction = transaction;
        _turn = turn;
    }

    public SqliteConnection Connection { get; }

    public SqliteTransaction Transaction { get; }

    internal static async Task<WriteTransaction> BeginAsync(Func<CancellationToken, Task<SqliteConnection>> open, SemaphoreSlim turn, CancellationToken ct)
    {
        await turn.WaitAsync(ct);
        SqliteConnection? connection = null;
        try
        {
            connection = await open(ct);
            return new WriteTransaction(connection, connection.BeginTransaction(), turn);
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
                _turn.Release();
            }
        }
    }
}
