using System.Diagnostics;
using System.Text;
using Aggregator.Fetch;
using Aggregator.Parse;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Fetch;

public sealed class FetchLimitTests
{
    static FetchLimitTests()
    {
        // The legacy-charset theory encodes its fixture before any decoder has registered the code pages.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    private static readonly Dictionary<string, string?> SmallLimits = new()
    {
        ["Aggregator:MaxBodyBytes"] = (256 * 1024).ToString(),
        ["Aggregator:FetchTimeoutSeconds"] = "1",
    };

    [Fact]
    public async Task AnOversizedBodyEndsInAnErrorAtTheLimit()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/big.xml", c => c.Response.Body.WriteAsync(new byte[1024 * 1024]).AsTask());
        using var rig = new FetchRig(SmallLimits);

        var result = Assert.IsType<FetchResult.Failed>(await rig.FetchAsync(site.Url("/big.xml")));

        Assert.Contains("larger than the limit of 262144 bytes", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEndlessBodyEndsInAnErrorAtTheLimitLongBeforeTheTimeout()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/endless.xml", Hostile.EndlessAsync);
        using var rig = new FetchRig(new Dictionary<string, string?> { ["Aggregator:MaxBodyBytes"] = (256 * 1024).ToString() });
        var clock = Stopwatch.StartNew();

        var result = Assert.IsType<FetchResult.Failed>(await rig.FetchAsync(site.Url("/endless.xml")));

        Assert.Contains("larger than the limit", result.Reason, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task ASlowDripEndsInATimeoutWithinTheTotalLimit()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/drip.xml", Hostile.Drip(TimeSpan.FromMilliseconds(100)));
        using var rig = new FetchRig(SmallLimits);
        var clock = Stopwatch.StartNew();

        var result = Assert.IsType<FetchResult.Failed>(await rig.FetchAsync(site.Url("/drip.xml")));

        Assert.Equal("timed out after 1 s", result.Reason);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task AServerThatNeverAnswersTimesOut()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/hang.xml", Hostile.HangAsync);
        using var rig = new FetchRig(SmallLimits);

        var result = Assert.IsType<FetchResult.Failed>(await rig.FetchAsync(site.Url("/hang.xml")));

        Assert.Equal("timed out after 1 s", result.Reason);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task ACompressedFeedIsDecompressedBeforeParsing(string encoding)
    {
        var xml = Encoding.UTF8.GetBytes(Hostile.Rss);
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/feed.xml", Hostile.Encoded(encoding == "gzip" ? Hostile.Gzip(xml) : Hostile.Brotli(xml), encoding));
        using var rig = new FetchRig();

        var fetched = Assert.IsType<FetchResult.Fetched>(await rig.FetchAsync(site.Url("/feed.xml")));

        Assert.Equal(xml, fetched.Body);
        Assert.Equal("First", new FeedParser().Parse(fetched.Body, fetched.FinalUrl, fetched.ContentType).Items[0].Title);
    }

    [Theory]
    [InlineData("windows-1252", "Café déjà vu – “quoted”")]
    [InlineData("koi8-r", "Привет, мир")]
    [InlineData("iso-8859-2", "Zażółć gęślą jaźń")]
    [InlineData("shift_jis", "日本語のニュース")]
    [InlineData("big5", "台灣新聞")]
    public async Task ALegacyEncodingNamedOnlyInTheHttpHeaderIsDecoded(string charset, string title)
    {
        var encoding = Encoding.GetEncoding(charset);
        var xml = Hostile.Rss.Replace("<?xml version=\"1.0\" encoding=\"utf-8\"?>", "<?xml version=\"1.0\"?>", StringComparison.Ordinal)
            .Replace("<title>First</title>", $"<title>{title}</title>", StringComparison.Ordinal);
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/feed.xml", c =>
        {
            c.Response.ContentType = $"application/rss+xml; charset={charset}";
            return c.Response.Body.WriteAsync(encoding.GetBytes(xml)).AsTask();
        });
        using var rig = new FetchRig();

        var fetched = Assert.IsType<FetchResult.Fetched>(await rig.FetchAsync(site.Url("/feed.xml")));

        Assert.Equal(title, new FeedParser().Parse(fetched.Body, fetched.FinalUrl, fetched.ContentType).Items[0].Title);
    }
}
