using Quartz;

namespace Aggregator.Schedule;

/// <summary>
/// One Quartz job per source (job key = source id) with one trigger for its next fetch. The
/// next fetch time lives in the database, so an in-memory scheduler is rebuilt from it at start.
/// </summary>
internal sealed class FetchScheduler(ISchedulerFactory schedulers)
{
    private const string Group = "sources";

    public static JobKey KeyOf(long sourceId) => new(sourceId.ToString(), Group);

    public static long SourceIdOf(JobKey key) => long.Parse(key.Name);

    /// <summary>Registers the source's job and sets its trigger to <paramref name="at"/>.</summary>
    public async Task ScheduleAsync(long sourceId, DateTimeOffset at, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var job = JobBuilder.Create<RefreshJob>().WithIdentity(KeyOf(sourceId)).StoreDurably().Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing, ct);
        await SetNextAsync(scheduler, sourceId, at, ct);
    }

    /// <summary>Moves the source's one trigger; used after every run.</summary>
    public async Task ScheduleNextAsync(long sourceId, DateTimeOffset at, CancellationToken ct = default) =>
        await SetNextAsync(await schedulers.GetScheduler(ct), sourceId, at, ct);

    /// <summary>Fetches the source now, queued behind a run already in progress.</summary>
    public async Task TriggerNowAsync(long sourceId, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        if (!await scheduler.Exists(KeyOf(sourceId), ct))
        {
            var job = JobBuilder.Create<RefreshJob>().WithIdentity(KeyOf(sourceId)).StoreDurably().Build();
            await scheduler.AddJob(job, AddJobOptions.Replacing, ct);
        }

        await scheduler.TriggerJob(KeyOf(sourceId), ct);
    }

    public async Task RemoveAsync(long sourceId, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.DeleteJob(KeyOf(sourceId), ct);
    }

    /// <summary>When the source's next regular fetch fires, or null when none is scheduled.</summary>
    public async Task<DateTimeOffset?> GetNextAsync(long sourceId, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var trigger = await scheduler.GetTrigger(NextKey(sourceId), ct);
        return trigger?.NextFireTimeUtc;
    }

    private static async Task SetNextAsync(IScheduler scheduler, long sourceId, DateTimeOffset at, CancellationToken ct)
    {
        var trigger = TriggerBuilder.Create()
            .WithIdentity(NextKey(sourceId))
            .ForJob(KeyOf(sourceId))
            .StartAt(at)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, ct);
    }

    private static TriggerKey NextKey(long sourceId) => new($"next-{sourceId}", Group);
}
