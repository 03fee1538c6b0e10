using Aggregator.Clean;

namespace Aggregator.Tests.Clean;

public sealed class SiteRulesTests
{
    private const string Paragraph = "A paragraph of the article that is long enough to count as text a person wrote, with commas, words and a full stop.";

    private static readonly ArticleExtractor Extractor = new ArticleExtractor().WithRules(new SiteRules(
    [
        new SiteRule("news.example", "div.story-text", [".house-note", "figure.sponsor-card"]),
        new SiteRule("feeds.other.example", null, [".house-note"]),
    ]));

    [Fact]
    public void RemoveRulesApplyToFeedHtmlOfTheHostAndItsSubdomains()
    {
        var html = $"<p>{Paragraph}</p><p class=\"house-note\">Our house note that operators want gone.</p>";

        var onHost = Extractor.CleanFragment(html, new Uri("https://news.example/a"));
        var onSubdomain = Extractor.CleanFragment(html, new Uri("https://www.news.example/a"));

        Assert.DoesNotContain("house note", onHost.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("house note", onSubdomain.Html, StringComparison.Ordinal);
        Assert.Contains(Paragraph, onHost.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void RulesOfOtherHostsDoNotApply()
    {
        var html = $"<p>{Paragraph}</p><p class=\"house-note\">Our house note that operators want gone.</p>";

        var elsewhere = Extractor.CleanFragment(html, new Uri("https://notnews.example/a"));

        Assert.Contains("house note", elsewhere.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AContentRuleChoosesThePagesArticleOverTheLocator()
    {
        // The locator would take the long comment thread; the rule names the short story.
        var comments = string.Concat(Enumerable.Repeat($"<p>{Paragraph} Comment.</p>", 8));
        var page = $"""
            <html><body>
            <div class="story-text"><p>The real story, short but what the site publishes as its article text.</p>
            <figure class="sponsor-card"><img src="/s.png"><figcaption>Sponsored by a shop.</figcaption></figure></div>
            <div class="thread">{comments}</div>
            </body></html>
            """;

        var article = Extractor.ExtractPage(page, new Uri("https://news.example/story"));

        Assert.Equal("The real story, short but what the site publishes as its article text.", article.Text);
        Assert.DoesNotContain("s.png", article.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void AContentRuleThatMatchesNothingLeavesTheLocatorInCharge()
    {
        var page = $"<html><body><article><p>{Paragraph}</p><p>{Paragraph}</p></article></body></html>";

        var article = Extractor.ExtractPage(page, new Uri("https://news.example/other"));

        Assert.Contains(Paragraph, article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMostSpecificHostWins()
    {
        var rules = new SiteRules([new SiteRule("example.org", "main", []), new SiteRule("blog.example.org", "article", [])]);

        Assert.Equal("article", rules.For(new Uri("https://www.blog.example.org/x"))!.Content);
        Assert.Equal("main", rules.For(new Uri("https://example.org/x"))!.Content);
        Assert.Null(rules.For(new Uri("https://badexample.org/x")));
    }
}
