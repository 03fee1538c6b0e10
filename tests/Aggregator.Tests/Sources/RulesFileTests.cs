using Aggregator.Sources;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Sources;

public sealed class RulesFileTests
{
    [Fact]
    public void AMissingFileMeansNoRules()
    {
        using var folder = new TempFolder();

        Assert.Empty(RulesFile.Load(folder.File("rules.json")).All);
    }

    [Fact]
    public void AGoodFileGivesOneRulePerHost()
    {
        using var folder = new TempFolder();
        var path = Write(folder, """
            {
              // comments are fine
              "rules": [
                { "host": "Example.com", "content": "article .body", "remove": [".promo", "figure.ad"] },
                { "host": "other.example", "remove": ["aside"] },
              ]
            }
            """);

        var rules = RulesFile.Load(path).All;

        Assert.Equal(2, rules.Count);
        Assert.Equal("example.com", rules[0].Host);
        Assert.Equal([".promo", "figure.ad"], rules[0].Remove);
        Assert.Null(rules[1].Content);
    }

    [Theory]
    [InlineData("""{ "rules": [ { "host": "a.example", "content": "div[" } ] }""", "rules[0].content")]
    [InlineData("""{ "rules": [ { "host": "a.example", "remove": [".ok", "p:nope("] } ] }""", "rules[0].remove[1]")]
    [InlineData("""{ "rules": [ { "host": "https://a.example/", "content": "main" } ] }""", "rules[0].host")]
    [InlineData("""{ "rules": [ { "host": "a.example" } ] }""", "rules[0]")]
    [InlineData("""{ "rules": [ { "host": "a.example", "contnet": "main" } ] }""", "contnet")]
    [InlineData("""{ "rules": [ { "host": "a.example", "content": "main" }, { "host": "a.example", "content": "article" } ] }""", "rules[1].host")]
    public void ABadFileIsNamedWithItsLineAndField(string json, string mentions)
    {
        using var folder = new TempFolder();
        var path = Write(folder, json);

        var error = Assert.Throws<RulesFileException>(() => RulesFile.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
        Assert.Contains(mentions, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheServiceRefusesToStartWithABadRulesFileInOneLine()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("sources.json"), """{ "sources": [] }""");
        var path = Write(folder, """{ "rules": [ { "host": "a.example", "content": "div[" } ] }""");

        var run = await AggregatorProcess.RunAsync(folder.Path, "--urls", "http://127.0.0.1:0",
            $"--Aggregator:SourcesFile={folder.File("sources.json")}", $"--Aggregator:RulesFile={path}",
            $"--Aggregator:Database={folder.File("a.db")}");

        Assert.NotEqual(0, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(path, line, StringComparison.Ordinal);
        Assert.Contains("rules[0].content", line, StringComparison.Ordinal);
    }

    private static string Write(TempFolder folder, string json)
    {
        var path = folder.File("rules.json");
        File.WriteAllText(path, json);
        return path;
    }
}
