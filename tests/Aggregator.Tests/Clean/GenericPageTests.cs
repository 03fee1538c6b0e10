using Aggregator.Clean;

namespace Aggregator.Tests.Clean;

/// <summary>Pages written for these tests, with none of the seed site's class names.</summary>
public sealed class GenericPageTests
{
    private static readonly Uri BlogUrl = new("https://garden.example/2023/05/tomatoes/");

    private readonly ArticleExtractor extractor = new();

    [Theory]
    [InlineData("blog-entry-content")]
    [InlineData("news-article-tag")]
    public void ThePageGivesExactlyTheExpectedText(string name)
    {
        var article = extractor.ExtractPage(Read(name + ".html"), BlogUrl);

        Assert.Equal(SeedFiles.Normalize(Read(name + ".expected.txt")), SeedFiles.Normalize(article.Text));
    }

    [Fact]
    public void BlogMetadataComesFromJsonLdGraph()
    {
        var article = extractor.ExtractPage(Read("blog-entry-content.html"), BlogUrl);

        Assert.Equal("Growing tomatoes on a balcony", article.Title);
        Assert.Equal("Ana Lima", article.Author);
        Assert.Equal(new DateTimeOffset(2023, 5, 2, 7, 15, 0, TimeSpan.Zero), article.Published);
    }

    [Fact]
    public void NewsPageTakesItsDateFromTheArticleTimeElement()
    {
        var article = extractor.ExtractPage(Read("news-article-tag.html"), BlogUrl);

        Assert.Equal("Neue Brücke über den Fluss eröffnet", article.Title);
        Assert.Equal(new DateTimeOffset(2022, 9, 14, 6, 0, 0, TimeSpan.Zero), article.Published);
    }

    [Fact]
    public void LazyImagesGetTheirRealAbsoluteSource()
    {
        var article = extractor.ExtractPage(Read("blog-entry-content.html"), BlogUrl);

        Assert.Contains("src=\"https://garden.example/img/tomatoes.jpg\"", article.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("data:image", article.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void LinksLoseTrackingParametersAndGetSafeRel()
    {
        var article = extractor.ExtractPage(Read("blog-entry-content.html"), BlogUrl);

        Assert.Contains("href=\"https://example.org/pots?id=7\"", article.Html, StringComparison.Ordinal);
        Assert.Contains("rel=\"nofollow noopener noreferrer\"", article.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("utm_", article.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void HeadingsAndListsInsideTheBodyAreKept()
    {
        var article = extractor.ExtractPage(Read("blog-entry-content.html"), BlogUrl);

        Assert.Contains("<h2>Choosing a pot</h2>", article.Html, StringComparison.Ordinal);
        Assert.Contains("<li>Water in the morning.</li>", article.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("newsletter")]
    [InlineData("Photo: Ana Lima")]
    [InlineData("You might also like")]
    [InlineData("Leave a Reply")]
    [InlineData("basil")]
    [InlineData("Tweet")]
    [InlineData("Posted on")]
    [InlineData("Related:")]
    [InlineData("All rights reserved")]
    public void BlogFurnitureIsGone(string furniture)
    {
        var article = extractor.ExtractPage(Read("blog-entry-content.html"), BlogUrl);

        Assert.DoesNotContain(furniture, article.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(furniture, article.Html, StringComparison.OrdinalIgnoreCase);
    }

    private static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "clean", name));
}
