using System.Text.Json;
using Aggregator.Schedule;
using Aggregator.Tests.Support;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Cli;

/// <summary><c>sources list|add|remove|refresh</c> run as processes against a real database.</summary>
public sealed class SourcesCliTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly OperatorCli _cli;
    private FixtureServer _site = null!;

    public SourcesCliTests() => _cli = new OperatorCli(_folder);

    public async Task InitializeAsync() => _site = (await FixtureServer.StartAsync())
        .ServeFile("/page.html", "cli/page-with-feeds.html", "text/html")
        .ServeFile("/feed.xml", "seed/feed-full.xml", "application/rss+xml")
        .ServeFile("/atom.xml", "seed/feed-full.xml", "application/rss+xml");

    public async Task DisposeAsync() => await _site.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AddListRefreshAndRemoveWorkTogetherAndRemovingKeepsTheItems()
    {
        await File.WriteAllTextAsync(_cli.SourcesFile, """{ "sources": [] }""");
        var page = _site.Url("/page.html").AbsoluteUri;
        var feed = _site.Url("/atom.xml").AbsoluteUri;

        var added = await _cli.RunAsync("sources", "add", page, "--title", "Khaama", "--interval", "30", "--full-page", "never");
        Assert.True(added.ExitCode == 0, added.Stderr);
        Assert.Equal($"added source 1: {feed} (the feed {page} names)", Assert.Single(OperatorCli.Lines(added.Stdout)));

        var duplicate = await _cli.RunAsync("sources", "add", feed);
        Assert.Contains("is already source 1", OperatorCli.OneLineError(duplicate), StringComparison.Ordinal);

        var refreshed = await _cli.RunAsync("sources", "refresh", "1");
        Assert.True(refreshed.ExitCode == 0, refreshed.Stderr);
        Assert.Equal($"1 {feed}: ok, 1 new, 0 updated (HTTP 200)", Assert.Single(OperatorCli.Lines(refreshed.Stdout)));

        var listed = await _cli.RunAsync("sources", "list", "--json");
        var source = JsonDocument.Parse(Assert.Single(OperatorCli.Lines(listed.Stdout))).RootElement;
        Assert.Equal(("Khaama", "api", 30, "never", 1, "ok"), (
            source.GetProperty("title").GetString(), source.GetProperty("origin").GetString(), source.GetProperty("intervalMinutes").GetInt32(),
            source.GetProperty("fullPage").GetString(), source.GetProperty("itemCount").GetInt32(), source.GetProperty("lastStatus").GetString()));

        var table = OperatorCli.Lines((await _cli.RunAsync("sources", "list")).Stdout);
        Assert.StartsWith("ID  ENABLED  HEALTH", table[0], StringComparison.Ordinal);
        Assert.Matches($@"^1\s+yes\s+healthy\s+Khaama\s+{System.Text.RegularExpressions.Regex.Escape(feed)}\s+1\s+\d{{4}}-", table[1]);
        Assert.Single(OperatorCli.Lines((await _cli.RunAsync("sources", "list", "--health", "failing")).Stdout)); // the header alone

        var removed = await _cli.RunAsync("sources", "remove", feed);
        Assert.True(removed.ExitCode == 0, removed.Stderr);
        await using var db = _cli.OpenDatabase();
        Assert.Equal((0L, 1L), await db.QuerySingleAsync<(long, long)>(
            "SELECT enabled, (SELECT count(*) FROM items WHERE source_id = 1) FROM sources WHERE id = 1"));
    }

    [Fact]
    public async Task ASourceOfTheConfigFileCannotBeRemovedFromTheCli()
    {
        var feed = _site.Url("/feed.xml").AbsoluteUri;
        await File.WriteAllTextAsync(_cli.SourcesFile, $$"""{ "sources": [ { "url": "{{feed}}" } ] }""");
        await using (var app = new AggregatorApp(_folder))
        {
            app.CreateClient().Dispose(); // the service syncs the file into the database at start
        }

        var refused = await _cli.RunAsync("sources", "remove", "1");
        var unknown = await _cli.RunAsync("sources", "remove", "https://nowhere.example.com/feed");

        Assert.Contains($"is defined in {_cli.SourcesFile}", OperatorCli.OneLineError(refused), StringComparison.Ordinal);
        Assert.Equal("aggregator sources remove: there is no source with the URL https://nowhere.example.com/feed", OperatorCli.OneLineError(unknown));
        await using var db = _cli.OpenDatabase();
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>("SELECT enabled FROM sources WHERE id = 1"));
    }

    [Fact]
    public async Task TheRunningServiceSchedulesASourceTheCliAddsAndDropsOneItRemoves()
    {
        await using var app = new AggregatorApp(_folder);
        using var client = app.CreateClient();
        var scheduler = app.Services.GetRequiredService<FetchScheduler>();

        var added = await _cli.RunAsync("sources", "add", _site.Url("/feed.xml").AbsoluteUri);
        Assert.True(added.ExitCode == 0, added.Stderr);
        await app.WaitForSourceAsync(1, s => s.GetProperty("lastStatus").GetString() == "ok");

        var removed = await _cli.RunAsync("sources", "remove", "1");
        Assert.True(removed.ExitCode == 0, removed.Stderr);
        await Poll.UntilAsync(async () => await scheduler.GetNextAsync(1) is null, "the service to unschedule the removed source", 10);
    }

    [Fact]
    public async Task RefreshAllPrintsOneLinePerSourceAndExitsNonZeroWhenAFetchFails()
    {
        var good = _site.Url("/feed.xml").AbsoluteUri;
        var missing = _site.Url("/missing.xml").AbsoluteUri;
        var opml = _folder.File("two.opml");
        await File.WriteAllTextAsync(opml, $"""
            <opml version="2.0"><body><outline xmlUrl="{good}"/><outline xmlUrl="{missing}"/></body></opml>
            """);
        Assert.Equal(0, (await _cli.RunAsync("import-opml", opml)).ExitCode);

        var run = await _cli.RunAsync("sources", "refresh", "--all");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            [$"1 {good}: ok, 1 new, 0 updated (HTTP 200)", $"2 {missing}: error: HTTP 404 Not Found"],
            OperatorCli.Lines(run.Stdout).Order(StringComparer.Ordinal));
        await using var db = _cli.OpenDatabase();
        Assert.Equal(["ok", "error"], await db.QueryAsync<string>("SELECT last_status FROM sources ORDER BY id"));
    }

    [Theory]
    [InlineData(2, "sources", "add", "not a url")]
    [InlineData(2, "sources", "add", "https://example.com/feed", "--interval", "0")]
    [InlineData(2, "sources", "list", "--health", "sick")]
    [InlineData(2, "sources", "refresh")]
    [InlineData(1, "sources", "refresh", "42")]
    [InlineData(2, "purge")]
    public async Task BadCommandsGiveOneLineOnStderrAndANonZeroExit(int exitCode, params string[] args)
    {
        var run = await _cli.RunAsync(args);

        Assert.StartsWith("aggregator", OperatorCli.OneLineError(run, exitCode), StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }
}
