using Aggregator.Store;
using Microsoft.Extensions.Options;

namespace Aggregator.Schedule;

/// <summary>
/// When to fetch a source next. After success: the operator's interval, stretched (never shrunk) by
/// the feed's hints and its observed publishing rhythm, within the global bounds and the source's own. After failure:
/// exponential backoff with jitter, capped, and never sooner than a Retry-After.
/// </summary>
internal sealed class FetchPlanner(IOptions<AggregatorOptions> options, TimeProvider clock)
{
    /// <summary>How many recent items the publishing rhythm is read from.</summary>
    private const int RhythmWindow = 10;

    private AggregatorOptions Settings => options.Value;

    /// <summary>The interval for a source after a good fetch, in whole minutes, within the global bounds.</summary>
    /// <param name="hints">Feed <c>ttl</c>/<c>sy:update*</c>, Cache-Control/Expires, observed rhythm; nulls ignored.</param>
    public int IntervalAfterSuccess(int intervalMinutes, params ReadOnlySpan<TimeSpan?> hints) =>
        IntervalAfterSuccess(intervalMinutes, SourceSettings.None, hints);

    /// <summary>As above, within the source's own bounds (<paramref name="settings"/>), which only narrow the global ones.</summary>
    public int IntervalAfterSuccess(int intervalMinutes, SourceSettings settings, params ReadOnlySpan<TimeSpan?> hints)
    {
        // We never poll faster than the operator asked; hints only let a source rest longer.
        var interval = TimeSpan.FromMinutes(intervalMinutes);
        foreach (var hint in hints)
        {
            if (hint is { } h && h > interval)
            {
                interval = h;
            }
        }

        return (int)Math.Ceiling(Clamp(interval, settings).TotalMinutes);
    }

    public DateTimeOffset At(int minutes) => clock.GetUtcNow() + TimeSpan.FromMinutes(minutes);

    /// <summary>After the <paramref name="failures"/>th failure in a row: interval × 2^(n−1), ±20 % jitter, capped.</summary>
    public DateTimeOffset AfterFailure(int intervalMinutes, int failures, TimeSpan? retryAfter = null, SourceSettings? settings = null)
    {
        settings ??= SourceSettings.None;
        var exponent = Math.Clamp(failures - 1, 0, 20);
        var delay = TimeSpan.FromMinutes(Math.Min(intervalMinutes * Math.Pow(2, exponent), Bounds(settings).Max));
#pragma warning disable CA5394 // Jitter only spreads retries; it needs no cryptographic randomness.
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
#pragma warning restore CA5394
        var wait = Clamp(delay * jitter, settings);
        return clock.GetUtcNow() + (retryAfter is { } r && r > wait ? r : wait);
    }

    /// <summary>
    /// A quarter of the larger of the mean gap between recent items and the time since the newest:
    /// a daily feed is polled about every 6 h, a feed quiet for a month at the longest interval.
    /// </summary>
    public TimeSpan? PublishingRhythm(IEnumerable<DateTimeOffset?> published)
    {
        var now = clock.GetUtcNow();
        var dates = published.OfType<DateTimeOffset>().Where(d => d <= now)
            .OrderDescending().Take(RhythmWindow).ToList();
        if (dates.Count < 2)
        {
            return null;
        }

        var meanGap = (dates[0] - dates[^1]) / (dates.Count - 1);
        var quiet = now - dates[0];
        return (meanGap > quiet ? meanGap : quiet) / 4;
    }

    /// <summary>The source's bounds inside the global ones: a per-source bound outside them gives way to the global one.</summary>
    public (int Min, int Max) Bounds(SourceSettings settings)
    {
        var min = Math.Clamp(settings.MinIntervalMinutes ?? Settings.MinIntervalMinutes, Settings.MinIntervalMinutes, Settings.MaxIntervalMinutes);
        var max = Math.Clamp(settings.MaxIntervalMinutes ?? Settings.MaxIntervalMinutes, min, Settings.MaxIntervalMinutes);
        return (min, max);
    }

    private TimeSpan Clamp(TimeSpan interval, SourceSettings settings)
    {
        var (min, max) = Bounds(settings);
        return TimeSpan.FromMinutes(Math.Clamp(interval.TotalMinutes, min, max));
    }
}
