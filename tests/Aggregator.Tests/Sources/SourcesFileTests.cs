using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Sources;
using Aggregator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aggregator.Tests.Sources;

public sealed class SourcesFileTests
{
    [Fact]
    public async Task ConfigSourcesAreLoadedAndTheApiRepeatingOneIsStillOneSource()
    {
        using var folder = new TempFolder();
        await using var site = (await FixtureServer.StartAsync()).ServeFile("/feed.xml", "seed/feed-full.xml", "application/rss+xml");
        WriteSources(folder, $$"""{ "sources": [ { "url": "{{site.Url("/feed.xml")}}", "title": "Seed", "intervalMinutes": 15 } ] }""");
        await using var app = new AggregatorApp(folder);
        using var client = app.CreateAdminClient();

        var sources = await client.GetFromJsonAsync<JsonElement[]>("/api/sources");
        var source = Assert.Single(sources!);
        Assert.Equal(("Seed", "config", 15), (source.GetProperty("title").GetString(), source.GetProperty("origin").GetString(), source.GetProperty("intervalMinutes").GetInt32()));
        var again = await client.PostAsJsonAsync("/api/sources", new { url = site.Url("/feed.xml").AbsoluteUri });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Single((await client.GetFromJsonAsync<JsonElement[]>("/api/sources"))!);
    }

    [Fact]
    public async Task ASourceRemovedFromTheFileIsDisabledAndKeepsItsItems()
    {
        using var folder = new TempFolder();
        await using var site = (await FixtureServer.StartAsync()).ServeFile("/feed.xml", "seed/feed-full.xml", "application/rss+xml");
        WriteSources(folder, $$"""{ "sources": [ { "url": "{{site.Url("/feed.xml")}}" } ] }""");
        await using (var first = new AggregatorApp(folder))
        {
            using var warmUp = first.CreateClient();
            await first.WaitForSourceAsync(1, s => s.GetProperty("itemCount").GetInt64() == 1);
        }

        WriteSources(folder, """{ "sources": [] }""");
        await using var second = new AggregatorApp(folder);
        using var client = second.CreateClient();
        var source = await client.GetFromJsonAsync<JsonElement>("/api/sources/1");
        Assert.False(source.GetProperty("enabled").GetBoolean());
        Assert.Equal(1, source.GetProperty("itemCount").GetInt64());
    }

