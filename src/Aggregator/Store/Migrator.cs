using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// Applies the numbered scripts in <c>Store/Migrations</c> in order, each in its own transaction with
/// the row that records it in <c>schema_migrations</c>. Every script not recorded there runs, so a
/// script merged after a higher-numbered one still runs on a database migrated in between (a bare
/// version number would have skipped it). <c>PRAGMA user_version</c> still carries the highest number
/// for tools that read it. Shipped scripts are never edited.
/// </summary>
internal sealed class Migrator(Database database)
{
    /// <summary>
    /// The last script every build had before <c>schema_migrations</c> existed. Branches of that time
    /// numbered later scripts independently (012 and 013 landed from two), so a bare
    /// <c>user_version</c> above this cannot say which of them ran: those scripts run again, and are
    /// written to be re-runnable.
    /// </summary>
    internal const int LastUnrecorded = 11;

    private readonly IReadOnlyList<MigrationScript>? _scripts;

    /// <summary>A migrator over other scripts than the embedded ones (tests).</summary>
    internal Migrator(Database database, IReadOnlyList<MigrationScript> scripts)
        : this(database) => _scripts = scripts;

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        var folder = System.IO.Path.GetDirectoryName(database.Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var scripts = _scripts ?? Embedded();
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        var newest = scripts.Count == 0 ? 0 : scripts.Max(s => s.Number);
        var applied = await AppliedAsync(connection, scripts, newest, ct);
        foreach (var script in scripts.Where(s => !applied.Contains(s.Number)).OrderBy(s => s.Number))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            // Another process (the CLI beside the service) may have run it since the list was read.
            if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE number = @Number", script, transaction) > 0)
            {
                continue;
            }

            await connection.ExecuteAsync(script.Sql, transaction: transaction);
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (number, name, applied_at) VALUES (@Number, @Name, @now)",
                new { script.Number, script.Name, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, transaction);
            applied.Add(script.Number);
            await connection.ExecuteAsync($"PRAGMA user_version = {applied.Max()};", transaction: transaction);
            await transaction.CommitAsync(ct);
        }
    }

    /// <summary>
    /// The numbers of the scripts this database has run. A database from before the table existed
    /// tracked only <c>user_version</c>: every script up to it counts as run (up to <see cref="LastUnrecorded"/>), and is recorded so.
    /// </summary>
    private async Task<HashSet<int>> AppliedAsync(SqliteConnection connection, IReadOnlyList<MigrationScript> scripts, int newest, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var version = await connection.ExecuteScalarAsync<long>("PRAGMA user_version;", transaction: transaction);
        if (version > newest)
        {
            // Checked before anything is written: a newer build's database is left as it is.
            throw new InvalidOperationException(
                $"The database {database.Path} has schema migration {version}, newer than this build knows ({newest}): run a newer build of Aggregator on it.");
        }

        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT",
            transaction: transaction);
        var applied = (await connection.QueryAsync<int>("SELECT number FROM schema_migrations", transaction: transaction)).ToHashSet();
        if (applied.Count == 0 && version > 0)
        {
            foreach (var script in scripts.Where(s => s.Number <= Math.Min(version, LastUnrecorded)))
            {
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (number, name, applied_at) VALUES (@Number, @Name, 0)", script, transaction);
                applied.Add(script.Number);
            }
        }

        await transaction.CommitAsync(ct);
        return applied;
    }

    private static List<MigrationScript> Embedded()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string prefix = "Aggregator.Store.Migrations.";
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..];
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return new MigrationScript(int.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)]), name, reader.ReadToEnd());
            })
            .OrderBy(s => s.Number)];
    }
}

/// <summary>One numbered schema script, <c>NNN_name.sql</c>.</summary>
internal sealed record MigrationScript(int Number, string Name, string Sql);
