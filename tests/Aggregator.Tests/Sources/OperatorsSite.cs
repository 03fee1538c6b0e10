using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Aggregator.Tests.Sources;

/// <summary>
/// Two sources on loopback for the operators' page: a healthy feed, and one that answers 500 with
/// markup in its reason phrase and carries markup in its title. Both fetched before a test reads.
/// </summary>
public static class OperatorsSite
{
    public const string HealthyTitle = "Alpha Wire";

    public const string FailingTitle = "Mid <script>document.title='owned'</script><img src=x onerror=alert(1)>";

    public const string ReasonPhrase = "<img src=x onerror=alert(2)> Broken";

    /// <summary>Serves <c>/good.xml</c> and <c>/broken.xml</c>, two items from the last hours each.</summary>
    public static FixtureServer Serve(FixtureServer site)
    {
        var now = DateTimeOffset.UtcNow;
        var feed = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>{HealthyTitle}</title><link>https://alpha.example/</link>
            <item><guid>a1</guid><title>One</title><link>https://alpha.example/1</link><pubDate>{Rfc1123(now.AddHours(-1))}</pubDate><description>Hello</description></item>
            <item><guid>a2</guid><title>Two</title><link>https://alpha.example/2</link><pubDate>{Rfc1123(now.AddHours(-2))}</pubDate><description>Hello</description></item>
            </channel></rss>
            """;
        // Subscribing checks the address, so the broken source starts as a feed and breaks after.
        return site.ServeText("/good.xml", feed, "application/rss+xml").ServeText("/broken.xml", feed, "application/rss+xml");
    }

    /// <summary>Adds both sources, waits for their first fetch, then breaks <c>/broken.xml</c> (500) for <paramref name="failures"/> fetches.</summary>
    public static async Task<(long Healthy, long Failing)> AddAsync(AggregatorApp app, FixtureServer site, int failures)
    {
        var healthy = (await app.AddSourceAsync(site.Url("/good.xml"))).GetProperty("id").GetInt64();
        using var admin = app.CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/api/sources", new { url = site.Url("/broken.xml").AbsoluteUri, title = FailingTitle });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var failing = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await app.WaitForSourceAsync(healthy, s => s.GetProperty("lastStatus").GetString() == "ok");
        await app.WaitForSourceAsync(failing, s => s.GetProperty("lastStatus").GetString() == "ok");
        site.Handle("/broken.xml", context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = ReasonPhrase;
            return Task.CompletedTask;
        });
        for (var i = 0; i < failures; i++)
        {
            await app.RefreshAndWaitAsync(failing);
        }

        return (healthy, failing);
    }

    private static string Rfc1123(DateTimeOffset at) => at.ToString("R", CultureInfo.InvariantCulture);
}
