using Aggregator.Store;

namespace Aggregator.Tests.Publish;

public sealed class CanonicalUrlTests
{
    [Theory]
    [InlineData("https://news.example/world/story-1")]
    [InlineData("http://NEWS.example/world/story-1/")]
    [InlineData("https://www.news.example/world/story-1#comments")]
    [InlineData("https://news.example/world/story-1?utm_source=rss&utm_medium=feed&fbclid=x")]
    [InlineData("https://m.news.example/world/story-1")]
    [InlineData("https://amp.news.example/world/story-1.amp")]
    [InlineData("https://news.example/amp/world/story-1")]
    [InlineData("https://news.example:443/world/story-1?outputType=amp")]
    public void VariantsOfOneAddressShareItsCanonicalForm(string variant)
    {
        Assert.Equal("https://news.example/world/story-1", CanonicalUrl.Of(variant));
    }

    [Theory]
    [InlineData("https://news.example/world/story-2")]
    [InlineData("https://news.example/World/story-1")]
    [InlineData("https://news.example/world/story-1?id=2")]
    [InlineData("https://other.example/world/story-1")]
    public void DifferentArticlesStayDifferent(string other)
    {
        Assert.NotEqual("https://news.example/world/story-1", CanonicalUrl.Of(other));
    }

    [Fact]
    public void KeptParametersAreSortedAndOnlyWebAddressesHaveACanonicalForm()
    {
        Assert.Equal(CanonicalUrl.Of("https://a.example/p?b=2&a=1"), CanonicalUrl.Of("https://a.example/p?a=1&b=2&utm_campaign=x"));
        Assert.Null(CanonicalUrl.Of("javascript:alert(1)"));
        Assert.Null(CanonicalUrl.Of("/relative"));
    }

    [Fact]
    public void NearlyTheSameTextIsSimilarAndADifferentTextIsNot()
    {
        var text = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"word{i}"));
        var edited = text.Replace("word30", "changed", StringComparison.Ordinal);
        var other = string.Join(' ', Enumerable.Range(100, 60).Select(i => $"word{i}"));

        Assert.True(TextFingerprint.AreNear(TextFingerprint.Of(text)!.Value, TextFingerprint.Of(edited)!.Value));
        Assert.True(TextFingerprint.Similarity(text, edited) >= TextFingerprint.MinSimilarity);
        Assert.False(TextFingerprint.AreNear(TextFingerprint.Of(text)!.Value, TextFingerprint.Of(other)!.Value));
        Assert.Null(TextFingerprint.Of("too short to tell"));
    }

    [Fact]
    public void ShinglesAreADistinctSortedSetAndSimilarityIsTheirJaccardIndex()
    {
        // 5 words, 3 shingles; the repeat adds no shingle ("a b c" occurs twice in the second text).
        var shingles = TextFingerprint.ShinglesOf("A b c d E");
        var repeated = TextFingerprint.ShinglesOf("a b c a b c d");

        Assert.Equal(3, shingles.Length);
        Assert.Equal(shingles.Order(), shingles);
        Assert.Equal(4, repeated.Length); // abc, bca, cab, bcd
        Assert.Equal(1.0, TextFingerprint.Similarity(shingles, "a B c d e"));
        Assert.Equal(2.0 / 5, TextFingerprint.Similarity(shingles, repeated)); // abc and bcd shared, five in all
        Assert.Equal(0.0, TextFingerprint.Similarity(shingles, "x y z"));
        Assert.Empty(TextFingerprint.ShinglesOf("two words"));
    }
}
