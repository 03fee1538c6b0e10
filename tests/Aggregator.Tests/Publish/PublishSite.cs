using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Publish;

/// <summary>
/// Three sources on loopback that carry overlapping stories (tracking-parameter, fragment, AMP and
/// near-text variants), an XSS-laden item, and a channels file; the real host fetches them all.
/// Shared by the publishing tests, which only read.
/// </summary>
public sealed class PublishSite : IAsyncLifetime
{
    public const string Story = "https://news.example/world/story-1";

    private readonly TempFolder _folder = new();

    public FixtureServer Feeds { get; private set; } = null!;

    public AggregatorApp App { get; private set; } = null!;

    public long Alpha { get; private set; }

    public long Beta { get; private set; }

    public long Gamma { get; private set; }

    public async Task InitializeAsync()
    {
        Feeds = (await FixtureServer.StartAsync())
            .ServeFile("/alpha.xml", "publish/alpha.xml", "application/rss+xml; charset=utf-8")
            .ServeFile("/beta.xml", "publish/beta.xml", "application/rss+xml; charset=utf-8")
            .ServeFile("/gamma.xml", "publish/gamma.xml", "application/rss+xml; charset=utf-8");
        var channels = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "publish", "channels.json"))
            .Replace("{{base}}", Feeds.Origin, StringComparison.Ordinal);
        File.WriteAllText(_folder.File("channels.json"), channels);
        App = new AggregatorApp(_folder, new Dictionary<string, string?>
        {
            ["Aggregator:ChannelsFile"] = _folder.File("channels.json"),
            ["Aggregator:FetchFullArticles"] = "false",
        });
        Alpha = await AddAndWaitAsync("/alpha.xml");
        Beta = await AddAndWaitAsync("/beta.xml");
        Gamma = await AddAndWaitAsync("/gamma.xml");
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Feeds.DisposeAsync();
        _folder.Dispose();
    }

    public async Task<byte[]> GetBytesAsync(string path)
    {
        using var client = App.CreateClient();
        var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    public async Task<JsonElement> GetJsonAsync(string path) => JsonDocument.Parse(await GetBytesAsync(path)).RootElement;

    private async Task<long> AddAndWaitAsync(string path)
    {
        var id = (await App.AddSourceAsync(Feeds.Url(path))).GetProperty("id").GetInt64();
        await App.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").GetString() == "ok");
        return id;
    }
}

[CollectionDefinition(Name)]
public sealed class PublishSiteGroup : ICollectionFixture<PublishSite>
{
    public const string Name = "publish";
}
