using System.Diagnostics;
using Aggregator;
using Aggregator.Publish;
using Aggregator.Store;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Aggregator.Bench.Publish;

/// <summary>
/// Renders every channel in every format, 100 items, without the cache: what a request costs after
/// new items land. Reports wall-clock median and p95, and CPU time per render (process CPU over the
/// runs), which says more than wall time on a machine shared with other work.
/// </summary>
internal static class Render
{
    private const int Warmup = 3;

    public static async Task RunAsync(string path, string? channelsFile, int runs)
    {
        var options = Options.Create(new AggregatorOptions { Database = path, FeedSize = 100 });
        var database = new Database(path);
        var listing = new ChannelListing(new ItemStore(database, TimeProvider.System), new StoryStore(database));
        var renderer = new FeedRenderer(listing, new StoreChanges(), options, TimeProvider.System);
        var channels = ChannelsFile.Load(channelsFile ?? Path.Combine(AppContext.BaseDirectory, "channels.json"), 100);
        Console.WriteLine("channel       format  median ms  p95 ms  cpu ms  thread ms  items  bytes  allocated, gc pause per render / renders per gc");
        foreach (var channel in channels)
        {
            await MeasureListingAsync(listing, channel, runs);
            foreach (var format in FeedRenderer.Formats.Keys)
            {
                await MeasureAsync(renderer, channel, format, runs);
            }
        }
    }

    /// <summary>The listing alone (ids, rows, story copies): what every format shares; the rest of a render is writing.</summary>
    private static async Task MeasureListingAsync(ChannelListing listing, Channel channel, int runs)
    {
        var query = new QueryCollection(new Dictionary<string, StringValues>());
        var times = new List<double>();
        var thread = TimeSpan.Zero;
        var allocated = 0L;
        for (var run = 0; run < runs + Warmup; run++)
        {
            var (clock, cpu, bytes) = (Stopwatch.StartNew(), ThreadClock.Now(), GC.GetAllocatedBytesForCurrentThread());
            await listing.ListAsync(channel, query, contentText: false, CancellationToken.None);
            if (run >= Warmup)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
                thread += ThreadClock.Now() - cpu;
                allocated += GC.GetAllocatedBytesForCurrentThread() - bytes;
            }
        }

        times.Sort();
        Console.WriteLine($"{channel.Name,-13} {"list",-6} {times[runs / 2],10:F2} {times[(int)(runs * 0.95)],7:F2} {"",7} {thread.TotalMilliseconds / runs,10:F2} {"",6} {"",6} {allocated / 1024.0 / runs,7:F0} KB");
    }

    private static async Task MeasureAsync(FeedRenderer renderer, Channel channel, string format, int runs)
    {
        var query = new QueryCollection(new Dictionary<string, StringValues>());
        var home = new Uri("http://127.0.0.1:5399/");
        var times = new List<double>();
        RenderedFeed? feed = null;
        var cpu = TimeSpan.Zero;
        var thread = TimeSpan.Zero;
        var (pauses, collections, allocated) = (TimeSpan.Zero, 0, 0L);
        for (var run = 0; run < runs + Warmup; run++)
        {
            if (run == Warmup)
            {
                cpu = Process.GetCurrentProcess().TotalProcessorTime;
                (pauses, collections, allocated) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.GetAllocatedBytesForCurrentThread());
            }

            var (clock, threadStart) = (Stopwatch.StartNew(), ThreadClock.Now());
            feed = (await renderer.RenderAsync(channel, format, query, home, CancellationToken.None)).Feed!;
            times.Add(clock.Elapsed.TotalMilliseconds);
            thread += run >= Warmup ? ThreadClock.Now() - threadStart : TimeSpan.Zero;
        }

        var cpuPerRender = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / runs;
        var gc = $"{(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / runs,6:F0} KB  {(GC.GetTotalPauseDuration() - pauses).TotalMilliseconds / runs:F2} ms/{(double)runs / Math.Max(1, GC.CollectionCount(0) - collections):F0}";
        times = [.. times.Skip(Warmup).Order()];
        var marker = format switch { "json" => "\"id\":\"urn", "rss" => "<item>", _ => "<entry>" };
        var items = System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.UTF8.GetString(feed!.Body), marker);
        Console.WriteLine($"{channel.Name,-13} {format,-6} {times[runs / 2],10:F2} {times[(int)(runs * 0.95)],7:F2} {cpuPerRender,7:F2} {thread.TotalMilliseconds / runs,10:F2} {items,6} {feed.Body.Length,6}  {gc}");
    }
}
