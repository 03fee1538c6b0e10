using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// One item's near-duplicate candidates asked of the database: other sources' items nearest in time
/// (<see cref="StoryLinker.MaxCandidates"/> from the item's time forward, then as many backward, within
/// <see cref="StoryLinker.Window"/>) whose fingerprints are near the item's. One prepared statement
/// serves a whole batch (preparing it per item cost more than running it). The fingerprint test stays
/// in .NET: as an SQLite function it cost more per row than reading the row. The rows come back as one
/// text of numbers: read row by row, the step and three column calls per row through the provider cost
/// more than the query itself (0.4 ms of 300 rows per item inside the write turn, docs/fetching.md).
/// </summary>
internal sealed class NearbyPrints : IDisposable
{
    private const string Sql = """
        SELECT group_concat(rowid || ' ' || story_id || ' ' || fingerprint, ' ') FROM (
        SELECT * FROM (SELECT rowid, story_id, fingerprint FROM items INDEXED BY items_story_candidates
            WHERE sort_at BETWEEN @sortAt AND @to AND source_id <> @sourceId
              AND fingerprint IS NOT NULL AND story_id IS NOT NULL
            ORDER BY sort_at LIMIT @max)
        UNION ALL
        SELECT * FROM (SELECT rowid, story_id, fingerprint FROM items INDEXED BY items_story_candidates
            WHERE sort_at BETWEEN @from AND @sortAt - 1 AND source_id <> @sourceId
              AND fingerprint IS NOT NULL AND story_id IS NOT NULL
            ORDER BY sort_at DESC LIMIT @max))
        """;

    private readonly SqliteCommand _command;
    private readonly SqliteParameter _sortAt;
    private readonly SqliteParameter _from;
    private readonly SqliteParameter _to;
    private readonly SqliteParameter _print;

    public NearbyPrints(SqliteConnection connection, SqliteTransaction transaction, long sourceId)
    {
        _command = StoryCandidates.Command(connection, transaction, Sql, ("@sourceId", sourceId), ("@max", StoryLinker.MaxCandidates));
        _sortAt = _command.Parameters.Add("@sortAt", SqliteType.Integer);
        _from = _command.Parameters.Add("@from", SqliteType.Integer);
        _to = _command.Parameters.Add("@to", SqliteType.Integer);
        _print = _command.Parameters.Add("@print", SqliteType.Integer);
        _command.Prepare();
    }

    public List<(long Id, long StoryId, long Fingerprint)> Near(long sortAt, long fingerprint)
    {
        (_sortAt.Value, _from.Value, _to.Value, _print.Value) = (sortAt, sortAt - StoryLinker.Window, sortAt + StoryLinker.Window, fingerprint);
        var near = new List<(long Id, long StoryId, long Fingerprint)>();
        if (_command.ExecuteScalar() is not string rows)
        {
            return near; // no candidates at all
        }

        Span<long> row = stackalloc long[3];
        var column = 0;
        foreach (var number in rows.AsSpan().Split(' '))
        {
            row[column++] = long.Parse(rows.AsSpan(number), CultureInfo.InvariantCulture);
            if (column == 3)
            {
                column = 0;
                if (TextFingerprint.AreNear(row[2], fingerprint))
                {
                    near.Add((row[0], row[1], row[2]));
                }
            }
        }

        return near;
    }

    public void Dispose() => _command.Dispose();
}
