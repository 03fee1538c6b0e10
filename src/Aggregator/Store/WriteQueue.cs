using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// The process's write turns, one at a time, committed in groups. When a writer ends its turn while
/// others wait for theirs, its transaction stays open and the next writer goes on in it, in a savepoint
/// of its own; the group commits once, when no one waits, when it is <see cref="MaxGroupAge"/> old, or
/// when its first writer comes round again. Each writer's <see cref="WriteTransaction.CommitAsync(CancellationToken)"/>
/// returns only once the group has committed.
/// </summary>
/// <remarks>
/// Each commit costs SQLite a fixed part besides its items: the log frames of the pages the transaction
/// touched (an index's leaf page is written whole for one new row), a full-text index segment (which
/// later merges rewrite), the commit itself; ~2.4 ms with the FTS5 index, ~0.8 ms without. A fetch
/// brings a few new items, so with many sources that part is most of the write: measured on the
/// benchmark's items, SQLite alone needed 240–255 µs an item in transactions of 20 items and 136–155 in
/// transactions of 500 (docs/query.md, "Group commit"). A writer that fails undoes its savepoint only; the
/// others' writes commit. A crash or a kill loses the whole open group, and none of its writers had
/// been told its writes were stored.
/// </remarks>
internal sealed class WriteQueue(Database database, WriteTurnTally tally)
{
    /// <summary>
    /// A group older than this commits at the end of the turn. Writers wait for their group's commit, so
    /// they cannot prepare their next writes meanwhile: a fetch of 500 new items holds the turn ~70 ms,
    /// and grouping two of them left the writer idle while both prepared (measured: the wall rate did
    /// not rise, though the CPU an item fell). Groups of small writes, which it is for, are ~5 writers
    /// and well under this.
    /// </summary>
    public static readonly TimeSpan DefaultMaxGroupAge = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// One writer at a time in this process. SQLite takes writers one at a time anyway, but a writer
    /// that finds the lock taken sleeps in its busy handler (up to 100 ms a try) while the lock may
    /// already be free: waiting here hands the lock on at once. Other processes (the CLI) still meet
    /// the busy timeout. First come, first served; <see cref="_waiting"/> counts, under the same lock,
    /// the writers in line (not the groups' first writers come back to commit, nor the store closing).
    /// </summary>
    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource> _line = new();
    private readonly HashSet<TaskCompletionSource> _writers = [];
    private bool _held;
    private int _waiting;

    /// <summary>When the turn was last handed on: a turn's held time starts there, so the hand-off counts (the group's lock is held through it).</summary>
    private long _grantedAt;

    /// <summary>The group whose transaction is open; only touched inside a turn.</summary>
    private WriteGroup? _open;

    /// <summary>Set by tests that need a group to stay open however slow the machine.</summary>
    internal TimeSpan MaxGroupAge { get; set; } = DefaultMaxGroupAge;

