using System.Diagnostics;
using System.Text.Json;
using Aggregator.Clean;

// Runs ArticleExtractor over a benchmark folder (html/<id>.html, ground-truth/<id>.json with "url")
// and writes <id>.txt (and <id>.html) to the output folder for score.py. One thread, so the
// pages/s figure is per core. The first pass warms the JIT; the second is timed.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Aggregator.Bench.Extract <benchmark-folder> <output-folder> [passes] [--stages]");
    return 2;
}

var pages = LoadPages(args[0]);
var output = Directory.CreateDirectory(args[1]).FullName;
var passes = args.Length > 2 && int.TryParse(args[2], out var n) ? n : 3;
var extractor = new ArticleExtractor();
if (args.Contains("--stages"))
{
    Stages.Run(pages, passes);
    return 0;
}

foreach (var page in pages)
{
    var article = extractor.ExtractPage(page.Html, page.Url);
    File.WriteAllText(Path.Combine(output, page.Id + ".txt"), article.Text);
    File.WriteAllText(Path.Combine(output, page.Id + ".html"), article.Html);
}

var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
for (var pass = 0; pass < passes; pass++)
{
    foreach (var page in pages)
    {
        extractor.ExtractPage(page.Html, page.Url);
    }
}

clock.Stop();

// CPU time counts only the time this process ran, so it holds when other work shares the machine.
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
var runs = pages.Count * passes;
var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
Console.WriteLine($"{pages.Count} pages, {passes} timed passes on one thread: {runs / clock.Elapsed.TotalSeconds:F1} pages/s (wall), "
    + $"{runs / cpu.TotalSeconds:F1} pages per CPU-second, {allocated / runs / 1024.0 / 1024.0:F2} MB allocated per page");
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
