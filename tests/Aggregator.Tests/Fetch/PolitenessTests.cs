using System.Collections.Concurrent;
using System.Diagnostics;
using Aggregator.Fetch;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Fetch;

public sealed class PolitenessTests
{
    [Fact]
    public async Task ARetryAfterInSecondsPausesEverySourceOfThatHost()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/a.xml", Hostile.Status(429, c => c.Response.Headers.RetryAfter = "120")).Handle("/b.xml", Hostile.Feed());
        using var rig = new FetchRig();

        var limited = Assert.IsType<FetchResult.Failed>(await rig.FetchAsync(site.Url("/a.xml")));
        var other = Assert.IsType<FetchResult.Deferred>(await rig.FetchAsync(site.Url("/b.xml")));

        Assert.Equal(TimeSpan.FromSeconds(120), limited.RetryAfter);
        Assert.Equal(429, limited.StatusCode);
        Assert.InRange(other.Until - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(121));
        Assert.Equal(0, site.Hits("/b.xml"));
    }

    [Fact]
    public async Task ARetryAfterAsAnHttpDateIsHonoured()
    {
        var until = DateTimeOffset.UtcNow.AddHours(1);
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/a.xml", Hostile.Status(503, c => c.Response.Headers.RetryAfter = until.ToString("R")));
        using var rig = new FetchRig();

        var failed = Assert.IsType<FetchResult.Failed>(await rig.FetchAsync(site.Url("/a.xml")));

        Assert.InRange(failed.RetryAfter!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task AnAbsurdRetryAfterIsClampedToTheLimit()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/a.xml", Hostile.Status(429, c => c.Response.Headers.RetryAfter = "999999999"));
        using var rig = new FetchRig(new Dictionary<string, string?> { ["Aggregator:MaxRetryAfterMinutes"] = "90" });

        var failed = Assert.IsType<FetchResult.Failed>(await rig.FetchAsync(site.Url("/a.xml")));

        Assert.Equal(TimeSpan.FromMinutes(90), failed.RetryAfter);
    }

    [Fact]
    public async Task A503WithoutRetryAfterDoesNotPauseTheHost()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/a.xml", Hostile.Status(503)).Handle("/b.xml", Hostile.Feed());
        using var rig = new FetchRig();

        Assert.IsType<FetchResult.Failed>(await rig.FetchAsync(site.Url("/a.xml")));
        Assert.IsType<FetchResult.Fetched>(await rig.FetchAsync(site.Url("/b.xml")));
    }

    [Fact]
    public async Task RequestsToOneHostStartAtLeastTheSpacingApart()
    {
        var starts = new ConcurrentQueue<long>();
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/feed.xml", c => { starts.Enqueue(Stopwatch.GetTimestamp()); return Hostile.Feed()(c); });
        using var rig = new FetchRig(new Dictionary<string, string?> { ["Aggregator:HostSpacingMilliseconds"] = "300", ["Aggregator:MaxRequestsPerHost"] = "4" });
        // Warm both ends first: on a loaded machine a first request can stall (JIT, a new connection) long
        // enough for the spaced requests behind it to pile up and reach the handler together.
        await rig.FetchAsync(site.Url("/warm-up"));

        var issued = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => rig.FetchAsync(site.Url("/feed.xml"))));

        // Measured from the moment all four were asked for to the last arrival: a stall anywhere can only
        // make that longer, while arrival-to-arrival gaps shrink when a slow first connection lets the
        // spaced requests behind it catch up (seen under load).
        var times = starts.Order().ToArray();
        Assert.Equal(4, times.Length);
        var span = Stopwatch.GetElapsedTime(issued, times[^1]);
        Assert.True(span >= TimeSpan.FromMilliseconds(900), $"four requests within {span.TotalMilliseconds:0} ms of being asked for");
    }

    [Fact]
    public async Task NoMoreThanTheLimitOfRequestsToOneHostAreInFlight()
    {
        int inFlight = 0, most = 0;
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/slow.xml", async c =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await Task.Delay(200);
            Interlocked.Decrement(ref inFlight);
            await Hostile.Feed()(c);
        });
        using var rig = new FetchRig(new Dictionary<string, string?> { ["Aggregator:MaxRequestsPerHost"] = "2" });

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => rig.FetchAsync(site.Url("/slow.xml"))));

        Assert.All(results, r => Assert.IsType<FetchResult.Fetched>(r));
        Assert.Equal(2, most);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
