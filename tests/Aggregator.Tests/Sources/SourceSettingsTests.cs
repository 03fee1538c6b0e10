using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Sources;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Sources;

/// <summary>Category, tags, interval bounds and keep/block rules in the sources file: validated, loaded, reloaded.</summary>
public sealed class SourceSettingsFileTests
{
    [Theory]
    [InlineData("""{ "sources": [ { "url": "https://a.example/feed", "filters": [ { "action": "block", "words": ["x"], "colour": "red" } ] } ] }""", "colour")]
    [InlineData("{ \"sources\": [\n { \"url\": \"https://a.example/feed\",\n  \"filters\": [\n  { \"action\": \"keep\", \"regex\": \"(unclosed\" } ] } ] }", "line 4: sources[0].filters[0].regex")]
    [InlineData("""{ "sources": [ { "url": "https://a.example/feed", "filters": [ { "action": "drop", "words": ["x"] } ] } ] }""", "sources[0].filters[0].action: 'drop' is not keep or block")]
    [InlineData("""{ "sources": [ { "url": "https://a.example/feed", "filters": [ { "action": "keep", "field": "body", "words": ["x"] } ] } ] }""", "sources[0].filters[0].field")]
    [InlineData("""{ "sources": [ { "url": "https://a.example/feed", "filters": [ { "action": "keep", "words": ["x"], "regex": "x" } ] } ] }""", "exactly one of words")]
    [InlineData("""{ "sources": [ { "url": "https://a.example/feed", "minIntervalMinutes": 120, "maxIntervalMinutes": 60 } ] }""", "sources[0].minIntervalMinutes: 120 is greater than maxIntervalMinutes 60")]
    [InlineData("""{ "sources": [ { "url": "https://a.example/feed", "maxIntervalMinutes": 0 } ] }""", "sources[0].maxIntervalMinutes: 0 is outside")]
    [InlineData("""{ "sources": [ { "url": "https://a.example/feed", "category": "News//World" } ] }""", "sources[0].category")]
    [InlineData("""{ "sources": [ { "url": "https://a.example/feed", "tags": ["ok", " "] } ] }""", "sources[0].tags[1]")]
    [InlineData("""{ "sources": [ { "url": "https://a.example/feed", "tags": "news" } ] }""", "line 1")]
    public void ABadSettingStopsTheStartWithAMessageNamingFileLineAndField(string json, string mentions)
    {
        using var folder = new TempFolder();
        var path = folder.File("sources.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<SourceConfigException>(() => SourcesFile.Load(path, 60));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(mentions, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SettingsAreReadAndNormalised()
    {
        using var folder = new TempFolder();
        var path = folder.File("sources.json");
        File.WriteAllText(path, """
            { "sources": [ { "url": "https://a.example/feed", "category": " News / World/ ", "tags": ["Asia", "asia", "afghanistan"],
              "minIntervalMinutes": 10, "maxIntervalMinutes": 90,
              "filters": [ { "action": "block", "field": "url", "regex": "/sponsored/" }, { "action": "keep", "words": ["Kabul"] } ] } ] }
            """);

        var settings = Assert.Single(SourcesFile.Load(path, 60)).Settings;

        Assert.Equal("News/World", settings.Category);
        Assert.Equal(["Asia", "afghanistan"], settings.Tags);
        Assert.Equal((10, 90), (settings.MinIntervalMinutes, settings.MaxIntervalMinutes));
        Assert.Equal([Aggregator.Store.FilterAction.Block, Aggregator.Store.FilterAction.Keep], settings.Filters.Select(f => f.Action));
        Assert.Equal(Aggregator.Store.FilterField.Any, settings.Filters[1].Field);
    }

    [Fact]
    public async Task EditingTheFileChangesASourcesCategoryTagsAndRulesWhileTheServiceRuns()
    {
        using var folder = new TempFolder();
        await using var site = (await FixtureServer.StartAsync()).ServeFile("/a.xml", "seed/feed-full.xml", "application/rss+xml");
        var path = folder.File("sources.json");
        await File.WriteAllTextAsync(path, $$"""{ "sources": [ { "url": "{{site.Url("/a.xml")}}", "category": "News" } ] }""");
        await using var app = new AggregatorApp(folder);
        using var client = app.CreateClient();
        Assert.Equal("News", (await client.GetFromJsonAsync<JsonElement>("/api/sources/1")).GetProperty("category").GetString());

        await File.WriteAllTextAsync(path, $$"""
            { "sources": [ { "url": "{{site.Url("/a.xml")}}", "category": "News/Asia", "tags": ["afghanistan"],
              "filters": [ { "action": "block", "field": "title", "words": ["sport"] } ] } ] }
            """);

        JsonElement source = default;
        await Poll.UntilAsync(async () => (source = await client.GetFromJsonAsync<JsonElement>("/api/sources/1")).GetProperty("category").GetString() == "News/Asia",
            "the edited file to be applied");
        Assert.Equal("afghanistan", Assert.Single(source.GetProperty("tags").EnumerateArray()).GetString());
        var rule = Assert.Single(source.GetProperty("filters").EnumerateArray());
        Assert.Equal(("block", "title", "sport"), (rule.GetProperty("action").GetString(), rule.GetProperty("field").GetString(), rule.GetProperty("words")[0].GetString()));
        Assert.Single((await client.GetFromJsonAsync<JsonElement[]>("/api/sources?category=news"))!);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>("/api/sources?category=News/Europe"))!);
        Assert.Single((await client.GetFromJsonAsync<JsonElement[]>("/api/sources?tag=Afghanistan"))!);
    }
}

