using System.Globalization;
using System.Net;
using System.Text;

namespace Aggregator.Bench.Fetch;

/// <summary>
/// The feed farm: N synthetic RSS feeds with ETags, served by Kestrel on many loopback addresses
/// (127.0.0.2, 127.0.0.3, … all reach lo on Linux), so that each address is a separate host for
/// the service's politeness rules. Runs in its own process so its memory is not the service's.
/// </summary>
internal static class Farm
{
    public static Uri FeedUrl(int feed, int hosts, int port) =>
        new($"http://127.0.0.{2 + (feed % hosts)}:{port}/feed/{feed}.xml");

    public static async Task RunAsync(int feeds, int items, int hosts, int port)
    {
        // Dated back from the hour the farm starts, as the entries of live feeds are: a refresh meets new
        // items of the last few days (until 2026-12-07 they were dated around 2026-01-01, a year before the runs).
        var now = DateTimeOffset.UtcNow;
        var anchor = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var bodies = Enumerable.Range(0, feeds).Select(f => Encoding.UTF8.GetBytes(Rss(f, items, anchor))).ToArray();
        long full = 0, notModified = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            for (var h = 0; h < hosts; h++)
            {
                k.Listen(IPAddress.Parse($"127.0.0.{2 + h}"), port);
            }
        });
        var app = builder.Build();
        app.MapGet("/stats", () => $"{Interlocked.Read(ref full)} {Interlocked.Read(ref notModified)}");
        app.MapGet("/feed/{id:int}.xml", (int id, HttpContext context) =>
        {
            var etag = $"\"f{id}-v1\"";
            context.Response.Headers.ETag = etag;
            if (context.Request.Headers.IfNoneMatch == etag)
            {
                Interlocked.Increment(ref notModified);
                context.Response.StatusCode = 304;
                return Task.CompletedTask;
            }

            Interlocked.Increment(ref full);
            context.Response.ContentType = "application/rss+xml; charset=utf-8";
            return context.Response.Body.WriteAsync(bodies[id]).AsTask();
        });
        await app.StartAsync();
        Console.WriteLine("ready");
        await Console.In.ReadLineAsync(); // the parent closes stdin to stop the farm
        await app.StopAsync();
    }

    /// <summary>A feed of <paramref name="items"/> entries dated over the five days before <paramref name="anchor"/>.</summary>
    public static string Rss(int feed, int items, DateTimeOffset anchor)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Feed {feed}</title><link>https://feed{feed}.example/</link><description>Synthetic feed {feed}</description>");
        for (var i = 0; i < items; i++)
        {
            var published = anchor.AddHours(-(feed % 97) - (i * 6));
            text.Append(CultureInfo.InvariantCulture, $"<item><guid isPermaLink=\"false\">feed{feed}-item{i}</guid><title>Item {i} of feed {feed}</title><link>https://feed{feed}.example/{i}</link><pubDate>{published:R}</pubDate><description>Summary of item {i}.</description><content:encoded><![CDATA[");
            for (var p = 0; p < 4; p++)
            {
                text.Append(CultureInfo.InvariantCulture, $"<p>Paragraph {p} of item {i} in feed {feed}: the council met on Tuesday to discuss the budget, the new library and the state of the roads, and agreed to meet again next month.</p>");
            }

            text.Append("]]></content:encoded></item>");
        }

        return text.Append("</channel></rss>").ToString();
    }
}
