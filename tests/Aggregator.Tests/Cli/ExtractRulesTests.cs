using System.Text.Json;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Cli;

public sealed class ExtractRulesTests
{
    private const string Page = """
        <html><body><article>
        <p>A paragraph of the article that is long enough to count as text a person wrote, with commas, words and a full stop.</p>
        <p class="house-note">House note that an operator wants gone from this site's pages.</p>
        <p>Another paragraph of the article, long enough as well, so that the article is clearly this element here.</p>
        </article></body></html>
        """;

    [Fact]
    public async Task ExtractTriesARulesFileBeforeItIsSaved()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("page.html"), Page);
        File.WriteAllText(folder.File("try.json"), """{ "rules": [ { "host": "news.example", "remove": [".house-note"] } ] }""");

        var without = await AggregatorProcess.RunAsync(folder.Path, "extract", "page.html", "--url", "https://news.example/a");
        var with = await AggregatorProcess.RunAsync(folder.Path, "extract", "page.html", "--url", "https://news.example/a", "--rules", "try.json");

        Assert.Contains("House note", Text(without), StringComparison.Ordinal);
        Assert.DoesNotContain("House note", Text(with), StringComparison.Ordinal);
        Assert.Contains("Another paragraph", Text(with), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadRulesFileIsNamedInOneLine()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("page.html"), Page);
        File.WriteAllText(folder.File("bad.json"), """{ "rules": [ { "host": "news.example", "content": "div[" } ] }""");

        var run = await AggregatorProcess.RunAsync(folder.Path, "extract", "page.html", "--rules", "bad.json");

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("bad.json, line 1: rules[0].content", line, StringComparison.Ordinal);
    }

    private static string Text(AggregatorProcess.Outcome run)
    {
        Assert.True(run.ExitCode == 0, run.Stderr);
        return JsonDocument.Parse(run.Stdout).RootElement.GetProperty("text").GetString()!;
    }
}
