using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Aggregator.Store;

namespace Aggregator.Query;

/// <summary>
/// Opaque paging cursors. Newest/oldest pages continue after the last item's (sort time, id),
/// so arrivals never shift a walk; relevance pages, whose order has no stable key, use an offset.
/// </summary>
internal static class Cursor
{
    public static string For(ItemOrder order, Item last, int nextOffset) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
        order == ItemOrder.Relevance
            ? $"r:{nextOffset}"
            : $"{(order == ItemOrder.Oldest ? 'o' : 'n')}:{last.SortAt.ToUnixTimeMilliseconds()}:{last.Id}"));

    public static (ItemPosition? After, int Offset) Decode(string cursor, ItemOrder order, ref string? error)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            text = "";
        }

        var parts = text.Split(':');
        var expected = order switch { ItemOrder.Relevance => "r", ItemOrder.Oldest => "o", _ => "n" };
        if (parts.Length == 2 && parts[0] == expected && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var offset) && offset >= 0)
        {
            return (null, offset);
        }

        if (parts.Length == 3 && parts[0] == expected
            && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var sortAt)
            && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var id))
        {
            return (new ItemPosition(sortAt, id), 0);
        }

        error ??= "cursor: not a cursor this service issued for this sort order; pass nextCursor from the previous page unchanged.";
        return (null, 0);
    }
}
