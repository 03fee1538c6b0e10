using Aggregator.Tests.Support;

namespace Aggregator.Tests.Cli;

/// <summary><c>discover</c>: the feeds a web page names, and the one <c>sources add</c> would pick.</summary>
public sealed class DiscoverCliTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly OperatorCli _cli;

    public DiscoverCliTests() => _cli = new OperatorCli(_folder);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task DiscoverListsThePageFeedsBestFirstAndMarksTheOneAddWouldPick()
    {
        await using var site = (await FixtureServer.StartAsync())
            .ServeFile("/news/", "cli/page-with-feeds.html", "text/html; charset=utf-8")
            .ServeText("/plain/", "<html><head><title>No feeds</title></head><body>Hello</body></html>", "text/html");

        var found = await _cli.RunAsync("discover", site.Url("/news/").AbsoluteUri);
        var none = await _cli.RunAsync("discover", site.Url("/plain/").AbsoluteUri);

        Assert.True(found.ExitCode == 0, found.Stderr);
        Assert.Equal(
            [
                $"* {site.Url("/atom.xml")}  application/atom+xml  Khaama Press Atom",
                $"{site.Url("/feed.xml")}  application/rss+xml  Khaama Press RSS",
                "* the feed sources add would subscribe to",
            ],
            OperatorCli.Lines(found.Stdout));
        Assert.Contains("no feed found", OperatorCli.OneLineError(none), StringComparison.Ordinal);
        Assert.Equal("", none.Stdout);
    }
}
