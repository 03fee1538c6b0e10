using AngleSharp.Html.Parser;
using Aggregator.Clean;

/// <summary>Thread CPU time per page of each step of ArticleExtractor, to see where the time goes.</summary>
internal static class Stages
{
    public static void Run(List<Page> pages, int passes)
    {
        var clocks = new Dictionary<string, TimeSpan>();
        var sanitizer = new ArticleSanitizer();
        for (var pass = 0; pass <= passes; pass++)
        {
            if (pass == 1)
            {
                clocks.Clear(); // pass 0 warms the JIT; run several passes so tiering settles
            }

            foreach (var page in pages)
            {
                var document = Time(clocks, "parse", () => new HtmlParser().ParseDocument(page.Html));
                var metadata = Time(clocks, "metadata", () => PageMetadata.Read(document));
                var content = Time(clocks, "locate", () => ContentLocator.Locate(document));
                Time(clocks, "filter", () => { BoilerplateFilter.Clean(content); return 0; });
                Time(clocks, "rewrite", () => { LinkRewriter.Rewrite(content, page.Url); return 0; });
                Time(clocks, "tidy", () => { MarkupTidy.Tidy(content, metadata.Title); return 0; });
                Time(clocks, "text", () => ArticleText.From(content));
                Time(clocks, "sanitize", () => sanitizer.Sanitize(content.InnerHtml, page.Url));
            }
        }

        foreach (var (stage, clock) in clocks)
        {
            Console.WriteLine($"{stage,-10} {clock.TotalMilliseconds / (pages.Count * passes),6:F2} ms/page");
        }
    }

    private static T Time<T>(Dictionary<string, TimeSpan> clocks, string stage, Func<T> step)
    {
        var start = ThreadClock.Now();
        var result = step();
        clocks[stage] = clocks.GetValueOrDefault(stage) + (ThreadClock.Now() - start);
        return result;
    }
}
