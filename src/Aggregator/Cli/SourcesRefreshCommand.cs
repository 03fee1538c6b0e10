using System.CommandLine;
using System.Globalization;
using Aggregator.Schedule;
using Aggregator.Store;
using Microsoft.Extensions.Options;

namespace Aggregator.Cli;

/// <summary>
/// <c>sources refresh &lt;id|url&gt; | --all</c>: fetches now, in this process, through the refresh the
/// scheduler runs (so the outcome is recorded on the source and in its fetch log), and prints one line
/// per source. The exit is non-zero when a fetch failed.
/// </summary>
internal static class SourcesRefreshCommand
{
    public static Command Create(IServiceProvider services)
    {
        var source = new Argument<string?>("source") { Description = "The source's id or URL", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Every enabled source, a few at a time (Aggregator:MaxConcurrentFetches)" };
        var command = new Command("refresh", "Fetch sources now and print each outcome") { source, all };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(source) is null) == !r.GetValue(all))
            {
                r.AddError("name one source, or --all");
            }
        });
        command.SetAction(async (result, ct) =>
        {
            await CliSources.MigrateAsync(services, ct);
            var store = services.GetRequiredService<SourceStore>();
            List<Source> targets;
            if (result.GetValue(all))
            {
                targets = [.. (await store.ListAsync(ct)).Where(s => s.Enabled)];
            }
            else
            {
                var (found, error) = await CliSources.FindAsync(store, result.GetValue(source)!, ct);
                if (found is null)
                {
                    return await CliSources.FailAsync("sources refresh", error!);
                }

                targets = [found];
            }

            var failed = 0;
            var parallel = new ParallelOptions
            {
                MaxDegreeOfParallelism = services.GetRequiredService<IOptions<AggregatorOptions>>().Value.MaxConcurrentFetches,
                CancellationToken = ct,
            };
            await Parallel.ForEachAsync(targets, parallel, async (target, token) =>
            {
                var (line, ok) = await RefreshAsync(services, target, token);
                Interlocked.Add(ref failed, ok ? 0 : 1);
                await Console.Out.WriteLineAsync(line); // Console.Out is synchronized: one whole line at a time
            });
            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    private static async Task<(string Line, bool Ok)> RefreshAsync(IServiceProvider services, Source source, CancellationToken ct)
    {
        var fetchLog = services.GetRequiredService<FetchLogStore>();
        var earlier = await fetchLog.ListAsync(source.Id, ct);
        var before = earlier.Count > 0 ? earlier[0] : null;
        await services.GetRequiredService<SourceRefresher>().RefreshAsync(source.Id, ct);
        var entries = await fetchLog.ListAsync(source.Id, ct);
        var prefix = $"{source.Id} {source.Url}:";
        if (entries.Count == 0 || entries[0] == before)
        {
            return ($"{prefix} not fetched: the source was deleted meanwhile", false);
        }

        var entry = entries[0];
        var http = entry.HttpStatus is { } code ? $" (HTTP {code.ToString(CultureInfo.InvariantCulture)})" : "";
        return entry.Status switch
        {
            "ok" => ($"{prefix} ok, {entry.Added} new, {entry.Updated} updated{http}", true),
            "notModified" => ($"{prefix} not modified{http}", true),
            FetchOutcomes.Deferred => ($"{prefix} deferred: {CliSources.OneLine(entry.Error ?? "")}", true),
            _ => ($"{prefix} error: {CliSources.OneLine(entry.Error ?? "unknown")}", false),
        };
    }
}
