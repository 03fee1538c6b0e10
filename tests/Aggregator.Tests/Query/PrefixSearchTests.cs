using Aggregator.Query;
using Aggregator.Store;
using Aggregator.Tests.Support;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Query;

/// <summary>
/// Prefix searches are read as an OR of the prefix's terms (ItemTerms, table item_terms): every search
/// must find exactly what FTS5's own prefix finds, asked directly of the same index.
/// </summary>
public sealed class PrefixSearchTests : IAsyncLifetime
{
    private static readonly (string Key, string Title, string Text)[] Items =
    [
        ("k0", "Sanlobru report", "kaloter met sanlodor in the market"),
        ("k1", "Market day", "sanlomi and kaloter"),
        ("k2", "Other news", "nothing here at all"),
        ("k3", "Sanlöwe news", "kaloter alone"),
        ("k4", "alpha", "sanlo on its own"),
        ("k5", "kaloter", "santa and US-sanlomi"),
        ("k6", "Market sanlodor", "kaloter market"),
    ];

    private readonly TempFolder _folder = new();
    private AggregatorApp _app = null!;
    private ItemStore _items = null!;
    private long _source;

    public async Task InitializeAsync()
    {
        _app = new AggregatorApp(_folder);
        _items = _app.Services.GetRequiredService<ItemStore>();
        _source = (await _app.Services.GetRequiredService<SourceStore>().AddAsync(new SourceDefinition("https://prefix.example/feed", "Prefix", 60, false)))!.Id;
        for (var n = 0; n < Items.Length; n++)
        {
            await _items.UpsertAsync(_source, [Draft(Items[n].Key, Items[n].Title, Items[n].Text, n)]);
        }
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _folder.Dispose();
    }

    [Theory]
    [InlineData("sanlo*")]
    [InlineData("SANLOB*")]
    [InlineData("title:sanlo*")]
    [InlineData("text:sanlo*")]
    [InlineData("kaloter sanlo*")]
    [InlineData("sanlo* kaloter")]
    [InlineData("kaloter NOT sanlo*")]
    [InlineData("kaloter NOT market sanlo*")]
    [InlineData("alpha OR sanlom*")]
    [InlineData("(sanlob* OR sanlod*) NOT market")]
    [InlineData("sanlo* sanlom*")]
    [InlineData("US-sanlo*")]
    [InlineData("sanlöw*")]
    [InlineData("zzz*")]
    [InlineData("\"market day\" OR sanlodor*")]
    public async Task APrefixFindsWhatTheIndexItselfFinds(string q)
    {
        var match = FtsQuery.Translate(q, out var error);
        Assert.Null(error);

        var expected = await IndexMatchesAsync(match!);
        var newest = await _items.ListAsync(new ItemFilter(Match: match, Limit: 100));
        var relevant = await _items.ListAsync(new ItemFilter(Match: match, Limit: 100, Order: ItemOrder.Relevance));
        var facets = await _app.Services.GetRequiredService<ItemFacets>().CountAsync(new ItemFilter(Match: match), [FacetKind.Source], 10);

        Assert.Equal(expected, newest.Select(i => i.Key));
        Assert.Equal(expected.Order(), relevant.Select(i => i.Key).Order());
        Assert.Equal(expected.Count, facets.Total);
    }

    [Fact]
    public async Task APrefixFindsAWordThatAnUpdateBrought()
    {
        // The prefix has other terms already, so a term missing from item_terms would leave k2 out.
        await _items.UpsertAsync(_source, [Draft("k2", "Other news", "now with sanloquorble", 2) with { EntryHash = "changed" }]);

        Assert.Contains("k2", (await _items.ListAsync(new ItemFilter(Match: FtsQuery.Translate("sanlo*", out _)))).Select(i => i.Key));
    }

    [Fact]
    public async Task APrefixFindsAWordThatReprocessingBrought()
    {
        var content = _app.Services.GetRequiredService<ItemContentStore>();
        var stored = (await content.ListAsync(_source)).Single(e => e.Title == "Other news");
        Assert.Equal(1, await content.UpdateAsync([(stored, new ContentUpdate(stored.Id, stored.Summary, "<p>sanlozinder</p>", "sanlozinder"))]));

        Assert.Contains("k2", (await _items.ListAsync(new ItemFilter(Match: FtsQuery.Translate("sanlo*", out _)))).Select(i => i.Key));
    }

    [Fact]
    public async Task TheMigrationListsTheTermsOfAnExistingIndex()
    {
        var database = _app.Services.GetRequiredService<Database>();
        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync("DROP TABLE item_terms; DELETE FROM schema_migrations WHERE number = 13; PRAGMA user_version = 12;");
        }

        await _app.Services.GetRequiredService<Migrator>().MigrateAsync();

