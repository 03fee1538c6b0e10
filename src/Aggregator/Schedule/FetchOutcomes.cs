using Aggregator.Fetch;
using Aggregator.Parse;
using Aggregator.Store;
using Microsoft.Extensions.Options;

namespace Aggregator.Schedule;

/// <summary>
/// Turns what happened to one fetch into what is recorded: status, health grade, next fetch time
/// and the fetch log line. The health rules live here.
/// </summary>
internal sealed class FetchOutcomes(FetchPlanner planner, IOptions<AggregatorOptions> options, TimeProvider clock)
{
    public const string Deferred = "deferred";

    /// <summary>Not sent; the next try is when the host is free again, with a little jitter so a paused host's sources do not stampede.</summary>
    public FetchOutcome Postponed(Source source, FetchResult.Deferred deferred)
    {
#pragma warning disable CA5394 // Jitter only spreads retries; it needs no cryptographic randomness.
        var next = deferred.Until + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 5000));
#pragma warning restore CA5394
        return new FetchOutcome(Deferred, clock.GetUtcNow(), next, deferred.Reason) { Log = Line(source, Deferred, deferred.Trace, deferred.Reason) };
    }

    /// <summary>A 304, or a body identical to the last one: everything stays, and it counts as success.</summary>
    public FetchOutcome NotModified(Source source, FetchTrace trace, string? etag, string? lastModified)
    {
        var minutes = planner.IntervalAfterSuccess(source.IntervalMinutes, source.Settings, Minutes(source.PollMinutes), trace.FreshFor);
        return new FetchOutcome("notModified", clock.GetUtcNow(), planner.At(minutes), ETag: etag, LastModified: lastModified)
        {
            MovedTo = trace.MovedTo?.AbsoluteUri,
            Log = Line(source, "notModified", trace, null),
        };
    }

    public FetchOutcome Stored(Source source, FetchResult.Fetched fetched, ParsedFeed feed, UpsertCounts counts, string bodyHash, int filtered = 0)
    {
        var rhythm = planner.PublishingRhythm(feed.Items.Select(i => i.Published ?? i.Updated));
        var minutes = planner.IntervalAfterSuccess(source.IntervalMinutes, source.Settings, feed.RefreshHint, rhythm, fetched.Trace.FreshFor);
        return new FetchOutcome(
            "ok", clock.GetUtcNow(), planner.At(minutes),
            ETag: fetched.ETag, LastModified: fetched.LastModified, SiteUrl: feed.Link, Title: feed.Title)
        {
            BodyHash = bodyHash,
            // Remembered without the response's own freshness, which may differ on the next answer.
            PollMinutes = planner.IntervalAfterSuccess(source.IntervalMinutes, source.Settings, feed.RefreshHint, rhythm),
            MovedTo = fetched.Trace.MovedTo?.AbsoluteUri,
            Log = Line(source, "ok", fetched.Trace, null) with { Added = counts.Added, Updated = counts.Updated, Filtered = filtered },
        };
    }

    /// <summary>
    /// A failure: failing at once, dead after <see cref="AggregatorOptions.DeadAfterFailures"/> in a row
    /// (still polled, at the backoff cap), dead and disabled on 410 Gone.
    /// </summary>
    public FetchOutcome Failure(Source source, FetchTrace trace, string reason, int? statusCode = null, TimeSpan? retryAfter = null)
    {
        var failures = source.ConsecutiveFailures + 1;
        var line = Line(source, "error", trace, reason) with { HttpStatus = statusCode ?? trace.StatusCode };
        if (statusCode == 410)
        {
            var why = $"{reason}: the server says the feed is gone for good";
            return new FetchOutcome("error", clock.GetUtcNow(), null, why) { Health = SourceHealth.Dead, DisableReason = why, Log = line };
        }

        var health = failures >= options.Value.DeadAfterFailures ? SourceHealth.Dead : SourceHealth.Failing;
        return new FetchOutcome("error", clock.GetUtcNow(), planner.AfterFailure(source.IntervalMinutes, failures, retryAfter, source.Settings), reason)
        {
            Health = health,
            Log = line,
        };
    }

    private FetchLogEntry Line(Source source, string status, FetchTrace trace, string? error) => new(
        clock.GetUtcNow(), status, trace.StatusCode, (long)trace.Duration.TotalMilliseconds, trace.Bytes, 0, 0, source.Url, error);

    private static TimeSpan? Minutes(int? minutes) => minutes is { } m ? TimeSpan.FromMinutes(m) : null;
}
