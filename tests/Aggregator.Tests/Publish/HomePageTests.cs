using AngleSharp.Html.Parser;

namespace Aggregator.Tests.Publish;

/// <summary>The page at <c>/</c>: the river of news, every channel linked, alternate links that resolve to feeds.</summary>
[Collection(PublishSiteGroup.Name)]
public sealed class HomePageTests(PublishSite site)
{
    [Fact]
    public async Task EveryAlternateLinkResolvesToAFeedOfItsType()
    {
        using var client = site.App.CreateClient();
        var page = await client.GetAsync("/");
        var document = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync());
        var alternates = document.QuerySelectorAll("head link[rel=alternate]").ToList();

        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Equal(7 * 3, alternates.Count);
        foreach (var link in alternates)
        {
            var response = await client.GetAsync(new Uri(client.BaseAddress!, link.GetAttribute("href")));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(link.GetAttribute("type"), response.Content.Headers.ContentType!.MediaType);
        }

        Assert.Equal(7, document.QuerySelectorAll("nav li.channel").Length);
        Assert.NotNull(document.QuerySelector("a[href='/feeds/sources.opml']"));
    }

    [Fact]
    public async Task TheRiverShowsEachStoryOnceNewestFirstWithItsSources()
    {
        var document = new HtmlParser().ParseDocument(System.Text.Encoding.UTF8.GetString(await site.GetBytesAsync("/")));
        var items = document.QuerySelectorAll("article.item").ToList();

        Assert.Equal(5, items.Count);
        Assert.Equal("Museum reopens after restoration", items[1].QuerySelector("h3")!.TextContent);
        var story = items.Single(i => i.QuerySelector("h3")!.TextContent == "Talks resume in the capital");
        Assert.Equal("Alpha News, Gamma Times, Beta Daily", story.QuerySelector(".meta")!.TextContent.Split(" · ")[0]);
        Assert.StartsWith("Delegates from both countries", story.QuerySelectorAll("p")[^1].TextContent, StringComparison.Ordinal);
    }
}
