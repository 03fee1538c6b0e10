using System.Security.Cryptography;
using System.Text;
using Aggregator.Store;

namespace Aggregator.Publish;

/// <summary>A merged feed ready to be written in any format: the same items in the same order for all three.</summary>
internal sealed record FeedDocument(string Title, string Description, Uri SelfUrl, Uri HomeUrl, DateTimeOffset Updated, IReadOnlyList<Item> Items)
{
    /// <summary>The next (older) page, for RFC 5005 paging; null on the last page.</summary>
    public Uri? NextUrl { get; init; }

    /// <summary>The WebSub hub the channel advertises, if one is configured.</summary>
    public Uri? HubUrl { get; init; }

    /// <summary>Per item id, every copy of its story, earliest first (the item itself included).</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<StoryCopy>> Copies { get; init; } = new Dictionary<long, IReadOnlyList<StoryCopy>>();

    /// <summary>The other sources that carried an item's story, earliest first.</summary>
    public IEnumerable<StoryCopy> OtherCopiesOf(Item item) =>
        Copies.TryGetValue(item.Id, out var copies) ? copies.Where(c => c.ItemId != item.Id) : [];

    /// <summary>Only http(s) addresses leave the service: a <c>javascript:</c> or <c>data:</c> link is dropped.</summary>
    public static string? SafeUrl(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.AbsoluteUri : null;

    /// <summary>The feed's permanent id: the same for a channel whatever the format or query.</summary>
    public string Id => StableId($"channel\n{HomeUrl.GetLeftPart(UriPartial.Path)}\n{ChannelName}");

    /// <summary>The channel's name: the feed id depends on it, not on the title an operator may reword.</summary>
    public string ChannelName { get; init; } = Channel.All;

    /// <summary>
    /// An item's permanent id, derived from its source's address and its key in that source, so
    /// it survives restarts and even a rebuilt database.
    /// </summary>
    public static string IdOf(Item item) => StableId($"item\n{item.SourceUrl}\n{item.Key}");

    /// <summary>The last time any item changed: published, updated or fetched.</summary>
    public static DateTimeOffset UpdatedOf(Item item) => item.Updated ?? item.Published ?? item.FetchedAt;

    private static string StableId(string seed)
    {
        // Hashed without intermediate arrays: every entry of every rendering asks for its id.
        var bytes = Encoding.UTF8.GetMaxByteCount(seed.Length) <= 1024 ? stackalloc byte[1024] : new byte[Encoding.UTF8.GetMaxByteCount(seed.Length)];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..Encoding.UTF8.GetBytes(seed, bytes)], hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return $"urn:uuid:{new Guid(hash[..16], bigEndian: true)}";
    }
}