    [Theory]
    [InlineData("""{ "sources": [ { "url": "https://a.example/feed", "colour": "red" } ] }""", "colour")]
    [InlineData("""{ "sources": [ { "url": "https://a.example/feed" },{ "url": "https://a.example/feed" } ] }""", "already listed")]
    [InlineData("{ \"sources\": [\n  { \"url\": \"ftp://a.example/feed\" } ] }", "line 2: sources[0].url")]
    [InlineData("""{ "sources": [ { "url": "https://a.example/feed", "intervalMinutes": -1 } ] }""", "intervalMinutes")]
    [InlineData("""{ "sources": [ """, "line 1")]
    [InlineData("""{ "sources": [ { "url": "https://a.example/feed", "fullPage": "sometimes" } ] }""", "sources[0].fullPage")]
    public void ABadFileStopsTheStartWithAMessageNamingWhere(string json, string mentions)
    {
        using var folder = new TempFolder();
        var path = WriteSources(folder, json);

        var error = Assert.Throws<SourceConfigException>(() => SourcesFile.Load(path, 60));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(mentions, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheServiceRefusesToStartWithABadFileInOneLine()
    {
        using var folder = new TempFolder();
        var path = WriteSources(folder, """{ "sources": [ { "link": "https://a.example/feed" } ] }""");

        var run = await AggregatorProcess.RunAsync(folder.Path, "--urls", "http://127.0.0.1:0",
            $"--Aggregator:SourcesFile={path}", $"--Aggregator:Database={folder.File("a.db")}");

        Assert.NotEqual(0, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(path, line, StringComparison.Ordinal);
        Assert.Contains("link", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadSettingStopsTheStartNamingIt()
    {
        using var folder = new TempFolder();
        var path = WriteSources(folder, """{ "sources": [] }""");

        var run = await AggregatorProcess.RunAsync(folder.Path, "--urls", "http://127.0.0.1:0",
            $"--Aggregator:SourcesFile={path}", $"--Aggregator:Database={folder.File("a.db")}", "--Aggregator:DefaultIntervalMinutes=0");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("DefaultIntervalMinutes", run.Stderr, StringComparison.Ordinal);
    }

    private static string WriteSources(TempFolder folder, string json)
    {
        var path = folder.File("sources.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void FullPageModesAreReadPerSource()
    {
        using var folder = new TempFolder();
        var path = WriteSources(folder, """
            { "sources": [ { "url": "https://a.example/feed", "fullPage": "always" }, { "url": "https://b.example/feed" } ] }
            """);

        var sources = SourcesFile.Load(path, 60);

        Assert.Equal([Aggregator.Store.FullPageMode.Always, Aggregator.Store.FullPageMode.Auto], sources.Select(s => s.FullPage));
    }
}

public sealed class SourcesFileReloadTests
{
    [Fact]
    public async Task EditingTheFileAddsChangesAndDisablesSourcesWhileTheServiceRuns()
    {
        using var folder = new TempFolder();
        await using var site = (await FixtureServer.StartAsync())
            .ServeFile("/a.xml", "seed/feed-full.xml", "application/rss+xml")
            .ServeFile("/b.xml", "seed/feed-full.xml", "application/rss+xml");
        var path = folder.File("sources.json");
        await File.WriteAllTextAsync(path, $$"""{ "sources": [ { "url": "{{site.Url("/a.xml")}}", "title": "A" } ] }""");
        await using var app = new AggregatorApp(folder);
        using var client = app.CreateClient();
        Assert.Single((await client.GetFromJsonAsync<JsonElement[]>("/api/sources"))!);

        await File.WriteAllTextAsync(path, $$"""{ "sources": [ { "url": "{{site.Url("/a.xml")}}", "title": "A renamed", "enabled": false }, { "url": "{{site.Url("/b.xml")}}" } ] }""");
        JsonElement[] sources = [];
        await Poll.UntilAsync(async () => (sources = (await client.GetFromJsonAsync<JsonElement[]>("/api/sources"))!).Length == 2
            && sources[0].GetProperty("title").GetString() == "A renamed", "the edited file to be applied");
        Assert.False(sources[0].GetProperty("enabled").GetBoolean());
        await app.WaitForSourceAsync(sources[1].GetProperty("id").GetInt64(), s => s.GetProperty("lastStatus").GetString() == "ok");

        // A broken edit is reported and ignored: the running service keeps its sources.
        await File.WriteAllTextAsync(path, """{ "sources": [ { "oops": true } ] }""");
        var watcher = app.Services.GetServices<IHostedService>().OfType<SourcesFileWatcher>().Single();
        await watcher.ReloadAsync(path, CancellationToken.None);
        var unchanged = (await client.GetFromJsonAsync<JsonElement[]>("/api/sources"))!;
        Assert.Equal(2, unchanged.Length);
        Assert.True(unchanged[1].GetProperty("enabled").GetBoolean());
    }
}

public sealed class ConfigSyncTests
{
    [Fact]
    public async Task ASourceTheServiceDisabledOnGoneStaysDisabledWhenTheFileIsSyncedAgain()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        app.CreateClient().Dispose();
        var sources = app.Services.GetRequiredService<Aggregator.Store.SourceStore>();
        var definition = new Aggregator.Store.SourceDefinition("http://gone.example/feed", null, 60, true);
        await sources.SyncConfigAsync([definition]);
        var id = (await sources.FindByUrlAsync(definition.Url))!.Id;
        await using (var connection = await app.Services.GetRequiredService<Aggregator.Store.Database>().OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE sources SET enabled = 0, disabled_reason = 'HTTP 410 Gone' WHERE id = @id", new { id });
        }

        await sources.SyncConfigAsync([definition]);

        Assert.False((await sources.GetAsync(id))!.Enabled);
    }
}