/// <summary>PATCH /api/sources/{id}, the list's category and tag filters, and the items of sources by category or tag.</summary>
public sealed class SourcePatchTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private FixtureServer _site = null!;
    private AggregatorApp _app = null!;

    public async Task InitializeAsync()
    {
        _site = (await FixtureServer.StartAsync())
            .ServeFile("/feed.xml", "seed/feed-full.xml", "application/rss+xml")
            .ServeFile("/config.xml", "seed/feed-full.xml", "application/rss+xml");
        File.WriteAllText(_folder.File("sources.json"), $$"""{ "sources": [ { "url": "{{_site.Url("/config.xml")}}" } ] }""");
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
    public async Task PatchChangesOnlyTheNamedSettingsAndGetShowsThem()
    {
        using var admin = _app.CreateAdminClient();
        var created = await (await admin.PostAsJsonAsync("/api/sources", new { url = _site.Url("/feed.xml").AbsoluteUri, title = "Seed", category = "World", tags = new[] { "a" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt64();

        var patched = await admin.PatchAsJsonAsync($"/api/sources/{id}", new
        {
            category = "News/World",
            tags = new[] { "asia", "daily" },
            maxIntervalMinutes = 30,
            filters = new[] { new { action = "block", field = "title", regex = "^Ad:" } },
        });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var cleared = await admin.PatchAsync($"/api/sources/{id}", JsonContent.Create(JsonDocument.Parse("""{ "maxIntervalMinutes": null }""").RootElement));
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);

        var source = await admin.GetFromJsonAsync<JsonElement>($"/api/sources/{id}");
        Assert.Equal(("Seed", "News/World", JsonValueKind.Null), (source.GetProperty("title").GetString(), source.GetProperty("category").GetString(), source.GetProperty("maxIntervalMinutes").ValueKind));
        Assert.Equal(["asia", "daily"], source.GetProperty("tags").EnumerateArray().Select(t => t.GetString() ?? ""));
        Assert.Equal("^Ad:", source.GetProperty("filters")[0].GetProperty("regex").GetString());
        Assert.Equal(id, Assert.Single((await admin.GetFromJsonAsync<JsonElement[]>("/api/sources?category=News&tag=daily"))!).GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData("""{ "filters": [ { "action": "keep", "regex": "[a-" } ] }""", "filters[0].regex")]
    [InlineData("""{ "minIntervalMinutes": 100, "maxIntervalMinutes": 50 }""", "minIntervalMinutes")]
    [InlineData("""{ "colour": "red" }""", "colour")]
    [InlineData("""{ "Category": "News" }""", "Category")]
    [InlineData("""{ "enabled": null }""", "enabled")]
    [InlineData("""[ 1 ]""", "JSON object")]
    public async Task ABadPatchIsA400NamingTheField(string body, string mentions)
    {
        var id = (await _app.AddSourceAsync(_site.Url("/feed.xml"))).GetProperty("id").GetInt64();
        using var admin = _app.CreateAdminClient();

        var response = await admin.PatchAsync($"/api/sources/{id}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(mentions, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConfigSourceIsChangedInItsFileSoPatchingItIsAConflictNamingTheFile()
    {
        using var admin = _app.CreateAdminClient();
        var config = Assert.Single((await admin.GetFromJsonAsync<JsonElement[]>("/api/sources"))!);

        var response = await admin.PatchAsJsonAsync($"/api/sources/{config.GetProperty("id").GetInt64()}", new { category = "News" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(_folder.File("sources.json"), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PatchAsJsonAsync("/api/sources/999", new { category = "News" })).StatusCode);
        using var anonymous = _app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PatchAsJsonAsync("/api/sources/1", new { category = "News" })).StatusCode);
    }

    [Fact]
    public async Task APostWithABadRegexIsA400NamingTheRule()
    {
        using var admin = _app.CreateAdminClient();

        var response = await admin.PostAsJsonAsync("/api/sources", new
        {
            url = _site.Url("/feed.xml").AbsoluteUri,
            filters = new object[] { new { action = "keep", words = new[] { "x" } }, new { action = "block", regex = "(?<" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("filters[1].regex", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemsCanBeListedBySourceCategoryAndTag()
    {
        using var admin = _app.CreateAdminClient();
        var id = (await _app.AddSourceAsync(_site.Url("/feed.xml"))).GetProperty("id").GetInt64();
        await admin.PatchAsJsonAsync($"/api/sources/{id}", new { category = "News/World", tags = new[] { "Asia" } });
        await _app.WaitForSourceAsync(id, s => s.GetProperty("itemCount").GetInt64() > 0);
        await _app.WaitForSourceAsync(1, s => s.GetProperty("itemCount").GetInt64() > 0);

        async Task<long[]> SourcesOf(string query) =>
            [.. (await admin.GetFromJsonAsync<JsonElement>($"/api/items?{query}")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sourceId").GetInt64()).Distinct()];

        Assert.Equal([id], await SourcesOf("sourceCategory=news"));
        Assert.Equal([id], await SourcesOf("sourceCategory=News/World&sourceTag=asia"));
        Assert.Empty(await SourcesOf("sourceCategory=New"));
        Assert.Empty(await SourcesOf("sourceTag=europe"));
        Assert.Equal(2, (await SourcesOf("")).Length);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/items?sourceCategory=a//b")).StatusCode);
    }
}
