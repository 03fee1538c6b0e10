using System.Diagnostics;
using System.Text;
using Aggregator.Parse;
using Aggregator.Schedule;

namespace Aggregator.Bench.Fetch;

/// <summary>
/// Where a full cycle's CPU goes: one farm feed parsed and its entries cleaned, on one thread, many
/// times. Wall time and the thread's CPU time: on a busy machine only the second means much.
/// </summary>
internal static class Stages
{
    public static async Task<string> MeasureAsync(IServiceProvider services, int items, int rounds = 200)
    {
        var body = Encoding.UTF8.GetBytes(Farm.Rss(1, items, DateTimeOffset.UtcNow));
        var url = new Uri("http://127.0.0.2/feed/1.xml");
        var parser = services.GetRequiredService<FeedParser>();
        var processor = services.GetRequiredService<ItemProcessor>();
        var feed = parser.Parse(body, url, "application/rss+xml");
        var (parseCpu, parse) = (ThreadClock.Now(), Stopwatch.StartNew());
        for (var i = 0; i < rounds; i++)
        {
            parser.Parse(body, url, "application/rss+xml");
        }

        parse.Stop();
        parseCpu = ThreadClock.Now() - parseCpu;
        await CleanAsync(processor, feed, url, rounds); // warm-up: tiered JIT would otherwise count tier-0 code
        var (cleanCpu, clean) = (ThreadClock.Now(), Stopwatch.StartNew());
        await CleanAsync(processor, feed, url, rounds);
        clean.Stop();
        cleanCpu = ThreadClock.Now() - cleanCpu;
        return $"per feed of {items} items on one thread: parse {parse.Elapsed.TotalMilliseconds / rounds:0.00} ms (CPU {parseCpu.TotalMilliseconds / rounds:0.00}), "
            + $"clean {clean.Elapsed.TotalMilliseconds / rounds:0.00} ms (CPU {cleanCpu.TotalMilliseconds / rounds:0.00})";
    }

    private static async Task CleanAsync(ItemProcessor processor, ParsedFeed feed, Uri url, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            foreach (var entry in feed.Items)
            {
                await processor.ProcessAsync(entry, ItemProcessor.HashOf(entry), url, CancellationToken.None);
            }
        }
    }
}
