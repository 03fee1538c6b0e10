using Aggregator.Tests.Fetch;
using Aggregator.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.Schedule;

public sealed class LogScopeTests
{
    [Fact]
    public async Task EveryLineLoggedDuringARefreshNamesTheSourceIdAndUrl()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/feed.xml", Hostile.Feed());
        using var folder = new TempFolder();
        using var capture = new LogCapture();
        await using var app = new AggregatorApp(folder);
        await using var host = app.WithWebHostBuilder(builder => builder.ConfigureLogging(logging =>
            logging.AddProvider(capture).AddFilter<LogCapture>(null, LogLevel.Debug)));
        _ = host.Services.GetRequiredService<TimeProvider>(); // starts the host that logs into the capture
        var url = site.Url("/feed.xml").AbsoluteUri;
        using var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", AggregatorApp.AdminKey);
        var added = await admin.PostAsync("/api/sources", new StringContent($$"""{"url": "{{url}}"}""", System.Text.Encoding.UTF8, "application/json"));
        var id = System.Text.Json.JsonDocument.Parse(await added.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        await Poll.UntilAsync(() => Task.FromResult(capture.Lines.Any(l => l.Category.EndsWith("SourceRefresher", StringComparison.Ordinal))), "the first refresh to log");
        var before = capture.Lines.Count;
        site.Handle("/feed.xml", Hostile.Feed(Hostile.Rss.Replace("Hello", "Hello again", StringComparison.Ordinal)));

        await admin.PostAsync($"/api/sources/{id}/refresh", null);
        await Poll.UntilAsync(() => Task.FromResult(capture.Lines.Skip(before).Any(l => l.Message.Contains("1 updated", StringComparison.Ordinal))), "the refresh to store the change");

        var refreshLines = capture.Lines.Skip(before)
            .Where(l => l.Category.StartsWith("Aggregator.", StringComparison.Ordinal) || l.Category.StartsWith("System.Net.Http.HttpClient.", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(refreshLines, l => l.Category.StartsWith("System.Net.Http.HttpClient.", StringComparison.Ordinal));
        Assert.Contains(refreshLines, l => l.Category == "Aggregator.Schedule.SourceRefresher");
        Assert.All(refreshLines, l =>
        {
            Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), l.Scope.GetValueOrDefault("SourceId"));
            Assert.Equal(url, l.Scope.GetValueOrDefault("SourceUrl"));
        });
    }
}
