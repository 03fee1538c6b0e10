using Dapper;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// The smallest item id of each hour by <c>sort_at</c> (table <c>item_hours</c>, kept by
/// <see cref="ItemWrites.IndexAsync"/>): a lower bound for the ids of every item dated from an instant
/// on, read from a few rows instead of the time index.
/// </summary>
internal static class ItemHours
{
    public const long HourMs = 3_600_000;

    /// <summary>
    /// An id no larger than that of any item with <c>sort_at &gt;= from</c>; null when no item is that recent.
    /// The whole hour of <paramref name="from"/> counts (floored; SQLite's division truncates, which puts
    /// items before 1970 in a later hour, still counted), so the bound is never too high.
    /// </summary>
    public static Task<long?> FirstIdFromAsync(SqliteTransaction read, long from, CancellationToken ct) =>
        read.Connection!.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT min(min_id) FROM item_hours WHERE hour >= @hour", new { hour = Math.DivRem(from, HourMs) switch { var (q, r) when r < 0 => q - 1, var (q, _) => q } }, read, cancellationToken: ct));
}
