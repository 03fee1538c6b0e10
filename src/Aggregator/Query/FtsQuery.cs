using System.Text;

namespace Aggregator.Query;

/// <summary>
/// Translates the documented search syntax into an FTS5 expression. Every word is quoted, so
/// punctuation in words ("US-Taliban", "don't") never reaches FTS5 as syntax; operators are
/// passed through: implicit AND, <c>OR</c>, <c>NOT</c>, <c>"a phrase"</c>, <c>prefix*</c>,
/// parentheses, and the column filters <c>title:</c> and <c>text:</c>.
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

        var output = new List<string>();
        var expectTerm = true;
        var depth = 0;
        var i = 0;
        while (i < query.Length && error is null)
        {
            var c = query[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '(')
            {
                output.Add("(");
                depth++;
                expectTerm = true;
                i++;
            }
            else if (c == ')')
            {
                error = expectTerm ? "a closing parenthesis follows an operator or nothing" : depth == 0 ? "a closing parenthesis has no opening one" : null;
                output.Add(")");
                depth--;
                i++;
            }
            else
            {
                var (token, next) = ReadToken(query, i, out error);
                i = next;
                if (error is not null)
                {
                    break;
                }

                if (token.Length == 0)
                {
                    continue;
                }

                if (token is "OR" or "NOT" or "AND")
                {
                    error = expectTerm ? $"{token} needs a search term before it, as in: taliban {token} talks" : null;
                    expectTerm = true;
                }
                else
                {
                    expectTerm = false;
                }

                output.Add(token);
            }
        }

        error ??= depth != 0 ? "an opening parenthesis is never closed"
            : expectTerm ? (output.Count == 0 ? "the query has no search terms" : $"the query ends with {output[^1]}, which needs a term after it")
            : null;
        return error is null ? string.Join(' ', output) : null;
    }

    private static string? Check(string query)
    {
        if (query.Length > MaxLength)
        {
            return $"q is longer than {MaxLength} characters";
        }

        return query.Any(char.IsControl) ? "q contains control characters" : null;
    }

    /// <summary>Reads one operator, quoted phrase or word (with an optional column and trailing <c>*</c>).</summary>
    private static (string Token, int Next) ReadToken(string query, int start, out string? error)
    {
        error = null;
        if (query[start] == '"')
        {
            var end = query.IndexOf('"', start + 1);
            if (end < 0)
            {
                error = "a quotation mark is never closed";
                return ("", query.Length);
            }

            return (Quote(query[(start + 1)..end]), end + 1);
        }

        var stop = start;
        while (stop < query.Length && !char.IsWhiteSpace(query[stop]) && query[stop] is not ('(' or ')' or '"'))
        {
            stop++;
        }

        var word = query[start..stop];
        if (word is "OR" or "NOT" or "AND")
        {
            return (word, stop);
        }

        var column = Column(ref word);
        var prefix = word.EndsWith('*') && word.Length > 1;
        var term = word.TrimEnd('*');
        if (term.Length == 0 || !term.Any(char.IsLetterOrDigit))
        {
            // Pure punctuation holds no token FTS5 could match: it is dropped, not an error.
            return ("", stop);
        }

        return ($"{column}{Quote(term)}{(prefix ? "*" : "")}", stop);
    }

    private static string? Column(ref string word)
    {
        foreach (var (name, column) in (ReadOnlySpan<(string, string)>)[("title:", "title"), ("text:", "content_text")])
        {
            if (word.StartsWith(name, StringComparison.OrdinalIgnoreCase) && word.Length > name.Length)
            {
                word = word[name.Length..];
                return column + " : ";
            }
        }

        return null;
    }

    /// <summary>Text as one FTS5 string (a phrase of its tokens), any quote inside doubled.</summary>
    public static string Quote(string text) => new StringBuilder("\"").Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
}
