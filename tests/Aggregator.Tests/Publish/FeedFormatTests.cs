using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using Aggregator.Parse;
using CodeHollow.FeedReader;

namespace Aggregator.Tests.Publish;

/// <summary>Every channel in every format re-parses with two independent parsers, and the three formats agree.</summary>
[Collection(PublishSiteGroup.Name)]
public sealed class FeedFormatTests(PublishSite site)
{
    public static TheoryData<string> Channels => new() { "all", "world", "beta-only", "no-gadgets", "elections" };

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task TheThreeFormatsListTheSameItemsInTheSameOrder(string channel)
    {
        var rss = Titles(FeedReader.ReadFromByteArray(await site.GetBytesAsync($"/feeds/{channel}.rss")));
        var atom = Titles(FeedReader.ReadFromByteArray(await site.GetBytesAsync($"/feeds/{channel}.atom")));
        var json = await site.GetJsonAsync($"/feeds/{channel}.json");
        var jsonTitles = json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!).ToList();

        Assert.NotEmpty(rss);
        Assert.Equal(rss, atom);
        Assert.Equal(rss, jsonTitles);
        Assert.Equal(rss, Syndication(await site.GetBytesAsync($"/feeds/{channel}.rss")).Items.Select(i => i.Title.Text));
        Assert.Equal(rss, Syndication(await site.GetBytesAsync($"/feeds/{channel}.atom")).Items.Select(i => i.Title.Text));
    }

    [Fact]
    public async Task JsonFeedReparsesWithOurReaderAndCarriesProvenance()
    {
        var bytes = await site.GetBytesAsync("/feeds/all.json");
        var parsed = new FeedParser().Parse(bytes, new Uri("http://localhost/feeds/all.json"), "application/feed+json");
        var raw = JsonDocument.Parse(bytes).RootElement;

        Assert.Equal("json", parsed.Format);
        Assert.Equal("https://jsonfeed.org/version/1.1", raw.GetProperty("version").GetString());
        Assert.Equal(raw.GetProperty("items").GetArrayLength(), parsed.Items.Count);
        Assert.All(raw.GetProperty("items").EnumerateArray(), i => Assert.StartsWith("urn:uuid:", i.GetProperty("id").GetString(), StringComparison.Ordinal));
        Assert.All(raw.GetProperty("items").EnumerateArray(), i => Assert.NotNull(i.GetProperty("_source").GetProperty("feed_url").GetString()));
    }

    [Theory]
    [InlineData("rss", "application/rss+xml")]
    [InlineData("atom", "application/atom+xml")]
    [InlineData("json", "application/feed+json")]
    public async Task EachFormatIsUtf8WithItsTypeAndSelfLink(string format, string type)
    {
        using var client = site.App.CreateClient();
        var response = await client.GetAsync($"/feeds/world.{format}?limit=5");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Contains("/feeds/world." + format + "?limit=5", text, StringComparison.Ordinal);
        Assert.Contains("rel=\"self\"", response.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        if (format != "json")
        {
            Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", text, StringComparison.Ordinal);
            Assert.Contains(format == "rss" ? "<lastBuildDate>" : "<updated>", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RssCarriesContentCreatorAndSource()
    {
        var feed = FeedReader.ReadFromByteArray(await site.GetBytesAsync("/feeds/world.rss"));
        var item = feed.Items.First(i => i.Title == "Talks resume in the capital");

        Assert.Contains("Delegates from both countries", item.Content, StringComparison.Ordinal);
        var rss = (CodeHollow.FeedReader.Feeds.Rss20FeedItem)item.SpecificItem;
        Assert.Equal("Ann Alpha", rss.DC.Creator);
        Assert.Equal("Alpha News", rss.Source.Value);
    }

    private static List<string> Titles(Feed feed) => [.. feed.Items.Select(i => i.Title)];

    private static SyndicationFeed Syndication(byte[] bytes)
    {
        using var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        return SyndicationFeed.Load(reader);
    }
}
