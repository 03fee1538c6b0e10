using System.Reflection;
using Dapper;

namespace Aggregator.Store;

/// <summary>
/// Applies the numbered scripts in <c>Store/Migrations</c> in order, each in its own transaction,
/// tracking progress in <c>PRAGMA user_version</c>. Shipped scripts are never edited.
/// </summary>
internal sealed class Migrator(Database database)
{
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        var folder = System.IO.Path.GetDirectoryName(database.Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        var version = await connection.ExecuteScalarAsync<long>("PRAGMA user_version;");
        foreach (var (number, sql) in Scripts().Where(s => s.Number > version))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(sql, transaction: transaction);
            await connection.ExecuteAsync($"PRAGMA user_version = {number};", transaction: transaction);
            await transaction.CommitAsync(ct);
        }
    }

    private static IEnumerable<(int Number, string Sql)> Scripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string prefix = "Aggregator.Store.Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..];
                var number = int.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)]);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (number, reader.ReadToEnd());
            })
            .OrderBy(s => s.number);
    }
}
