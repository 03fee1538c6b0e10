using Aggregator.Clean;

namespace Aggregator.Tests.Clean;

/// <summary>Failure classes seen on benchmark pages, reproduced in small fragments.</summary>
public sealed class BoilerplatePhraseTests
{
    private const string Body = "<p>The council approved the budget on Tuesday, after a debate that lasted most of the night.</p>";

    private readonly ArticleExtractor extractor = new();

    [Theory]
    [InlineData("<p>Advert</p>")]
    [InlineData("<div>- Advertisement -</div>")]
    [InlineData("<p><strong><a href=\"/other\">OTHER HEADLINE IN CAPITALS</a></strong></p>")]
    [InlineData("<p>CLICK HERE TO GET THE NEWS APP</p>")]
    [InlineData("<p>Like this story? Share it with a friend!</p>")]
    [InlineData("<p>This slideshow requires JavaScript.</p>")]
    [InlineData("<div class=\"pages\">1 2 3 4 5</div>")]
    [InlineData("<p>Image 1 of 5</p>")]
    [InlineData("<p>By Jane Doe</p>")]
    [InlineData("<p>Updated: June 13, 2024</p>")]
    [InlineData("<p>Related: <a href=\"/x\">Another story about the council</a></p>")]
    [InlineData("<h3>Related articles</h3><ul><li><a href=\"/a\">A</a></li><li><a href=\"/b\">B</a></li></ul>")]
    [InlineData("<figure><img src=\"/a.jpg\" alt=\"\"><figcaption>Photo: Reuters</figcaption></figure>")]
    [InlineData("<div class=\"social-share\"><a href=\"/s\">Facebook</a> <span>Share on Twitter</span></div>")]
    [InlineData("<div style=\"display: none\">Hidden tracking text</div>")]
    public void TheFurnitureGoesAndTheBodyStays(string furniture)
    {
        var article = extractor.CleanFragment(Body + furniture, new Uri("https://news.example/story"));

        Assert.Equal("The council approved the budget on Tuesday, after a debate that lasted most of the night.", article.Text);
    }

    [Fact]
    public void ClassWordsMatchWholeWordsOnly()
    {
        var html = "<div class=\"shadow-box readable download-area\"><p>Kept: shadow, readable and download merely contain the letters of ad.</p></div>";

        var article = extractor.CleanFragment(Body + html, null);

        Assert.Contains("Kept: shadow", article.Text, StringComparison.Ordinal);
    }
}
