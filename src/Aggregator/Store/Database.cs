using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Aggregator.Store;

/// <summary>Opens connections to the one SQLite file, each set up the same way.</summary>
internal sealed class Database : IAsyncDisposable
{
    private readonly string _connectionString;

    /// <summary>The write turns, one at a time, committed in groups.</summary>
    internal WriteQueue Writes { get; }

    /// <summary>
    /// The connection every write turn of this process runs on, kept open with its prepared statements
    /// (<see cref="Statement"/>): a fetch's turn runs about fifteen statements, and preparing them afresh
    /// on a pooled connection cost about a fifth of the turn. Only touched inside a turn.
    /// </summary>
    private SqliteConnection? _writer;

    private readonly Dictionary<string, SqliteCommand> _statements = new(StringComparer.Ordinal);

    private bool _disposed;

    /// <summary>Native handles whose per-connection settings are made (see <see cref="OpenAsync"/>); an entry dies with its handle.</summary>
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();

    static Database()
    {
        // Columns are snake_case, properties PascalCase.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public Database(IOptions<AggregatorOptions> options)
        : this(options.Value.Database)
    {
    }

    public Database(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        Checkpoints = new WalCheckpointer(_connectionString);
        Writes = new WriteQueue(this, WriteTurns);
    }

    public string Path { get; }

    /// <summary>Copies the log into the file off the write turns (<see cref="WalCheckpointer"/>).</summary>
    public WalCheckpointer Checkpoints { get; }

    /// <summary>The write turns taken so far and how long they were held (benchmarks report it).</summary>
    public WriteTurnTally WriteTurns { get; } = new();

    /// <summary>
    /// A connection that cannot write, for analysts' SQL: opened read-only and query_only, unpooled
    /// so the authorizer and time limit installed on it die with it.
    /// </summary>
    public async Task<SqliteConnection> OpenReadOnlyAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync(ct);
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA query_only = 1; PRAGMA busy_timeout = 1000;";
        await pragmas.ExecuteNonQueryAsync(ct);
        return connection;
    }

    /// <summary>Begins a write transaction on the writer connection, in turn with this process's other writers (and committed with theirs: <see cref="WriteQueue"/>).</summary>
    public Task<WriteTransaction> BeginWriteAsync(CancellationToken ct = default) => Writes.BeginAsync(indexLater: false, ct);

    /// <summary>
    /// A write turn that leaves the items the full-text index holds alone (or has the group's pending rows
    /// indexed first: <see cref="WriteTransaction.IndexPending"/>), so the group's rows stay pending for
    /// its commit: upserts, which add their own new rows there (<see cref="WriteTransaction.IndexLater"/>),
    /// and the fetch log. Any other turn has them indexed before it begins.
    /// </summary>
    internal Task<WriteTransaction> BeginAppendingWriteAsync(CancellationToken ct) => Writes.BeginAsync(indexLater: true, ct);

    /// <summary>The writer connection, opened on first use or after <see cref="DropWriter"/>; only inside a write turn.</summary>
    internal async Task<SqliteConnection> WriterAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writer is { State: System.Data.ConnectionState.Open })
        {
            return _writer;
        }

        DropWriter();
        // Its own handle, not the pool's: it lives as long as the process, and it reads without the
        // memory map. A map held for good counts every page the writer ever touched in the process's
        // RSS (the whole file, after a while), where a page cache of its own is bounded by cache_size
        // and stays valid from turn to turn (no one else writes).
        var writer = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString());
        try
        {
            await writer.OpenAsync(ct);
            using var pragmas = writer.CreateCommand();
            pragmas.CommandText = $"{ConnectionPragmas} PRAGMA mmap_size = 0; PRAGMA journal_size_limit = {WalSizeLimit};";
            pragmas.ExecuteNonQuery();
            Checkpoints.Attach(writer);
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }

        _writer = writer;
        return _writer;
    }

    /// <summary>
    /// A statement on the writer connection, prepared on its first use and kept for every later turn;
    /// its parameters keep their last values until set again (<see cref="StatementExtensions.Bind"/>).
    /// Only inside a write turn, and for fixed SQL texts: each distinct text stays prepared.
    /// </summary>
    internal SqliteCommand Statement(string sql, SqliteTransaction transaction)
    {
        if (!_statements.TryGetValue(sql, out var command))
        {
            command = _writer!.CreateCommand();
            command.CommandText = sql;
            _statements[sql] = command;
        }

        command.Transaction = transaction;
        return command;
    }

    /// <summary>Closes the writer connection and its statements, after a turn that could not roll back; the next turn opens another.</summary>
    internal void DropWriter()
    {
        foreach (var command in _statements.Values)
        {
            command.Dispose();
        }

        _statements.Clear();
        _writer?.Dispose();
        _writer = null;
    }

    public async ValueTask DisposeAsync()
    {
        using (await Writes.CloseAsync())
        {
            _disposed = true;
            DropWriter();
        }

        await Checkpoints.DisposeAsync();
    }

    /// <summary>Runs one unit of writes in a write transaction taken in turn, and commits it.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct = default)
    {
        await using var write = await BeginWriteAsync(ct);
        var result = await work(write.Connection, write.Transaction);
        await write.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// Bytes the log file is cut back to when the writer restarts it. A reader that holds one snapshot for
    /// minutes (a slow client's export) keeps every write since in the log, and the file kept that size for
    /// good; a bulk ingest's log stays under this (~35 MB), so it is not cut and regrown turn after turn.
    /// </summary>
    internal const long WalSizeLimit = 64L << 20;

    // WAL itself is persistent (set by the migrator); these are per connection.
    // synchronous=NORMAL in WAL mode can lose the last commits on power loss but never corrupts.
    // mmap and a larger page cache spare a read() system call per page once the indexes outgrow 2 MB.
    private const string ConnectionPragmas =
        "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -32768;";

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        // A pooled connection keeps its native handle, and the settings live on the handle: set them
        // once per handle, not on every open (five statements parsed and run before each query).
        // Marked only once the settings are made, and made whatever the caller's token says: a handle
        // marked but not set up would go back to the pool and run without foreign keys for good.
        if (Configured.TryGetValue(connection.Handle!, out _))
        {
            return connection;
        }

        try
        {
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = ConnectionPragmas;
            pragmas.ExecuteNonQuery();
            PhraseFrequencies.Register(connection);
            Configured.AddOrUpdate(connection.Handle!, Configured);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
