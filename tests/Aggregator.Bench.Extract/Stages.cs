using AngleSharp.Html.Parser;
using Aggregator.Clean;

/// <summary>
/// Thread CPU time per page of each step of ArticleExtractor, to see where the time goes. Each
/// stage reports its quickest pass: on a shared machine that is the least disturbed one.
/// </summary>
internal static class Stages
{
    private const int WarmupPasses = 4;

    public static void Run(List<Page> pages, int passes)
    {
        var best = new Dictionary<string, TimeSpan>();
        var sanitizer = new ArticleSanitizer();
        var parser = new HtmlParser();
        for (var pass = 0; pass < WarmupPasses + passes; pass++)
        {
            var clocks = new Dictionary<string, TimeSpan>();
            foreach (var page in pages)
            {
                var document = Time(clocks, "parse", () => parser.ParseDocument(page.Html));
                var metadata = Time(clocks, "metadata", () => PageMetadata.Read(document));
                var content = Time(clocks, "locate", () => ContentLocator.Locate(document));
                Time(clocks, "filter", () => { BoilerplateFilter.Clean(content); return 0; });
                Time(clocks, "rewrite", () => { LinkRewriter.Rewrite(content, page.Url); return 0; });
                Time(clocks, "tidy", () => { MarkupTidy.Tidy(content, metadata.Title); return 0; });
                Time(clocks, "text", () => ArticleText.From(content));
                Time(clocks, "sanitize", () => sanitizer.Sanitize(content.InnerHtml, page.Url));
            }

            foreach (var (stage, time) in clocks.Where(_ => pass >= WarmupPasses))
            {
                best[stage] = best.TryGetValue(stage, out var previous) && previous < time ? previous : time;
            }
        }

        foreach (var (stage, time) in best)
        {
            Console.WriteLine($"{stage,-10} {time.TotalMilliseconds / pages.Count,6:F2} ms/page");
        }

        Console.WriteLine($"{"total",-10} {best.Values.Sum(t => t.TotalMilliseconds) / pages.Count,6:F2} ms/page");
    }

    private static T Time<T>(Dictionary<string, TimeSpan> clocks, string stage, Func<T> step)
    {
        var start = ThreadClock.Now();
        var result = step();
        clocks[stage] = clocks.GetValueOrDefault(stage) + (ThreadClock.Now() - start);
        return result;
    }
}
