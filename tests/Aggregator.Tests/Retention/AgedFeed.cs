using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Retention;

/// <summary>RSS whose entries are a given number of days old, and helpers to read what the service kept of them.</summary>
internal static class AgedFeed
{
    /// <summary>An RSS document with one entry per name: title <c>Item {name}</c>, text holding the word <c>word{name}</c>.</summary>
    public static string Rss(params (string Name, double DaysAgo)[] entries)
    {
        var items = new StringBuilder();
        foreach (var (name, daysAgo) in entries)
        {
            var published = DateTimeOffset.UtcNow.AddDays(-daysAgo).ToString("r", CultureInfo.InvariantCulture);
            items.Append(CultureInfo.InvariantCulture, $"""
                <item><guid isPermaLink="false">entry-{name}</guid><title>Item {name}</title><link>https://example.com/{name}</link>
                <pubDate>{published}</pubDate><description>The text of entry {name}, with the word word{name}.</description></item>
                """);
        }

        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Aged</title><link>https://example.com/</link>{items}</channel></rss>
            """;
    }

    /// <summary>Settings every retention test starts from: no article pages, retention only when asked.</summary>
    public static Dictionary<string, string?> Settings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Aggregator:FetchFullArticles"] = "false",
            ["Aggregator:RetentionStartDelaySeconds"] = "86400",
        };
        foreach (var (key, value) in more)
        {
            settings[$"Aggregator:{key}"] = value;
        }

        return settings;
    }

    /// <summary>Adds a source through the API with extra fields, and waits for its first good fetch.</summary>
    public static async Task<long> AddAndFetchAsync(AggregatorApp app, Uri url, object? extra = null)
    {
        using var admin = app.CreateAdminClient();
        var body = JsonSerializer.SerializeToElement(extra ?? new { }).EnumerateObject()
            .ToDictionary(p => p.Name, p => (object?)p.Value);
        body["url"] = url.AbsoluteUri;
        body["fullPage"] = "never";
        var response = await admin.PostAsJsonAsync("/api/sources", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await app.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").GetString() == "ok");
        return id;
    }

    /// <summary>The source's items as name → id (the name is the title without "Item ").</summary>
    public static async Task<Dictionary<string, long>> ItemsAsync(AggregatorApp app, long sourceId, string query = "")
    {
        using var client = app.CreateClient();
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/items?source={sourceId}&limit=500{query}");
        return page.GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("title").GetString()!["Item ".Length..], i => i.GetProperty("id").GetInt64());
    }

    public static async Task<JsonElement> RunAsync(AggregatorApp app)
    {
        using var admin = app.CreateAdminClient();
        var response = await admin.PostAsync("/api/retention/run", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
