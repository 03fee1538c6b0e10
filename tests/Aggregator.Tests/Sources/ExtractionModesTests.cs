using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Sources;

/// <summary>
/// Per-source full-page modes and reprocessing, through the real host against feeds and pages
/// served on loopback.
/// </summary>
public sealed class ExtractionModesTests : IAsyncLifetime
{
    private const string FeedText = "First paragraph of the feed's own article text, long enough to be kept by the cleaner as it is.";
    private const string PageText = "The page's version of the article, which the feed never carries, long enough to count as text.";

    private readonly TempFolder _folder = new();
    private FixtureServer _site = null!;

    public async Task InitializeAsync()
    {
        _site = await FixtureServer.StartAsync();
        var page = $"<html><body><article><h1>One</h1><p>{PageText}</p><p>{PageText} Again.</p></article></body></html>";
        _site.ServeText("/full.xml", Feed(content: $"<p>{FeedText}</p><p class=\"house-note\">House note that an operator wants gone.</p>"), "application/rss+xml")
            .ServeText("/teaser.xml", Feed(content: null), "application/rss+xml")
            .ServeText("/one", page, "text/html; charset=utf-8");
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task AlwaysReadsThePageEvenWhenTheFeedCarriesTheArticle()
    {
        await using var app = new AggregatorApp(_folder);
        var id = await AddAsync(app, "/full.xml", "always");

        var item = await SingleItemAsync(app, id);

        Assert.Contains(PageText, item.GetProperty("contentText").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, _site.Hits("/one"));
    }

    [Fact]
    public async Task NeverKeepsTheFeedsTeaserAndFetchesNoPage()
    {
        await using var app = new AggregatorApp(_folder);
        var id = await AddAsync(app, "/teaser.xml", "never");

        var item = await SingleItemAsync(app, id);

        Assert.Equal("A short teaser […]", item.GetProperty("contentText").GetString());
        Assert.Equal(0, _site.Hits("/one"));
    }

    [Fact]
    public async Task AutoFetchesThePageOnlyForATeaser()
    {
        await using var app = new AggregatorApp(_folder);
        var full = await AddAsync(app, "/full.xml", null);
        var teaser = await AddAsync(app, "/teaser.xml", null);

        Assert.Contains(FeedText, (await SingleItemAsync(app, full)).GetProperty("contentText").GetString(), StringComparison.Ordinal);
        Assert.Contains(PageText, (await SingleItemAsync(app, teaser)).GetProperty("contentText").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, _site.Hits("/one"));
    }

    [Fact]
    public async Task AnUnknownModeIsABadRequest()
    {
        await using var app = new AggregatorApp(_folder);
        using var admin = app.CreateAdminClient();

        var response = await admin.PostAsJsonAsync("/api/sources", new { url = _site.Url("/full.xml").AbsoluteUri, fullPage = "sometimes" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("fullPage", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReprocessAppliesRulesWrittenAfterTheItemsWereStored()
    {
        long id;
        await using (var before = new AggregatorApp(_folder))
        {
            id = await AddAsync(before, "/full.xml", null);
            Assert.Contains("House note", (await SingleItemAsync(before, id)).GetProperty("contentText").GetString(), StringComparison.Ordinal);
        }

        await using var app = new AggregatorApp(_folder, new Dictionary<string, string?> { ["Aggregator:RulesFile"] = WriteRules() });
        using var anonymous = app.CreateClient();
        using var admin = app.CreateAdminClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/sources/{id}/reprocess", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/sources/999/reprocess", null)).StatusCode);

        var first = await (await admin.PostAsync($"/api/sources/{id}/reprocess", null)).Content.ReadFromJsonAsync<JsonElement>();
        var again = await (await admin.PostAsync($"/api/sources/{id}/reprocess", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((1, 1), (first.GetProperty("items").GetInt32(), first.GetProperty("changed").GetInt32()));
        Assert.Equal(0, again.GetProperty("changed").GetInt32());
        var item = await SingleItemAsync(app, id);
        Assert.DoesNotContain("House note", item.GetProperty("contentText").GetString(), StringComparison.Ordinal);
        Assert.Contains(FeedText, item.GetProperty("contentText").GetString(), StringComparison.Ordinal);
        var found = await anonymous.GetFromJsonAsync<JsonElement>("/api/items?q=house");
        Assert.Equal(0, found.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task TheReprocessCommandWorksOnTheServicesDatabase()
    {
        long id;
        await using (var before = new AggregatorApp(_folder))
        {
            id = await AddAsync(before, "/full.xml", null);
            await SingleItemAsync(before, id);
        }

        var run = await AggregatorProcess.RunAsync(_folder.Path, "reprocess", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"--Aggregator:Database={_folder.File("aggregator.db")}", $"--Aggregator:RulesFile={WriteRules()}");
        var missing = await AggregatorProcess.RunAsync(_folder.Path, "reprocess", "999", $"--Aggregator:Database={_folder.File("aggregator.db")}");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(1, JsonDocument.Parse(run.Stdout).RootElement.GetProperty("changed").GetInt32());
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no source 999", missing.Stderr, StringComparison.Ordinal);
    }

    private string WriteRules()
    {
        var path = _folder.File("rules.json");
        File.WriteAllText(path, """{ "rules": [ { "host": "127.0.0.1", "remove": [".house-note"] } ] }""");
        return path;
    }

    private string Feed(string? content) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
        <title>Modes</title><link>{_site.Origin}/</link><description>d</description>
        <item><title>One</title><link>{_site.Origin}/one</link><guid>{_site.Origin}/one</guid>
        <description>A short teaser […]</description>
        {(content is null ? string.Empty : $"<content:encoded><![CDATA[{content}]]></content:encoded>")}
        </item></channel></rss>
        """;

    private async Task<long> AddAsync(AggregatorApp app, string path, string? fullPage)
    {
        using var admin = app.CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/api/sources", new { url = _site.Url(path).AbsoluteUri, fullPage });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var source = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(fullPage ?? "auto", source.GetProperty("fullPage").GetString());
        return source.GetProperty("id").GetInt64();
    }

    private static async Task<JsonElement> SingleItemAsync(AggregatorApp app, long sourceId)
    {
        await app.WaitForSourceAsync(sourceId, s => s.GetProperty("lastStatus").ValueKind != JsonValueKind.Null);
        using var client = app.CreateClient();
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/items?source={sourceId}");
        return Assert.Single(page.GetProperty("items").EnumerateArray().ToList());
    }
}
