using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// Inserts new item rows through the writer's prepared statement (<see cref="WriteTransaction.Statement"/>),
/// with the id, canonical address, fingerprint and story decided beforehand: parsing and planning the
/// statement and a follow-up UPDATE per item cost more than the row itself.
/// </summary>
internal sealed class ItemInserter
{
    private const string Sql = """
        INSERT INTO items (id, source_id, item_key, guid, url, title, author, published_at, updated_at,
            fetched_at, sort_at, summary, content_html, content_text, categories, enclosures, entry_hash, language,
            feed_summary, feed_content, canonical_url, fingerprint, story_id)
        VALUES (@id, @source, @key, @guid, @url, @title, @author, @published, @updated,
            @fetched, @sortAt, @summary, @html, @text, @categories, @enclosures, @hash, @language,
            @feedSummary, @feedContent, @canonical, @fingerprint, @story)
        """;

    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _values;

    private static readonly string[] Names =
    [
        "@id", "@source", "@key", "@guid", "@url", "@title", "@author", "@published", "@updated", "@fetched", "@sortAt",
        "@summary", "@html", "@text", "@categories", "@enclosures", "@hash", "@language", "@feedSummary", "@feedContent",
        "@canonical", "@fingerprint", "@story",
    ];

    public ItemInserter(WriteTransaction write)
    {
        _command = write.Statement(Sql);
        _values = [.. Names.Select(name => _command.Parameters.Contains(name) ? _command.Parameters[name] : _command.Parameters.Add(new SqliteParameter { ParameterName = name }))];
    }

    public void Insert(long id, long sourceId, NewItem item, long fetchedAt, long story)
    {
        var draft = item.Draft;
        object?[] values =
        [
            id, sourceId, draft.Key, draft.Guid, draft.Url, draft.Title, draft.Author, draft.Published.ToUnixMs(), draft.Updated.ToUnixMs(),
            fetchedAt, item.SortAt, draft.Summary, draft.ContentHtml, draft.ContentText, JsonSerializer.Serialize(draft.Categories),
            JsonSerializer.Serialize(draft.Enclosures, StoreJson.Options), draft.EntryHash, LanguageTag.Normalize(draft.Language),
            draft.FeedSummary, draft.FeedContent, item.Canonical, item.Fingerprint, story,
        ];
        for (var i = 0; i < values.Length; i++)
        {
            _values[i].Value = values[i] ?? DBNull.Value;
        }

        _command.ExecuteNonQuery();
    }
}
