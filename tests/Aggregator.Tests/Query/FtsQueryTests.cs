using Aggregator.Query;

namespace Aggregator.Tests.Query;

/// <summary>What the search syntax becomes for FTS5; the result sets are in <see cref="SearchSyntaxTests"/>.</summary>
public sealed class FtsQueryTests
{
    [Theory]
    [InlineData("taliban talks", "\"taliban\" AND \"talks\"")]
    [InlineData("doha (talks OR election)", "\"doha\" AND (\"talks\" OR \"election\")")]
    [InlineData("(talks OR election) doha", "(\"talks\" OR \"election\") AND \"doha\"")]
    [InlineData("NEAR(peace talks) doha", "NEAR(\"peace\" \"talks\") AND \"doha\"")]
    [InlineData("doha NEAR(\"peace talks\" monday*, 12)", "\"doha\" AND NEAR(\"peace talks\" \"monday\"*, 12)")]
    [InlineData("a NOT b c", "(\"a\" AND \"c\") NOT \"b\"")]
    [InlineData("a NOT b AND c", "(\"a\" AND \"c\") NOT \"b\"")]
    [InlineData("a -b -\"c d\"", "\"a\" NOT (\"b\" OR \"c d\")")]
    [InlineData("a AND NOT b", "\"a\" NOT \"b\"")]
    [InlineData("NOT b a", "\"a\" NOT \"b\"")]
    [InlineData("a OR b NOT c OR d", "\"a\" OR (\"b\" NOT \"c\") OR \"d\"")]
    [InlineData("a b OR c", "(\"a\" AND \"b\") OR \"c\"")]
    [InlineData("a -(b OR c)", "\"a\" NOT (\"b\" OR \"c\")")]
    [InlineData("title:\"peace talks\"", "title : \"peace talks\"")]
    [InlineData("title:(doha OR elect*) text:kabul", "(title : \"doha\" OR title : \"elect\"*) AND content_text : \"kabul\"")]
    [InlineData("Title:NEAR(a b, 3)", "title : NEAR(\"a\" \"b\", 3)")]
    [InlineData("10:30", "\"10:30\"")]
    [InlineData("https://example.com", "\"https://example.com\"")]
    [InlineData("re: election", "\"re:\" AND \"election\"")]
    [InlineData("US-Taliban don't", "\"US-Taliban\" AND \"don't\"")]
    [InlineData("war and peace or not", "\"war\" AND \"and\" AND \"peace\" AND \"or\" AND \"not\"")]
    [InlineData("doha - talks !!", "\"doha\" AND \"talks\"")]
    [InlineData("a NOT !! b", "\"a\" AND \"b\"")]
    [InlineData("① 𩸽 -½", "(\"①\" AND \"𩸽\") NOT \"½\"")]
    [InlineData("\"elect*\" \"peace tal\"*", "\"elect*\" AND \"peace tal\"*")]
    [InlineData("\"peace tal\"*", "\"peace tal\"*")]
    public void TheSyntaxBecomesAnExpressionWithEveryOperatorWritten(string query, string expected)
    {
        Assert.Equal(expected, FtsQuery.Translate(query, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("", "no search terms")]
    [InlineData("\"\"", "no search terms")]
    [InlineData("\"!!\" ?", "no search terms")]
    [InlineData("\"unclosed", "quotation mark is never closed")]
    [InlineData("(doha", "opening bracket is never closed")]
    [InlineData("doha)", "closing bracket has no opening one")]
    [InlineData("()", "brackets holds no search terms")]
    [InlineData("OR doha", "OR needs a search term before it")]
    [InlineData("doha OR", "OR needs a search term after it")]
    [InlineData("doha OR \"\"", "OR needs a search term after it")]
    [InlineData("AND doha", "AND needs a search term before it")]
    [InlineData("doha NOT", "NOT needs a search term after it")]
    [InlineData("doha AND OR kabul", "AND needs a search term after it")]
    [InlineData("doha NOT NOT kabul", "NOT cannot follow NOT")]
    [InlineData("doha NOT -kabul", "'-' cannot follow NOT")]
    [InlineData("-election", "at least one term to find")]
    [InlineData("NOT election", "at least one term to find")]
    [InlineData("doha OR -election", "at least one term to find")]
    [InlineData("author:roe", "author: is not a column; the columns are title: and text:")]
    [InlineData("foo:\"doha\"", "foo: is not a column")]
    [InlineData("title:(text:doha)", "two columns")]
    [InlineData("doha NEAR talks", "NEAR takes its terms in brackets")]
    [InlineData("NEAR(doha)", "NEAR needs at least two terms")]
    [InlineData("NEAR(doha talks, x)", "whole number")]
    [InlineData("NEAR(doha (talks))", "not brackets")]
    [InlineData("NEAR(doha OR talks)", "not OR")]
    [InlineData("NEAR(title:doha talks)", "column filter goes before NEAR")]
    [InlineData("NEAR(doha talks", "never closed")]
    [InlineData("NEAR(doha talks, 5", "never closed")]
    [InlineData("title:OR", "write it in lower case")]
    public void WhatCannotBeSearchedIsRefusedWithTheReason(string query, string reason)
    {
        Assert.Null(FtsQuery.Translate(query, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepBracketsAreRefusedBeforeFts5CountsThem()
    {
        Assert.Null(FtsQuery.Translate(new string('(', 40) + "doha" + new string(')', 40), out var error));
        Assert.Contains("nest", error, StringComparison.Ordinal);

        // The shape FTS5 itself overflows on at ~17-20 levels: refused here, with this parser's reason.
        var deep = "doha";
        for (var level = 0; level < 13; level++)
        {
            deep = $"(a OR b {deep})";
        }

        Assert.Null(FtsQuery.Translate(deep, out var deepError));
        Assert.Contains("nest more than 12", deepError, StringComparison.Ordinal);
    }
}
