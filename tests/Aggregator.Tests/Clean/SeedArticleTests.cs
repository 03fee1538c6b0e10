using Aggregator.Clean;

namespace Aggregator.Tests.Clean;

public sealed class SeedArticleTests
{
    private readonly ArticleExtractor extractor = new();

    [Fact]
    public void ThePageGivesExactlyTheExpectedText()
    {
        var article = extractor.ExtractPage(SeedFiles.Read("article.html"), SeedFiles.PageUrl);

        Assert.Equal(SeedFiles.Normalize(SeedFiles.Read("expected.txt")), SeedFiles.Normalize(article.Text));
    }

    [Fact]
    public void ThePageKeepsNoBoilerplateInTextOrHtml()
    {
        var article = extractor.ExtractPage(SeedFiles.Read("article.html"), SeedFiles.PageUrl);

        foreach (var line in SeedFiles.BoilerplateLines())
        {
            Assert.DoesNotContain(line, article.Text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(line, article.Html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void ThePageMetadataComesFromThePublisherNotTheDateBar()
    {
        var article = extractor.ExtractPage(SeedFiles.Read("article.html"), SeedFiles.PageUrl);

        Assert.Equal("US-Taliban to resume talks with a focus on counterterrorism operations", article.Title);
        Assert.Equal("Khaama Press", article.Author);
        Assert.Equal(new DateTimeOffset(2021, 11, 24, 6, 30, 0, TimeSpan.Zero), article.Published);
        Assert.Equal(TimeSpan.Zero, article.Published!.Value.Offset);
    }

    [Fact]
    public void ThePageKeepsItsFeaturedImageWithAnAbsoluteAddress()
    {
        var article = extractor.ExtractPage(SeedFiles.Read("article.html"), SeedFiles.PageUrl);

        Assert.Contains($"src=\"{SeedFiles.Origin}/wp-content/uploads/2021/11/doha-talks.jpg\"", article.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("avatar.png", article.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFeedContentGivesExactlyTheExpectedText()
    {
        var (_, content) = SeedFiles.FeedItem("feed-full.xml");

        var article = extractor.CleanFragment(content!, SeedFiles.PageUrl);

        Assert.Equal(SeedFiles.Normalize(SeedFiles.Read("expected.txt")), SeedFiles.Normalize(article.Text));
        Assert.Null(article.Title);
        Assert.Null(article.Author);
        Assert.Null(article.Published);
    }

    [Fact]
    public void TheFeedContentLosesItsAdPixelAndFooter()
    {
        var (_, content) = SeedFiles.FeedItem("feed-full.xml");

        var article = extractor.CleanFragment(content!, SeedFiles.PageUrl);

        foreach (var line in SeedFiles.BoilerplateLines())
        {
            Assert.DoesNotContain(line, article.Text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(line, article.Html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("pixel.gif", article.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", article.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<ins", article.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("appeared first on", article.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TheSummaryOnlyFeedLooksTruncated()
    {
        var (summary, content) = SeedFiles.FeedItem("feed-summary.xml");

        Assert.Null(content);
        Assert.True(ArticleExtractor.LooksTruncated(summary, content));
    }

    [Fact]
    public void TheFullFeedDoesNotLookTruncated()
    {
        var (summary, content) = SeedFiles.FeedItem("feed-full.xml");

        Assert.False(ArticleExtractor.LooksTruncated(summary, content));
    }
}
