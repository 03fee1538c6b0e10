using System.Text.Json;
using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Aggregator.Tests.Publish;

/// <summary>An item full of script, handlers and javascript: links comes out inert in every output.</summary>
[Collection(PublishSiteGroup.Name)]
public sealed class XssTests(PublishSite site)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";

    [Fact]
    public async Task RssContentIsInert()
    {
        var rss = XDocument.Load(new MemoryStream(await site.GetBytesAsync("/feeds/all.rss")));
        var item = rss.Descendants("item").Single(i => i.Element("link")?.Value == "https://alpha.example/prize");

        AssertInert(item.Element(Content + "encoded")!.Value);
        AssertInert(item.Element("description")!.Value);
    }

    [Fact]
    public async Task AtomContentIsInert()
    {
        var atom = XDocument.Load(new MemoryStream(await site.GetBytesAsync("/feeds/all.atom")));
        var entry = atom.Descendants(Atom + "entry").Single(e => e.Elements(Atom + "link").Any(l => (string?)l.Attribute("href") == "https://alpha.example/prize"));

        AssertInert(entry.Element(Atom + "content")!.Value);
        Assert.Equal("text", (string?)entry.Element(Atom + "title")!.Attribute("type"));
    }

    [Fact]
    public async Task JsonFeedContentIsInert()
    {
        var json = await site.GetJsonAsync("/feeds/all.json");
        var item = json.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("url").GetString() == "https://alpha.example/prize");

        AssertInert(item.GetProperty("content_html").GetString()!);
        var raw = System.Text.Encoding.UTF8.GetString(await site.GetBytesAsync("/feeds/all.json"));
        Assert.DoesNotContain("<script", raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheHomePageIsInert()
    {
        var html = System.Text.Encoding.UTF8.GetString(await site.GetBytesAsync("/"));
        AssertInert(html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parsed as a browser would: no script-bearing element, no handler attribute, no script URL.</summary>
    private static void AssertInert(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var elements = document.QuerySelectorAll("*").ToList();
        Assert.DoesNotContain(elements, e => e.LocalName is "script" or "iframe" or "object" or "embed" or "form" or "input" or "svg" or "style");
        Assert.DoesNotContain(elements.SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(elements.SelectMany(e => e.Attributes), IsScriptUrl);
    }

    private static bool IsScriptUrl(IAttr attribute) =>
        attribute.Value.Contains("javascript:", StringComparison.OrdinalIgnoreCase) || attribute.Value.TrimStart().StartsWith("data:text/html", StringComparison.OrdinalIgnoreCase);
}
