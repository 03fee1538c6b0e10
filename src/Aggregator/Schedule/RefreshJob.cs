using Quartz;

namespace Aggregator.Schedule;

/// <summary>The Quartz job of one source: refresh it, then schedule its next run.</summary>
[DisallowConcurrentExecution]
internal sealed class RefreshJob(SourceRefresher refresher, FetchScheduler scheduler) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var sourceId = FetchScheduler.SourceIdOf(context.JobDetail.Key);
        var next = await refresher.RefreshAsync(sourceId, ct);
        if (next is { } at)
        {
            await scheduler.ScheduleNextAsync(sourceId, at, ct);
        }
    }
}
