using System.Globalization;
using System.Text;

namespace Aggregator.Query;

/// <summary>
/// Reads the documented search syntax (docs/query.md, "Search") into <see cref="SearchNode"/>s, or says
/// what is wrong before FTS5 sees anything. Operands written side by side, <c>AND</c>, <c>NOT</c> and a
/// leading <c>-</c> combine left to right and before <c>OR</c>; operators are upper case. A word or
/// phrase with no letter or digit holds nothing FTS5 could match and is left out.
/// </summary>
internal sealed class SearchParser
{
    /// <summary>
    /// Brackets a search may nest. FTS5's own parser overflows its stack at about 17–20 levels of
    /// <c>(a OR b (…))</c> once the translation has written its ANDs out (17 for <c>(a OR (b AND (…)))</c>,
    /// 20 for <c>(a OR b AND (…))</c>, 33 for a chain of one operator, 98 for bare brackets; the same on
    /// SQLite 3.40 and on this build's 3.53.3); twelve keeps the answer this parser's, which says what to
    /// change, for any shape.
    /// </summary>
    private const int MaxDepth = 12;

    /// <summary>The column filters the docs promise, and the FTS5 column each reads.</summary>
    private static readonly (string Name, string Column)[] Columns = [("title", "title"), ("text", "content_text")];

    private readonly string _text;
    private int _at;
    private int _depth;
    private string? _error;

    private SearchParser(string text) => _text = text;

    private bool AtEnd => _at >= _text.Length;

    public static SearchNode? Parse(string text, out string? error)
    {
        var parser = new SearchParser(text);
        var node = parser.ParseAny(null);
        if (parser._error is null && !parser.AtEnd)
        {
            parser._error = "a closing bracket has no opening one";
        }

        error = parser._error ?? (node is null ? "the query has no search terms (words or \"phrases\" with letters or digits)" : null);
        return error is null ? node : null;
    }

    /// <summary>Parts separated by OR, up to a closing bracket or the end.</summary>
    private SearchNode? ParseAny(string? column)
    {
        var parts = new List<SearchNode>();
        var part = ParseAll(column);
        while (_error is null && PeekOperator() == "OR")
        {
            SkipSpace();
            _at += 2;
            if (part is null)
            {
                return Fail("OR needs a search term before it, as in: doha OR kabul");
            }

            parts.Add(part);
            part = ParseAll(column);
            if (_error is null && part is null)
            {
                return Fail("OR needs a search term after it, as in: doha OR kabul");
            }
        }

        if (_error is not null || part is null)
        {
            return null;
        }

        parts.Add(part);
        return parts.Count == 1 ? part : new AnyOf(parts);
    }

    /// <summary>Operands side by side or joined by AND, and those to leave out (after NOT or '-'), up to an OR.</summary>
    private SearchNode? ParseAll(string? column)
    {
        var include = new List<SearchNode>();
        var exclude = new List<SearchNode>();
        string? pending = null;
        while (_error is null && SkipSpace() && _text[_at] != ')' && PeekOperator() is var op && op != "OR")
        {
            if (op is "AND" or "NOT")
            {
                _at += op.Length;
                _error = pending is not null && (op == "AND" || pending == "NOT") ? $"{op} cannot follow {pending}"
                    : op == "AND" && pending is null && include.Count + exclude.Count == 0 ? "AND needs a search term before it, as in: taliban AND talks"
                    : null;
                pending = op == "NOT" ? "NOT" : pending ?? "AND";
                continue;
            }

            var negated = _text[_at] == '-' && _at + 1 < _text.Length && IsTermStart(_text[_at + 1]);
            if (negated && pending == "NOT")
            {
                return Fail("'-' cannot follow NOT: write one or the other");
            }

            _at += negated ? 1 : 0;
            if (ParsePrimary(column) is { } node)
            {
                (negated || pending == "NOT" ? exclude : include).Add(node);
            }

            // A NOT before a term with nothing to find ("a NOT !! b") leaves that term out, not the next.
            pending = null;
        }

        if (_error is not null)
        {
            return null;
        }

        if (pending is not null)
        {
            return Fail($"{pending} needs a search term after it, as in: taliban {pending} talks");
        }

        if (include.Count == 0 && exclude.Count > 0)
        {
            return Fail("a search needs at least one term to find: NOT and '-' only leave out items that the other terms of their group find, as in: taliban -election");
        }

        return include.Count == 0 ? null : include.Count == 1 && exclude.Count == 0 ? include[0] : new AllOf(include, exclude);
    }

