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
        var renderer = new FeedRenderer(
            new ChannelListing(new ItemStore(database, TimeProvider.System), new StoryStore(database)), new StoreChanges(), options, TimeProvider.System);
        var channels = ChannelsFile.Load(channelsFile ?? Path.Combine(AppContext.BaseDirectory, "channels.json"), 100);
        Console.WriteLine("channel       format  median ms  p95 ms  cpu ms  items  bytes");
        foreach (var channel in channels)
        {
            foreach (var format in FeedRenderer.Formats.Keys)
            {
                await MeasureAsync(renderer, channel, format, runs);
            }
        }
    }

    private static async Task MeasureAsync(FeedRenderer renderer, Channel channel, string format, int runs)
    {
        var query = new QueryCollection(new Dictionary<string, StringValues>());
        var home = new Uri("http://127.0.0.1:5399/");
        var times = new List<double>();
        RenderedFeed? feed = null;
        var cpu = TimeSpan.Zero;
        for (var run = 0; run < runs + Warmup; run++)
        {
            if (run == Warmup)
            {
                cpu = Process.GetCurrentProcess().TotalProcessorTime;
            }

            var clock = Stopwatch.StartNew();
            feed = (await renderer.RenderAsync(channel, format, query, home, CancellationToken.None)).Feed!;
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        var cpuPerRender = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / runs;
        times = [.. times.Skip(Warmup).Order()];
        var marker = format switch { "json" => "\"id\":\"urn", "rss" => "<item>", _ => "<entry>" };
        var items = System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.UTF8.GetString(feed!.Body), marker);
        Console.WriteLine($"{channel.Name,-13} {format,-6} {times[runs / 2],10:F2} {times[(int)(runs * 0.95)],7:F2} {cpuPerRender,7:F2} {items,6} {feed.Body.Length,6}");
    }
}
