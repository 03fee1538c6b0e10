using System.Diagnostics;
using System.Text;
using System.Xml.Linq;
using Aggregator.Tests.Support;
using Dapper;

namespace Aggregator.Tests.Cli;

/// <summary><c>import-opml</c> and <c>export-opml</c>: the same import and export as the API, from a shell.</summary>
public sealed class OpmlCliTests : IDisposable
{
    private static readonly string[] Feeds =
        ["https://news.example.com/world.xml", "https://science.example.org/space/feed", "http://blog.example.net/atom.xml"];

    private readonly TempFolder _folder = new();
    private readonly OperatorCli _cli;

    public OpmlCliTests() => _cli = new OperatorCli(_folder);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AnImportedFileExportsAgainWithItsNestedFeedsAndCountsDuplicatesAndInvalidEntries()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "testdata", "cli", "sources.opml");

        var dryRun = await _cli.RunAsync("import-opml", file, "--dry-run");
        Assert.True(dryRun.ExitCode == 0, dryRun.Stderr);
        Assert.Equal("would add 3, duplicates 1, invalid 2", OperatorCli.Lines(dryRun.Stdout)[0]);
        await using (var db = _cli.OpenDatabase())
        {
            Assert.Equal(0L, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM sources"));
        }

        var imported = await _cli.RunAsync("import-opml", file);
        Assert.True(imported.ExitCode == 0, imported.Stderr);
        Assert.Equal(
            [
                "added 3, duplicates 1, invalid 2",
                "invalid (Old FTP mirror): 'ftp://files.example.com/feed.xml' is not an absolute http or https URL",
                "invalid (Broken): 'not a url' is not an absolute http or https URL",
            ],
            OperatorCli.Lines(imported.Stdout));
        Assert.Equal("", imported.Stderr); // a small file shows no progress

        var again = await _cli.RunAsync("import-opml", file);
        Assert.Equal("added 0, duplicates 4, invalid 2", OperatorCli.Lines(again.Stdout)[0]);

        var exported = await _cli.RunAsync("export-opml");
        Assert.True(exported.ExitCode == 0, exported.Stderr);
        // Feeds come back inside folders named by their categories, so only outlines with an xmlUrl are feeds.
        var feeds = XDocument.Parse(exported.Stdout).Descendants("outline").Where(o => o.Attribute("xmlUrl") is not null).ToList();
        Assert.Equal(Feeds.Order(), feeds.Select(o => (string)o.Attribute("xmlUrl")!).Order());
        Assert.Equal("Space", (string?)feeds.Single(o => (string?)o.Attribute("xmlUrl") == Feeds[1]).Attribute("title"));
    }

    [Fact]
    public async Task FiveThousandOutlinesImportQuicklyWithProgressOnStderr()
    {
        var body = string.Concat(Enumerable.Range(0, 5000).Select(i =>
            $"""<outline text="Group {i / 100}"><outline type="rss" text="Feed {i}" xmlUrl="https://host{i % 50}.example.com/feed/{i}.xml"/></outline>"""));
        var file = _folder.File("big.opml");
        await File.WriteAllTextAsync(file, $"""<?xml version="1.0"?><opml version="2.0"><head/><body>{body}</body></opml>""", Encoding.UTF8);

        var clock = Stopwatch.StartNew();
        var run = await _cli.RunAsync("import-opml", file);
        clock.Stop();

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("added 5000, duplicates 0, invalid 0", OperatorCli.Lines(run.Stdout)[0]);
        Assert.Equal([.. Enumerable.Range(1, 10).Select(i => $"import-opml: {i * 500}/5000 outlines")], OperatorCli.Lines(run.Stderr));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the import took {clock.Elapsed}");
        await using var db = _cli.OpenDatabase();
        Assert.Equal(5000L, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM sources WHERE origin = 'api' AND enabled = 1"));
    }

    [Fact]
    public async Task AFileThatIsNotOpmlIsOneLineAndANonZeroExit()
    {
        var file = _folder.File("feed.xml");
        await File.WriteAllTextAsync(file, "<rss version=\"2.0\"><channel/></rss>");

        var run = await _cli.RunAsync("import-opml", file);

        Assert.Equal($"aggregator import-opml: {file}: not an OPML document: the root element is not <opml>", OperatorCli.OneLineError(run));
    }
}
