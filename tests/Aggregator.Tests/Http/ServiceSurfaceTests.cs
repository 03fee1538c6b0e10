using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Http;

/// <summary>The service's outer surface: health, OpenAPI, and no malformed request ever answered with a 500.</summary>
public sealed class ServiceSurfaceTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private AggregatorApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new AggregatorApp(_folder);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task HealthIs200()
    {
        using var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        await Poll.UntilAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "the scheduler to run");
    }

    [Fact]
    public async Task TheOpenApiDocumentListsTheContractRoutes()
    {
        using var client = _app.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { "/api/sources", "/api/sources/{id}", "/api/sources/{id}/refresh", "/api/sources.opml", "/api/sources/import", "/api/items", "/api/items/{id}", "/feeds/{channel}.{format}", "/health" })
        {
            Assert.Contains(path, paths);
        }
    }

    [Fact]
    public async Task TheHomePageLinksTheMergedFeeds()
    {
        using var client = _app.CreateClient();
        var html = await client.GetStringAsync("/");
        Assert.Contains("rel=\"alternate\" type=\"application/atom+xml\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/api/sources", "text/plain", "url=http://x")]
    [InlineData("POST", "/api/sources", "application/json", "\u0000\u0001")]
    [InlineData("POST", "/api/sources", "application/json", "{\"url\": \"http://[::1\"}")]
    [InlineData("POST", "/api/sources", "application/json", "{\"url\": \"http://example.com\", \"intervalMinutes\": 1e40}")]
    [InlineData("POST", "/api/sources/import", "text/x-opml", "<opml><body><outline xmlUrl=")]
    [InlineData("GET", "/api/items?q=%22%22%22", null, null)]
    [InlineData("GET", "/api/items?q=*", null, null)]
    [InlineData("GET", "/api/items?q=title:", null, null)]
    [InlineData("GET", "/api/items?q=NEAR(a%20b)", null, null)]
    [InlineData("GET", "/api/items?q=a%20AND%20AND%20b", null, null)]
    [InlineData("GET", "/api/items?source=99999999999999999999", null, null)]
    [InlineData("GET", "/api/items?since=0001-01-01&until=9999-12-31", null, null)]
    [InlineData("GET", "/api/items/99999999999999999999", null, null)]
    [InlineData("GET", "/feeds/all.rss?limit=-1", null, null)]
    [InlineData("GET", "/feeds/nope.rss", null, null)]
    [InlineData("GET", "/feeds/all.pdf", null, null)]
    public async Task NoMalformedRequestGetsA500(string method, string url, string? contentType, string? body)
    {
        using var client = _app.CreateAdminClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType!);
        }

        var response = await client.SendAsync(request);

        Assert.True((int)response.StatusCode < 500, $"{method} {url} gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (!response.IsSuccessStatusCode)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
