using Aggregator.Fetch;
using Aggregator.Schedule;
using Aggregator.Store;

namespace Aggregator.Sources;

/// <summary>
/// Adds a source the way an operator expects: the address is fetched first, a web page is
/// followed to the feed it names (or its site's usual feed address, see <see cref="FeedFinder"/>), and only a readable feed becomes a source. Without a scheduler
/// (the CLI), the running service's schedule picks the new source up from the database.
/// </summary>
internal sealed class SourceSubscriber(SourceStore sources, FeedFetcher fetcher, FeedFinder finder, TimeProvider clock, FetchScheduler? scheduler = null)
{
    /// <summary>The outcome of a subscription attempt.</summary>
    public abstract record Result
    {
        private Result()
        {
        }

        public sealed record Added(Source Source) : Result;

        public sealed record AlreadyExists(Source Source) : Result;

        public sealed record Invalid(string Reason) : Result;
    }

    public async Task<Result> SubscribeAsync(
        Uri url, string? title, int intervalMinutes, CancellationToken ct, FullPageMode fullPage = FullPageMode.Auto, SourceSettings? settings = null,
        RetentionLimits? retention = null)
    {
        if (await sources.FindByUrlAsync(url.AbsoluteUri, ct) is { } existing)
        {
            return new Result.AlreadyExists(existing);
        }

        var feedUrl = await ResolveFeedAsync(url, ct);
        if (feedUrl.Error is not null)
        {
            return new Result.Invalid(feedUrl.Error);
        }

        var definition = new SourceDefinition(feedUrl.Url!.AbsoluteUri, title, intervalMinutes, Enabled: true, fullPage)
        {
            Settings = settings ?? SourceSettings.None,
            Retention = retention ?? RetentionLimits.Global,
        };
        var added = await sources.AddAsync(definition, ct);
        if (added is null)
        {
            return new Result.AlreadyExists((await sources.FindByUrlAsync(feedUrl.Url.AbsoluteUri, ct))!);
        }

        if (scheduler is not null)
        {
            await scheduler.ScheduleAsync(added.Id, clock.GetUtcNow(), ct);
        }

        return new Result.Added(added);
    }

    private async Task<(Uri? Url, string? Error)> ResolveFeedAsync(Uri url, CancellationToken ct)
    {
        var result = await fetcher.FetchAsync(url, FetchValidators.None, ct);
        if (result is FetchResult.Failed failed)
        {
            return (null, $"{url} could not be fetched: {failed.Reason}");
        }

        if (result is FetchResult.Deferred deferred)
        {
            return (null, $"{url} could not be fetched now: {deferred.Reason}");
        }

        if (result is not FetchResult.Fetched fetched)
        {
            return (url, null);
        }

        if (ParsesAsFeed(fetched))
        {
            return (url, null);
        }

        if (!BodyText.IsHtml(fetched.ContentType, fetched.Body))
        {
            return (null, $"{url} is neither a feed nor a web page that names one");
        }

        var candidates = await finder.FindAsync(fetched, ct, firstOnly: true);
        if (candidates.Count == 0 || SourceUrl.Normalize(candidates[0].Url.AbsoluteUri, out _) is not { } feedUrl)
        {
            return (null, $"{url} is a web page that names no feed (no <link rel=\"alternate\">), and none of its site's usual feed addresses (/feed, /rss.xml, …) answers with one");
        }

        // The feed a page names goes through the same checks as one given directly: the address guard,
        // and that it really is a feed.
        var feed = await fetcher.FetchAsync(feedUrl, FetchValidators.None, ct);
        return feed switch
        {
            FetchResult.Fetched f when ParsesAsFeed(f) => (feedUrl, null),
            FetchResult.Fetched => (null, $"{url} names {feedUrl} as its feed, but that is not a feed"),
            FetchResult.Failed f => (null, $"{url} names {feedUrl} as its feed, which could not be fetched: {f.Reason}"),
            FetchResult.Deferred d => (null, $"{url} names {feedUrl} as its feed, which could not be fetched now: {d.Reason}"),
            _ => (feedUrl, null),
        };
    }

    private bool ParsesAsFeed(FetchResult.Fetched fetched) => finder.Parse(fetched) is not null;
}
