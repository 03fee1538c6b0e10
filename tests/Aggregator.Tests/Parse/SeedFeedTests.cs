using System.Text;
using Aggregator.Parse;

namespace Aggregator.Tests.Parse;

public sealed class SeedFeedTests
{
    private const string Base = "http://127.0.0.1:5000";

    [Theory]
    [InlineData("feed-summary.xml")]
    [InlineData("feed-full.xml")]
    public void SeedFeedYieldsTheArticleMetadata(string file)
    {
        var text = Encoding.UTF8.GetString(Feeds.File("seed", file)).Replace("{{base}}", Base, StringComparison.Ordinal);

        var feed = new FeedParser().Parse(Encoding.UTF8.GetBytes(text), new Uri($"{Base}/{file}"), "application/rss+xml; charset=UTF-8");

        Assert.Equal("rss", feed.Format);
        Assert.Equal("Khaama Press", feed.Title);
        Assert.Equal(TimeSpan.FromHours(1), feed.RefreshHint);
        var item = Assert.Single(feed.Items);
        Assert.Equal("US-Taliban to resume talks with a focus on counterterrorism operations", item.Title);
        Assert.Equal($"{Base}/us-taliban-to-resume-talks-with-a-focus-on-counterterrorism-operations/", item.Link);
        Assert.Equal("Khaama Press", Assert.Single(item.Authors).Name);
        Assert.Equal(["Immigration News", "Taliban"], item.Categories);
        Assert.Equal(new DateTimeOffset(2021, 11, 24, 6, 30, 0, TimeSpan.Zero), item.Published);
        Assert.Equal($"{Base}/?p=123456", item.Key);
        Assert.EndsWith("[&#8230;]", item.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void FullSeedFeedCarriesTheBodyAsContent()
    {
        var text = Encoding.UTF8.GetString(Feeds.File("seed", "feed-full.xml")).Replace("{{base}}", Base, StringComparison.Ordinal);

        var item = new FeedParser().Parse(Encoding.UTF8.GetBytes(text), new Uri(Base)).Items[0];

        Assert.Contains("<p>", item.Content, StringComparison.Ordinal);
    }
}
