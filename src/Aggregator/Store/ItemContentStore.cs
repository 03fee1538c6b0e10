using Dapper;

namespace Aggregator.Store;

/// <summary>
/// The cleaned content of stored items, read and rewritten when a source's items are cleaned
/// again (reprocess): the feed's own HTML in, new HTML, text and FTS entries out.
/// </summary>
internal sealed class ItemContentStore(Database database, StoreChanges? changes = null)
{
    public async Task<IReadOnlyList<StoredEntry>> ListAsync(long sourceId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<StoredEntry>(new CommandDefinition("""
            SELECT id, url, title, summary, feed_summary, feed_content, content_html, content_text
            FROM items WHERE source_id = @sourceId ORDER BY id
            """, new { sourceId }, cancellationToken: ct));
        return [.. rows];
    }

    /// <summary>Writes the updates that change anything, rows and FTS index in one transaction; returns how many.</summary>
    public async Task<int> UpdateAsync(IReadOnlyList<(StoredEntry Old, ContentUpdate New)> updates, CancellationToken ct = default)
    {
        await using var write = await database.BeginWriteAsync(ct);
        var (connection, transaction) = (write.Connection, write.Transaction);
        var changed = new List<long>();
        foreach (var (old, update) in updates.Where(u => u.Old.ContentHtml != u.New.ContentHtml
            || u.Old.ContentText != u.New.ContentText || u.Old.Summary != u.New.Summary))
        {
            // The pages were fetched outside the lock: the item may since have been removed (retention, purge)
            // or rewritten by a fetch. Either way this update is stale, and taking an FTS entry out with values
            // it was not indexed with would corrupt the index.
            var current = await connection.QuerySingleOrDefaultAsync<StoredEntry>("""
                SELECT id, url, title, summary, feed_summary, feed_content, content_html, content_text FROM items WHERE id = @Id
                """, new { old.Id }, transaction);
            if (current is null || current.Title != old.Title || current.ContentText != old.ContentText || current.ContentHtml != old.ContentHtml)
            {
                continue;
            }

            await connection.ExecuteAsync(
                "INSERT INTO items_fts (items_fts, rowid, title, content_text) VALUES ('delete', @Id, @Title, @ContentText)",
                old, transaction);
            await connection.ExecuteAsync(
                "UPDATE items SET summary = @Summary, content_html = @ContentHtml, content_text = @ContentText WHERE id = @Id",
                update, transaction);
            await connection.ExecuteAsync(
                "INSERT INTO items_fts (rowid, title, content_text) VALUES (@Id, @Title, @ContentText)",
                new { old.Id, old.Title, update.ContentText }, transaction);
            changed.Add(old.Id);
        }

        if (changed.Count > 0)
        {
            // New text can hold new words: prefix searches find terms in item_terms (ItemTerms).
            await ItemTerms.RecordAsync(connection, transaction, IdList.Json(changed));
        }

        await write.CommitAsync(ct);
        if (changed.Count > 0)
        {
            changes?.Invalidate();
        }

        return changed.Count;
    }
}

/// <summary>What reprocessing needs of a stored item: the feed's HTML (null before migration 005) and the current content.</summary>
internal sealed record StoredEntry(
    long Id, string? Url, string? Title, string? Summary, string? FeedSummary, string? FeedContent, string? ContentHtml, string? ContentText);

/// <summary>An item's content after cleaning it again.</summary>
internal sealed record ContentUpdate(long Id, string? Summary, string? ContentHtml, string? ContentText);
