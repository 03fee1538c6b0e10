using Aggregator.Clean;

namespace Aggregator.Tests.Clean;

public sealed class ArticleTextTests
{
    private readonly ArticleExtractor extractor = new();

    [Fact]
    public void AdjacentBlocksAreNeverGlued()
    {
        var article = extractor.CleanFragment("<div>appearance</div><div>Czech Republic</div><h2>Next</h2><p>One</p><p>Two</p>", null);

        Assert.Equal("appearance\n\nCzech Republic\n\nNext\n\nOne\n\nTwo", article.Text);
    }

    [Fact]
    public void ListItemsAndTableCellsStaySeparate()
    {
        var article = extractor.CleanFragment(
            "<ul><li>first</li><li>second</li></ul><table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>", null);

        Assert.Equal("first\n\nsecond\n\na b\n\nc d", article.Text);
    }

    [Fact]
    public void WhitespaceCollapsesAndEntitiesDecode()
    {
        var article = extractor.CleanFragment("<p>  Tom &amp;\n   Jerry&nbsp;&#8220;run&#8221;  </p><p>line<br>break</p>", null);

        Assert.Equal("Tom & Jerry “run”\n\nline\nbreak", article.Text);
    }

    [Fact]
    public void CodeKeepsItsIndentation()
    {
        var article = extractor.CleanFragment("<p>Example:</p><pre><code>if (x)\n    y();</code></pre>", null);

        Assert.Equal("Example:\n\nif (x)\n    y();", article.Text);
    }
}
