using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

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
