using Aggregator.Publish;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Publish;

public sealed class ChannelsFileTests
{
    [Fact]
    public void AMissingFileMeansOnlyAll()
    {
        using var folder = new TempFolder();

        var channel = Assert.Single(ChannelsFile.Load(folder.File("channels.json"), 50));

        Assert.Equal(("all", 50), (channel.Name, channel.Size));
    }

    [Fact]
    public void ChannelsAreReadWithNormalisedSourcesAndTranslatedQueries()
    {
        using var folder = new TempFolder();
        var path = Write(folder, """{ "channels": [ { "name": "tech", "sources": ["HTTPS://Tech.example/feed"], "query": "ai OR robots", "keep": ["ai"], "size": 20 } ] }""");

        var tech = ChannelsFile.Load(path, 50)[1];

        Assert.Equal(["https://tech.example/feed"], tech.SourceUrls);
        Assert.Equal("\"ai\" OR \"robots\"", tech.Match);
        Assert.Equal(("tech", 20, "tech"), (tech.Title, tech.Size, tech.Name));
    }

    [Fact]
    public void TheShippedChannelsFileIsValid()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Aggregator.sln")))
        {
            root = Path.GetDirectoryName(root)!;
        }

        var channels = ChannelsFile.Load(Path.Combine(root, "config", "channels.json"), 50);

        Assert.Equal(["all", "world", "afghanistan"], channels.Select(c => c.Name));
    }

    [Theory]
    [InlineData("{ \"channels\": [\n  { \"name\": \"Bad Name\" } ] }", "line 2: channels[0].name")]
    [InlineData("{ \"channels\": [\n  { \"name\": \"all\" } ] }", "channels[0].name")]
    [InlineData("{ \"channels\": [ { \"name\": \"a\" },\n { \"name\": \"a\" } ] }", "channels[1].name: 'a' is already a channel")]
    [InlineData("{ \"channels\": [ { \"name\": \"a\", \"query\": \"(open\" } ] }", "channels[0].query")]
    [InlineData("{ \"channels\": [ { \"name\": \"a\", \"sources\": [\"ftp://x.example/\"] } ] }", "channels[0].sources[0]")]
    [InlineData("{ \"channels\": [ { \"name\": \"a\", \"size\": 0 } ] }", "channels[0].size")]
    [InlineData("{ \"channels\": [ { \"name\": \"a\", \"colour\": \"red\" } ] }", "colour")]
    [InlineData("{ \"channels\": [ { \"name\": \"a\", \"block\": [\"\"] } ] }", "channels[0].block[0]")]
    [InlineData("{ \"channels\": [ { \"name\": \"a\", \"keep\": [\"news\", \"++\"] } ] }", "channels[0].keep[1]: '++' has no letter or digit")]
    [InlineData("{ \"channels\": [\n", "line 2")]
    public void ABadFileIsRefusedNamingFileLineAndField(string json, string mentions)
    {
        using var folder = new TempFolder();
        var path = Write(folder, json);

        var error = Assert.Throws<ChannelConfigException>(() => ChannelsFile.Load(path, 50));

        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(mentions, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheServiceRefusesToStartWithABadFileInOneLine()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("sources.json"), """{ "sources": [] }""");
        var path = Write(folder, """{ "channels": [ { "name": "x", "size": 9999 } ] }""");

        var run = await AggregatorProcess.RunAsync(folder.Path, "--urls", "http://127.0.0.1:0", $"--Aggregator:ChannelsFile={path}",
            $"--Aggregator:SourcesFile={folder.File("sources.json")}", $"--Aggregator:Database={folder.File("a.db")}");

        Assert.NotEqual(0, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{path}, line 1: channels[0].size", line, StringComparison.Ordinal);
    }

    private static string Write(TempFolder folder, string json)
    {
        var path = folder.File("channels.json");
        File.WriteAllText(path, json);
        return path;
    }
}
