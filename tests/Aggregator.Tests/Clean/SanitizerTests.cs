using Aggregator.Clean;

namespace Aggregator.Tests.Clean;

public sealed class SanitizerTests
{
    private const string Hostile = """
        <p onclick="steal()">Body text that is long enough to be an article paragraph, with words.</p>
        <script>alert('x')</script>
        <img src="/a.png" onerror="alert(1)" alt="pic">
        <a href="javascript:alert(1)">click</a>
        <a href="data:text/html;base64,PHNjcmlwdD4=">data</a>
        <iframe src="https://evil.example/"></iframe>
        <style>p { color: red }</style>
        <p style="color:red" class="x" id="y">Styled paragraph</p>
        <form action="/steal"><input name="q"><button>Go</button></form>
        <object data="x.swf"></object><embed src="x.swf">
        <svg onload="alert(1)"><text>svg</text></svg>
        """;

    private readonly ArticleExtractor extractor = new();

    [Theory]
    [InlineData("<script")]
    [InlineData("alert")]
    [InlineData("onerror")]
    [InlineData("onclick")]
    [InlineData("javascript:")]
    [InlineData("data:")]
    [InlineData("<iframe")]
    [InlineData("<style")]
    [InlineData("style=")]
    [InlineData("class=")]
    [InlineData("id=")]
    [InlineData("<form")]
    [InlineData("<input")]
    [InlineData("<button")]
    [InlineData("<object")]
    [InlineData("<embed")]
    [InlineData("<svg")]
    public void FeedHtmlLosesEveryUnsafeConstruct(string unsafeMarkup)
    {
        var article = extractor.CleanFragment(Hostile, new Uri("https://site.example/post"));

        Assert.DoesNotContain(unsafeMarkup, article.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TheSanitizerAloneDropsScriptContentAndKeepsDivText()
    {
        var html = new ArticleSanitizer().Sanitize(
            "<div>kept<script>alert(1)</script></div><h1>Head</h1><table><tr><td>cell</td></tr></table>", null);

        Assert.DoesNotContain("alert", html, StringComparison.Ordinal);
        Assert.Contains("kept", html, StringComparison.Ordinal);
        Assert.Contains("<td>cell</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<div", html, StringComparison.Ordinal);
    }

    [Fact]
    public void SafeMarkupSurvivesWithAbsoluteUrls()
    {
        var article = extractor.CleanFragment(Hostile, new Uri("https://site.example/post"));

        Assert.Contains("<img src=\"https://site.example/a.png\" alt=\"pic\">", article.Html, StringComparison.Ordinal);
        Assert.Contains("<p>Styled paragraph</p>", article.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void SrcsetEntriesAreCheckedOneByOne()
    {
        var html = new ArticleSanitizer().Sanitize(
            "<img src=\"/a.jpg\" srcset=\"/a-1x.jpg 1x, javascript:alert(1) 2x, data:image/png;base64,AAAA 3x, https://cdn.example/a-4x.jpg 4x\">",
            new Uri("https://site.example/post"));

        Assert.Contains("https://site.example/a-1x.jpg 1x", html, StringComparison.Ordinal);
        Assert.Contains("https://cdn.example/a-4x.jpg 4x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("<img src=\"javascript:alert(1)\">")]
    [InlineData("<a href=\" jAvAsCrIpT:alert(1)\">x</a>")]
    [InlineData("<a href=\"java&#x09;script:alert(1)\">x</a>")]
    [InlineData("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">")]
    [InlineData("<img srcset=\"javascript:alert(1) 1x\">")]
    [InlineData("<p onmouseover=\"alert(1)\" ONCLICK=\"alert(1)\">text</p>")]
    [InlineData("<img src=\"/a.png\" onload=\"alert(1)\" onerror=alert(1)>")]
    [InlineData("<a href=\"https://site.example/\" onfocus=\"alert(1)\" formaction=\"javascript:alert(1)\">x</a>")]
    [InlineData("<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>")]
    public void NoScriptUrlOrEventHandlerSurvives(string markup)
    {
        var html = new ArticleSanitizer().Sanitize(markup, new Uri("https://site.example/post"));

        Assert.DoesNotContain("alert", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AWholePageLosesItsHandlersAndScriptsToo()
    {
        var fromPage = extractor.ExtractPage($"<html><body><article>{Hostile}<p>{new string('w', 300)}</p></article></body></html>", new Uri("https://site.example/post"));

        Assert.DoesNotContain("alert", fromPage.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(" on", fromPage.Html.Replace(" one", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
