using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Sources;

public sealed class SourcesApiTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private FixtureServer _site = null!;
    private AggregatorApp _app = null!;

    public async Task InitializeAsync()
    {
        _site = (await FixtureServer.StartAsync())
            .ServeFile("/feed.xml", "seed/feed-full.xml", "application/rss+xml")
            .ServeText("/page.html", """
                <html><head><title>Blog</title>
                <link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>Hi</body></html>
                """, "text/html")
            .ServeText("/plain.html", "<html><head><title>No feed</title></head><body>Hi</body></html>", "text/html");
        _app = new AggregatorApp(_folder);
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _site.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task AWriteWithoutTheKeyIs401ProblemJson()
    {
        using var client = _app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/sources", new { url = _site.Url("/feed.xml").AbsoluteUri });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongKeyIs401()
    {
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "not-the-key");
        var response = await client.DeleteAsync("/api/sources/1");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("{}", "url")]
    [InlineData("""{"url": "ftp://example.com/feed"}""", "http")]
    [InlineData("""{"url": "not a url"}""", "http")]
    [InlineData("""{"url": "https://example.com/feed", "intervalMinutes": 0}""", "intervalMinutes")]
    [InlineData("""{"url": 12}""", "JSON")]
    [InlineData("""{"url": """, "JSON")]
    [InlineData("[1,2]", "JSON")]
    public async Task ABadBodyIs400WithAUsefulDetail(string body, string detailMentions)
    {
        using var client = _app.CreateAdminClient();
        var response = await client.PostAsync("/api/sources", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(detailMentions, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWebPageIsFollowedToTheFeedItNames()
    {
        var source = await _app.AddSourceAsync(_site.Url("/page.html"));
        Assert.Equal(_site.Url("/feed.xml").AbsoluteUri, source.GetProperty("url").GetString());
    }

    [Fact]
    public async Task AWebPageWithoutAFeedIs400()
    {
        // A site of its own: this class's site serves /feed.xml, one of the usual feed addresses discovery tries.
        await using var bare = (await FixtureServer.StartAsync()).ServeText("/plain.html", "<html><body>No feed here</body></html>", "text/html");
        using var client = _app.CreateAdminClient();
        var response = await client.PostAsJsonAsync("/api/sources", new { url = bare.Url("/plain.html").AbsoluteUri });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("usual feed addresses", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWebPageThatNamesNoFeedSubscribesToItsSitesUsualFeedAddress()
    {
        using var client = _app.CreateAdminClient();
        var response = await client.PostAsJsonAsync("/api/sources", new { url = _site.Url("/plain.html").AbsoluteUri });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(_site.Url("/feed.xml").AbsoluteUri, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString());
    }

    [Fact]
    public async Task TheSameUrlTwiceIs409AndOneSource()
    {
        await _app.AddSourceAsync(_site.Url("/feed.xml"));
        using var client = _app.CreateAdminClient();
        var again = await client.PostAsJsonAsync("/api/sources", new { url = _site.Url("/feed.xml#fragment").AbsoluteUri });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Single(await client.GetFromJsonAsync<JsonElement[]>("/api/sources") ?? []);
    }

    [Fact]
    public async Task DeleteRemovesTheSourceAndItsItems()
    {
        var id = (await _app.AddSourceAsync(_site.Url("/feed.xml"))).GetProperty("id").GetInt64();
        await _app.WaitForSourceAsync(id, s => s.GetProperty("itemCount").GetInt64() == 1);
        using var client = _app.CreateAdminClient();

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/sources/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/sources/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/sources/{id}")).StatusCode);
        var items = await client.GetFromJsonAsync<JsonElement>("/api/items?q=Khalilzad");
        Assert.Equal(0, items.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task OpmlRoundTripAddsOnlyNewValidOutlines()
    {
        await _app.AddSourceAsync(_site.Url("/feed.xml"));
        using var client = _app.CreateAdminClient();
        var exported = await client.GetStringAsync("/api/sources.opml");
        Assert.Contains(_site.Url("/feed.xml").AbsoluteUri, exported, StringComparison.Ordinal);

        var opml = $"""
            <?xml version="1.0"?>
            <opml version="2.0"><head><title>t</title></head><body>
              <outline text="News"><outline text="Seed" xmlUrl="{_site.Url("/feed.xml")}"/>
                <outline text="Other" xmlUrl="{_site.Url("/other.xml")}"/></outline>
              <outline text="Bad" xmlUrl="javascript:alert(1)"/>
            </body></opml>
            """;
        var response = await client.PostAsync("/api/sources/import", new StringContent(opml, System.Text.Encoding.UTF8, "text/x-opml"));
        var counts = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((1, 1, 1), (counts.GetProperty("added").GetInt32(), counts.GetProperty("skipped").GetInt32(), counts.GetProperty("invalid").GetInt32()));
    }

    [Fact]
    public async Task OpmlWithADoctypeIsRefused()
    {
        using var client = _app.CreateAdminClient();
        var opml = """<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x "y">]><opml version="2.0"><body/></opml>""";
        var response = await client.PostAsync("/api/sources/import", new StringContent(opml, System.Text.Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task UnknownIdsAre404ProblemJson()
    {
        using var client = _app.CreateAdminClient();
        foreach (var response in new[] { await client.GetAsync("/api/sources/999"), await client.PostAsync("/api/sources/999/refresh", null), await client.GetAsync("/api/items/999") })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }
}
