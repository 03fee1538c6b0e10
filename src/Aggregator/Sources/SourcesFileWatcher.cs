using Aggregator.Schedule;
using Aggregator.Store;
using Microsoft.Extensions.Options;

namespace Aggregator.Sources;

/// <summary>
/// Reloads the sources file when it changes: the database follows it (sources added, changed,
/// disabled) and so does the schedule. A file that no longer validates is logged and ignored, so a
/// typo never stops the running service. The schedule also follows sources enabled, disabled or
/// deleted in the database by the CLI. Polls the file's time stamp: it works on every file system,
/// including mounted volumes where change notifications are lost.
/// </summary>
internal sealed partial class SourcesFileWatcher(
    SourceStore sources,
    FetchScheduler scheduler,
    IOptions<AggregatorOptions> options,
    TimeProvider clock,
    ILogger<SourcesFileWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private IReadOnlySet<long>? _enabled;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = options.Value.SourcesFile;
        var seen = Stamp(path);
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var stamp = Stamp(path);
            try
            {
                if (stamp != seen)
                {
                    // Marked as seen only once applied: a reload the database refused (busy) is tried again.
                    await ReloadAsync(path, stoppingToken);
                    seen = stamp;
                }
                else
                {
                    await FollowDatabaseAsync(stoppingToken);
                }
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                LogDatabaseUnavailable(logger, e.Message); // busy or locked: the next tick tries again
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever goes wrong here (a locked file, a busy database), the running service goes on.
                LogInvalid(logger, e.Message);
            }
        }
    }

    public async Task ReloadAsync(string path, CancellationToken ct)
    {
        IReadOnlyList<SourceDefinition> configured;
        try
        {
            configured = SourcesFile.Load(path, options.Value.DefaultIntervalMinutes);
        }
        catch (Exception e) when (e is SourceConfigException or IOException)
        {
            LogInvalid(logger, e.Message);
            return;
        }

        await sources.SyncConfigAsync(configured, ct);
        await SyncScheduleAsync(ct);
        LogReloaded(logger, path, configured.Count);
    }

    /// <summary>
    /// The CLI (<c>sources add|remove</c>, <c>import-opml</c>, <c>purge</c>) writes the database while the
    /// service runs: when the set of enabled sources changes, the schedule follows it.
    /// </summary>
    private async Task FollowDatabaseAsync(CancellationToken ct)
    {
        var enabled = await sources.EnabledIdsAsync(ct);
        if (_enabled is not null && _enabled.SetEquals(enabled))
        {
            return;
        }

        await SyncScheduleAsync(ct);
        _enabled = enabled;
    }

    private async Task SyncScheduleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var (id, enabled, nextFetchAt) in await sources.ScheduleStatesAsync(ct))
        {
            var scheduled = await scheduler.GetNextAsync(id, ct);
            if (enabled && scheduled is null)
            {
                await scheduler.ScheduleAsync(id, nextFetchAt is { } next && next > now ? next : now, ct);
            }
            else if (!enabled && scheduled is not null)
            {
                await scheduler.RemoveAsync(id, ct);
            }
        }
    }

    private static (DateTime, long) Stamp(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? (file.LastWriteTimeUtc, file.Length) : default;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloaded {Path}: {Count} sources")]
    private static partial void LogReloaded(ILogger logger, string path, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The schedule could not be compared with the sources table: {Reason}")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The sources file changed but is not valid, so it was not applied: {Reason}")]
    private static partial void LogInvalid(ILogger logger, string reason);
}