    /// <summary>A word, prefix, "phrase", (group) or NEAR(…), with an optional column filter; null for one with no letter or digit.</summary>
    private SearchNode? ParsePrimary(string? column)
    {
        if (_text[_at] == '(')
        {
            return ParseGroup(column);
        }

        if (_text[_at] == '"')
        {
            return ParsePhrase(column);
        }

        var start = _at;
        var word = ReadWord(inNear: false);
        if (word is "OR" or "AND" or "NOT")
        {
            return Fail($"{word} needs a search term before it; to search for the word, write it in lower case");
        }

        if (word == "NEAR")
        {
            return ParseNear(column);
        }

        if (ColumnName(word) is not { } name)
        {
            return Term(column, word);
        }

        var known = Columns.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Column;
        if (known is null)
        {
            return Fail($"{name}: is not a column; the columns are {string.Join(" and ", Columns.Select(c => c.Name + ":"))} (to search for the text itself, quote it: \"{word}\")");
        }

        if (column is not null && column != known)
        {
            return Fail($"{name}: inside another column's brackets asks for two columns at once");
        }

        _at = start + name.Length + 1;
        return ParsePrimary(known);
    }

    private SearchNode? ParseGroup(string? column)
    {
        if (++_depth > MaxDepth)
        {
            return Fail($"brackets nest more than {MaxDepth} deep");
        }

        _at++;
        var node = ParseAny(column);
        if (_error is not null)
        {
            return null;
        }

        if (AtEnd)
        {
            return Fail("an opening bracket is never closed");
        }

        _at++;
        _depth--;
        return node ?? Fail("a pair of brackets holds no search terms");
    }

    private SearchTerm? ParsePhrase(string? column)
    {
        var end = _text.IndexOf('"', _at + 1);
        if (end < 0)
        {
            return Fail("a quotation mark is never closed");
        }

        var phrase = _text[(_at + 1)..end];
        _at = end + 1;
        var prefix = !AtEnd && _text[_at] == '*';
        _at += prefix ? 1 : 0;
        // Inside the quotes a '*' is text, as every other character there: "elect*" is the word elect.
        return Term(column, phrase, prefix);
    }

    /// <summary>NEAR(a "b c" d*, 5): the terms within the distance (FTS5's default, 10, without one) of each other.</summary>
    private SearchTerm? ParseNear(string? column)
    {
        SkipSpace();
        if (AtEnd || _text[_at] != '(')
        {
            return Fail("NEAR takes its terms in brackets, as in NEAR(peace talks) or NEAR(peace talks, 5); to search for the word, write it in lower case");
        }

        _at++;
        var terms = new List<string>();
        var distance = "";
        while (_error is null && SkipSpace() && _text[_at] != ')')
        {
            if (_text[_at] == ',')
            {
                distance = ReadDistance();
                break;
            }

            if (ParseNearTerm() is { } term)
            {
                terms.Add(term.Fts);
            }
        }

        if (_error is not null)
        {
            return null;
        }

        if (AtEnd)
        {
            return Fail("NEAR's opening bracket is never closed");
        }

        _at++;
        return terms.Count < 2 ? Fail("NEAR needs at least two terms, as in NEAR(peace talks)") : new SearchTerm($"{Filter(column)}NEAR({string.Join(' ', terms)}{distance})");
    }

