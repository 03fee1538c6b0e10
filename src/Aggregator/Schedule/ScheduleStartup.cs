using Aggregator.Sources;
using Aggregator.Store;
using Microsoft.Extensions.Options;

namespace Aggregator.Schedule;

/// <summary>
/// At start: migrate the database, delete what killed exports left beside it, sync the config file's sources into it, and give every
/// enabled source a trigger at its stored next fetch time (overdue ones spread over a few seconds).
/// Runs before Quartz starts, so nothing fires against a half-built schedule.
/// </summary>
internal sealed partial class ScheduleStartup(
    Migrator migrator,
    Database database,
    SourceStore sources,
    FetchScheduler scheduler,
    IOptions<AggregatorOptions> options,
    TimeProvider clock,
    ILogger<ScheduleStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        if (ItemStore.SweepExportFiles(database.Path) is > 0 and var swept)
        {
            LogSwept(logger, swept);
        }

        var settings = options.Value;
        var configured = SourcesFile.Load(settings.SourcesFile, settings.DefaultIntervalMinutes);
        await sources.SyncConfigAsync(configured, cancellationToken);

        var now = clock.GetUtcNow();
        var enabled = (await sources.ListAsync(cancellationToken)).Where(s => s.Enabled).ToList();
        var spread = TimeSpan.FromMilliseconds(Math.Min(30_000, enabled.Count * 20));
        var overdue = 0;
        foreach (var source in enabled)
        {
            var at = source.NextFetchAt is { } next && next > now
                ? next
                : now + (spread * overdue++ / Math.Max(1, enabled.Count));
            await scheduler.ScheduleAsync(source.Id, at, cancellationToken);
        }

        LogScheduled(logger, enabled.Count, configured.Count, overdue);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} export id files a stopped process left beside the database")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled {Enabled} enabled sources ({Configured} from the config file, {Overdue} due now)")]
    private static partial void LogScheduled(ILogger logger, int enabled, int configured, int overdue);
}
