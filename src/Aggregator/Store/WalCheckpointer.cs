using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// Copies the write-ahead log back into the database file on a connection and a thread of its own, so
/// a write turn only appends to the log. SQLite's automatic checkpoint (every 1,000 pages) runs inside
/// the commit that crosses the mark, with two fsyncs: 40% of a bulk turn's commit CPU and more of its
/// wall time (measured, docs/query.md). The writer's WAL hook, which replaces the automatic checkpoint,
/// wakes this past <see cref="Pages"/>.
/// </summary>
/// <remarks>
/// The log restarts from its beginning only when a write transaction begins after a complete
/// checkpoint. Back-to-back turns racing a background checkpoint may never see one, so past
/// <see cref="InlinePages"/> the writer checkpoints in its own commit, as SQLite would have: the
/// background has copied most of the log by then, and the next turn restarts it. Either checkpoint is
/// PASSIVE: it never waits for readers, and copies what no open read transaction still needs.
/// </remarks>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    /// <summary>SQLite's own automatic checkpoint mark.</summary>
    public const int Pages = 1000;

    /// <summary>Where the writer checkpoints itself: 32 MB of log with 4 KB pages.</summary>
    public const int InlinePages = 8 * Pages;

    private const string Library = "e_sqlite3";

    private const int Passive = 0;

    private readonly string _connectionString;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private readonly Task _loop;

    private GCHandle _self;

    private long _background;

    private long _inline;

    public WalCheckpointer(string connectionString)
    {
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        _self = GCHandle.Alloc(this, GCHandleType.Weak);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Checkpoints run in the background so far.</summary>
    public long Background => Interlocked.Read(ref _background);

    /// <summary>Checkpoints the writer ran in its commit because the log had grown past <see cref="InlinePages"/>.</summary>
    public long Inline => Interlocked.Read(ref _inline);

    /// <summary>Puts the hook on the writer connection: after it, the writer no longer checkpoints every 1,000 pages.</summary>
    public unsafe void Attach(SqliteConnection writer) =>
        sqlite3_wal_hook(writer.Handle!.DangerousGetHandle(), &OnCommit, GCHandle.ToIntPtr(_self));

    public async ValueTask DisposeAsync()
    {
        _wake.Writer.TryComplete();
        await _loop;
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    /// <summary>Called by SQLite on the writer's thread after each commit, with the log's length in pages.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe int OnCommit(IntPtr self, IntPtr db, byte* schema, int pages)
    {
        if (GCHandle.FromIntPtr(self).Target is not WalCheckpointer checkpointer)
        {
            return 0;
        }

        if (pages >= InlinePages)
        {
            // SQLITE_BUSY while the background checkpoint runs: this commit's log is then being copied anyway.
            if (sqlite3_wal_checkpoint_v2(db, schema, Passive, null, null) == 0)
            {
                Interlocked.Increment(ref checkpointer._inline);
            }
        }
        else if (pages >= Pages)
        {
            checkpointer._wake.Writer.TryWrite(true);
        }

        return 0;
    }

    private async Task RunAsync()
    {
        SqliteConnection? connection = null;
        try
        {
            await foreach (var _ in _wake.Reader.ReadAllAsync())
            {
                try
                {
                    if (connection is null)
                    {
                        connection = new SqliteConnection(_connectionString);
                        await connection.OpenAsync();
                    }

                    using var checkpoint = connection.CreateCommand();
                    checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                    await checkpoint.ExecuteNonQueryAsync();
                    Interlocked.Increment(ref _background);
                }
                catch (SqliteException)
                {
                    // A busy or failed checkpoint loses nothing: the log stays, and the next commit past
                    // the mark (or the writer, past InlinePages) tries again, on a fresh connection.
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern unsafe IntPtr sqlite3_wal_hook(IntPtr db, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte*, int, int> callback, IntPtr argument);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern unsafe int sqlite3_wal_checkpoint_v2(IntPtr db, byte* schema, int mode, int* log, int* checkpointed);
}
