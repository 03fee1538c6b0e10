using System.Text;

namespace Aggregator.Tests.Parse;

public sealed class EncodingTests
{
    static EncodingTests()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    private const string Title = "Café – “quoted” €";

    [Fact]
    public void Windows1252GivenOnlyInTheHttpHeaderIsDecoded()
    {
        var bytes = Encoding.GetEncoding(1252).GetBytes(Feeds.Rss($"<item><title>{Title}</title></item>"));

        var feed = Feeds.ParseBytes(bytes, "application/rss+xml; charset=windows-1252");

        Assert.Equal(Title, feed.Items[0].Title);
    }

    [Fact]
    public void Iso88591InTheXmlDeclarationIsDecoded()
    {
        var xml = """<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Zürich Straße</title></channel></rss>""";

        var feed = Feeds.ParseBytes(Encoding.Latin1.GetBytes(xml));

        Assert.Equal("Zürich Straße", feed.Title);
    }

    [Fact]
    public void HttpCharsetOutranksTheXmlDeclaration()
    {
        var xml = """<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Привет</title></channel></rss>""";

        var feed = Feeds.ParseBytes(Encoding.GetEncoding("koi8-r").GetBytes(xml), "text/xml; charset=KOI8-R");

        Assert.Equal("Привет", feed.Title);
    }

    [Fact]
    public void Utf16WithBomIsDecodedDespiteItsDeclaration()
    {
        var xml = """<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>日本語</title></channel></rss>""";
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(xml)).ToArray();

        Assert.Equal("日本語", Feeds.ParseBytes(bytes).Title);
    }

    [Fact]
    public void Utf16BigEndianWithoutBomIsSniffed()
    {
        var xml = """<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>ok ü</title></channel></rss>""";

        Assert.Equal("ok ü", Feeds.ParseBytes(Encoding.BigEndianUnicode.GetBytes(xml)).Title);
    }

    [Fact]
    public void Utf8DocumentMislabeledAsLatin1IsReadAsUtf8()
    {
        var xml = """<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>naïve café</title></channel></rss>""";

        Assert.Equal("naïve café", Feeds.ParseBytes(Encoding.UTF8.GetBytes(xml)).Title);
    }

    [Fact]
    public void UndeclaredBytesThatAreNotUtf8FallBackToWindows1252()
    {
        var bytes = Encoding.GetEncoding(1252).GetBytes("""<rss version="2.0"><channel><title>déjà vu</title></channel></rss>""");

        Assert.Equal("déjà vu", Feeds.ParseBytes(bytes).Title);
    }
}