        var match = FtsQuery.Translate("sanlo*", out _)!;
        Assert.Equal(["k6", "k5", "k4", "k3", "k1", "k0"], await IndexMatchesAsync(match));
        Assert.Equal(["k6", "k5", "k4", "k3", "k1", "k0"], (await _items.ListAsync(new ItemFilter(Match: match))).Select(i => i.Key));
        await using var check = await database.OpenAsync();
        Assert.Equal(["sanlo", "sanlobru", "sanlodor", "sanlomi", "sanlowe"], await check.QueryAsync<string>("SELECT term FROM item_terms WHERE term >= 'sanlo' AND term < 'sanlp'"));
    }

    [Theory]
    [InlineData("\"b\"*", "(\"b1\" OR \"b2\")")]
    [InlineData("\"a\" NOT \"x\" \"b\"*", "\"a\" NOT (\"x\" AND (\"b1\" OR \"b2\"))")]
    [InlineData("title : \"B\"* OR \"a\"", "title : (\"b1\" OR \"b2\") OR \"a\"")]
    [InlineData("( \"a\" OR \"b\"* ) NOT \"c\"*", "( \"a\" OR (\"b1\" OR \"b2\") ) NOT \"c\"*")]
    [InlineData("\"a\" NEAR \"b\"*", "\"a\" NEAR \"b\"*")]
    [InlineData("\"a\"\"b\"*", "\"a\"\"b\"*")]
    public void TheRewriteKeepsTheExpressionsMeaning(string match, string expected)
    {
        var terms = new Dictionary<string, IReadOnlyList<string>> { ["b"] = ["b1", "b2"] };

        Assert.Equal(expected, PrefixRewrite.Rewrite(match, terms));
    }

    [Fact]
    public async Task RelevanceOfAPrefixPutsTitleMatchesAboveNewerTextMatches()
    {
        await _items.UpsertAsync(_source, [Draft("t1", "Sanlozek report", "plain words here", 10), Draft("t2", "Plain report", "words about sanlozeks here", 11)]);

        var relevant = await _items.ListAsync(new ItemFilter(Match: FtsQuery.Translate("sanloz*", out _), Order: ItemOrder.Relevance));

        Assert.Equal(["t1", "t2"], relevant.Select(i => i.Key));
    }

    [Fact]
    public async Task PhraseFrequenciesScoreAsFts5sBm25Does()
    {
        // With one phrase, bm25's document count scales every score alike, so the scores from the
        // function's frequencies stand in one ratio to FTS5's own, whatever the count.
        await using var connection = await _app.Services.GetRequiredService<Database>().OpenAsync();
        var rows = (await connection.QueryAsync<(long Id, double Bm25, byte[] Frequencies)>($"""
            SELECT rowid, bm25(items_fts, 10.0, 1.0), {PhraseFrequencies.Name}(items_fts, 10.0, 1.0)
            FROM items_fts WHERE items_fts MATCH '"kaloter"' ORDER BY rowid DESC
            """)).ToList();

        var scores = PrefixRelevance.Score([.. rows.Select(r => (r.Id, r.Frequencies))], ["kaloter"], exact: true);

        Assert.Equal(5, rows.Count);
        Assert.True(rows.Select(r => r.Bm25).Distinct().Count() > 2);
        Assert.All(rows.Select((r, n) => scores[n] / r.Bm25), ratio => Assert.Equal(scores[0] / rows[0].Bm25, ratio, 9));
    }

    [Theory]
    [InlineData("\"b\"*", "b,b")]
    [InlineData("\"a\" NOT \"x\" \"b\"*", "-,-,b,b")]
    [InlineData("title : \"B\"* OR \"a\" OR \"c\"*", "b,b,-,-")]
    [InlineData("\"prime minister\" \"b\"*", "-,b,b")]
    public void EachPhraseOfTheRewriteKnowsItsPrefix(string match, string expected)
    {
        var terms = new Dictionary<string, IReadOnlyList<string>> { ["b"] = ["b1", "b2"] };

        Assert.Equal(expected, string.Join(',', PrefixRewrite.PhrasePrefixes(match, terms)!.Select(p => p ?? "-")));
    }

    [Fact]
    public async Task SnippetsMarkEveryTermOfThePrefixInTheText()
    {
        var page = await _items.ListAsync(new ItemFilter(Match: FtsQuery.Translate("kaloter sanlo*", out _)));

        var k0 = page.Single(i => i.Key == "k0");
        Assert.Contains($"{ItemStore.MarkStart}sanlodor{ItemStore.MarkEnd}", k0.Snippet, StringComparison.Ordinal);
        Assert.Contains($"{ItemStore.MarkStart}kaloter{ItemStore.MarkEnd}", k0.Snippet, StringComparison.Ordinal);
        Assert.Contains($"{ItemStore.MarkStart}Sanlöwe{ItemStore.MarkEnd}", page.Single(i => i.Key == "k3").Snippet, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x b2 y", "(\"b2\")")]
    [InlineData("B3 and b1", "(\"b1\" OR \"b3\")")]
    [InlineData("nothing", "(\"b1\")")]
    [InlineData("b2 and café", "(\"b1\" OR \"b2\" OR \"b3\")")]
    public void SnippetsUseTheTermsTheirTextsHold(string text, string expected)
    {
        var expansion = new PrefixExpansion("\"b\"*", new Dictionary<string, IReadOnlyList<string>> { ["b"] = ["b1", "b2", "b3"] });

        Assert.Equal(expected, expansion.For([text, null]));
    }

    /// <summary>What FTS5 finds for the expression as written, newest first (items are dated in the order they were stored).</summary>
    private async Task<List<string>> IndexMatchesAsync(string match)
    {
        await using var connection = await _app.Services.GetRequiredService<Database>().OpenAsync();
        return [.. await connection.QueryAsync<string>(
            "SELECT i.item_key FROM items_fts f JOIN items i ON i.id = f.rowid WHERE items_fts MATCH @match ORDER BY i.sort_at DESC", new { match })];
    }

    private static ItemDraft Draft(string key, string title, string text, int hour) => new(
        key, key, $"https://prefix.example/{key}", title, null, DateTimeOffset.UtcNow.AddHours(hour - 24), null, null, $"<p>{text}</p>", text, [], [], $"hash-{key}");
}
