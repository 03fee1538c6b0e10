using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Aggregator.Store;

/// <summary>The bounds of one analyst query: rows, bytes of the whole result and of any one value (string or blob), running time.</summary>
internal sealed record SqlLimits(int Rows, long ResultBytes, int ValueBytes, TimeSpan Time);

/// <summary>The rows of one analyst query; <see cref="TruncatedBy"/> names the bound that cut it short ("rows" or "bytes"), null when none did.</summary>
internal sealed record SqlResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, string? TruncatedBy, long ElapsedMs);

/// <summary>
/// Runs analysts' SQL the way Datasette does, in layers: a read-only, query_only connection; an
/// authorizer that allows reading and nothing else (no PRAGMA but the schema ones, no ATTACH, writes, transactions); exactly
/// one statement; a progress handler that interrupts at the time limit; a bound on the size of any value; caps on
/// the rows and bytes held for the answer.
/// </summary>
internal sealed class ReadOnlySql(Database database)
{
    // sqlite3.h action codes: reading a table or column, SELECT itself, calling a function, WITH RECURSIVE.
    private static readonly HashSet<int> Allowed = [20, 21, 31, 33];
    private const int Pragma = 19;
    /// <summary>As written: SQLite hands the authorizer a pragma's name in the statement's own case (PRAGMA TABLE_INFO).</summary>
    private static readonly HashSet<string?> SchemaPragmas = new(["table_info", "table_xinfo", "index_list", "index_info"], StringComparer.OrdinalIgnoreCase);
    private const int Interrupted = 9;
    private const int NotAuthorized = 23;
    private const int TooBig = 18;

    private const int MaxPatternLength = 1000;

    /// <summary>The result, or null and a reason a user can act on.</summary>
    /// <param name="reserved">Names the caller keeps for itself, which no statement parameter can take a value from.</param>
    public async Task<(SqlResult? Result, string? Error)> RunAsync(
        string sql, IReadOnlyDictionary<string, string?> parameters, SqlLimits limits, IReadOnlyCollection<string> reserved, CancellationToken ct)
    {
        await using var connection = await database.OpenReadOnlyAsync(ct);
        var db = connection.Handle!;
        // The progress handler runs between VM steps and cannot stop one long function call; a bound on every
        // value SQLite makes bounds that call (zeroblob, randomblob, replace, group_concat: "string or blob too big").
        raw.sqlite3_limit(db, raw.SQLITE_LIMIT_LENGTH, limits.ValueBytes);
        // LIKE and GLOB are one call too, and cost up to the pattern's length times the string's (SQLite
        // allows 50,000-character patterns); a thousand is far more than any analyst's pattern.
        raw.sqlite3_limit(db, raw.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, MaxPatternLength);
        raw.sqlite3_set_authorizer(db, new strdelegate_authorizer((_, action, name, argument, _, _) => Allows(action, name, argument) ? raw.SQLITE_OK : raw.SQLITE_DENY), null);
        var names = Inspect(db, sql, limits, out var error);
        error ??= Unbound(names!, parameters, reserved);
        if (error is not null)
        {
            return (null, error);
        }

        var clock = Stopwatch.StartNew();
        raw.sqlite3_progress_handler(db, 1000, _ => clock.Elapsed > limits.Time ? 1 : 0, null);
        try
        {
            var result = await ReadAsync(connection, sql, names!.Distinct(StringComparer.Ordinal).Select(n => new SqliteParameter(n, parameters[n![1..]] ?? (object)DBNull.Value)), limits, ct);
            return (result with { ElapsedMs = clock.ElapsedMilliseconds }, null);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == Interrupted && !ct.IsCancellationRequested)
        {
            return (null, $"the query ran longer than its limit of {limits.Time.TotalMilliseconds:0} ms and was stopped");
        }
        catch (SqliteException e)
        {
            return (null, Describe(e.SqliteErrorCode, e.Message, limits));
        }
    }

    /// <summary>
    /// Why some parameter of the statement would go without a value, or null. Positional and numbered ones
    /// (<c>?</c>, <c>?1</c>) are refused rather than bound from query parameters named 1, 2…: a query string
    /// names its values, and mixing <c>?</c> with <c>?2</c> numbers them in ways few people predict.
    /// </summary>
    private static string? Unbound(List<string?> names, IReadOnlyDictionary<string, string?> parameters, IReadOnlyCollection<string> reserved)
    {
        // Names are in index order. A bare ? has no name, nor has an index a ?NNN skipped: only a nameless
        // index after the last numbered one is surely a bare ?.
        var lastNumbered = names.FindLastIndex(n => n?[0] == '?');
        var unnamed = names.Where((n, i) => n?[0] == '?' || (n is null && i > lastNumbered)).Select(n => n ?? "?").Distinct(StringComparer.Ordinal).ToList();
        if (unnamed.Count > 0)
        {
            return $"only named parameters (:name, @name, $name) are supported; the statement uses {string.Join(", ", unnamed)}";
        }

        var missing = names.Distinct(StringComparer.Ordinal).Where(n => !parameters.ContainsKey(n![1..])).ToList();
        if (missing.FirstOrDefault(n => reserved.Contains(n![1..])) is { } clash)
        {
            return $"parameter {clash} can never have a value: {string.Join(", ", reserved)} are the endpoint's own parameters; rename it in the statement";
        }

        return missing.Count == 0 ? null
            : $"no value for parameter {string.Join(", ", missing)}; pass each as a query parameter of the same name without its prefix ({string.Join(", ", missing.Select(n => $"{n![1..]}=…"))})";
    }

