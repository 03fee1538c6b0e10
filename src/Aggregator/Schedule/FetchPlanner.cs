using Microsoft.Extensions.Options;

namespace Aggregator.Schedule;

/// <summary>When to fetch a source next: its interval after success, exponential backoff after failure.</summary>
internal sealed class FetchPlanner(IOptions<AggregatorOptions> options, TimeProvider clock)
{
    private AggregatorOptions Settings => options.Value;

    /// <summary>After a good fetch: the source's interval, stretched to the feed's own hint, within the global bounds.</summary>
    public DateTimeOffset AfterSuccess(int intervalMinutes, TimeSpan? feedHint)
    {
        var interval = TimeSpan.FromMinutes(intervalMinutes);
        if (feedHint is { } hint && hint > interval)
        {
            interval = hint;
        }

        return clock.GetUtcNow() + Clamp(interval);
    }

    /// <summary>After the <paramref name="failures"/>th failure in a row: interval × 2^(n−1), ±20 % jitter, capped.</summary>
    public DateTimeOffset AfterFailure(int intervalMinutes, int failures)
    {
        var exponent = Math.Clamp(failures - 1, 0, 20);
        var delay = TimeSpan.FromMinutes(Math.Min(intervalMinutes * Math.Pow(2, exponent), Settings.MaxIntervalMinutes));
#pragma warning disable CA5394 // Jitter only spreads retries; it needs no cryptographic randomness.
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
#pragma warning restore CA5394
        return clock.GetUtcNow() + Clamp(delay * jitter);
    }

    private TimeSpan Clamp(TimeSpan interval) => TimeSpan.FromMinutes(
        Math.Clamp(interval.TotalMinutes, Settings.MinIntervalMinutes, Settings.MaxIntervalMinutes));
}
