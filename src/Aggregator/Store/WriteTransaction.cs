using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// One caller's writes, taken in turn with the process's other writers (<see cref="Database.BeginWriteAsync"/>)
/// on the process's one writer connection, in a savepoint of a <see cref="WriteGroup"/>'s transaction.
/// <see cref="CommitAsync(CancellationToken)"/> returns once the group has committed; disposing without it undoes this
/// caller's writes only, and the next writer goes on.
/// </summary>
internal sealed class WriteTransaction : IAsyncDisposable
{
    private const string Savepoint = "turn";

    private readonly WriteQueue _queue;
    private readonly WriteGroup _group;
    private readonly long _began;
    private List<long>? _unindexed;
    private List<long>? _indexedInTurn;
    private List<Action>? _onCommit;
    private List<Action>? _onFailure;
    private bool _ended;

    internal WriteTransaction(WriteQueue queue, Database database, SqliteConnection connection, WriteGroup group, long began)
    {
        _queue = queue;
        _group = group;
        _began = began;
        Database = database;
        Connection = connection;
        Transaction = group.Transaction;
        Transaction.Save(Savepoint);
    }

    public SqliteConnection Connection { get; }

    /// <summary>The group's transaction: commands of this turn run in it, inside this turn's savepoint.</summary>
    public SqliteTransaction Transaction { get; }

    private Database Database { get; }

    /// <summary>
    /// Ends this turn's writes (they join the group) and waits until the group commits: on return they
    /// are durable as any commit and other connections see them.
    /// </summary>
    /// <param name="inTurn">
    /// Runs once the writes have joined the group, before the next writer goes on: where a writer updates
    /// what it keeps in memory of the rows it and the group's later writers see. If the group then fails,
    /// its <see cref="OnGroupFailure"/> handlers run, also before the next writer. What must wait for the
    /// commit itself goes to <see cref="OnGroupCommit"/>.
    /// </param>
    public async Task CommitAsync(Action? inTurn, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_ended, this);
        ct.ThrowIfCancellationRequested();
        _ended = true;
        try
        {
            Transaction.Release(Savepoint);
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException)
        {
            _group.OnFailure(_onFailure);
            _queue.Fail(_group, WriteGroup.RolledBack(e), _began);
            throw;
        }

        _group.Join(_unindexed, _onCommit, _onFailure);
        try
        {
            inTurn?.Invoke();
        }
        catch (Exception e)
        {
            // Its writes are in the group and what it keeps in memory may be half updated: no one's commits.
            _queue.Fail(_group, WriteGroup.RolledBack(e), _began);
            throw;
        }

        await _queue.EndAsync(_group, _began);
    }

    /// <inheritdoc cref="CommitAsync(Action?, CancellationToken)"/>
    public Task CommitAsync(CancellationToken ct = default) => CommitAsync(inTurn: null, ct);

    /// <summary>Full-text indexes these new rows when the group commits, in one statement with the other turns' (<see cref="WriteGroup.IndexPending"/>).</summary>
    public void IndexLater(IReadOnlyList<long> ids) => (_unindexed ??= []).AddRange(ids);

    /// <summary>Indexes the rows other turns of the group left to index, before this turn changes or removes indexed rows.</summary>
    public void IndexPending() => (_indexedInTurn ??= []).AddRange(_group.IndexPending(Database));

    /// <summary>Runs once the group has committed with this turn's writes, before the next writer goes on; not if this turn rolls back.</summary>
    public void OnGroupCommit(Action committed) => (_onCommit ??= []).Add(committed);

    /// <summary>Runs if the group this turn's writes joined fails to commit, before the next writer goes on (an idempotent reset of what a writer keeps in memory).</summary>
    public void OnGroupFailure(Action reset) => (_onFailure ??= []).Add(reset);

    /// <summary>A statement prepared once for the writer connection and reused by later turns (<see cref="Database.Statement"/>).</summary>
    public SqliteCommand Statement(string sql) => Database.Statement(sql, Transaction);

    public ValueTask DisposeAsync()
    {
        if (_ended)
        {
            return ValueTask.CompletedTask;
        }

        _ended = true;
        try
        {
            // Undoes this turn's writes and leaves the group's. If SQLite already rolled the whole
            // transaction back (an I/O error, a full disk), the group fails: the error that made this
            // turn stop is what its caller sees, the others see this one.
            Transaction.Rollback(Savepoint);
            Transaction.Release(Savepoint);
            if (_indexedInTurn is not null)
            {
                // The rollback undid the indexing of the group's rows this turn did first: the commit does it.
                _group.Unindexed(_indexedInTurn);
            }
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException)
        {
            _queue.Fail(_group, WriteGroup.RolledBack(e), _began);
            return ValueTask.CompletedTask;
        }

        _queue.EndFailed(_group, _began);
        return ValueTask.CompletedTask;
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
