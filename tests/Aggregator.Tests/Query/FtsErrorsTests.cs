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

    [Fact]
    public void SqlitesOwnSyntaxErrorIsNotTakenForTheUsers()
    {
        // A mistake in our own statement: a 500 that gets fixed, not a 400 that blames the search.
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELEC 1";
        var refused = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());

        Assert.False(FtsErrors.IsFtsError(refused));
    }
}
