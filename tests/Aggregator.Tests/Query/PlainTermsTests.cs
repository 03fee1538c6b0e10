using Aggregator.Store;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Query;

/// <summary>PlainTerms must make exactly the terms FTS5's tokenizer makes, or decline the text.</summary>
public sealed class PlainTermsTests
{
    private const string Alphabet = "abcXYZ019 \t\n_'-.,!@#$%^&*()[]{}|\\/:;\"<>?~`\u00A0\u00AB\u00BB\u2002\u2013\u2014\u2018\u2019\u201C\u201D\u2022\u2026\u202F";

    [Fact]
    public async Task TextsItAcceptsSplitAsFts5SplitsThem()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await connection.ExecuteAsync("""
            CREATE VIRTUAL TABLE t USING fts5 (x, content = '', detail = none, tokenize = 'unicode61 remove_diacritics 2');
            CREATE VIRTUAL TABLE v USING fts5vocab (t, 'row');
            """);
        var random = new Random(5);
        for (var n = 0; n < 300; n++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(1, 60)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
            var terms = new HashSet<string>(StringComparer.Ordinal);
            Assert.True(PlainTerms.TryAdd(text, terms), text);

            await connection.ExecuteAsync("INSERT INTO t (t) VALUES ('delete-all'); INSERT INTO t (rowid, x) VALUES (1, @text);", new { text });
            Assert.Equal((await connection.QueryAsync<string>("SELECT term FROM v")).Order(StringComparer.Ordinal), terms.Order(StringComparer.Ordinal));
        }
    }

    [Theory]
    [InlineData("café")]
    [InlineData("Sanlöwe news")]
    [InlineData("e\u0301")]
    [InlineData("straße")]
    [InlineData("word \U0001F600")]
    [InlineData("soft\u00ADhyphen")]
    public void TextsWithOtherCharactersAreLeftToFts5(string text)
    {
        Assert.False(PlainTerms.TryAdd(text, []));
    }
}
