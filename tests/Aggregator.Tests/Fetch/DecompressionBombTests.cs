using Aggregator.Fetch;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Fetch;

/// <summary>Counts the process's allocations, so nothing else may run meanwhile.</summary>
[CollectionDefinition(nameof(AllocationCounting), DisableParallelization = true)]
public sealed class AllocationCounting;

[Collection(nameof(AllocationCounting))]
public sealed class DecompressionBombTests
{
    [Fact]
    public async Task ADecompressionBombEndsInAnErrorWithBoundedMemory()
    {
        const int BombMegabytes = 256;
        var bomb = Hostile.GzipBomb(BombMegabytes);
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/bomb.xml", Hostile.Encoded(bomb, "gzip"));
        using var rig = new FetchRig(new Dictionary<string, string?> { ["Aggregator:MaxBodyBytes"] = (1024 * 1024).ToString() });
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var result = Assert.IsType<FetchResult.Failed>(await rig.FetchAsync(site.Url("/bomb.xml")));

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Contains("larger than the limit of 1048576 bytes", result.Reason, StringComparison.Ordinal);
        Assert.True(bomb.Length < 1024 * 1024, $"the bomb is {bomb.Length} bytes on the wire");
        // Reading the bomb whole would allocate 256 MB at least; the limit keeps us near 1 MB, plus the fixture server and client buffers.
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated / (1024 * 1024)} MB");
    }
}
