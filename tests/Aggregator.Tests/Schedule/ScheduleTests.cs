using System.Text.Json;
using Aggregator.Schedule;
using Aggregator.Tests.Support;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Schedule;

public sealed class ScheduleTests
{
    [Fact]
    public async Task TheScheduleSurvivesARestart()
    {
        using var folder = new TempFolder();
        await using var site = (await FixtureServer.StartAsync()).ServeFile("/feed.xml", "seed/feed-full.xml", "application/rss+xml");
        long id;
        DateTimeOffset next;
        await using (var first = new AggregatorApp(folder))
        {
            id = (await first.AddSourceAsync(site.Url("/feed.xml"))).GetProperty("id").GetInt64();
            var fetched = await first.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").GetString() == "ok");
            next = fetched.GetProperty("nextFetchAt").GetDateTimeOffset();
            Assert.True(next > DateTimeOffset.UtcNow.AddMinutes(30), $"next fetch {next:O} should be an interval away");
        }

        await using var second = new AggregatorApp(folder);
        using var client = second.CreateClient();
        var source = await client.GetFromJsonAsync<JsonElement>($"/api/sources/{id}");
        Assert.Equal(next, source.GetProperty("nextFetchAt").GetDateTimeOffset());
        var scheduled = await second.Services.GetRequiredService<FetchScheduler>().GetNextAsync(id);
        Assert.Equal(next, scheduled);
        Assert.Equal(1, site.Hits("/feed.xml") - 1); // one fetch when subscribing, one refresh: nothing at restart
    }

    [Fact]
    public async Task AFailingSourceBacksOffAndKeepsItsError()
    {
        using var folder = new TempFolder();
        await using var site = await FixtureServer.StartAsync();
        site.ServeFile("/feed.xml", "seed/feed-full.xml", "application/rss+xml");
        await using var app = new AggregatorApp(folder);
        var id = (await app.AddSourceAsync(site.Url("/feed.xml"))).GetProperty("id").GetInt64();
        await app.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").GetString() == "ok");

        site.Handle("/feed.xml", context => { context.Response.StatusCode = 500; return Task.CompletedTask; });
        var failed = await app.RefreshAndWaitAsync(id);

        Assert.Equal("error", failed.GetProperty("lastStatus").GetString());
        Assert.Contains("500", failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, failed.GetProperty("consecutiveFailures").GetInt32());
        Assert.Equal(1, failed.GetProperty("itemCount").GetInt64());

        site.Handle("/feed.xml", context => { context.Response.StatusCode = 200; context.Response.ContentType = "application/rss+xml"; return context.Response.WriteAsync(Text.Seed("feed-full.xml").Replace("{{base}}", site.Origin, StringComparison.Ordinal)); });
        var recovered = await app.RefreshAndWaitAsync(id);
        // The same bytes as the last good fetch: unchanged, which counts as success.
        Assert.Equal("notModified", recovered.GetProperty("lastStatus").GetString());
        Assert.Equal("healthy", recovered.GetProperty("health").GetString());
        Assert.Equal(0, recovered.GetProperty("consecutiveFailures").GetInt32());
    }
}
