using System.CommandLine;
using Aggregator.Store;
using Microsoft.Data.Sqlite;

namespace Aggregator.Cli;

/// <summary><c>backup &lt;file&gt;</c>: a consistent copy of the database, safe while the service runs.</summary>
internal static class BackupCommand
{
    public static Command Create(IServiceProvider services)
    {
        var target = new Argument<string>("file") { Description = "Where to write the copy; must not exist" };
        var command = new Command("backup", "Copy the database consistently while the service runs") { target };
        command.SetAction(async (result, ct) =>
        {
            var path = result.GetValue(target)!;
            try
            {
                await services.GetRequiredService<DatabaseBackup>().BackupAsync(path, ct);
                await Console.Out.WriteLineAsync($"backed up {services.GetRequiredService<Database>().Path} to {Path.GetFullPath(path)}");
                return 0;
            }
            catch (Exception e) when (e is IOException or SqliteException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"aggregator backup: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
