using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Aggregator.Tests.Support;

/// <summary>
/// The real service (host, SQLite file, Quartz) in a temporary folder. Dispose and start another
/// on the same <see cref="Folder"/> to restart it.
/// </summary>
public sealed class AggregatorApp : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key";

    private readonly Dictionary<string, string?> _settings;

    public AggregatorApp(TempFolder folder, IDictionary<string, string?>? settings = null)
    {
        Folder = folder;
        var sourcesFile = Path.Combine(folder.Path, "sources.json");
        if (!File.Exists(sourcesFile))
        {
            File.WriteAllText(sourcesFile, """{ "sources": [] }""");
        }

        _settings = new()
        {
            ["Aggregator:Database"] = Path.Combine(folder.Path, "aggregator.db"),
            ["Aggregator:SourcesFile"] = sourcesFile,
            ["Aggregator:AdminApiKey"] = AdminKey,
            ["Aggregator:AllowPrivateNetworks"] = "true",
            ["Aggregator:FetchTimeoutSeconds"] = "10",
            // Every fixture is one host (127.0.0.1:port); politeness spacing would only slow tests down.
            ["Aggregator:HostSpacingMilliseconds"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public TempFolder Folder { get; }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Testing");
    }

    /// <summary>A client that sends the admin key.</summary>
    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }

    /// <summary>Adds a source through the API and returns it.</summary>
    public async Task<JsonElement> AddSourceAsync(Uri url)
    {
        using var admin = CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/api/sources", new { url = url.AbsoluteUri });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Asks for a refresh and waits until the source records a fetch newer than before.</summary>
    public async Task<JsonElement> RefreshAndWaitAsync(long sourceId)
    {
        using var client = CreateAdminClient();
        var before = await GetSourceAsync(client, sourceId);
        var previous = before.GetProperty("lastFetchedAt").ValueKind == JsonValueKind.Null ? null : before.GetProperty("lastFetchedAt").GetString();
        var response = await client.PostAsync($"/api/sources/{sourceId}/refresh", null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return await WaitForSourceAsync(sourceId, s =>
            s.GetProperty("lastFetchedAt").ValueKind != JsonValueKind.Null && s.GetProperty("lastFetchedAt").GetString() != previous);
    }

    public async Task<JsonElement> WaitForSourceAsync(long sourceId, Func<JsonElement, bool> condition)
    {
        using var client = CreateClient();
        JsonElement source = default;
        await Poll.UntilAsync(async () => condition(source = await GetSourceAsync(client, sourceId)), $"source {sourceId} to reach the expected state");
        return source;
    }

    private static async Task<JsonElement> GetSourceAsync(HttpClient client, long id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/sources/{id}");
}

/// <summary>Waits for a condition with a deadline instead of sleeping a guessed time.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeoutSeconds} s waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }
}

/// <summary>A folder under the temp directory, deleted at dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("aggregator-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a pooled connection; the OS temp cleaner gets it.
        }
    }
}
