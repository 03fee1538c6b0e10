using System.Text;
using Aggregator.Fetch;

namespace Aggregator.Tests.Fetch;

public sealed class BodyTextTests
{
    private static readonly Encoding Latin = CodePagesEncoding(1252);

    [Fact]
    public void APageCharsetFromItsMetaTagIsUsedWhenTheHeaderNamesNone()
    {
        var body = Latin.GetBytes("<html><head><meta charset=\"windows-1252\"></head><body>café</body></html>");
        Assert.Contains("café", BodyText.Decode(body, "text/html"), StringComparison.Ordinal);
    }

    [Fact]
    public void TheHeaderCharsetOutranksTheMetaTag()
    {
        var body = CodePagesEncoding(20866).GetBytes("<html><head><meta charset=\"utf-8\"></head><body>Привет</body></html>");
        Assert.Contains("Привет", BodyText.Decode(body, "text/html; charset=koi8-r"), StringComparison.Ordinal);
    }

    [Fact]
    public void AnUndeclaredPageThatIsNotUtf8IsReadAsWindows1252()
    {
        var body = Latin.GetBytes("<html><body>naïve</body></html>");
        Assert.Contains("naïve", BodyText.Decode(body, null), StringComparison.Ordinal);
    }

    private static Encoding CodePagesEncoding(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage);
    }
}
