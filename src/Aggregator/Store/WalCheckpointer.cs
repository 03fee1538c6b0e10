using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// Copies the write-ahead log back into the database file on a connection and a thread of its own, so
/// a write turn mostly only appends to the log. SQLite's automatic checkpoint (every 1,000 pages) runs
/// inside the commit that crosses the mark, with two fsyncs: a bulk ingest's commit took 34 µs of CPU and
/// 58 µs of wall time per item with it, 15 and 15 with this (docs/query.md). The writer's WAL hook, which
/// replaces the automatic checkpoint, wakes this past <see cref="Pages"/> (1,000, SQLite's own mark).
/// </summary>
/// <remarks>
/// The log restarts from its beginning only when a write transaction begins after a complete
/// checkpoint. Back-to-back turns racing a background checkpoint may never see one (the log grew to
/// 80 MB in the test without this), so past <see cref="InlinePages"/> (8,000) the writer checkpoints
/// in its own commit, as SQLite would have, after waiting for a background run in progress: the
/// background has copied most of the log by then, and the next turn restarts it. Either checkpoint is
/// PASSIVE: it never waits for readers, and copies what no open read transaction still needs. The log
/// file is reused, and cut back to <see cref="Database.WalSizeLimit"/> when it restarts (a bulk ingest's
/// stays under it, at about 35 MB).
/// </remarks>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    private const int DefaultPages = 1000;

    private const string Library = "e_sqlite3";

    private const int Passive = 0;

    private readonly string _connectionString;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Started by the first <see cref="Attach"/>: a process that never writes (a reading CLI command) runs no loop.</summary>
    private Task? _loop;

    /// <summary>
    /// Taken around either checkpoint. A PASSIVE checkpoint that finds another running fails at once,
    /// and the background one, woken by every commit, was nearly always running: the writer's own
    /// checkpoint failed and the log grew without bound (measured in the test). The writer waits for it.
    /// </summary>
    private readonly SemaphoreSlim _gate = new(1, 1);

    private GCHandle _self;

    private long _background;

    private long _inline;

    public WalCheckpointer(string connectionString)
        : this(connectionString, DefaultPages, 8 * DefaultPages)
    {
    }

    /// <param name="pages">The log's length in pages that wakes the background checkpoint.</param>
    /// <param name="inlinePages">The length past which the writer checkpoints in its commit (8,000 pages: 32 MB with 4 KB pages).</param>
    internal WalCheckpointer(string connectionString, int pages, int inlinePages)
    {
        Pages = pages;
        InlinePages = inlinePages;
        // ReadWrite, not ReadWriteCreate: a checkpoint never makes a database where there is none.
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ToString();
        _self = GCHandle.Alloc(this, GCHandleType.Weak);
    }

    public int Pages { get; }

    public int InlinePages { get; }

    /// <summary>Checkpoints run in the background so far that copied the whole log as it was when they began.</summary>
    public long Background => Interlocked.Read(ref _background);

    /// <summary>Whole checkpoints the writer ran in its commit because the log had grown past <see cref="InlinePages"/>.</summary>
    public long Inline => Interlocked.Read(ref _inline);

    /// <summary>Puts the hook on the writer connection: after it, the writer no longer checkpoints every 1,000 pages.</summary>
    /// <remarks>Only from one thread at a time: the writer opens inside a write turn.</remarks>
    public unsafe void Attach(SqliteConnection writer)
    {
        _loop ??= Task.Run(RunAsync);
        sqlite3_wal_hook(writer.Handle!.DangerousGetHandle(), &OnCommit, GCHandle.ToIntPtr(_self));
    }

    public async ValueTask DisposeAsync()
    {
        _wake.Writer.TryComplete();
        try
        {
            if (_loop is not null)
            {
                await _loop;
            }
        }
        finally
        {
            if (_self.IsAllocated)
            {
                _self.Free();
            }
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

        if (pages >= checkpointer.InlinePages)
        {
            // Past the mark the background is not woken again: the next turn then finds the log copied
            // and restarts it, unless readers hold part of it (the next commit tries again).
            checkpointer._gate.Wait();
            try
            {
                if (Whole(db, schema))
                {
                    Interlocked.Increment(ref checkpointer._inline);
                }
            }
            finally
            {
                checkpointer._gate.Release();
            }
        }
        else if (pages >= checkpointer.Pages)
        {
            checkpointer._wake.Writer.TryWrite(true);
        }

        return 0;
    }

    /// <summary>
    /// A PASSIVE checkpoint through the C API, not the PRAGMA: Microsoft.Data.Sqlite retries a busy
    /// statement for its command timeout, and the writer may be waiting on the gate meanwhile. Says
    /// whether it copied the whole log (not when busy, not in rollback-journal mode, not when readers
    /// still needed part of it).
    /// </summary>
    private static unsafe bool Whole(IntPtr db, byte* schema)
    {
        int log, copied;
        return sqlite3_wal_checkpoint_v2(db, schema, Passive, &log, &copied) == 0 && log >= 0 && log == copied;
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
                        // A connection opens the log at its first read; until then the C API's checkpoint finds none.
                        using var read = connection.CreateCommand();
                        read.CommandText = "SELECT count(*) FROM sqlite_schema";
                        await read.ExecuteScalarAsync();
                    }

                    await _gate.WaitAsync();
                    try
                    {
                        if (Checkpoint(connection))
                        {
                            Interlocked.Increment(ref _background);
                        }
                    }
                    finally
                    {
                        _gate.Release();
                    }
                }
#pragma warning disable CA1031 // The loop must outlive any failure: it only ever saves the writer work.
                catch (Exception)
#pragma warning restore CA1031
                {
                    // A failed checkpoint loses nothing: the log stays, and the next commit past the mark
                    // (or the writer itself, past InlinePages) tries again, on a fresh connection.
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

    private static unsafe bool Checkpoint(SqliteConnection connection) => Whole(connection.Handle!.DangerousGetHandle(), null);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern unsafe IntPtr sqlite3_wal_hook(IntPtr db, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte*, int, int> callback, IntPtr argument);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern unsafe int sqlite3_wal_checkpoint_v2(IntPtr db, byte* schema, int mode, int* log, int* checkpointed);
}
