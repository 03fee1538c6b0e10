using System.Diagnostics;
using System.Text.Json;
using Aggregator.Clean;

// Runs ArticleExtractor over a benchmark folder (html/<id>.html, ground-truth/<id>.json with "url")
// and writes <id>.txt (and <id>.html) to the output folder for score.py. One thread, so the
// pages/s figure is per core. The first pass warms the JIT; the second is timed.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Aggregator.Bench.Extract <benchmark-folder> <output-folder> [passes]");
    return 2;
}

var pages = LoadPages(args[0]);
var output = Directory.CreateDirectory(args[1]).FullName;
var passes = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3;
var extractor = new ArticleExtractor();

foreach (var page in pages)
{
    var article = extractor.ExtractPage(page.Html, page.Url);
    File.WriteAllText(Path.Combine(output, page.Id + ".txt"), article.Text);
    File.WriteAllText(Path.Combine(output, page.Id + ".html"), article.Html);
}

var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
var clock = Stopwatch.StartNew();
for (var pass = 0; pass < passes; pass++)
{
    foreach (var page in pages)
    {
        extractor.ExtractPage(page.Html, page.Url);
    }
}

clock.Stop();
var runs = pages.Count * passes;
var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
Console.WriteLine($"{pages.Count} pages, {passes} timed passes: {runs / clock.Elapsed.TotalSeconds:F1} pages/s on one thread, "
    + $"{allocated / runs / 1024.0 / 1024.0:F2} MB allocated per page, {Environment.ProcessorCount} cores");
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
