using Aggregator.Tests.Fetch;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Schedule;

public sealed class RedirectAdoptionTests
{
    [Fact]
    public async Task AnApiSourceAdoptsAPermanentRedirectOnceItHasProvenStable()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/old.xml", Hostile.Feed());
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, new Dictionary<string, string?> { ["Aggregator:RedirectStableFetches"] = "2" });
        var id = (await app.AddSourceAsync(site.Url("/old.xml"))).GetProperty("id").GetInt64();
        await app.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").GetString() == "ok");
        site.Handle("/old.xml", Hostile.Redirect(301, "/new.xml")).Handle("/new.xml", Hostile.Feed());

        var once = await app.RefreshAndWaitAsync(id);
        var twice = await app.RefreshAndWaitAsync(id);
        var after = await app.RefreshAndWaitAsync(id);

        Assert.Equal(site.Url("/old.xml").AbsoluteUri, once.GetProperty("url").GetString());
        Assert.Equal(site.Url("/new.xml").AbsoluteUri, once.GetProperty("movedTo").GetString());
        Assert.Equal(site.Url("/new.xml").AbsoluteUri, twice.GetProperty("url").GetString());
        Assert.Equal("healthy", after.GetProperty("health").GetString());
        Assert.Equal(4, site.Hits("/old.xml")); // subscribe, first fetch, two redirected fetches; then only /new.xml
    }

    [Fact]
    public async Task ATemporaryRedirectNeverChangesTheSource()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/feed.xml", Hostile.Redirect(302, "/today.xml")).Handle("/today.xml", Hostile.Feed());
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, new Dictionary<string, string?> { ["Aggregator:RedirectStableFetches"] = "1" });
        var id = (await app.AddSourceAsync(site.Url("/feed.xml"))).GetProperty("id").GetInt64();
        await app.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").GetString() == "ok");

        var again = await app.RefreshAndWaitAsync(id);

        Assert.Equal(site.Url("/feed.xml").AbsoluteUri, again.GetProperty("url").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, again.GetProperty("movedTo").ValueKind);
    }
}
