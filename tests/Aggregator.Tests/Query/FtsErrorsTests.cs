using Aggregator.Query;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Query;

public sealed class FtsErrorsTests
{
    [Fact]
    public void WhatFts5RefusesIsPassedOnWithoutSqlitesWrapping()
    {
        // An expression the translator never writes, refused by a real FTS5 table of the same name and columns.
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE VIRTUAL TABLE items_fts USING fts5 (title, content_text); SELECT * FROM items_fts WHERE items_fts MATCH '\"a\" AND (';";
        var refused = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());

        Assert.True(FtsErrors.IsFtsError(refused));
        Assert.Equal("q: the search index refused the expression (syntax error near \"\").", FtsErrors.Detail(refused));
    }
}