    /// <summary>Writers in line for a turn now.</summary>
    internal int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting;
            }
        }
    }

    /// <param name="indexLater">
    /// The writer leaves its new rows to <see cref="WriteTransaction.IndexLater"/>, and indexes what the
    /// group left pending itself before it changes indexed rows. Any other writer finds the group's
    /// rows indexed: it may delete or rewrite them, and the index's delete trigger needs them there.
    /// </param>
    public async Task<WriteTransaction> BeginAsync(bool indexLater, CancellationToken ct)
    {
        await TakeTurnAsync(writer: true, ct);
        var began = _grantedAt;
        if (ct.IsCancellationRequested)
        {
            // Handed the turn as it gave up (or given up before it asked): the turn passes on, unused.
            PassTurn(began, turn: false);
            ct.ThrowIfCancellationRequested();
        }

        var group = _open;
        try
        {
            var connection = await database.WriterAsync(ct);
            if (group is null)
            {
                group = new WriteGroup(connection.BeginTransaction());
                _open = group;
            }
            else if (!indexLater)
            {
                // Outside the writer's savepoint: what it undoes leaves these rows indexed.
                group.IndexPending(database);
            }

            return new WriteTransaction(this, database, connection, group, began);
        }
        catch (Exception e) when (group is not null && _open == group)
        {
            Fail(group, WriteGroup.RolledBack(e), began, turn: false);
            throw;
        }
        catch (Exception e)
        {
            // A cancelled wait or a busy lock leaves the connection as it was; anything else may not have.
            if (e is not OperationCanceledException && e is not SqliteException { SqliteErrorCode: 5 or 6 })
            {
                database.DropWriter();
            }

            PassTurn(began, turn: false);
            throw;
        }
    }

    /// <summary>
    /// After a writer's writes joined the group: leaves the group open for the writers in line, or
    /// commits it; then waits for its commit. The group's first writer comes back for the turn to
    /// commit it, if no one has by then.
    /// </summary>
    public async Task EndAsync(WriteGroup group, long began)
    {
        var first = group.Members == 1;
        if (!LeaveOpen(group))
        {
            try
            {
                Commit(group);
            }
            finally
            {
                PassTurn(began, turn: true);
            }
        }
        else
        {
            PassTurn(began, turn: true);
            if (first)
            {
                // In line behind the writers waiting now: they join first. Out of line as soon as someone
                // commits the group, so this writer returns then, not after the next groups' turns.
                try
                {
                    await TakeTurnAsync(writer: false, group.Ended);
                    var closing = _grantedAt;
                    try
                    {
                        if (_open == group)
                        {
                            Commit(group);
                        }
                    }
                    finally
                    {
                        PassTurn(closing, turn: false);
                    }
                }
                catch (OperationCanceledException) when (group.Ended.IsCancellationRequested)
                {
                }
            }
        }

        // Writes that joined a group commit with it, whatever the caller's token says since.
        await group.Committed;
    }

    /// <summary>After a writer undid its own writes: the group goes on without them, or, if it holds no one else's, rolls back.</summary>
    public void EndFailed(WriteGroup group, long began)
    {
        try
        {
            if (group.Members == 0)
            {
                _open = null;
                Close(group, error: null);
            }
            else if (!LeaveOpen(group))
            {
                Commit(group);
            }
        }
        finally
        {
            PassTurn(began, turn: true);
        }
    }

    /// <summary>The group's transaction cannot go on: every writer in it gets <paramref name="error"/>, and the turn passes on.</summary>
    public void Fail(WriteGroup group, Exception error, long began, bool turn = true)
    {
        try
        {
            _open = null;
            Close(group, error);
        }
        finally
        {
            PassTurn(began, turn);
        }
    }

    /// <summary>Takes the turn to close the store: commits the open group, if any, then holds the turn until disposed.</summary>
    public async Task<IDisposable> CloseAsync()
    {
        await TakeTurnAsync(writer: false, CancellationToken.None);
        var began = _grantedAt;
        try
        {
            if (_open is { } group)
            {
                Commit(group);
            }
        }
        catch
        {
            PassTurn(began, turn: false);
            throw;
        }

        return new Closing(this, began);
    }

    private bool LeaveOpen(WriteGroup group) => Waiting > 0 && Stopwatch.GetElapsedTime(group.Began) < MaxGroupAge;

    /// <summary>Writes what the group left to index, commits, and runs its writers' commit handlers; or tells them it failed.</summary>
    private void Commit(WriteGroup group)
    {
        _open = null;
        try
        {
            group.IndexPending(database);
            group.Transaction.Commit();
        }
        catch (Exception e)
        {
            Close(group, e);
            return;
        }

        tally.Committed();
        group.Succeed();
    }

    /// <summary>Rolls back what is left of the group's transaction and tells its writers how it ended (<paramref name="error"/> null: no one's writes were in it).</summary>
    private void Close(WriteGroup group, Exception? error)
    {
        try
        {
            group.Transaction.Dispose();
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException)
        {
            // It could not roll back: the connection is closed, and with it whatever it left half done.
            database.DropWriter();
        }
        finally
        {
            if (error is null)
            {
                group.Succeed();
            }
            else
            {
                group.Fail(error);
            }
        }
    }

    private Task TakeTurnAsync(bool writer, CancellationToken ct)
    {
        // Not granted a turn it no longer wants (a closer whose group another writer committed meanwhile).
        ct.ThrowIfCancellationRequested();
        TaskCompletionSource turn;
        LinkedListNode<TaskCompletionSource> place;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                _grantedAt = Stopwatch.GetTimestamp();
                return Task.CompletedTask;
            }

            turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            place = _line.AddLast(turn);
            if (writer)
            {
                _writers.Add(turn);
                _waiting++;
            }
        }

        return ct.CanBeCanceled ? WaitInLineAsync(place, ct) : turn.Task;
    }

    private async Task WaitInLineAsync(LinkedListNode<TaskCompletionSource> place, CancellationToken ct)
    {
        await using (ct.Register(() =>
        {
            lock (_lock)
            {
                if (place.List is null)
                {
                    return; // the turn was handed to it first
                }

                _line.Remove(place);
                if (_writers.Remove(place.Value))
                {
                    _waiting--;
                }
            }

            place.Value.TrySetCanceled(ct);
        }))
        {
            await place.Value.Task;
        }
    }

    /// <summary>Hands the turn to the first in line, or frees it.</summary>
    private void PassTurn(long began, bool turn)
    {
        tally.Add(Stopwatch.GetElapsedTime(began), turn);
        TaskCompletionSource? next = null;
        lock (_lock)
        {
            if (_line.First is { } first)
            {
                _line.RemoveFirst();
                _grantedAt = Stopwatch.GetTimestamp();
                next = first.Value;
                if (_writers.Remove(next))
                {
                    _waiting--;
                }
            }
            else
            {
                _held = false;
            }
        }

        next?.TrySetResult();
    }

    private sealed class Closing(WriteQueue queue, long began) : IDisposable
    {
        public void Dispose() => queue.PassTurn(began, turn: false);
    }
}

