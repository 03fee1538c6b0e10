using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Tests.Fetch;
using Aggregator.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Tests.Schedule;

public sealed class ConditionalFetchTests
{
    [Fact]
    public async Task NotModifiedKeepsEverythingAndCountsAsSuccess()
    {
        using var folder = new TempFolder();
        await using var site = (await FixtureServer.StartAsync()).ServeFile("/feed.xml", "seed/feed-full.xml", "application/rss+xml");
        await using var app = new AggregatorApp(folder);
        var id = (await app.AddSourceAsync(site.Url("/feed.xml"))).GetProperty("id").GetInt64();
        var first = await app.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").GetString() == "ok");

        var second = await app.RefreshAndWaitAsync(id);

        Assert.Equal("notModified", second.GetProperty("lastStatus").GetString());
        Assert.Equal(first.GetProperty("itemCount").GetInt64(), second.GetProperty("itemCount").GetInt64());
        Assert.Equal("healthy", second.GetProperty("health").GetString());
        var log = await FetchesAsync(app, id);
        Assert.Equal(["notModified", "ok"], log.Select(e => e.GetProperty("status").GetString()));
        Assert.Equal(304, log[0].GetProperty("httpStatus").GetInt32());
        Assert.True(log[1].GetProperty("bytes").GetInt64() > 1000);
        Assert.Equal(1, log[1].GetProperty("added").GetInt32());
    }

    [Fact]
    public async Task LastModifiedIsKeptAndSentWhenA304BringsOnlyTheETag()
    {
        var seen = new List<(string? IfNoneMatch, string? IfModifiedSince)>();
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/feed.xml", context =>
        {
            lock (seen)
            {
                seen.Add((context.Request.Headers.IfNoneMatch.FirstOrDefault(), context.Request.Headers.IfModifiedSince.FirstOrDefault()));
            }

            context.Response.Headers.ETag = "\"v1\"";
            if (context.Request.Headers.IfNoneMatch == "\"v1\"")
            {
                context.Response.StatusCode = 304;
                return Task.CompletedTask;
            }

            context.Response.Headers.LastModified = "Tue, 01 Jun 2021 10:00:00 GMT";
            return Hostile.Feed()(context);
        });
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var id = (await app.AddSourceAsync(site.Url("/feed.xml"))).GetProperty("id").GetInt64();
        await app.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").GetString() == "ok");

        await app.RefreshAndWaitAsync(id);
        await app.RefreshAndWaitAsync(id);

        lock (seen)
        {
            Assert.Equal(("\"v1\"", "Tue, 01 Jun 2021 10:00:00 GMT"), seen[^1]);
            Assert.Equal(seen[^2], seen[^1]);
        }
    }

    [Fact]
    public async Task TheSameBodyWithoutValidatorsIsTreatedAsUnchanged()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/feed.xml", Hostile.Feed());
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var id = (await app.AddSourceAsync(site.Url("/feed.xml"))).GetProperty("id").GetInt64();
        await app.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").GetString() == "ok");

        var again = await app.RefreshAndWaitAsync(id);

        Assert.Equal("notModified", again.GetProperty("lastStatus").GetString());
        Assert.Equal(200, (await FetchesAsync(app, id))[0].GetProperty("httpStatus").GetInt32());
    }

    [Fact]
    public async Task AFailedFetchKeepsTheItemsAndTheStoredETag()
    {
        string? lastIfNoneMatch = null;
        var failing = false;
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/feed.xml", context =>
        {
            lastIfNoneMatch = context.Request.Headers.IfNoneMatch.FirstOrDefault();
            if (failing)
            {
                // A broken deploy: a new ETag on an error page must not replace the good one.
                context.Response.Headers.ETag = "\"broken\"";
                context.Response.StatusCode = 500;
                return Task.CompletedTask;
            }

            context.Response.Headers.ETag = "\"good\"";
            return Hostile.Feed()(context);
        });
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var id = (await app.AddSourceAsync(site.Url("/feed.xml"))).GetProperty("id").GetInt64();
        await app.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").GetString() == "ok");

        failing = true;
        var failed = await app.RefreshAndWaitAsync(id);
        await app.RefreshAndWaitAsync(id);

        Assert.Equal(1, failed.GetProperty("itemCount").GetInt64());
        Assert.Equal("failing", failed.GetProperty("health").GetString());
        Assert.Equal("\"good\"", lastIfNoneMatch);
    }

    [Fact]
    public async Task TheFetchLogKeepsOnlyTheLastAttempts()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/feed.xml", Hostile.Feed());
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, new Dictionary<string, string?> { ["Aggregator:FetchLogSize"] = "2" });
        var id = (await app.AddSourceAsync(site.Url("/feed.xml"))).GetProperty("id").GetInt64();
        await app.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").GetString() == "ok");
        site.Handle("/feed.xml", Hostile.Status(500));

        await app.RefreshAndWaitAsync(id);
        await app.RefreshAndWaitAsync(id);

        var log = await FetchesAsync(app, id);
        Assert.Equal(2, log.Length);
        Assert.All(log, e => Assert.Equal("error", e.GetProperty("status").GetString()));
        Assert.All(log, e => Assert.Equal("HTTP 500 Internal Server Error", e.GetProperty("error").GetString()));
        using var client = app.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/api/sources/999/fetches")).StatusCode);
    }

    internal static async Task<JsonElement[]> FetchesAsync(AggregatorApp app, long id)
    {
        using var client = app.CreateClient();
        return await client.GetFromJsonAsync<JsonElement[]>($"/api/sources/{id}/fetches") ?? [];
    }
}
