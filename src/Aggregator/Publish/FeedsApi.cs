using System.Security.Cryptography;
using System.Text;
using Aggregator.Http;
using Aggregator.Query;
using Aggregator.Store;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Aggregator.Publish;

/// <summary>Merged feeds for readers: <c>/feeds/all.rss</c>, <c>.atom</c> and <c>.json</c>, with the listing's filters.</summary>
internal static class FeedsApi
{
    private static readonly Dictionary<string, (string ContentType, Func<FeedDocument, Stream, CancellationToken, Task> Write)> Formats = new()
    {
        ["rss"] = ("application/rss+xml; charset=utf-8", RssWriter.WriteAsync),
        ["atom"] = ("application/atom+xml; charset=utf-8", AtomWriter.WriteAsync),
        ["json"] = ("application/feed+json; charset=utf-8", JsonFeedWriter.WriteAsync),
    };

    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/feeds/{channel}.{format}", ["GET", "HEAD"], ServeAsync)
            .WithTags("Feeds").WithName("GetFeed")
            .WithSummary("A merged feed as RSS 2.0 (.rss), Atom 1.0 (.atom) or JSON Feed 1.1 (.json)")
            .WithDescription("Channel 'all' holds every source. Accepts q, source and limit as /api/items does.");
        return app;
    }

    private static async Task<IResult> ServeAsync(
        string channel, string format, HttpContext context, ItemStore items, IOptions<AggregatorOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (channel != "all")
        {
            return Problems.NotFound($"There is no channel '{ItemQuery.Clip(channel)}'; 'all' holds every source.");
        }

        if (!Formats.TryGetValue(format, out var writer))
        {
            return Problems.NotFound($"Feeds come as .rss, .atom or .json, not .{ItemQuery.Clip(format)}.");
        }

        var filter = ItemQuery.Parse(context.Request.Query, options.Value.FeedSize, out var error);
        if (filter is null)
        {
            return Problems.BadRequest(error!);
        }

        var page = await ItemsApi.ListPageAsync(items, filter with { Order = ItemOrder.Newest, After = null }, ct);
        if (page is null)
        {
            return Problems.BadRequest("q: the search expression is not valid.");
        }

        var etag = $"\"{ETagOf(format, context.Request.QueryString.Value, page.Value.Items)}\"";
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Contains(etag, StringComparison.Ordinal)))
        {
            context.Response.Headers.ETag = etag;
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var document = Document(context.Request, options.Value, page.Value.Items, clock.GetUtcNow());
        using var buffer = new MemoryStream();
        await writer.Write(document, buffer, ct);
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "public, max-age=300";
        context.Response.Headers.LastModified = document.Updated.ToString("R");
        return TypedResults.Bytes(buffer.ToArray(), writer.ContentType);
    }

    private static FeedDocument Document(HttpRequest request, AggregatorOptions options, IReadOnlyList<Item> items, DateTimeOffset now)
    {
        var home = new Uri(options.PublicUrl ?? $"{request.Scheme}://{request.Host}/");
        var self = new Uri(home, request.Path + request.QueryString);
        var updated = items.Count > 0 ? items.Max(FeedDocument.UpdatedOf) : now;
        return new FeedDocument("Aggregator: all sources", "The newest articles of every source, cleaned.", self, home, updated, items);
    }

    private static string ETagOf(string format, string? query, IReadOnlyList<Item> items)
    {
        var seed = new StringBuilder(format).Append('|').Append(query);
        foreach (var item in items)
        {
            seed.Append('|').Append(item.Id).Append(':').Append(FeedDocument.UpdatedOf(item).ToUnixTimeMilliseconds());
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(seed.ToString())), 0, 16);
    }
}
