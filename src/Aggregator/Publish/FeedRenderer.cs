using System.Buffers;
using System.IO.Compression;
using System.IO.Hashing;
using Aggregator.Store;
using Microsoft.IO;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Aggregator.Publish;

/// <summary>Lists a channel and writes it in one format: the bytes, their validators and paging links.</summary>
internal sealed class FeedRenderer(ChannelListing listing, StoreChanges changes, IOptions<AggregatorOptions> options, TimeProvider clock)
{
    /// <summary>Pooled write buffers; what a burst of concurrent renders took beyond 16 MB is given back, not kept.</summary>
    private static readonly RecyclableMemoryStreamManager Buffers = new(new RecyclableMemoryStreamManager.Options
    {
        MaximumSmallPoolFreeBytes = 16 * 1024 * 1024,
        MaximumLargePoolFreeBytes = 16 * 1024 * 1024,
    });

    public static readonly IReadOnlyDictionary<string, FeedFormat> Formats = new Dictionary<string, FeedFormat>
    {
        ["rss"] = new("application/rss+xml; charset=utf-8", RssWriter.WriteAsync, WritesContentText: false),
        ["atom"] = new("application/atom+xml; charset=utf-8", AtomWriter.WriteAsync, WritesContentText: false),
        ["json"] = new("application/feed+json; charset=utf-8", JsonFeedWriter.WriteAsync, WritesContentText: true),
    };

    /// <summary>Renders <paramref name="channel"/>; null with a reason when the query is not valid.</summary>
    public async Task<(RenderedFeed? Feed, string? Error)> RenderAsync(
        Channel channel, string format, IQueryCollection query, Uri home, CancellationToken ct)
    {
        var version = changes.Version;
        var (page, error) = await listing.ListAsync(channel, query, Formats[format].WritesContentText, ct);
        if (page is null)
        {
            return (null, error);
        }

        var path = $"feeds/{channel.Name}.{format}";
        var document = new FeedDocument(XmlSafe.Text(channel.Title)!, XmlSafe.Text(channel.Description)!, new Uri(home, path + QueryString.Create(query)), home,
            page.Items.Count > 0 ? page.Items.Max(FeedDocument.UpdatedOf) : clock.GetUtcNow(), [.. page.Items.Select(XmlSafe.Item)])
        {
            ChannelName = channel.Name,
            Copies = page.Copies.ToDictionary(p => p.Key, p => (IReadOnlyList<StoryCopy>)[.. p.Value.Select(XmlSafe.Copy)]),
            NextUrl = page.NextCursor is null ? null : new Uri(home, path + WithCursor(query, page.NextCursor)),
            HubUrl = options.Value.WebSubHub is { } hub ? new Uri(hub) : null,
        };
        // Written into pooled blocks, then copied once: a growing MemoryStream allocated the body three
        // times over, in large-object-heap arrays whose collection paused a render for milliseconds.
        using var buffer = Buffers.GetStream();
        await Formats[format].WriteAsync(document, buffer, ct);
        var body = buffer.GetReadOnlySequence().ToArray();
        var etag = $"W/\"{Convert.ToHexString(XxHash128.Hash(body))[..24]}\"";
        var now = clock.GetUtcNow();
        return (new RenderedFeed(body, Formats[format].ContentType, etag, LastModified(page.Items, now), document.SelfUrl, document.HubUrl, version, now), null);
    }

    /// <summary>
    /// When the listing last changed: the newest fetch or update among its items, so that an item arriving
    /// with an older publication date still moves it (If-Modified-Since must not hide it), and never
    /// later than now, whatever date a feed claims.
    /// </summary>
    private static DateTimeOffset LastModified(IReadOnlyList<Store.Item> items, DateTimeOffset now)
    {
        var newest = items.Count == 0 ? now : items.Max(i => FeedDocument.UpdatedOf(i) > i.FetchedAt ? FeedDocument.UpdatedOf(i) : i.FetchedAt);
        return newest < now ? newest : now;
    }

    private static QueryString WithCursor(IQueryCollection query, string cursor) => QueryString.Create(
        query.Where(p => p.Key != "cursor").Append(new KeyValuePair<string, StringValues>("cursor", cursor)));
}

/// <summary>A rendering's validators and links as header values.</summary>
internal sealed record CachedHeaders(EntityTagHeaderValue ETag, string LastModified, string Link);

/// <summary>How one format is written and announced.</summary>
internal sealed record FeedFormat(string ContentType, Func<FeedDocument, Stream, CancellationToken, Task> WriteAsync, bool WritesContentText);

/// <summary>A written feed and what HTTP says about it; <see cref="Version"/> is the store version it was read at.</summary>
internal sealed record RenderedFeed(
    byte[] Body, string ContentType, string ETag, DateTimeOffset LastModified, Uri SelfUrl, Uri? HubUrl, long Version, DateTimeOffset RenderedAt)
{
    /// <summary>The response headers that depend only on the rendering, written once rather than per response.</summary>
    public CachedHeaders Headers { get; } = new(
        EntityTagHeaderValue.Parse(ETag),
        LastModified.ToString("R"),
        HubUrl is null ? $"<{SelfUrl.AbsoluteUri}>; rel=\"self\"" : $"<{HubUrl.AbsoluteUri}>; rel=\"hub\", <{SelfUrl.AbsoluteUri}>; rel=\"self\"");

    private readonly Lazy<byte[]> _gzip = new(() => Compress(Body, s => new GZipStream(s, CompressionLevel.Optimal)));
    private readonly Lazy<byte[]> _brotli = new(() => Compress(Body, s => new BrotliStream(s, CompressionLevel.Optimal)));

    /// <summary>
    /// The body compressed once per rendering, not per response: readers poll the same feeds, and
    /// compressing 100 items on every request would cost more than everything else together.
    /// </summary>
    public byte[] Encoded(string? encoding) => encoding switch
    {
        "br" => _brotli.Value,
        "gzip" => _gzip.Value,
        _ => Body,
    };

    private static byte[] Compress(byte[] body, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(body);
        }

        return output.ToArray();
    }
}
