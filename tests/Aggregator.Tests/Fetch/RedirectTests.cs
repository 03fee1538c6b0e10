using Aggregator.Fetch;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Fetch;

public sealed class RedirectTests
{
    [Theory]
    [InlineData(301)]
    [InlineData(308)]
    public async Task APermanentRedirectIsFollowedAndRecordedAsAMove(int status)
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/old.xml", Hostile.Redirect(status, "/new.xml")).Handle("/new.xml", Hostile.Feed());
        using var rig = new FetchRig();

        var fetched = Assert.IsType<FetchResult.Fetched>(await rig.FetchAsync(site.Url("/old.xml")));

        Assert.Equal(site.Url("/new.xml"), fetched.FinalUrl);
        Assert.Equal(site.Url("/new.xml"), fetched.Trace.MovedTo);
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task ATemporaryRedirectIsFollowedWithoutRecordingAMove(int status)
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/feed.xml", Hostile.Redirect(status, site.Url("/today.xml").AbsoluteUri)).Handle("/today.xml", Hostile.Feed());
        using var rig = new FetchRig();

        var fetched = Assert.IsType<FetchResult.Fetched>(await rig.FetchAsync(site.Url("/feed.xml")));

        Assert.Equal(site.Url("/today.xml"), fetched.FinalUrl);
        Assert.Null(fetched.Trace.MovedTo);
    }

    [Fact]
    public async Task APermanentMoveAfterATemporaryOneIsNotAMoveOfTheSource()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/a.xml", Hostile.Redirect(302, "/b.xml")).Handle("/b.xml", Hostile.Redirect(301, "/c.xml")).Handle("/c.xml", Hostile.Feed());
        using var rig = new FetchRig();

        var fetched = Assert.IsType<FetchResult.Fetched>(await rig.FetchAsync(site.Url("/a.xml")));

        Assert.Null(fetched.Trace.MovedTo);
    }

    [Fact]
    public async Task ARedirectLoopEndsInAnError()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/a.xml", Hostile.Redirect(301, "/b.xml")).Handle("/b.xml", Hostile.Redirect(302, "/a.xml"));
        using var rig = new FetchRig();

        var failed = Assert.IsType<FetchResult.Failed>(await rig.FetchAsync(site.Url("/a.xml")));

        Assert.StartsWith("redirect loop", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(1, site.Hits("/a.xml"));
    }

    [Fact]
    public async Task MoreRedirectsThanTheLimitEndInAnError()
    {
        await using var site = await FixtureServer.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            site.Handle($"/{i}.xml", Hostile.Redirect(302, $"/{i + 1}.xml"));
        }

        site.Handle("/5.xml", Hostile.Feed());
        using var rig = new FetchRig(new Dictionary<string, string?> { ["Aggregator:MaxRedirects"] = "3" });

        var failed = Assert.IsType<FetchResult.Failed>(await rig.FetchAsync(site.Url("/0.xml")));

        Assert.Equal("more than 3 redirects", failed.Reason);
        Assert.Equal(0, site.Hits("/4.xml"));
    }
}
