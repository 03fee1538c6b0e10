using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Aggregator.Store;

/// <summary>Opens connections to the one SQLite file, each set up the same way.</summary>
internal sealed class Database
{
    private readonly string _connectionString;

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
    }

    public string Path { get; }

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

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        using var pragmas = connection.CreateCommand();
        // WAL itself is persistent (set by the migrator); these are per connection.
        // synchronous=NORMAL in WAL mode can lose the last commits on power loss but never corrupts.
        // mmap and a larger page cache spare a read() system call per page once the indexes outgrow 2 MB.
        pragmas.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -32768;";
        await pragmas.ExecuteNonQueryAsync(ct);
        return connection;
    }
}
