using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace Aggregator.Store;

/// <summary>
/// The terms of the full-text index (table <c>item_terms</c>, migration 013), kept so that a prefix
/// search can be written as an OR of the terms it stands for. FTS5 evaluates a prefix by merging the
/// lists of all its terms into one before it can seek or stop (for a prefix in most items, ~200 ms at a
/// million each time); an OR of the same terms it reads lazily, so a newest-first page or a bounded
/// sample stops after the matches it needs. The matches are the same: a prefix matches exactly the
/// documents holding one of its terms.
/// </summary>
internal static class ItemTerms
{
    /// <summary>
    /// A prefix with more terms than this is left to FTS5. An OR costs FTS5 ~70 µs a term to start at a
    /// million items (512 terms: 33 ms of CPU for a newest page; 2,500: 180 ms), a merge costs in
    /// proportion to the prefix's postings: `san*` of the benchmark (2,500 common terms) 2.2 s merged, but
    /// a prefix of thousands of rare terms merges in milliseconds. Without document counts per term (not
    /// kept) the bound cannot tell the two apart; 512 keeps the worst case of an OR near 35 ms.
    /// </summary>
    public const int MaxExpansion = 512;

    /// <summary>
    /// Adds the terms of the written rows. Texts <see cref="PlainTerms"/> can split exactly are split here;
    /// the others are indexed again, without positions, in a temporary FTS5 table with the same tokenizer
    /// as <c>items_fts</c>, whose vocabulary is added too. No term is guessed: a term missing here would
    /// leave its items out of prefix searches.
    /// </summary>
    /// <summary>
    /// The terms of texts about to be written, split before the write turn is taken (other writers wait
    /// while it is held), less those <paramref name="known"/> to be stored; and the texts that need FTS5
    /// itself, by key.
    /// </summary>
    public static WrittenTerms Split(IEnumerable<ItemDraft> drafts, KnownTerms known)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        var unsplit = new HashSet<string>(StringComparer.Ordinal);
        foreach (var draft in drafts)
        {
            if (!PlainTerms.TryAdd(draft.Title, terms) || !PlainTerms.TryAdd(draft.ContentText, terms))
            {
                unsplit.Add(draft.Key);
            }
        }

        return new WrittenTerms(known.Unknown(terms), unsplit);
    }

    /// <summary>Records terms split beforehand (<see cref="Split"/>), and those of the rows <paramref name="unsplitIds"/> through FTS5.</summary>
    public static async Task RecordAsync(WriteTransaction write, WrittenTerms written, IReadOnlyCollection<long> unsplitIds)
    {
        if (written.Terms.Count > 0)
        {
            write.Statement("INSERT OR IGNORE INTO item_terms (term) SELECT value FROM json_each(@terms)")
                .Bind("@terms", JsonSerializer.Serialize(written.Terms)).ExecuteNonQuery();
        }

        if (unsplitIds.Count > 0)
        {
            await RecordAsync(write.Connection, write.Transaction, IdList.Json(unsplitIds));
        }
    }

    public static async Task RecordAsync(DbConnection connection, DbTransaction transaction, string idsJson)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        var others = new List<long>();
        var rows = await connection.QueryAsync<(long Id, string? Title, string? Text)>(
            $"SELECT id, title, content_text FROM items WHERE id IN {IdList.Sql("@ids")}", new { ids = idsJson }, transaction);
        foreach (var (id, title, text) in rows)
        {
            if (!PlainTerms.TryAdd(title, terms) || !PlainTerms.TryAdd(text, terms))
            {
                others.Add(id);
            }
        }

        await connection.ExecuteAsync(
            "INSERT OR IGNORE INTO item_terms (term) SELECT value FROM json_each(@terms)", new { terms = JsonSerializer.Serialize(terms) }, transaction);
        if (others.Count > 0)
        {
            await connection.ExecuteAsync($"""
                CREATE VIRTUAL TABLE IF NOT EXISTS temp.written_terms USING fts5 (
                    title, content_text, content = '', detail = none, tokenize = 'unicode61 remove_diacritics 2');
                CREATE VIRTUAL TABLE IF NOT EXISTS temp.written_terms_vocab USING fts5vocab (temp, written_terms, 'row');
                INSERT INTO temp.written_terms (rowid, title, content_text)
                    SELECT id, title, content_text FROM items WHERE id IN {IdList.Sql("@ids")};
                INSERT OR IGNORE INTO item_terms (term) SELECT term FROM temp.written_terms_vocab;
                INSERT INTO temp.written_terms (written_terms) VALUES ('delete-all');
                """, new { ids = IdList.Json(others) }, transaction);
        }
    }

    /// <summary>
    /// The expression with each prefix (<c>"elect"*</c>, as <c>FtsQuery</c> writes them) replaced by the
    /// OR of its terms (<see cref="PrefixRewrite"/>). Only prefixes of ASCII letters and digits are
    /// expanded: unicode61 folds those to lower case and nothing else, so their range of terms is known;
    /// any other prefix, one with no term or more than <see cref="MaxExpansion"/>, stays as it is.
    /// </summary>
    public static async Task<PrefixExpansion> ExpandAsync(DbConnection connection, DbTransaction? transaction, string match, CancellationToken ct)
    {
        var expansions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var prefix in PrefixRewrite.Prefixes(match))
        {
            // Every term that starts with the prefix sorts from it up to the prefix with its last character
            // incremented ("sanlo" up to "sanlp"), bytewise as SQLite compares text.
            var high = string.Concat(prefix.AsSpan(0, prefix.Length - 1), ((char)(prefix[^1] + 1)).ToString());
            var terms = (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT term FROM item_terms WHERE term >= @prefix AND term < @high ORDER BY term LIMIT @max",
                new { prefix, high, max = MaxExpansion + 1 }, transaction, cancellationToken: ct))).ToList();
            if (terms.Count is > 0 and <= MaxExpansion)
            {
                expansions[prefix] = terms;
            }
        }

        return new PrefixExpansion(match, expansions);
    }
}

/// <summary>Terms split from a batch before its write turn, and the keys of the texts left to FTS5 to split.</summary>
internal sealed record WrittenTerms(HashSet<string> Terms, HashSet<string> UnsplitKeys);
