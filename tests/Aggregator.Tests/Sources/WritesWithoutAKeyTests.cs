using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Sources;

public sealed class WritesWithoutAKeyTests
{
    [Fact]
    public async Task WithNoAdminKeyConfiguredWritesAreRefusedWithAClearMessage()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, new Dictionary<string, string?> { ["Aggregator:AdminApiKey"] = "" });
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "anything");

        var response = await client.PostAsJsonAsync("/api/sources", new { url = "https://example.com/feed.xml" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Aggregator:AdminApiKey", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoopbackSourcesAreRefusedUnlessPrivateNetworksAreAllowed()
    {
        using var folder = new TempFolder();
        await using var site = (await FixtureServer.StartAsync()).ServeFile("/feed.xml", "seed/feed-full.xml", "application/rss+xml");
        await using var app = new AggregatorApp(folder, new Dictionary<string, string?> { ["Aggregator:AllowPrivateNetworks"] = "false" });
        using var client = app.CreateAdminClient();

        var response = await client.PostAsJsonAsync("/api/sources", new { url = site.Url("/feed.xml").AbsoluteUri });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("loopback", detail, StringComparison.Ordinal);
        Assert.Equal(0, site.Hits("/feed.xml"));
    }
}

public sealed class KeyBeforeBodyTests
{
    [Theory]
    [InlineData("{\"url\": ", "application/json")]
    [InlineData("[1, 2]", "application/json")]
    public async Task AWriteWithoutTheKeyIs401WhateverItsJsonBody(string body, string contentType)
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        using var client = app.CreateClient();

        var response = await client.PostAsync("/api/sources", new StringContent(body, System.Text.Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
