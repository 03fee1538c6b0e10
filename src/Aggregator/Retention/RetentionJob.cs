using Quartz;

namespace Aggregator.Retention;

/// <summary>The Quartz job that runs retention every <see cref="AggregatorOptions.RetentionIntervalMinutes"/>, first a little after start.</summary>
[DisallowConcurrentExecution]
internal sealed partial class RetentionJob(RetentionSweeper sweeper, ILogger<RetentionJob> logger) : IJob
{
    public static readonly JobKey Key = new("retention", "maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        try
        {
            await sweeper.SweepAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A failed run (a locked or full disk) is retried at the next interval; the scheduler goes on.
            LogFailed(logger, e);
        }
    }

    /// <summary>Registers the job with its repeating trigger; called at start, before Quartz runs.</summary>
    public static async Task ScheduleAsync(IScheduler scheduler, AggregatorOptions settings, DateTimeOffset now, CancellationToken ct)
    {
        var job = JobBuilder.Create<RetentionJob>().WithIdentity(Key).StoreDurably().Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity("retention", "maintenance")
            .ForJob(Key)
            .StartAt(now.AddSeconds(settings.RetentionStartDelaySeconds))
            .WithSimpleSchedule(s => s
                .WithInterval(TimeSpan.FromMinutes(settings.RetentionIntervalMinutes))
                .RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing, ct);
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention run failed; it is tried again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