    /// <summary>One term inside NEAR( … ): a word, prefix or phrase, nothing else FTS5 allows there.</summary>
    private SearchTerm? ParseNearTerm()
    {
        if (_text[_at] == '"')
        {
            return ParsePhrase(null);
        }

        var word = _text[_at] == '(' ? "(" : ReadWord(inNear: true);
        return word == "(" ? Fail("NEAR( … ) holds words, prefixes and \"phrases\", not brackets")
            : word is "OR" or "AND" or "NOT" or "NEAR" ? Fail($"NEAR( … ) holds words, prefixes and \"phrases\", not {word}")
            : ColumnName(word) is not null ? Fail("a column filter goes before NEAR, as in title:NEAR(peace talks)")
            : Term(null, word);
    }

    /// <summary>", 5" before NEAR's closing bracket (which is left to read), written as FTS5 takes it.</summary>
    private string ReadDistance()
    {
        _at++;
        SkipSpace();
        var digits = new string([.. _text[_at..].TakeWhile(char.IsAsciiDigit)]);
        _at += digits.Length;
        if (!SkipSpace())
        {
            Fail("NEAR's opening bracket is never closed");
        }
        else if (digits.Length is 0 or > 4 || _text[_at] != ')')
        {
            Fail("NEAR takes a whole number after its comma and nothing more, as in NEAR(peace talks, 5)");
        }

        return ", " + digits;
    }

    /// <summary>A word as an FTS5 string (a trailing '*' makes it a prefix); null when it holds no letter or digit.</summary>
    private static SearchTerm? Term(string? column, string word) =>
        word.Length > 1 && word.EndsWith('*') ? Term(column, word[..^1], prefix: true) : Term(column, word, prefix: false);

    /// <summary>A word or phrase as an FTS5 string, a prefix when asked; null when it holds no letter or digit.</summary>
    private static SearchTerm? Term(string? column, string text, bool prefix) =>
        text.EnumerateRunes().Any(IsTokenCharacter) ? new SearchTerm($"{Filter(column)}{FtsQuery.Quote(text)}{(prefix ? "*" : "")}") : null;

    /// <summary>
    /// What FTS5's unicode61 tokenizer indexes: letters, numbers of every kind (①, ½) and private-use
    /// characters, read as whole code points (𩸽 is two UTF-16 units, neither a letter on its own).
    /// </summary>
    private static bool IsTokenCharacter(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
        or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
        or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
        or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
        or UnicodeCategory.PrivateUse;

    private static string Filter(string? column) => column is null ? "" : column + " : ";

    /// <summary>
    /// The name of a column filter the word starts with: letters, a colon, then a letter or digit (or a
    /// phrase or group right after the word). Anything else with a colon is text: 10:30, https://…, "re: talks".
    /// </summary>
    private string? ColumnName(string word)
    {
        var colon = word.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || !word[..colon].All(char.IsLetter))
        {
            return null;
        }

        var after = colon + 1 < word.Length ? word[colon + 1] : AtEnd ? ' ' : _text[_at];
        return char.IsLetterOrDigit(after) || (colon + 1 == word.Length && after is '"' or '(') ? word[..colon] : null;
    }

    private string ReadWord(bool inNear)
    {
        var start = _at;
        while (!AtEnd && !char.IsWhiteSpace(_text[_at]) && _text[_at] is not ('(' or ')' or '"') && !(inNear && _text[_at] == ','))
        {
            _at++;
        }

        return _text[start.._at];
    }

    /// <summary>The operator (OR, AND, NOT) that comes next, without reading it.</summary>
    private string? PeekOperator()
    {
        var start = _at;
        SkipSpace();
        var word = AtEnd ? "" : ReadWord(inNear: false);
        _at = start;
        return word is "OR" or "AND" or "NOT" ? word : null;
    }

    /// <summary>Skips white space; false at the end of the query.</summary>
    private bool SkipSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(_text[_at]))
        {
            _at++;
        }

        return !AtEnd;
    }

    private static bool IsTermStart(char c) => c is '"' or '(' || (char.IsSurrogate(c) ? char.IsHighSurrogate(c) : IsTokenCharacter(new Rune(c)));

    private SearchTerm? Fail(string error)
    {
        _error ??= error;
        return null;
    }
}
