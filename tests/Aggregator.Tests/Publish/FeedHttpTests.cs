using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Aggregator.Tests.Publish;

/// <summary>HTTP as feed readers expect: validators and 304s, compression, caching headers, HEAD, RFC 5005 paging.</summary>
[Collection(PublishSiteGroup.Name)]
public sealed class FeedHttpTests(PublishSite site)
{
    [Theory]
    [InlineData("/feeds/all.rss")]
    [InlineData("/feeds/world.atom?limit=2")]
    [InlineData("/feeds/elections.json")]
    public async Task AMatchingETagGets304AndAChangedOneTheFeed(string path)
    {
        using var client = site.App.CreateClient();
        var first = await client.GetAsync(path);
        var etag = first.Headers.ETag!;

        using var conditional = new HttpRequestMessage(HttpMethod.Get, path);
        conditional.Headers.IfNoneMatch.Add(etag);
        var second = await client.SendAsync(conditional);
        using var stale = new HttpRequestMessage(HttpMethod.Get, path);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\"", isWeak: true));
        var third = await client.SendAsync(stale);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await third.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task IfModifiedSinceAtOrAfterLastModifiedGets304()
    {
        using var client = site.App.CreateClient();
        var first = await client.GetAsync("/feeds/all.atom");
        var lastModified = first.Content.Headers.LastModified!.Value;

        using var same = new HttpRequestMessage(HttpMethod.Get, "/feeds/all.atom");
        same.Headers.IfModifiedSince = lastModified;
        using var older = new HttpRequestMessage(HttpMethod.Get, "/feeds/all.atom");
        older.Headers.IfModifiedSince = lastModified.AddDays(-1);

        // The newest fetch among the items (they were stored just now), never earlier than their newest date.
        Assert.InRange(lastModified, new DateTimeOffset(2024, 6, 4, 9, 0, 0, TimeSpan.Zero), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(same)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(older)).StatusCode);
        Assert.Equal("public, max-age=300", first.Headers.CacheControl!.ToString());
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task FeedsAreCompressedWhenTheReaderAsks(string encoding)
    {
        using var client = site.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/feeds/all.rss");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        var response = await client.SendAsync(request);
        var plain = await site.GetBytesAsync("/feeds/all.rss");

        Assert.Equal(encoding, Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var compressed = await response.Content.ReadAsStreamAsync();
        using var decoded = new MemoryStream();
        await (encoding == "br" ? new System.IO.Compression.BrotliStream(compressed, System.IO.Compression.CompressionMode.Decompress)
            : (Stream)new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionMode.Decompress)).CopyToAsync(decoded);
        Assert.Equal(plain, decoded.ToArray());
        Assert.True(response.Content.Headers.ContentLength < plain.Length);
    }

    [Fact]
    public async Task HeadAnswersTheHeadersWithoutABody()
    {
        using var client = site.App.CreateClient();
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/feeds/all.atom"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task NextLinksWalkTheWholeChannelWithoutRepeats()
    {
        var seen = new List<string>();
        string? next = "/feeds/all.json?limit=2";
        while (next is not null)
        {
            var page = await site.GetJsonAsync(next);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
            next = page.TryGetProperty("next_url", out var url) ? new Uri(url.GetString()!).PathAndQuery : null;
        }

        var whole = await site.GetJsonAsync("/feeds/all.json");
        Assert.Equal(whole.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()), seen);
        var atom = System.Text.Encoding.UTF8.GetString(await site.GetBytesAsync("/feeds/all.atom?limit=2"));
        Assert.Matches("<link rel=\"next\" href=\"[^\"]*/feeds/all.atom\\?limit=2&amp;cursor=[^\"]+\" type=\"application/atom\\+xml\"", atom);
    }

    [Theory]
    [InlineData("/feeds/nope.rss", HttpStatusCode.NotFound)]
    [InlineData("/feeds/all.xml", HttpStatusCode.NotFound)]
    [InlineData("/feeds/all.rss?q=%22open", HttpStatusCode.BadRequest)]
    [InlineData("/feeds/all.rss?limit=0", HttpStatusCode.BadRequest)]
    public async Task BadRequestsGetAProblemNotAFeed(string path, HttpStatusCode status)
    {
        using var client = site.App.CreateClient();
        var response = await client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task SourcesOpmlListsEverySource()
    {
        var opml = System.Xml.Linq.XDocument.Load(new MemoryStream(await site.GetBytesAsync("/feeds/sources.opml")));

        Assert.Equal(3, opml.Descendants("outline").Count());
    }
}
