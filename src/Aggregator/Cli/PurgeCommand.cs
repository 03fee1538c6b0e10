using System.CommandLine;
using Aggregator.Store;

namespace Aggregator.Cli;

/// <summary>
/// <c>purge [--source &lt;id|url&gt;] [--disabled] [--dry-run] [--force]</c>: the explicit, destructive
/// removal of sources with their items (search rows, categories and fetch log go with them), as
/// <c>DELETE /api/sources/{id}</c> does. Removing a source from the config file or with
/// <c>sources remove</c> only disables it; this is the step that deletes.
/// </summary>
internal static class PurgeCommand
{
    public static Command Create(IServiceProvider services)
    {
        var source = new Option<string?>("--source") { Description = "The id or URL of one source to purge" };
        var disabled = new Option<bool>("--disabled") { Description = "Every disabled source" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would be removed, and remove nothing" };
        var force = new Option<bool>("--force") { Description = "Allow purging the enabled source named by --source" };
        var command = new Command("purge", "Delete disabled sources and their items for good") { source, disabled, dryRun, force };
        command.Validators.Add(r =>
        {
            if (r.GetValue(source) is null && !r.GetValue(disabled))
            {
                r.AddError("name what to purge: --source <id|url>, --disabled, or both");
            }
        });
        command.SetAction(async (result, ct) =>
        {
            await CliSources.MigrateAsync(services, ct);
            var store = services.GetRequiredService<SourceStore>();
            var targets = result.GetValue(disabled) ? (await store.ListAsync(ct)).Where(s => !s.Enabled).ToList() : [];
            if (result.GetValue(source) is { } named)
            {
                var (found, error) = await CliSources.FindAsync(store, named, ct);
                if (found is null)
                {
                    return await CliSources.FailAsync("purge", error!);
                }

                if (found.Enabled && !result.GetValue(force))
                {
                    return await CliSources.FailAsync("purge", $"source {found.Id} ({found.Url}) is enabled: disable it first (sources remove {found.Id}) or add --force");
                }

                targets = [.. targets.Where(t => t.Id != found.Id).Append(found)];
            }

            return await PurgeAsync(store, targets, result.GetValue(dryRun), ct);
        });
        return command;
    }

    private static async Task<int> PurgeAsync(SourceStore store, List<Source> targets, bool dryRun, CancellationToken ct)
    {
        if (targets.Count == 0)
        {
            await Console.Out.WriteLineAsync("nothing to purge");
            return 0;
        }

        var verb = dryRun ? "would purge" : "purged";
        long items = 0;
        foreach (var target in targets.OrderBy(t => t.Id))
        {
            if (!dryRun && !await store.DeleteAsync(target.Id, ct))
            {
                continue; // deleted meanwhile, by the API or another purge
            }

            items += target.ItemCount;
            await Console.Out.WriteLineAsync($"{verb} source {target.Id} ({target.Url}): {target.ItemCount} items");
        }

        await Console.Out.WriteLineAsync($"{verb} {targets.Count} sources, {items} items");
        return 0;
    }
}
