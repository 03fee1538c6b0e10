using System.Globalization;
using System.Text.RegularExpressions;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Http;

public sealed partial class MetricsTests
{
    [Fact]
    public async Task MetricsParseAsPrometheusTextAndCountTheFetches()
    {
        using var folder = new TempFolder();
        await using var site = (await FixtureServer.StartAsync()).ServeFile("/feed.xml", "seed/feed-full.xml", "application/rss+xml");
        await using var app = new AggregatorApp(folder);
        var id = (await app.AddSourceAsync(site.Url("/feed.xml"))).GetProperty("id").GetInt64();
        await app.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").GetString() == "ok");
        using var client = app.CreateClient();

        var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        var typed = new HashSet<string>();
        var values = new Dictionary<string, double>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                typed.Add(line.Split(' ')[2]);
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var match = Sample().Match(line);
            Assert.True(match.Success, $"not a Prometheus sample: {line}");
            Assert.Contains(typed, t => match.Groups["name"].Value.StartsWith(t, StringComparison.Ordinal));
            values[match.Groups["series"].Value] = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        }

        Assert.True(values["aggregator_fetches_total{outcome=\"ok\"}"] >= 1);
        Assert.Equal(1, values["aggregator_items_stored_total{change=\"added\"}"]);
        Assert.Equal(1, values["aggregator_sources{health=\"healthy\",enabled=\"true\"}"]);
        Assert.Equal(1, values["aggregator_items"]);
    }

    [GeneratedRegex("""^(?<series>(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})?) (?<value>[-+]?([0-9]*\.)?[0-9]+([eE][-+]?[0-9]+)?)$""")]
    private static partial Regex Sample();
}
