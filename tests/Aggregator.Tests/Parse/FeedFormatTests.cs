using Aggregator.Parse;

namespace Aggregator.Tests.Parse;

public sealed class FeedFormatTests
{
    [Fact]
    public void Rss20BasicFeedYieldsItsFieldsAndItems()
    {
        var feed = Feeds.ParseBytes(Feeds.File("parse", "rss20.xml"));

        Assert.Equal("rss", feed.Format);
        Assert.Equal("Example & Friends", feed.Title);
        Assert.Equal("http://example.com/", feed.Link);
        Assert.Equal("All about examples", feed.Description);
        Assert.Equal("en-us", feed.Language);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), feed.Updated);
        Assert.Equal("http://example.com/logo.png", feed.Image);
        Assert.Equal(TimeSpan.FromMinutes(60), feed.RefreshHint);
        Assert.Equal(2, feed.Items.Count);
        var item = feed.Items[0];
        Assert.Equal("urn:example:1", item.Id);
        Assert.Equal("urn:example:1", item.Key);
        Assert.Equal("First <post>", item.Title);
        Assert.Equal("http://example.com/blog/first", item.Link);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 17, 0, 0, TimeSpan.Zero), item.Published);
        Assert.Equal(["News", "Tech"], item.Categories);
        Assert.Equal("<p>Summary &amp; more</p>", item.Summary);
        Assert.Equal("<p>Full <b>text</b></p>", item.Content);
        var enclosure = Assert.Single(item.Enclosures);
        Assert.Equal(new ParsedEnclosure("http://example.com/a.mp3", "audio/mpeg", 1234), enclosure);
        Assert.Equal(new ParsedAuthor("Jane Doe", "jane@example.com", null), Assert.Single(item.Authors));
    }

    [Fact]
    public void AtomFeedYieldsTextConstructsLinksAndAuthors()
    {
        var feed = Feeds.ParseBytes(Feeds.File("parse", "atom.xml"));

        Assert.Equal("atom", feed.Format);
        Assert.Equal("Atom <Example>", feed.Title);
        Assert.Equal("A subtitle", feed.Description);
        Assert.Equal("http://example.org/", feed.Link);
        Assert.Equal("en", feed.Language);
        Assert.Equal("http://example.org/logo.png", feed.Image);
        var entry = feed.Items[0];
        Assert.Equal("tag:example.org,2024:1", entry.Key);
        Assert.Equal("http://example.org/2024/entry", entry.Link);
        Assert.Equal("<p>Hello <em>world</em></p>", entry.Content);
        Assert.Equal("Plain &lt;summary&gt;", entry.Summary);
        Assert.Equal(new ParsedAuthor("Ann", "ann@example.org", "http://example.org/ann"), Assert.Single(entry.Authors));
        Assert.Equal(new DateTimeOffset(2024, 2, 1, 10, 0, 0, TimeSpan.Zero), entry.Published);
        Assert.Equal(new DateTimeOffset(2024, 2, 2, 10, 0, 0, TimeSpan.Zero), entry.Updated);
        Assert.Equal("http://example.org/files/video.mp4", Assert.Single(entry.Enclosures).Url);
    }

    [Fact]
    public void AtomEntryWithOnlyUpdatedGetsThatAsPublished()
    {
        var feed = Feeds.ParseBytes(Feeds.File("parse", "atom.xml"));

        Assert.Equal(new DateTimeOffset(2024, 3, 1, 8, 30, 0, TimeSpan.Zero), feed.Items[1].Published);
    }

    [Fact]
    public void AtomEntryWithoutAuthorInheritsTheFeedAuthor()
    {
        var feed = Feeds.ParseBytes(Feeds.File("parse", "atom.xml"));

        Assert.Equal("Feed Author", Assert.Single(feed.Items[1].Authors).Name);
    }

    [Fact]
    public void XhtmlContentIsTheInnerMarkupOfItsDiv()
    {
        var feed = Feeds.ParseBytes(Feeds.File("parse", "atom.xml"));

        Assert.Equal("<p>In <b>xhtml</b></p>", feed.Items[1].Content);
    }

    [Fact]
    public void RdfFeedYieldsItemsBesideTheChannel()
    {
        var feed = Feeds.ParseBytes(Feeds.File("parse", "rdf.xml"));

        Assert.Equal("rdf", feed.Format);
        Assert.Equal("RDF Example", feed.Title);
        Assert.Equal(2, feed.Items.Count);
        Assert.Equal("http://example.net/one", feed.Items[0].Link);
        Assert.Equal("Dee Creator", Assert.Single(feed.Items[0].Authors).Name);
        Assert.Equal(new DateTimeOffset(2023, 12, 31, 22, 0, 0, TimeSpan.Zero), feed.Items[0].Published);
        Assert.Equal(["Subject"], feed.Items[0].Categories);
        Assert.Equal(TimeSpan.FromHours(12), feed.RefreshHint);
    }

    [Fact]
    public void JsonFeed11YieldsAuthorsTagsAndAttachments()
    {
        var feed = Feeds.ParseBytes(Feeds.File("parse", "feed11.json"));

        Assert.Equal("json", feed.Format);
        Assert.Equal("JSON Example", feed.Title);
        Assert.Equal("https://example.com/", feed.Link);
        Assert.Equal("en-US", feed.Language);
        Assert.Equal("http://example.com/icon.png", feed.Image); // relative to the address it came from
        var item = feed.Items[0];
        Assert.Equal("1", item.Key);
        Assert.Equal("http://example.com/posts/1", item.Link);
        Assert.Equal("<p>Hi</p>", item.Content);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero), item.Published);
        Assert.Equal("Kim", Assert.Single(item.Authors).Name);
        Assert.Equal(["a", "b"], item.Categories);
        Assert.Equal(new ParsedEnclosure("https://example.com/a.m4a", "audio/x-m4a", 99), Assert.Single(item.Enclosures));
    }

    [Fact]
    public void JsonFeed10WithSingleAuthorAndLooseVersionIsRead()
    {
        var json = """{"version":"1","title":"Old","items":[{"id":7,"content_text":"a < b","author":{"name":"Lee"}}]}""";

        var feed = Feeds.Parse(json);

        Assert.Equal("7", feed.Items[0].Id);
        Assert.Equal("a &lt; b", feed.Items[0].Content);
        Assert.Equal("Lee", Assert.Single(feed.Items[0].Authors).Name);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>", "HTML")]
    [InlineData("<html><body>hi</body></html>", "HTML")]
    [InlineData("<opml version=\"2.0\"><body/></opml>", "<opml>")]
    [InlineData("   ", "empty")]
    [InlineData("{\"hello\": 1}", "JSON")]
    [InlineData("{not json", "JSON error")]
    public void DocumentThatIsNoFeedThrowsWithAReason(string document, string reason)
    {
        var error = Assert.Throws<FeedParseException>(() => Feeds.Parse(document));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
