using System.Text;

namespace Aggregator.Store;

/// <summary>
/// Rewrites an FTS5 expression with its prefixes (<c>"elect"*</c>) written out as an OR of terms, keeping
/// its meaning. FTS5 allows implicit AND only between phrases (<c>a b</c>), and that implicit AND binds
/// tighter than NOT (<c>a NOT b c</c> is <c>a NOT (b c)</c>), so a run of adjacent phrases holding a
/// prefix becomes one parenthesized group with explicit ANDs: <c>a NOT (b AND ("c1" OR "c2"))</c>.
/// Understands what <c>FtsQuery</c> writes (quoted phrases, <c>*</c>, <c>column :</c>, AND/OR/NOT,
/// parentheses); an expression with anything else is returned as it is.
/// </summary>
internal static class PrefixRewrite
{
    /// <summary>The prefixes of ASCII letters and digits in the expression (lower case), the ones <see cref="Rewrite"/> can expand.</summary>
    public static IReadOnlyList<string> Prefixes(string match) =>
        Tokens(match) is { } tokens ? [.. tokens.Where(t => t.Prefix is not null).Select(t => t.Prefix!).Distinct(StringComparer.Ordinal)] : [];

    /// <summary>The expression with each prefix that <paramref name="termsOf"/> knows replaced by the OR of its terms.</summary>
    public static string Rewrite(string match, IReadOnlyDictionary<string, IReadOnlyList<string>> termsOf)
    {
        if (termsOf.Count == 0 || Tokens(match) is not { } tokens)
        {
            return match;
        }

        var output = new StringBuilder();
        var run = new List<Token>();
        void Flush()
        {
            var expanded = run.Any(t => t.Prefix is not null && termsOf.ContainsKey(t.Prefix));
            var parts = run.Select(t => t.Prefix is not null && termsOf.TryGetValue(t.Prefix, out var terms)
                ? $"{t.Column}({string.Join(" OR ", terms.Select(term => $"\"{term.Replace("\"", "\"\"", StringComparison.Ordinal)}\""))})"
                : t.Column + t.Text);
            output.Append(expanded && run.Count > 1 ? $"({string.Join(" AND ", parts)})" : string.Join(' ', parts)).Append(' ');
            run.Clear();
        }

        foreach (var token in tokens)
        {
            if (token.IsPhrase)
            {
                run.Add(token);
                continue;
            }

            if (run.Count > 0)
            {
                Flush();
            }

            output.Append(token.Text).Append(' ');
        }

        if (run.Count > 0)
        {
            Flush();
        }

        return output.ToString().TrimEnd();
    }

    /// <summary>
    /// For each phrase of <see cref="Rewrite"/>'s expression, in the order FTS5 numbers them (as written),
    /// the prefix it is a term of, or null for a phrase of the original; null when the rewrite leaves the
    /// expression as it is.
    /// </summary>
    public static IReadOnlyList<string?>? PhrasePrefixes(string match, IReadOnlyDictionary<string, IReadOnlyList<string>> termsOf)
    {
        if (termsOf.Count == 0 || Tokens(match) is not { } tokens)
        {
            return null;
        }

        var prefixes = new List<string?>();
        foreach (var token in tokens.Where(t => t.IsPhrase))
        {
            if (token.Prefix is not null && termsOf.TryGetValue(token.Prefix, out var terms))
            {
                prefixes.AddRange(terms.Select(_ => token.Prefix));
            }
            else
            {
                prefixes.Add(null);
            }
        }

        return prefixes;
    }

    /// <summary>One phrase (with its column filter and prefix, if any), operator or parenthesis.</summary>
    private sealed record Token(string Text, bool IsPhrase, string Column = "", string? Prefix = null);

    /// <summary>The tokens of the expression, or null when it holds anything this rewrite does not understand.</summary>
    private static List<Token>? Tokens(string match)
    {
        var tokens = new List<Token>();
        var column = "";
        var i = 0;
        while (i < match.Length)
        {
            var c = match[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                if (column.Length > 0)
                {
                    return null;
                }

                tokens.Add(new Token(c.ToString(), false));
                i++;
            }
            else if (c == '"')
            {
                var end = i + 1;
                while (end < match.Length && !(match[end] == '"' && (end + 1 >= match.Length || match[end + 1] != '"')))
                {
                    end += match[end] == '"' ? 2 : 1;
                }

                if (end >= match.Length)
                {
                    return null;
                }

                var star = end + 1 < match.Length && match[end + 1] == '*';
                var word = match[(i + 1)..end];
                var prefix = star && word.Length > 0 && word.All(char.IsAsciiLetterOrDigit) ? word.ToLowerInvariant() : null;
                tokens.Add(new Token(match[i..(star ? end + 2 : end + 1)], true, column, prefix));
                column = "";
                i = star ? end + 2 : end + 1;
            }
            else
            {
                var end = i;
                while (end < match.Length && (char.IsAsciiLetterOrDigit(match[end]) || match[end] == '_'))
                {
                    end++;
                }

                var word = match[i..end];
                var next = end;
                while (next < match.Length && char.IsWhiteSpace(match[next]))
                {
                    next++;
                }

                if (word.Length > 0 && column.Length == 0 && next < match.Length && match[next] == ':')
                {
                    column = $"{word} : ";
                    i = next + 1;
                }
                else if (word is "AND" or "OR" or "NOT" && column.Length == 0)
                {
                    tokens.Add(new Token(word, false));
                    i = end;
                }
                else
                {
                    return null;
                }
            }
        }

        return column.Length > 0 ? null : tokens;
    }
}