    /// <summary>
    /// FTS5 reads <c>PRAGMA data_version</c> itself to see whether its cache is fresh; that read is harmless and needed.
    /// The schema pragmas only describe tables and indexes (which <c>sqlite_schema</c> already shows as SQL) and
    /// change nothing, so analysts may look columns up: <c>select * from pragma_table_info('items')</c>. The
    /// table-valued form runs the pragma itself, and the authorizer sees it under the pragma's own name, as it
    /// sees <c>PRAGMA table_info(items)</c>; every other pragma, either way, is refused.
    /// </summary>
    private static bool Allows(int action, string? name, string? argument) =>
        Allowed.Contains(action) || (action == Pragma && (name is "data_version" && argument is null || SchemaPragmas.Contains(name)));

    /// <summary>Prepares the text to check it is one read-only statement; returns its parameter names (with prefix; null for a bare <c>?</c>).</summary>
    private static List<string?>? Inspect(sqlite3 db, string sql, SqlLimits limits, out string? error)
    {
        error = null;
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement, out var tail);
        using (statement)
        {
            if (rc != raw.SQLITE_OK)
            {
                error = Describe(raw.sqlite3_extended_errcode(db) & 0xff, raw.sqlite3_errmsg(db).utf8_to_string(), limits);
                return null;
            }

            if (statement is null || statement.IsInvalid)
            {
                error = "the text holds no SQL statement";
                return null;
            }

            // Whatever follows must prepare to nothing (space, comments): a refused or broken second statement is still a second one.
            if (!string.IsNullOrWhiteSpace(tail) && (raw.sqlite3_prepare_v2(db, tail, out var next, out _) != raw.SQLITE_OK | HasStatement(next)))
            {
                error = "only one statement is allowed; remove everything after the first semicolon";
                return null;
            }

            if (raw.sqlite3_stmt_readonly(statement) == 0)
            {
                error = "only statements that read are allowed (SELECT, WITH … SELECT, VALUES)";
                return null;
            }

            var count = raw.sqlite3_bind_parameter_count(statement);
            return [.. Enumerable.Range(1, count).Select(i => raw.sqlite3_bind_parameter_name(statement, i).utf8_to_string())];
        }
    }

    private static bool HasStatement(sqlite3_stmt next)
    {
        using (next)
        {
            return next is not null && !next.IsInvalid;
        }
    }

    private static string Describe(int code, string message, SqlLimits limits) => code switch
    {
        NotAuthorized => "only reading is allowed: PRAGMA (but table_info, table_xinfo, index_list, index_info), ATTACH, DETACH, writes and transactions are refused",
        TooBig => $"a string or blob would be larger than {limits.ValueBytes} bytes (Aggregator:SqlMaxValueBytes), "
            + "or a row being sorted or grouped is; make or read smaller values (substr, length) or sort fewer columns",
        _ => $"SQLite: {message}",
    };

    /// <summary>
    /// Reads the rows up to the row cap and the byte cap, whichever comes first. The answer is held whole so that
    /// an error at any row is still a 400; counting bytes value by value keeps it within the cap and one value
    /// (itself at most <see cref="SqlLimits.ValueBytes"/>), however wide the rows.
    /// </summary>
    private static async Task<SqlResult> ReadAsync(SqliteConnection connection, string sql, IEnumerable<SqliteParameter> parameters, SqlLimits limits, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddRange(parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<object?[]>();
        var bytes = 0L;
        while (await reader.ReadAsync(ct))
        {
            if (rows.Count == limits.Rows)
            {
                return new SqlResult(columns, rows, "rows", 0);
            }

            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                bytes += Size(row[i]);
                if (bytes > limits.ResultBytes)
                {
                    return new SqlResult(columns, rows, "bytes", 0);
                }
            }

            rows.Add(row);
        }

        return new SqlResult(columns, rows, null, 0);
    }

    /// <summary>What a value counts against the byte cap: 8 bytes (a number, or the place of any value) plus its text as UTF-8 or its blob.</summary>
    private static long Size(object? value) => 8 + value switch
    {
        string text => Encoding.UTF8.GetByteCount(text),
        byte[] blob => blob.Length,
        _ => 0,
    };
}
