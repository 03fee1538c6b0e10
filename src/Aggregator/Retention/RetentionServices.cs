using Microsoft.Extensions.Options;
using Quartz;

namespace Aggregator.Retention;

/// <summary>Wires retention: the sweeper, and its Quartz job scheduled at start.</summary>
internal static class RetentionServices
{
    /// <summary>Call before <c>AddQuartzHostedService</c>, so the job is registered before the scheduler starts.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddSingleton<RetentionSweeper>();
        services.AddHostedService<RetentionStartup>();
        return services;
    }

    private sealed class RetentionStartup(ISchedulerFactory schedulers, IOptions<AggregatorOptions> options, TimeProvider clock) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken) =>
            await RetentionJob.ScheduleAsync(await schedulers.GetScheduler(cancellationToken), options.Value, clock.GetUtcNow(), cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
