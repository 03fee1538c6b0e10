using System.Net.Http.Json;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using Aggregator.Tests.Support;
using CodeHollow.FeedReader;

namespace Aggregator.Tests.EndToEnd;

/// <summary>
/// The seed site served on loopback, both of its feeds added through the API and refreshed by the
/// real host: the stored article is the clean text, once, and flows out through search and feeds.
/// </summary>
public sealed class SeedArticleTests : IAsyncLifetime
{
    private const string ArticlePath = "/us-taliban-to-resume-talks-with-a-focus-on-counterterrorism-operations/";

    private readonly TempFolder _folder = new();
    private FixtureServer _site = null!;
    private AggregatorApp _app = null!;
    private long _summarySource;
    private long _fullSource;

    public async Task InitializeAsync()
    {
        _site = (await FixtureServer.StartAsync())
            .ServeFile("/feed-summary.xml", "seed/feed-summary.xml", "application/rss+xml; charset=UTF-8")
            .ServeFile("/feed-full.xml", "seed/feed-full.xml", "application/rss+xml; charset=UTF-8")
            .ServeFile(ArticlePath, "seed/article.html", "text/html; charset=UTF-8");
        _app = new AggregatorApp(_folder);
        _summarySource = (await _app.AddSourceAsync(_site.Url("/feed-summary.xml"))).GetProperty("id").GetInt64();
        _fullSource = (await _app.AddSourceAsync(_site.Url("/feed-full.xml"))).GetProperty("id").GetInt64();
        await _app.WaitForSourceAsync(_summarySource, s => s.GetProperty("lastStatus").GetString() == "ok");
        await _app.WaitForSourceAsync(_fullSource, s => s.GetProperty("lastStatus").GetString() == "ok");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _site.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task BothFeedsStoreTheCleanArticleWithItsMetadata()
    {
        foreach (var sourceId in new[] { _summarySource, _fullSource })
        {
            var item = await SingleItemAsync(sourceId);
            Assert.Equal(Text.Normalize(Text.Seed("expected.txt")), Text.Normalize(item.GetProperty("contentText").GetString()!));
            AssertNoBoilerplate(item.GetProperty("contentText").GetString()!);
            AssertNoBoilerplate(item.GetProperty("contentHtml").GetString()!);
            Assert.Equal("US-Taliban to resume talks with a focus on counterterrorism operations", item.GetProperty("title").GetString());
            Assert.Equal("Khaama Press", item.GetProperty("author").GetString());
            Assert.Equal(["Immigration News", "Taliban"], item.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(new DateTimeOffset(2021, 11, 24, 6, 30, 0, TimeSpan.Zero), item.GetProperty("published").GetDateTimeOffset());
            Assert.Equal(_site.Url(ArticlePath).AbsoluteUri, item.GetProperty("url").GetString());
        }

        Assert.Equal(1, _site.Hits(ArticlePath));
    }

    [Fact]
    public async Task ASecondRefreshAddsNothing()
    {
        var before = await ItemsAsync("/api/items");
        var summary = await _app.RefreshAndWaitAsync(_summarySource);
        var full = await _app.RefreshAndWaitAsync(_fullSource);

        Assert.Equal("notModified", summary.GetProperty("lastStatus").GetString());
        Assert.Equal("notModified", full.GetProperty("lastStatus").GetString());
        var after = await ItemsAsync("/api/items");
        Assert.Equal(before.Select(i => i.GetProperty("id").GetInt64()), after.Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal(2, after.Count);
    }

    [Fact]
    public async Task SearchFindsTheArticleInBothSources()
    {
        var found = await ItemsAsync("/api/items?q=Khalilzad");
        Assert.Equal(new[] { _summarySource, _fullSource }.Order(), found.Select(i => i.GetProperty("sourceId").GetInt64()).Order());
        Assert.Empty(await ItemsAsync("/api/items?q=Advertisement"));
        Assert.Empty(await ItemsAsync("/api/items?q=captcha"));
    }

    [Fact]
    public async Task TheMergedFeedsReparseAndCarryTheCleanArticle()
    {
        using var client = _app.CreateClient();
        foreach (var (path, type) in new[] { ("/feeds/all.rss", "application/rss+xml"), ("/feeds/all.atom", "application/atom+xml"), ("/feeds/all.json", "application/feed+json") })
        {
            var response = await client.GetAsync(path);
            response.EnsureSuccessStatusCode();
            Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var feed = FeedReader.ReadFromByteArray(bytes);
            // Both seed feeds carry the same article: one story, shown once (issue 6).
            Assert.Single(feed.Items);
            foreach (var item in feed.Items)
            {
                Assert.Equal("US-Taliban to resume talks with a focus on counterterrorism operations", item.Title);
                Assert.Contains("Khalilzad resigned as special envoy", item.Content ?? item.Description, StringComparison.Ordinal);
                AssertNoBoilerplate(item.Content ?? item.Description);
            }

            if (type != "application/feed+json")
            {
                using var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
                var syndication = SyndicationFeed.Load(reader);
                Assert.Single(syndication.Items);
                Assert.All(syndication.Items, i => Assert.Equal(new DateTimeOffset(2021, 11, 24, 6, 30, 0, TimeSpan.Zero), i.PublishDate));
            }
        }
    }

    private async Task<JsonElement> SingleItemAsync(long sourceId) =>
        Assert.Single(await ItemsAsync($"/api/items?source={sourceId}"));

    private async Task<List<JsonElement>> ItemsAsync(string url)
    {
        using var client = _app.CreateClient();
        var page = await client.GetFromJsonAsync<JsonElement>(url);
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    private static void AssertNoBoilerplate(string text)
    {
        foreach (var line in Text.Boilerplate())
        {
            Assert.DoesNotContain(line, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
