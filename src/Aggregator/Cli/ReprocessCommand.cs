using System.CommandLine;
using System.Text.Json;
using Aggregator.Schedule;
using Aggregator.Store;

namespace Aggregator.Cli;

/// <summary>
/// <c>reprocess &lt;source-id&gt;</c>: cleans a source's stored items again, in the database the
/// service uses (<c>Aggregator:Database</c>), and prints <c>{"sourceId","items","changed"}</c>.
/// </summary>
internal static class ReprocessCommand
{
    public static Command Create(IServiceProvider services)
    {
        var id = new Argument<long>("source-id") { Description = "The source's id, as GET /api/sources lists it" };
        var command = new Command("reprocess", "Clean the stored items of a source again, after its site rules changed") { id };
        command.SetAction(async (result, ct) =>
        {
            var sourceId = result.GetValue(id);
            // The file may be older than this build, or new: bring its schema up to date first.
            await services.GetRequiredService<Migrator>().MigrateAsync(ct);
            var outcome = await services.GetRequiredService<ItemReprocessor>().ReprocessAsync(sourceId, ct);
            if (outcome is null)
            {
                await Console.Error.WriteLineAsync($"aggregator reprocess: there is no source {sourceId}");
                return 1;
            }

            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(outcome, ContractJson.Create(indented: true)));
            return 0;
        });
        return command;
    }
}
