using Aggregator.Parse;

namespace Aggregator.Tests.Parse;

public sealed class BrokenFeedTests
{
    [Fact]
    public void HtmlNamedEntitiesAreDecodedIntoText()
    {
        var feed = Feeds.Parse(Feeds.Rss("<item><title>A&nbsp;&mdash;&nbsp;B &eacute;t&eacute;</title><guid>1</guid></item>"));

        // Plain text collapses every run of whitespace, no-break spaces included, to one space.
        Assert.Equal("A \u2014 B été", feed.Items[0].Title);
    }

    [Fact]
    public void BareAmpersandIsKeptAsText()
    {
        var feed = Feeds.Parse(Feeds.Rss("<item><title>Tom & Jerry &copy</title><link>http://example.com/?a=1&b=2</link></item>"));

        Assert.Equal("Tom & Jerry &copy", feed.Items[0].Title);
        Assert.Equal("http://example.com/?a=1&b=2", feed.Items[0].Link);
    }

    [Fact]
    public void EntitiesInsideCdataStayUntouchedWhileTheRestIsRepaired()
    {
        var feed = Feeds.Parse(Feeds.Rss("<item><title>A&nbsp;B</title><description><![CDATA[<p>x &amp; y &nbsp;</p>]]></description></item>"));

        Assert.Equal("<p>x &amp; y &nbsp;</p>", feed.Items[0].Summary);
    }

    [Fact]
    public void ControlCharactersAreDropped()
    {
        var feed = Feeds.Parse(Feeds.Rss("<item><title>Bell\u0007 and\u001C sep &#1;</title></item>"));

        Assert.Equal("Bell and sep", feed.Items[0].Title);
    }

    [Fact]
    public void UndeclaredPrefixIsBoundToItsKnownNamespace()
    {
        var xml = """<rss version="2.0"><channel><title>T</title><item><title>x</title><dc:creator>Undeclared Author</dc:creator></item></channel></rss>""";

        var feed = Feeds.Parse(xml);

        Assert.Equal("Undeclared Author", Assert.Single(feed.Items[0].Authors).Name);
    }

    [Fact]
    public void NamespaceIsMatchedByUriNotByPrefix()
    {
        var xml = """<rss version="2.0" xmlns:c="http://purl.org/rss/1.0/modules/content/"><channel><item><c:encoded>&lt;p&gt;body&lt;/p&gt;</c:encoded></item></channel></rss>""";

        Assert.Equal("<p>body</p>", Feeds.Parse(xml).Items[0].Content);
    }

    [Fact]
    public void EscapedMarkupInContentIsNotDecodedTwice()
    {
        var xml = Feeds.Rss("""<item xmlns:content="http://purl.org/rss/1.0/modules/content/"><content:encoded>&lt;p&gt;&amp;lt;script&amp;gt;&lt;/p&gt;</content:encoded></item>""");

        Assert.Equal("<p>&lt;script&gt;</p>", Feeds.Parse(xml).Items[0].Content);
    }

    [Fact]
    public void TruncatedFeedYieldsTheItemsBeforeTheBreak()
    {
        var xml = Feeds.Rss("<item><title>one</title></item><item><title>two</title></item><item><title>thr");
        var truncated = xml[..xml.IndexOf("thr", StringComparison.Ordinal)];

        var feed = Feeds.Parse(truncated);

        Assert.Equal(["one", "two", null], feed.Items.Select(i => i.Title));
    }

    [Fact]
    public void RssWithoutChannelStillYieldsItems()
    {
        var feed = Feeds.Parse("""<rss version="2.0"><title>No channel</title><item><title>loose</title></item></rss>""");

        Assert.Equal("loose", Assert.Single(feed.Items).Title);
    }

    [Fact]
    public void BillionLaughsStaysHarmless()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [
              <!ENTITY lol "lol">
              <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
              <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
              <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
              <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
              <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
              <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            ]>
            <rss version="2.0"><channel><title>&lol9;</title><item><title>safe &lol9;</title></item></channel></rss>
            """;

        var feed = Feeds.Parse(xml);

        Assert.True((feed.Title?.Length ?? 0) < 100);
        Assert.StartsWith("safe", feed.Items[0].Title, StringComparison.Ordinal);
    }

    [Fact]
    public void ExternalEntityIsNeverResolved()
    {
        var xml = """<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title></channel></rss>""";

        var feed = Feeds.Parse(xml);

        Assert.DoesNotContain("root:", feed.Title ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void DoctypeThatNeverEndsIsRefused()
    {
        Assert.Throws<FeedParseException>(() => Feeds.Parse("""<!DOCTYPE rss [ <!ENTITY a "b">"""));
    }
}
