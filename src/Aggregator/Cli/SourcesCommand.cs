using System.CommandLine;
using Aggregator.Sources;
using Aggregator.Store;
using Microsoft.Extensions.Options;

namespace Aggregator.Cli;

/// <summary>
/// <c>sources list|add|remove|refresh</c>: manage the service's sources in its database, while it
/// runs or not. Sources added here are API sources (origin <c>api</c>), kept alongside those of the
/// config file; the running service's schedule follows the database within seconds.
/// </summary>
internal static class SourcesCommand
{
    public static Command Create(IServiceProvider services) => new("sources", "List, add, remove or refresh the sources in the database")
    {
        SourcesListCommand.Create(services),
        CreateAdd(services),
        CreateRemove(services),
        SourcesRefreshCommand.Create(services),
    };

    private static Command CreateAdd(IServiceProvider services)
    {
        var url = new Argument<string>("url") { Description = "A feed's http(s) address, or a web page whose <link rel=\"alternate\"> names its feed" };
        var title = new Option<string?>("--title") { Description = "The source's title, instead of the feed's own" };
        var interval = new Option<int?>("--interval") { Description = "Minutes between fetches (1–10080); Aggregator:DefaultIntervalMinutes when absent" };
        interval.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 10080)
            {
                r.AddError("--interval must be between 1 and 10080 minutes");
            }
        });
        var fullPage = new Option<string>("--full-page") { Description = "Read items from their web page: auto (when the feed looks truncated), always or never", DefaultValueFactory = _ => "auto" };
        fullPage.AcceptOnlyFromAmong("auto", "always", "never");
        var command = new Command("add", "Subscribe to a feed, or to the best feed a web page names, as POST /api/sources does") { url, title, interval, fullPage };
        command.SetAction(async (result, ct) =>
        {
            var given = result.GetValue(url)!;
            if (SourceUrl.Normalize(given, out var error) is not { } address)
            {
                return await CliSources.FailAsync("sources add", error!, 2);
            }

            if (result.GetValue(title)?.Trim() is { Length: > 500 })
            {
                return await CliSources.FailAsync("sources add", "--title is longer than 500 characters", 2);
            }

            await CliSources.MigrateAsync(services, ct);
            var mode = FullPageModes.TryParse(result.GetValue(fullPage), out var parsed) ? parsed : FullPageMode.Auto; // already one of the three
            var minutes = result.GetValue(interval) ?? services.GetRequiredService<IOptions<AggregatorOptions>>().Value.DefaultIntervalMinutes;
            var outcome = await services.GetRequiredService<SourceSubscriber>().SubscribeAsync(address, result.GetValue(title)?.Trim(), minutes, ct, mode);
            switch (outcome)
            {
                case SourceSubscriber.Result.Added added:
                    var found = added.Source.Url == address.AbsoluteUri ? "" : $" (the feed {address} names)";
                    await Console.Out.WriteLineAsync($"added source {added.Source.Id}: {added.Source.Url}{found}");
                    return 0;
                case SourceSubscriber.Result.AlreadyExists exists:
                    var state = exists.Source.Enabled ? "" : " (disabled; purge --source removes it for good)";
                    return await CliSources.FailAsync("sources add", $"{exists.Source.Url} is already source {exists.Source.Id}{state}");
                case SourceSubscriber.Result.Invalid invalid:
                    return await CliSources.FailAsync("sources add", invalid.Reason);
                default:
                    throw new InvalidOperationException("unknown subscription result");
            }
        });
        return command;
    }

    private static Command CreateRemove(IServiceProvider services)
    {
        var source = new Argument<string>("source") { Description = "The source's id or URL" };
        var command = new Command("remove", "Stop polling a source; its items stay until purge") { source };
        command.SetAction(async (result, ct) =>
        {
            await CliSources.MigrateAsync(services, ct);
            var store = services.GetRequiredService<SourceStore>();
            var (found, error) = await CliSources.FindAsync(store, result.GetValue(source)!, ct);
            if (found is null)
            {
                return await CliSources.FailAsync("sources remove", error!);
            }

            if (!found.Enabled)
            {
                await Console.Out.WriteLineAsync($"source {found.Id} ({found.Url}) was already disabled");
                return 0;
            }

            if (found.Origin == "config")
            {
                var file = services.GetRequiredService<IOptions<AggregatorOptions>>().Value.SourcesFile;
                return await CliSources.FailAsync("sources remove", $"source {found.Id} ({found.Url}) is defined in {file}; remove it from that file");
            }

            await store.DisableAsync(found.Id, ct);
            await Console.Out.WriteLineAsync($"disabled source {found.Id} ({found.Url}); its {found.ItemCount} items stay until purge");
            return 0;
        });
        return command;
    }
}
