using System.Text;

namespace Aggregator.Query;

/// <summary>
/// Translates the documented search syntax into an FTS5 expression. Every word is quoted, so
/// punctuation in words ("US-Taliban", "don't") never reaches FTS5 as syntax, and every AND and
/// bracket is written out: FTS5 allows implicit AND only between phrases and binds it tighter than
/// NOT (<c>a NOT b c</c> is <c>a NOT (b c)</c> to it), where the user reads left to right.
/// </summary>
internal static class FtsQuery
{
    public const int MaxLength = 1000;

    /// <summary>The FTS5 expression, or null with a reason a user can act on.</summary>
    public static string? Translate(string query, out string? error)
    {
        error = Check(query);
        if (error is not null)
        {
            return null;
        }

        var node = SearchParser.Parse(query, out error);
        return node is null ? null : Write(node, nested: false);
    }

    private static string? Check(string query)
    {
        if (query.Length > MaxLength)
        {
            return $"q is longer than {MaxLength} characters";
        }

        return query.Any(char.IsControl) ? "q contains control characters" : null;
    }

    /// <summary>The node in FTS5's syntax, in brackets when it is part of a larger expression and has parts of its own.</summary>
    private static string Write(SearchNode node, bool nested)
    {
        var text = node switch
        {
            SearchTerm term => term.Fts,
            AnyOf any => string.Join(" OR ", any.Parts.Select(p => Write(p, true))),
            AllOf all => WriteAll(all),
            _ => throw new ArgumentOutOfRangeException(nameof(node)),
        };
        return nested && node is not SearchTerm ? $"({text})" : text;
    }

    /// <summary><c>(a AND b) NOT (c OR d)</c>: what to find, then what to leave out of it.</summary>
    private static string WriteAll(AllOf all)
    {
        var include = string.Join(" AND ", all.Include.Select(p => Write(p, true)));
        if (all.Exclude.Count == 0)
        {
            return include;
        }

        var exclude = all.Exclude.Count == 1 ? Write(all.Exclude[0], true) : Write(new AnyOf(all.Exclude), true);
        return $"{(all.Include.Count > 1 ? $"({include})" : include)} NOT {exclude}";
    }

    /// <summary>Text as one FTS5 string (a phrase of its tokens), any quote inside doubled.</summary>
    public static string Quote(string text) => new StringBuilder("\"").Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
}
