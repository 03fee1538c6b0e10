using Aggregator.Parse;

namespace Aggregator.Tests.Parse;

public sealed class ItemIdentityTests
{
    [Fact]
    public void KeyIsTheGuidWhenThereIsOne()
    {
        var item = Feeds.Parse(Feeds.Rss("<item><guid> abc-1 </guid><link>http://example.com/x</link></item>")).Items[0];

        Assert.Equal("abc-1", item.Id);
        Assert.Equal("abc-1", item.Key);
    }

    [Fact]
    public void KeyIsTheAbsoluteLinkWithoutGuid()
    {
        var item = Feeds.Parse(Feeds.Rss("<item><title>t</title><link>../posts/2</link></item>")).Items[0];

        Assert.Null(item.Id);
        Assert.Equal("http://example.com/posts/2", item.Key);
    }

    [Fact]
    public void KeyIsAStableHashOfTitleAndDateWithoutGuidOrLink()
    {
        var rss = Feeds.Rss("<item><title>Only a title</title><pubDate>Wed, 24 Nov 2021 06:30:00 +0000</pubDate></item>");

        var first = Feeds.Parse(rss).Items[0].Key;
        var again = Feeds.Parse(rss.Replace("+0000", "GMT", StringComparison.Ordinal)).Items[0].Key;

        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.Equal(first, again);
    }

    [Fact]
    public void PermalinkGuidServesAsLinkWhenThereIsNoLink()
    {
        var item = Feeds.Parse(Feeds.Rss("<item><guid>http://example.com/p/9</guid></item>")).Items[0];

        Assert.Equal("http://example.com/p/9", item.Link);
    }

    [Fact]
    public void LinksResolveAgainstXmlBase()
    {
        var xml = """<rss version="2.0" xml:base="http://other.example/base/"><channel><item xml:base="sub/"><link>page</link></item></channel></rss>""";

        Assert.Equal("http://other.example/base/sub/page", Feeds.Parse(xml).Items[0].Link);
    }

    [Theory]
    [InlineData("jane@example.com (Jane Doe)", "Jane Doe", "jane@example.com")]
    [InlineData("Jane Doe &lt;jane@example.com&gt;", "Jane Doe", "jane@example.com")]
    [InlineData("&lt;b&gt;Bold&lt;/b&gt; Name", "Bold Name", null)]
    [InlineData("jane@example.com", null, "jane@example.com")]
    [InlineData("Jane &amp;amp; John", "Jane & John", null)]
    public void AuthorStringIsSplitIntoNameAndEmail(string author, string? name, string? email)
    {
        var item = Feeds.Parse(Feeds.Rss($"<item><author>{author}</author></item>")).Items[0];

        Assert.Equal(new ParsedAuthor(name, email, null), Assert.Single(item.Authors));
    }

    [Fact]
    public void DublinCoreCreatorIsAnAuthor()
    {
        var item = Feeds.Parse(Feeds.Rss("<item><dc:creator>Ann</dc:creator><dc:creator>Bob</dc:creator></item>")).Items[0];

        Assert.Equal(["Ann", "Bob"], item.Authors.Select(a => a.Name));
    }

    [Fact]
    public void MediaContentBecomesAnEnclosure()
    {
        var xml = Feeds.Rss("""<item xmlns:media="http://search.yahoo.com/mrss/"><media:group><media:content url="/v.mp4" type="video/mp4" fileSize="5"/></media:group></item>""");

        Assert.Equal(new ParsedEnclosure("http://example.com/v.mp4", "video/mp4", 5), Assert.Single(Feeds.Parse(xml).Items[0].Enclosures));
    }
}
