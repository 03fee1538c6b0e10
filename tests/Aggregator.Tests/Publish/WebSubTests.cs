using System.Collections.Concurrent;
using Aggregator.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Tests.Publish;

/// <summary>With a hub configured, channels advertise it and new items are announced to it.</summary>
public sealed class WebSubTests
{
    [Fact]
    public async Task NewItemsArePingedToTheHubThatTheChannelsAdvertise()
    {
        using var folder = new TempFolder();
        var pings = new ConcurrentQueue<string>();
        await using var site = (await FixtureServer.StartAsync())
            .ServeFile("/beta.xml", "publish/beta.xml", "application/rss+xml")
            .Handle("/hub", async context =>
            {
                var form = await context.Request.ReadFormAsync();
                pings.Enqueue($"{form["hub.mode"]} {form["hub.url"]}");
                context.Response.StatusCode = StatusCodes.Status204NoContent;
            });
        await using var app = new AggregatorApp(folder, new Dictionary<string, string?>
        {
            ["Aggregator:WebSubHub"] = site.Url("/hub").AbsoluteUri,
            ["Aggregator:PublicUrl"] = "https://aggregator.example/",
            ["Aggregator:FetchFullArticles"] = "false",
        });

        await app.AddSourceAsync(site.Url("/beta.xml"));

        await Poll.UntilAsync(() => Task.FromResult(pings.Contains("publish https://aggregator.example/feeds/all.atom")), "the hub to be pinged");
        Assert.Contains("publish https://aggregator.example/feeds/all.rss", pings);
        using var client = app.CreateClient();
        var atom = await client.GetStringAsync("/feeds/all.atom");
        Assert.Contains($"<link rel=\"hub\" href=\"{site.Url("/hub").AbsoluteUri}\"", atom, StringComparison.Ordinal);
        var response = await client.GetAsync("/feeds/all.json");
        Assert.Contains("rel=\"hub\"", response.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        Assert.Contains("\"hubs\":[{\"type\":\"WebSub\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHubWithoutAPublicUrlStopsTheStart()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("sources.json"), """{ "sources": [] }""");

        var run = await AggregatorProcess.RunAsync(folder.Path, "--urls", "http://127.0.0.1:0", "--Aggregator:WebSubHub=https://hub.example/",
            $"--Aggregator:SourcesFile={folder.File("sources.json")}", $"--Aggregator:Database={folder.File("a.db")}");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Aggregator:WebSubHub needs Aggregator:PublicUrl", run.Stderr, StringComparison.Ordinal);
    }
}
