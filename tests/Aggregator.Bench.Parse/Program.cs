using System.Diagnostics;
using System.Globalization;
using System.Text;
using Aggregator.Parse;

// Parsing throughput on one large, well-formed feed: our FeedParser against CodeHollow.FeedReader
// used plainly, on the same bytes, on this thread. Usage: [items] [passes]
var itemCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
var passes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
var feed = SyntheticFeed.Rss(itemCount);
var atom = SyntheticFeed.Atom(itemCount);
Console.WriteLine($"RSS {feed.Length / 1024} KiB, Atom {atom.Length / 1024} KiB, {itemCount} items each, {passes} passes, best CPU time of each");
var parser = new FeedParser();
var address = new Uri("https://news.example.com/feed");
if (args.Contains("--stages"))
{
    Stages.Print(feed, new Uri("https://news.example.com/feed"));
    Stages.Print(atom, new Uri("https://news.example.com/feed"));
}

foreach (var (name, bytes) in new[] { ("RSS 2.0", feed), ("Atom 1.0", atom) })
{
    var plain = Measure(() => CodeHollow.FeedReader.FeedReader.ReadFromByteArray(bytes).Items.Count, passes);
    var ours = Measure(() => parser.Parse(bytes, address, "application/xml; charset=utf-8").Items.Count, passes);
    Console.WriteLine($"{name}: FeedReader plainly {itemCount / plain.TotalSeconds:N0} items/s ({plain.TotalMilliseconds:N0} ms); " +
        $"FeedParser {itemCount / ours.TotalSeconds:N0} items/s ({ours.TotalMilliseconds:N0} ms); ratio {ours / plain:N2}");
}

static TimeSpan Measure(Func<int> parse, int passes)
{
    parse();
    var best = TimeSpan.MaxValue;
    for (var i = 0; i < passes; i++)
    {
        GC.Collect();
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        parse();
        watch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - before;
        var time = cpu < watch.Elapsed ? cpu : watch.Elapsed;
        best = time < best ? time : best;
    }

    return best;
}

internal static class SyntheticFeed
{
    public static byte[] Rss(int items)
    {
        var xml = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>News</title><link>https://news.example.com/</link><description>All the news</description><language>en</language>""");
        for (var i = 0; i < items; i++)
        {
            xml.Append(CultureInfo.InvariantCulture, $"""<item><title>Story number {i} about the economy</title><link>https://news.example.com/story/{i}</link><guid>https://news.example.com/story/{i}</guid><pubDate>Wed, 24 Nov 2021 06:{i % 60:00}:00 +0000</pubDate><dc:creator>Reporter {i % 17}</dc:creator><category>Economy</category><category>World</category><description><![CDATA[<p>Summary of story {i}. {Lorem}</p>]]></description><content:encoded><![CDATA[<p>{Lorem}</p><p>{Lorem}</p>]]></content:encoded></item>""");
        }

        return Encoding.UTF8.GetBytes(xml.Append("</channel></rss>").ToString());
    }

    public static byte[] Atom(int items)
    {
        var xml = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>News</title><id>urn:news</id><updated>2021-11-24T06:00:00Z</updated><link href="https://news.example.com/"/>""");
        for (var i = 0; i < items; i++)
        {
            xml.Append(CultureInfo.InvariantCulture, $"""<entry><title>Story number {i}</title><id>urn:story:{i}</id><link href="https://news.example.com/story/{i}"/><published>2021-11-24T06:{i % 60:00}:00Z</published><updated>2021-11-24T07:00:00Z</updated><author><name>Reporter {i % 17}</name></author><category term="Economy"/><summary>Summary of story {i}.</summary><content type="html">&lt;p&gt;{Lorem}&lt;/p&gt;</content></entry>""");
        }

        return Encoding.UTF8.GetBytes(xml.Append("</feed>").ToString());
    }

    private const string Lorem = "The central bank said on Tuesday that inflation would stay above its target for longer than expected, as energy prices and wages kept rising across the region.";
}

internal static class Stages
{
    public static void Print(byte[] bytes, Uri address)
    {
        var text = FeedDecoder.Decode(bytes, "application/xml; charset=utf-8");
        var xml = XmlRepair.StripProlog(text);
        var feed = CodeHollow.FeedReader.FeedReader.ReadFromString(xml);
        var root = feed.SpecificFeed.Element.Document!.Root!;
        var items = feed.SpecificFeed.Items.Select(i => i.Element).ToList();
        var format = XmlFeedReader.FormatOf(root)!;
        foreach (var (name, action) in new (string, Action)[]
        {
            ("decode", () => FeedDecoder.Decode(bytes, "application/xml; charset=utf-8")),
            ("strip prolog", () => XmlRepair.StripProlog(text)),
            ("FeedReader.ReadFromString", () => CodeHollow.FeedReader.FeedReader.ReadFromString(xml)),
            ("XDocument.Parse", () => System.Xml.Linq.XDocument.Parse(xml)),
            ("our mapping", () => XmlFeedReader.Read(root, format, items, address)),
        })
        {
            action();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < 5; i++)
            {
                action();
            }

            Console.WriteLine($"  {name}: {watch.Elapsed.TotalMilliseconds / 5:N1} ms");
        }
    }
}
