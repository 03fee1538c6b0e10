using Aggregator.Http;
using Aggregator.Query;
using Aggregator.Sources;
using Aggregator.Store;
using Microsoft.Extensions.Options;

namespace Aggregator.Publish;

/// <summary>Merged feeds for readers: every channel as <c>.rss</c>, <c>.atom</c> and <c>.json</c>, and the sources as OPML.</summary>
internal static class FeedsApi
{
    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/feeds/{channel}.{format}", ["GET", "HEAD"], ServeAsync)
            .WithTags("Feeds").WithName("GetFeed")
            .WithSummary("A channel as RSS 2.0 (.rss), Atom 1.0 (.atom) or JSON Feed 1.1 (.json), each story once")
            .WithDescription("""
                Channel 'all' holds every source; others come from the channels file. q, source and category narrow
                a channel; limit sets the page size; cursor (from the feed's next link) pages back (RFC 5005).
                Answers 304 to If-None-Match / If-Modified-Since.
                """);
        app.MapMethods("/feeds/sources.opml", ["GET", "HEAD"], OpmlApi.ExportAsync)
            .WithTags("Feeds").WithName("GetFeedSources").WithSummary("Every source as OPML 2.0, to subscribe to them singly");
        app.MapGet("/api/items/{id:long}/story", StoryAsync).RequireReadKey()
            .WithTags("Items").WithName("GetItemStory")
            .WithSummary("Every source's copy of this item's story, earliest first (the merged feeds show the first)");
        return app;
    }

    private static async Task<IResult> ServeAsync(
        string channel, string format, HttpContext context, ChannelCatalog catalog, FeedRenderer renderer, FeedCache cache,
        IOptions<AggregatorOptions> options, CancellationToken ct)
    {
        if (catalog.Find(channel) is not { } found)
        {
            var names = string.Join(", ", catalog.Channels.Select(c => c.Name));
            return Problems.NotFound($"There is no channel '{ItemQuery.Clip(channel)}'; the channels are: {names}.");
        }

        if (!FeedRenderer.Formats.ContainsKey(format))
        {
            return Problems.NotFound($"Feeds come as .rss, .atom or .json, not .{ItemQuery.Clip(format)}.");
        }

        var home = new Uri(options.Value.PublicUrl ?? $"{context.Request.Scheme}://{context.Request.Host}/");
        var key = $"{home}|{found.Name}.{format}{context.Request.QueryString}";
        if (cache.Get(key) is not { } feed)
        {
            var (rendered, error) = await renderer.RenderAsync(found, format, context.Request.Query, home, ct);
            if (rendered is null)
            {
                return Problems.BadRequest(error!);
            }

            cache.Put(key, feed = rendered);
        }

        return new FeedResult(feed);
    }

    private static async Task<IResult> StoryAsync(long id, ItemStore items, StoryStore stories, CancellationToken ct)
    {
        if (await items.GetAsync(id, ct) is null)
        {
            return Problems.NotFound($"There is no item {id}.");
        }

        var copies = (await stories.CopiesOfAsync([id], ct))[id];
        return TypedResults.Ok(new StoryResponse(copies[0].ItemId, copies));
    }
}

/// <summary>A story and every copy of it; <c>firstItemId</c> is the copy the merged feeds show.</summary>
internal sealed record StoryResponse(long FirstItemId, IReadOnlyList<StoryCopy> Copies);
