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
                $"* {site.Url("/atom.xml")}  application/atom+xml  link  Khaama Press Atom",
                $"{site.Url("/feed.xml")}  application/rss+xml  link  Khaama Press RSS",
                "* the feed sources add would subscribe to",
            ],
            OperatorCli.Lines(found.Stdout));
        Assert.Contains("no feed found", OperatorCli.OneLineError(none), StringComparison.Ordinal);
        Assert.Equal("", none.Stdout);
    }

    [Fact]
    public async Task APageThatNamesNoFeedLeadsToItsSitesUsualFeedAddress()
    {
        await using var site = (await FixtureServer.StartAsync())
            .ServeText("/blog/", "<html><head><title>A blog</title></head><body>Posts</body></html>", "text/html")
            .ServeText("/rss.xml", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>The blog's feed</title><link>https://blog.example/</link><description>d</description></channel></rss>", "application/rss+xml")
            .ServeText("/feed", "<html><body>Not a feed</body></html>", "text/html");

        var found = await _cli.RunAsync("discover", site.Url("/blog/").AbsoluteUri);
        var added = await _cli.RunAsync("sources", "add", site.Url("/blog/").AbsoluteUri);

        Assert.True(found.ExitCode == 0, found.Stderr);
        Assert.Equal(
            [$"* {site.Url("/rss.xml")}  rss  path  The blog's feed", "* the feed sources add would subscribe to"],
            OperatorCli.Lines(found.Stdout));
        Assert.True(added.ExitCode == 0, added.Stderr);
        Assert.Contains(site.Url("/rss.xml").AbsoluteUri, added.Stdout, StringComparison.Ordinal);
    }
}
