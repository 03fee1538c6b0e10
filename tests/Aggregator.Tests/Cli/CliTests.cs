using System.Text.Json;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Cli;

/// <summary>The CLI run as a separate process, exactly as CONTRACT.md describes it.</summary>
public sealed class CliTests : IDisposable
{
    private const string Origin = "http://127.0.0.1:5123";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ExtractPrintsTheExpectedArticle()
    {
        var page = WriteSeed("article.html");

        var run = await AggregatorProcess.RunAsync(_folder.Path, "extract", page, "--url", $"{Origin}/us-taliban/");

        Assert.Equal(0, run.ExitCode);
        var article = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal(Text.Normalize(Text.Seed("expected.txt")), Text.Normalize(article.GetProperty("text").GetString()!));
        Assert.Equal("US-Taliban to resume talks with a focus on counterterrorism operations", article.GetProperty("title").GetString());
        Assert.Equal("Khaama Press", article.GetProperty("author").GetString());
        Assert.Equal("2021-11-24T06:30:00Z", article.GetProperty("published").GetString());
        Assert.DoesNotContain("<script", article.GetProperty("html").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ParsePrintsTheContractShape()
    {
        var feed = WriteSeed("feed-summary.xml");

        var run = await AggregatorProcess.RunAsync(_folder.Path, "parse", feed);

        Assert.Equal(0, run.ExitCode);
        var root = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal(["format", "title", "link", "description", "language", "updated", "image", "items"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("rss", root.GetProperty("format").GetString());
        var item = Assert.Single(root.GetProperty("items").EnumerateArray().ToList());
        Assert.Equal(
            ["id", "title", "link", "published", "updated", "authors", "categories", "summary", "content", "enclosures"],
            item.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2021-11-24T06:30:00Z", item.GetProperty("published").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("content").ValueKind);
        Assert.Equal("Khaama Press", item.GetProperty("authors")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task SeveralInputsGiveJsonLinesAndAFailureDoesNotStopTheOthers()
    {
        var feed = WriteSeed("feed-full.xml");

        var run = await AggregatorProcess.RunAsync(_folder.Path, "parse", feed, "missing.xml", feed);

        Assert.NotEqual(0, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([feed, "missing.xml", feed], lines.Select(l => l.GetProperty("input").GetString()));
        Assert.Equal("rss", lines[0].GetProperty("format").GetString());
        Assert.Equal(["input", "error"], lines[1].EnumerateObject().Select(p => p.Name));
        Assert.Equal("rss", lines[2].GetProperty("format").GetString());
    }

    [Fact]
    public async Task AnUnreadableFeedIsOneLineOnStderrAndANonZeroExit()
    {
        var page = WriteSeed("article.html");

        var run = await AggregatorProcess.RunAsync(_folder.Path, "parse", page);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("article.html", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUsageErrorIsOneLineAndANonZeroExit()
    {
        var run = await AggregatorProcess.RunAsync(_folder.Path, "extract");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task UrlsOnLoopbackAreRefusedUnlessPrivateNetworksAreAllowed()
    {
        await using var site = (await FixtureServer.StartAsync()).ServeFile("/feed.xml", "seed/feed-full.xml", "application/rss+xml");

        var refused = await AggregatorProcess.RunAsync(_folder.Path, "parse", site.Url("/feed.xml").AbsoluteUri);
        var allowed = await AggregatorProcess.RunAsync(_folder.Path, "parse", site.Url("/feed.xml").AbsoluteUri, "--Aggregator:AllowPrivateNetworks=true");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("loopback", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, allowed.ExitCode);
        Assert.Equal(1, site.Hits("/feed.xml"));
    }

    private string WriteSeed(string name)
    {
        var path = _folder.File(name);
        File.WriteAllText(path, Text.Seed(name).Replace("{{base}}", Origin, StringComparison.Ordinal));
        return path;
    }
}

public sealed class CheckFeedTests
{
    [Fact]
    public async Task CheckFeedShowsTheCleanItemsAndStoresNothing()
    {
        using var folder = new TempFolder();
        await using var site = (await FixtureServer.StartAsync())
            .ServeFile("/feed.xml", "seed/feed-summary.xml", "application/rss+xml")
            .ServeFile("/us-taliban-to-resume-talks-with-a-focus-on-counterterrorism-operations/", "seed/article.html", "text/html");

        var run = await AggregatorProcess.RunAsync(folder.Path, "check-feed", site.Url("/feed.xml").AbsoluteUri,
            "--Aggregator:AllowPrivateNetworks=true", $"--Aggregator:Database={folder.File("never.db")}");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var item = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("items")[0];
        Assert.Equal(Text.Normalize(Text.Seed("expected.txt")), Text.Normalize(item.GetProperty("contentText").GetString()!));
        Assert.False(File.Exists(folder.File("never.db")));
    }
}
