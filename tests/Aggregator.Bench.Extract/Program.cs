using System.Text.Json;
using Aggregator.Clean;

// Runs ArticleExtractor (and with --smartreader, SmartReader too) over a benchmark folder
// (html/<id>.html, ground-truth/<id>.json with "url"), writes <id>.txt and <id>.html per page
// for score.py, then prints the scorer's figures, pages per CPU-second of this one thread and
// bytes allocated per page. The first pass warms the JIT and writes the files; the rest are timed.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Aggregator.Bench.Extract <benchmark-folder> <output-folder> [passes] [--stages] [--smartreader]");
    return 2;
}

var pages = LoadPages(args[0]);
var output = Directory.CreateDirectory(args[1]).FullName;
var passes = args.Length > 2 && int.TryParse(args[2], out var n) ? n : 3;
if (args.Contains("--stages"))
{
    Stages.Run(pages, passes);
    return 0;
}

var extractor = new ArticleExtractor();
var ours = Runner.Run("aggregator", pages, output, passes, page =>
{
    var article = extractor.ExtractPage(page.Html, page.Url);
    return (article.Text, article.Html);
});
Runner.Report(ours, Runner.Score(args[0], output));

if (args.Contains("--smartreader"))
{
    var theirsFolder = Directory.CreateDirectory(Path.Combine(output, "smartreader")).FullName;
    var theirs = Runner.Run("SmartReader 0.11.1", pages, theirsFolder, passes, page =>
    {
        var article = new SmartReader.Reader(page.Url?.AbsoluteUri ?? "https://example.invalid/", page.Html).GetArticle();
        return (article.TextContent ?? string.Empty, article.Content ?? string.Empty);
    });
    Runner.Report(theirs, Runner.Score(args[0], theirsFolder));
}

return 0;

static List<Page> LoadPages(string folder)
{
    var pages = new List<Page>();
    foreach (var file in Directory.GetFiles(Path.Combine(folder, "html"), "*.html").Order(StringComparer.Ordinal))
    {
        var id = Path.GetFileNameWithoutExtension(file);
        var truth = Path.Combine(folder, "ground-truth", id + ".json");
        Uri? url = null;
        if (File.Exists(truth))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(truth));
            url = json.RootElement.TryGetProperty("url", out var value) && Uri.TryCreate(value.GetString(), UriKind.Absolute, out var parsed)
                ? parsed
                : null;
        }

        pages.Add(new Page(id, File.ReadAllText(file), url));
    }

    return pages;
}

internal sealed record Page(string Id, string Html, Uri? Url);
