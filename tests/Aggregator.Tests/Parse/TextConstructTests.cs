using Aggregator.Parse;

namespace Aggregator.Tests.Parse;

public sealed class TextConstructTests
{
    private static ParsedItem Entry(string body, string ns = "http://www.w3.org/2005/Atom") =>
        Feeds.Parse($"""<feed xmlns="{ns}"><entry>{body}</entry></feed>""").Items[0];

    [Fact]
    public void Base64ContentOfABinaryTypeIsDecoded()
    {
        var item = Entry("""<title type="application/octet-stream">RXhhbXBsZSA8Yj5BdG9tPC9iPg==</title><content mode="base64" type="text/html">PHA+aGk8L3A+</content>""");

        Assert.Equal("Example Atom", item.Title);
        Assert.Equal("<p>hi</p>", item.Content);
    }

    [Fact]
    public void EscapedHtmlWrappedInADivIsKeptAsHtml()
    {
        var item = Entry("""<content type="html"><div xmlns="http://www.w3.org/1999/xhtml">Example &lt;b&gt;Atom&lt;/b&gt;</div></content>""");

        Assert.Equal("Example <b>Atom</b>", item.Content);
    }

    [Fact]
    public void EscapedMarkupInsideXhtmlIsLiteralText()
    {
        var item = Entry("""<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">&lt;p&gt;Title&lt;/p&gt;</div></title>""");

        Assert.Equal("<p>Title</p>", item.Title);
    }

    [Fact]
    public void TextOfAnXmlMediaTypeIsEscapedAsHtml()
    {
        Assert.Equal("&lt;x/&gt;", Entry("""<content type="application/atom+xml">&lt;x/&gt;</content>""").Content);
    }

    [Fact]
    public void Atom03LinkInElementTextAndAuthorHomepageAreRead()
    {
        var item = Entry("""<link rel="alternate" type="text/html">http://example.com/a</link><author><name>N</name><homepage>http://example.com/</homepage></author>""", "http://purl.org/atom/ns#");

        Assert.Equal("http://example.com/a", item.Link);
        Assert.Equal("http://example.com/", item.Authors[0].Uri);
    }

    [Fact]
    public void DraftAtomNamespaceIsReadAsAtom()
    {
        var feed = Feeds.Parse("""<feed version="0.3" xmlns="http://example.com/necho"><title>Draft</title><entry><title>e</title></entry></feed>""");

        Assert.Equal("Draft", feed.Title);
        Assert.Equal("e", feed.Items[0].Title);
    }

    [Fact]
    public void SimpleDoctypeEntityIsInlinedAndUndefinedOneKeptAsText()
    {
        var feed = Feeds.Parse("""<!DOCTYPE rss [<!ENTITY id "tag:example.com">]><rss version="2.0"><channel><title>x &nope; y</title><item><guid>&id;,2006:/blog/</guid></item></channel></rss>""");

        Assert.Equal("tag:example.com,2006:/blog/", feed.Items[0].Id);
        Assert.Equal("x &nope; y", feed.Title);
    }

    [Fact]
    public void DeclarationAfterACommentAndUppercaseHexReferenceAreRepaired()
    {
        var feed = Feeds.Parse("<!-- leading comment -->\n<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>&#X41;</title></item></channel></rss>");

        Assert.Equal("A", feed.Items[0].Title);
    }

    [Fact]
    public void NameThenParenthesizedEmailIsSplit()
    {
        var item = Feeds.Parse(Feeds.Rss("<item><dc:author>Item Author (item@example.org)</dc:author></item>")).Items[0];

        Assert.Equal(new ParsedAuthor("Item Author", "item@example.org", null), Assert.Single(item.Authors));
    }

    [Fact]
    public void ItunesNamespaceIsMatchedWhateverItsCase()
    {
        var xml = Feeds.Rss("""<item xmlns:itunes="http://www.itunes.com/DTDs/PodCast-1.0.dtd"><itunes:summary>Sum &amp; more</itunes:summary><itunes:author>Pod</itunes:author></item>""");

        var item = Feeds.Parse(xml).Items[0];

        Assert.Equal("Sum &amp; more", item.Summary);
        Assert.Equal("Pod", item.Authors[0].Name);
    }
}
