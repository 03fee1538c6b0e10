using Aggregator.Clean;

namespace Aggregator.Tests.Clean;

public sealed class TruncationTests
{
    private static readonly string LongText = string.Concat(Enumerable.Repeat("<p>A full paragraph of the article, with enough words to read as a body.</p>", 12));

    [Theory]
    [InlineData("A teaser that ends abruptly [...]")]
    [InlineData("A teaser that ends abruptly…")]
    [InlineData("<p>Some words.</p><p><a href=\"/x\">Continue reading →</a></p>")]
    [InlineData("<p>Some words. <a href=\"/x\">Read more »</a></p>")]
    [InlineData("A short summary with no marker at all.")]
    [InlineData("")]
    public void SummariesWithoutContentLookTruncated(string summary)
    {
        Assert.True(ArticleExtractor.LooksTruncated(summary, null));
    }

    [Fact]
    public void ALongContentDoesNotLookTruncated()
    {
        Assert.False(ArticleExtractor.LooksTruncated("Short teaser [&#8230;]", LongText));
    }

    [Fact]
    public void ALongSummaryWithoutMarkerDoesNotLookTruncated()
    {
        Assert.False(ArticleExtractor.LooksTruncated(LongText, null));
    }

    [Fact]
    public void AContentThatIsItselfATeaserLooksTruncated()
    {
        Assert.True(ArticleExtractor.LooksTruncated(null, "<p>The first lines of the story and then [&#8230;]</p>"));
    }
}
