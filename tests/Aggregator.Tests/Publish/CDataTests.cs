using System.Xml.Linq;
using Aggregator.Publish;
using Aggregator.Store;

namespace Aggregator.Tests.Publish;

public sealed class CDataTests
{
    [Fact]
    public async Task ContentHoldingTheCDataTerminatorSurvivesTheRssRoundTrip()
    {
        var now = DateTimeOffset.UnixEpoch;
        var item = new Item(1, 1, "S", "http://s.example/feed", "k", null, "http://s.example/a", "T", null, now, null, now, now,
            null, "<p title=\"a]]>b\">x]]>y</p>", "x]]>y", [], []);
        var document = new FeedDocument("F", "D", new Uri("http://agg.example/feeds/all.rss"), new Uri("http://agg.example/"), now, [item]);
        using var buffer = new MemoryStream();

        await RssWriter.WriteAsync(document, buffer, CancellationToken.None);

        buffer.Position = 0;
        var encoded = XDocument.Load(buffer).Descendants(XName.Get("encoded", "http://purl.org/rss/1.0/modules/content/")).Single();
        Assert.Equal(item.ContentHtml, encoded.Value);
    }
}
