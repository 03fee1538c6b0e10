using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>The export side of <see cref="ItemStore"/>: every matching item, streamed in the order its pages give.</summary>
internal sealed partial class ItemStore
{
    private const string ExportFilePrefix = "aggregator-export-";
    private const string ExportFileSuffix = ".ids";

    /// <summary>
    /// Deletes the id files of exports a killed process left beside the database (an export deletes its
    /// own when it ends, however it ends, but a kill ends nothing). Run at the service's start. A file
    /// still open in another process (a CLI export) stays readable by it on Unix, where deleting only
    /// unlinks the name; on Windows it cannot be deleted and is left for the next start.
    /// </summary>
    /// <returns>How many files were deleted; none when the folder cannot be listed (SQLite needs no right to list it).</returns>
    public static int SweepExportFiles(string databasePath)
    {
        var swept = 0;
        try
        {
            foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(Path.GetFullPath(databasePath))!, $"{ExportFilePrefix}*{ExportFileSuffix}"))
            {
                try
                {
                    File.Delete(file);
                    swept++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return swept;
    }

    /// <summary>
    /// Every matching item, read as the client consumes it, 256 rows at a time: memory stays constant however
    /// many rows match. Read by position, and the text as the UTF-8 bytes SQLite stores: decoding kilobytes of text into a
    /// string and encoding it again for the response was the largest part of an export's CPU.
    /// </summary>
    public async IAsyncEnumerable<ExportRow> ExportAsync(ItemFilter filter, long? max, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        // The ids in the asked order first (from the indexes, mostly), in one read transaction, into a file
        // of their own; then each chunk's rows in id order, by one statement (one short snapshot). Newest
        // first read the table backwards, which the kernel's readahead does not follow, so a cold export
        // waited on every page (docs/query.md). One transaction for the whole export held its snapshot as
        // long as the client took to read it, and the log could not be copied back meanwhile: a slow
        // client's export of the store grew it by every write of those minutes. The file keeps memory
        // constant however many rows match (8 bytes an id); a row deleted after the ids were read is skipped.
        // Beside the database, which is on a disk the service writes (a temp folder may be memory, or absent).
        await using var idFile = new FileStream(
            Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database.Path))!, $"{ExportFilePrefix}{Guid.NewGuid():N}{ExportFileSuffix}"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        long fetchedBound;
        await using (var read = connection.BeginTransaction(deferred: true))
        {
            // Ids are reused (a new item takes the largest id plus one): an id deleted after this pass and
            // taken again belongs to an item fetched later, which the chunks leave out.
            fetchedBound = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT max(fetched_at) FROM items", transaction: read, cancellationToken: ct)) ?? long.MaxValue;
            using var writer = new BinaryWriter(idFile, System.Text.Encoding.UTF8, leaveOpen: true);
            await foreach (var id in ExportIdsAsync(read, filter, max, clock.GetUtcNow().ToUnixMs(), ct))
            {
                writer.Write(id);
            }
        }

        var left = idFile.Length / sizeof(long);
        idFile.Position = 0;
        using var ids = new BinaryReader(idFile, System.Text.Encoding.UTF8, leaveOpen: true);
        const string Columns = """
            SELECT i.id, i.source_id, s.title, i.guid, i.title, i.url, i.author, i.language, i.published_at,
                i.updated_at, i.fetched_at, i.categories, i.content_text
            FROM items i JOIN sources s ON s.id = i.source_id
            """;
        // A chunk whose ids lie close together (newest first over a store written in time order) is read
        // as a range, skipping the rows between them; a scattered one by its ids.
        await using var range = connection.CreateCommand();
        range.CommandText = $"{Columns} WHERE i.id BETWEEN @low AND @high AND i.fetched_at <= @fetched ORDER BY i.id";
        await using var listed = connection.CreateCommand();
        listed.CommandText = $"{Columns} WHERE i.id IN {IdList.Sql("@ids")} AND i.fetched_at <= @fetched ORDER BY i.id";
        var chunk = new List<long>(ExportChunk);
        var byId = new Dictionary<long, ExportRow?>(ExportChunk);
        while (true)
        {
            chunk.Clear();
            byId.Clear();
            for (; chunk.Count < ExportChunk && left > 0; left--)
            {
                var id = ids.ReadInt64();
                chunk.Add(id);
                byId[id] = null;
            }

            if (chunk.Count == 0)
            {
                yield break;
            }

            var (low, high) = (chunk.Min(), chunk.Max());
            SqliteCommand rows;
            if (high - low < 2L * chunk.Count)
            {
                rows = range;
                rows.Parameters.Clear();
                rows.Parameters.AddWithValue("@low", low);
                rows.Parameters.AddWithValue("@high", high);
                rows.Parameters.AddWithValue("@fetched", fetchedBound);
            }
            else
            {
                rows = listed;
                rows.Parameters.Clear();
                rows.Parameters.AddWithValue("@ids", IdList.Json(chunk));
                rows.Parameters.AddWithValue("@fetched", fetchedBound);
            }

            // One statement, so one snapshot for the chunk, released before its rows are handed on.
            await using (var reader = await rows.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    var id = reader.GetInt64(0);
                    if (byId.ContainsKey(id))
                    {
                        byId[id] = new ExportRow(
                            id, reader.GetInt64(1), Text(reader, 2), Text(reader, 3), Text(reader, 4), Text(reader, 5), Text(reader, 6),
                            Text(reader, 7), Time(reader, 8), Time(reader, 9), reader.GetInt64(10), reader.GetString(11),
                            reader.IsDBNull(12) ? null : reader.GetFieldValue<byte[]>(12));
                    }
                }
            }

            foreach (var id in chunk)
            {
                // An item deleted since the ids were read is skipped, as is a later one that took its id (and one
                // without its source, never with foreign keys on).
                if (byId[id] is { } row)
                {
                    yield return row;
                }
            }
        }