/// <summary>Writers' turns in one SQLite transaction (<see cref="WriteQueue"/>).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source has no timer and its wait handle is never asked for: nothing to dispose.")]
internal sealed class WriteGroup(SqliteTransaction transaction)
{
    private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _ended = new();
    private readonly List<long> _unindexed = [];
    private readonly List<Action> _onCommit = [];
    private readonly List<Action> _onFailure = [];

    public SqliteTransaction Transaction { get; } = transaction;

    public long Began { get; } = Stopwatch.GetTimestamp();

    /// <summary>Writers whose writes are in the group.</summary>
    public int Members { get; private set; }

    /// <summary>Completes when the group has committed; faults with the error when it could not.</summary>
    public Task Committed => _committed.Task;

    /// <summary>Cancelled once the group has committed or failed (takes its first writer out of line).</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>What the others in a group see when one writer's failure ended the whole transaction.</summary>
    public static InvalidOperationException RolledBack(Exception cause) =>
        new($"The write group was rolled back: a writer's turn in it ended the whole transaction, and these writes went with it ({cause.Message})", cause);

    /// <summary>A writer's writes are in the group, with its rows to index at the commit and its handlers.</summary>
    public void Join(List<long>? unindexed, List<Action>? onCommit, List<Action>? onFailure)
    {
        Members++;
        _unindexed.AddRange(unindexed ?? []);
        _onCommit.AddRange(onCommit ?? []);
        OnFailure(onFailure);
    }

    /// <summary>Failure handlers of a writer whose writes could not join (its savepoint would not release): what it kept in memory in its turn is reset with the others'.</summary>
    public void OnFailure(List<Action>? reset) => _onFailure.AddRange(reset ?? []);

    /// <summary>
    /// Adds the rows the group's writers left unindexed to the full-text index, in one statement: FTS5
    /// writes a segment for what a transaction gives it, and any savepoint after an index write
    /// flushes one, so per writer the group would leave as many small segments to merge as writers.
    /// </summary>
    /// <returns>The rows indexed: a writer that did this inside its savepoint gives them back if it rolls back (<see cref="Unindexed"/>).</returns>
    public List<long> IndexPending(Database database)
    {
        if (_unindexed.Count == 0)
        {
            return [];
        }

        database.Statement(ItemWrites.IndexSql, Transaction).Bind("@ids", IdList.Json(_unindexed)).ExecuteNonQuery();
        List<long> indexed = [.. _unindexed];
        _unindexed.Clear();
        return indexed;
    }

    /// <summary>Rows to index again at the commit: a writer's rollback to its savepoint undid their indexing.</summary>
    public void Unindexed(IEnumerable<long> ids) => _unindexed.AddRange(ids);

    /// <summary>Runs the writers' commit handlers (in the turn, before the next writer) and lets them return.</summary>
    public void Succeed()
    {
        Run(_onCommit);
        _committed.TrySetResult();
        _ended.Cancel();
    }

    public void Fail(Exception error)
    {
        Run(_onFailure);
        // Every writer of the group sees the error that stopped it; none may be waiting (a group of one that failed).
        _committed.TrySetException(error);
        _ = _committed.Task.Exception;
        _ended.Cancel();
    }

    /// <summary>
    /// Runs every handler, whatever one of them throws. They update what writers keep in memory of the
    /// stored rows (a cache they may also drop); one that fails must not make committed writes look lost to
    /// the writer that happens to commit, nor skip the others' handlers.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1031", Justification = "A handler's failure is not the group's; see the summary.")]
    private static void Run(List<Action> handlers)
    {
        foreach (var handler in handlers)
        {
            try
            {
                handler();
            }
            catch (Exception e)
            {
                Trace.TraceError($"A write group's handler failed: {e}");
            }
        }
    }
}
