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
    private readonly LinkedList<Place> _line = new();
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
                await CommitIfStillOpenAsync(group);
            }
        }

        // Writes that joined a group commit with it, whatever the caller's token says since.
        await group.Committed;
    }

    /// <summary>
    /// The group's first writer, in line behind the writers waiting now (they join first), commits the
    /// group if no one has. It leaves the line as soon as someone commits it, so it returns then, not
    /// after the next groups' turns.
    /// </summary>
    private async Task CommitIfStillOpenAsync(WriteGroup group)
    {
        try
        {
            await TakeTurnAsync(writer: false, group.Ended);
        }
        catch (OperationCanceledException) when (group.Ended.IsCancellationRequested)
        {
            return;
        }

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
        LinkedListNode<Place> place;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                _grantedAt = Stopwatch.GetTimestamp();
                return Task.CompletedTask;
            }

            place = _line.AddLast(new Place(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), writer));
            _waiting += writer ? 1 : 0;
        }

        return ct.CanBeCanceled ? WaitInLineAsync(place, ct) : place.Value.Turn.Task;
    }

    private async Task WaitInLineAsync(LinkedListNode<Place> place, CancellationToken ct)
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
                _waiting -= place.Value.Writer ? 1 : 0;
            }

            place.Value.Turn.TrySetCanceled(ct);
        }))
        {
            await place.Value.Turn.Task;
        }
    }

    /// <summary>Hands the turn to the first in line, or frees it.</summary>
    private void PassTurn(long began, bool turn)
    {
        tally.Add(Stopwatch.GetElapsedTime(began), turn);
        Place? next = null;
        lock (_lock)
        {
            if (_line.First is { } first)
            {
                _line.RemoveFirst();
                _grantedAt = Stopwatch.GetTimestamp();
                next = first.Value;
                _waiting -= next.Writer ? 1 : 0;
            }
            else
            {
                _held = false;
            }
        }

        next?.Turn.TrySetResult();
    }

    /// <summary>A place in line: its turn when handed on, and whether it is a writer's (counted in <see cref="Waiting"/>).</summary>
    private sealed record Place(TaskCompletionSource Turn, bool Writer);

    private sealed class Closing(WriteQueue queue, long began) : IDisposable
    {
        public void Dispose() => queue.PassTurn(began, turn: false);
    }
}

/// <summary>How many write turns were taken and how long they were held in all: the single writer is what limits a refresh cycle.</summary>
internal sealed class WriteTurnTally
{
    private long _turns;
    private long _heldTicks;
    private long _commits;

    public long Turns => Interlocked.Read(ref _turns);

    public TimeSpan Held => TimeSpan.FromTicks(Interlocked.Read(ref _heldTicks));

    /// <summary>Commits of write groups (<see cref="WriteQueue"/>): fewer than turns when writers wait for one another.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <param name="turn">False for a group's first writer come back to commit it: held, but not a turn of its own.</param>
    public void Add(TimeSpan held, bool turn = true)
    {
        if (turn)
        {
            Interlocked.Increment(ref _turns);
        }

        Interlocked.Add(ref _heldTicks, held.Ticks);
    }

    public void Committed() => Interlocked.Increment(ref _commits);
}
