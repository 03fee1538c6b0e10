using Aggregator.Publish;
using Aggregator.Store;

namespace Aggregator.Tests.Publish;

/// <summary>
/// Entry ids are name-based UUIDs of the source's address and the item's key: readers remember them,
/// so the same item must get the same id in every version of the service, byte for byte.
/// </summary>
public sealed class StableIdTests
{
    [Fact]
    public void AnItemsIdIsTheSameInEveryVersion()
    {
        var now = DateTimeOffset.UtcNow;
        var item = new Item(1, 1, "S", "https://ids.example/feed", "key-1", null, null, "T", null, now, null, now, now, null, null, null, [], []);

        // SHA-256 of "item\nhttps://ids.example/feed\nkey-1", version 5 and variant bits set (computed outside .NET).
        Assert.Equal("urn:uuid:93767dee-6f5e-5caf-b48a-418096a34c0b", FeedDocument.IdOf(item));
    }

    [Fact]
    public void ALongAddressOrKeyGetsAnIdToo()
    {
        var now = DateTimeOffset.UtcNow;
        var item = new Item(1, 1, "S", "https://ids.example/" + new string('é', 3000), new string('k', 2000), null, null, "T", null, now, null, now, now, null, null, null, [], []);

        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", FeedDocument.IdOf(item));
    }
}
