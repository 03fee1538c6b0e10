using Microsoft.Data.Sqlite;

namespace Aggregator.Query;

/// <summary>
/// What FTS5 still refuses at run time, after <see cref="SearchParser"/> has checked the query: those are
/// the user's, not ours, so they are 400s that pass on FTS5's reason, without SQLite's wrapping or our table's name.
/// </summary>
internal static class FtsErrors
{
    /// <summary>
    /// FTS5 reports what its parser refuses as a plain SQLite error: "fts5: syntax error near …" and a few
    /// without the prefix. Not any "syntax error": SQLite's own (<c>near "x": syntax error</c>) would be a
    /// mistake in our SQL, which must not pass for the user's.
    /// </summary>
    /// <remarks>Only plain errors (code 1): FTS5 reports a damaged index ("fts5: corruption …") with code 11, which is ours.</remarks>
    public static bool IsFtsError(SqliteException e) =>
        e.SqliteErrorCode == 1 && Fts5Messages.Any(m => e.Message.Contains(m, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] Fts5Messages = ["fts5:", "unterminated string", "unknown special query", "expected integer"];

    /// <summary>The problem's detail: <c>q: the search index refused the expression (syntax error near "AND").</c></summary>
    public static string Detail(SqliteException e)
    {
        // Microsoft.Data.Sqlite writes "SQLite Error 1: 'fts5: syntax error near ...'."; the reason is between the outer quotes.
        var message = e.Message;
        var (open, close) = (message.IndexOf('\'', StringComparison.Ordinal), message.LastIndexOf('\''));
        var reason = open >= 0 && close > open ? message[(open + 1)..close] : message;
        reason = reason.Replace("fts5: ", "", StringComparison.OrdinalIgnoreCase).Replace("items_fts", "the search index", StringComparison.Ordinal);
        return $"q: the search index refused the expression ({reason}).";
    }
}
