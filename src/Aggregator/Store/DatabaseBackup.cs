using Dapper;

namespace Aggregator.Store;

/// <summary>
/// A consistent copy of the live database, taken with <c>VACUUM INTO</c>: one read transaction, so
/// the copy holds exactly what was committed when it began, while the service goes on writing.
/// </summary>
internal sealed class DatabaseBackup(Database database)
{
    /// <summary>Writes the copy to <paramref name="target"/>, which must not exist yet.</summary>
    public async Task BackupAsync(string target, CancellationToken ct = default)
    {
        var path = Path.GetFullPath(target);
        if (File.Exists(path))
        {
            throw new IOException($"{path} already exists; a backup never overwrites a file");
        }

        if (!File.Exists(database.Path))
        {
            throw new IOException($"there is no database at {database.Path}");
        }

        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("VACUUM INTO @path", new { path }, cancellationToken: ct));
    }
}