        static string? Text(DbDataReader row, int column) => row.IsDBNull(column) ? null : row.GetString(column);
        static long? Time(DbDataReader row, int column) => row.IsDBNull(column) ? null : row.GetInt64(column);
    }

    /// <summary>
    /// Rows an export reads at a time, in id order (~0.8 MB of the benchmark's rows). Small: rows held past
    /// a gen-0 collection are promoted and copied, and chunks of 4,000 rows cost a third of the warm
    /// export's rate; 256 is as fast warm as reading straight through, and as fast cold as 4,000 (~22k rows/s against 7k).
    /// </summary>
    private const int ExportChunk = 256;

    /// <summary>Every match of a relevance search from the filter's offset on, at most <paramref name="max"/>, as <see cref="RankedMatchesAsync"/> orders them.</summary>
    private async IAsyncEnumerable<long> RelevantExportAsync(
        SqliteTransaction read, ItemFilter filter, long? max, long now, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var expansion = await ItemTerms.ExpandAsync(read.Connection!, read, filter.Match!, ct);
        var (fromWhere, parameters) = ItemSql.FromWhere(filter with { Match = expansion.Match });
        var (skip, left) = ((long)filter.Offset, max ?? long.MaxValue);
        await foreach (var id in RankedMatchesAsync(read, expansion, fromWhere, parameters, now, ct))
        {
            if (skip > 0)
            {
                skip--;
                continue;
            }

            yield return id;
            if (--left == 0)
            {
                yield break;
            }
        }
    }

    /// <summary>The ids of an export in the asked order, as its pages would list them.</summary>
    private async IAsyncEnumerable<long> ExportIdsAsync(
        SqliteTransaction read, ItemFilter filter, long? max, long now, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (filter is { Match: not null, Order: ItemOrder.Relevance })
        {
            await foreach (var id in RelevantExportAsync(read, filter, max, now, ct))
            {
                yield return id;
            }

            yield break;
        }

        var (fromWhere, parameters) = ItemSql.FromWhere(filter);
        parameters.Add("max", max ?? -1);
        await using var reader = await read.Connection!.ExecuteReaderAsync(new CommandDefinition(
            $"SELECT i.id {fromWhere}{ItemSql.OrderBy(filter)} LIMIT @max", parameters, read, cancellationToken: ct));
        while (await reader.ReadAsync(ct))
        {
            yield return reader.GetInt64(0);
        }
    }
}

/// <summary>One item as an export writes it: the columns an analyst asks for, no HTML.</summary>
/// <param name="ContentText">The plain text as stored, UTF-8: exports copy it to the response as it is.</param>
internal sealed record ExportRow(
    long Id, long SourceId, string? SourceTitle, string? Guid, string? Title, string? Url, string? Author, string? Language,
    long? PublishedAt, long? UpdatedAt, long FetchedAt, string Categories, byte[]? ContentText);
