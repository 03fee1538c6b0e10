using System.Security.Cryptography;
using System.Text;
using Aggregator.Store;

namespace Aggregator.Publish;

/// <summary>A merged feed ready to be written in any format: the same items in the same order for all three.</summary>
internal sealed record FeedDocument(string Title, string Description, Uri SelfUrl, Uri HomeUrl, DateTimeOffset Updated, IReadOnlyList<Item> Items)
{
    /// <summary>The feed's permanent id: the same for a channel whatever the format or query.</summary>
    public string Id => StableId($"channel\n{HomeUrl.GetLeftPart(UriPartial.Path)}\n{Title}");

    /// <summary>
    /// An item's permanent id, derived from its source's address and its key in that source, so
    /// it survives restarts and even a rebuilt database.
    /// </summary>
    public static string IdOf(Item item) => StableId($"item\n{item.SourceUrl}\n{item.Key}");

    /// <summary>The last time any item changed: published, updated or fetched.</summary>
    public static DateTimeOffset UpdatedOf(Item item) => item.Updated ?? item.Published ?? item.FetchedAt;

    private static string StableId(string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return $"urn:uuid:{new Guid(hash.AsSpan(0, 16), bigEndian: true)}";
    }
}
