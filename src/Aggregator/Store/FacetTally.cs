using System.Globalization;
using System.Text.Json;

namespace Aggregator.Store;

/// <summary>
/// Counts facet values over the matches read, grouping as SQLite did when facets were SQL: categories
/// and authors case-insensitively for ASCII letters (NOCASE) under their smallest spelling, categories
/// as <c>item_categories</c> holds them (trimmed of spaces, 1–500 characters, once per item).
/// </summary>
internal static class FacetTally
{
    private const int MaxPeriods = 1000;

    /// <param name="time">The date field the periods count by: the one the query filters on.</param>
    /// <param name="periodsFrom">Periods starting earlier are left out: the rows may not hold all their matches.</param>
    public static IReadOnlyList<FacetValue> Count(List<FacetRow> rows, FacetKind kind, int size, double scale, Func<FacetRow, long> time, long periodsFrom) => kind switch
    {
        FacetKind.Category => Top(Distinct(rows, r => r.Categories).SelectMany(p => Categories(p.Key).Select(c => (c, p.Value))), AsciiNoCase.Instance, size, scale),
        FacetKind.Author => Top(Distinct(rows, r => r.Author).Select(p => (p.Key, p.Value)), AsciiNoCase.Instance, size, scale),
        FacetKind.Language => Top(Distinct(rows, r => r.Language).Select(p => (p.Key, p.Value)), StringComparer.Ordinal, size, scale),
        _ => Periods(rows, kind, time, periodsFrom),
    };

    public static long Scale(long count, double scale) => (long)Math.Round(count * scale);

    /// <summary>
    /// Each distinct value with its count, compared exactly: the cheap pass over every row. The few
    /// distinct values are then grouped, parsed or formatted once each.
    /// </summary>
    private static Dictionary<string, long> Distinct(List<FacetRow> rows, Func<FacetRow, string?> value)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (value(row) is { } text)
            {
                counts[text] = counts.GetValueOrDefault(text) + 1;
            }
        }

        return counts;
    }

    /// <summary>The most frequent values, each labelled by its smallest spelling, most frequent first.</summary>
    private static List<FacetValue> Top(IEnumerable<(string Value, long Count)> values, IEqualityComparer<string> comparer, int size, double scale)
    {
        var groups = new Dictionary<string, (string Spelling, long Count)>(comparer);
        foreach (var (value, count) in values)
        {
            groups[value] = groups.TryGetValue(value, out var g)
                ? (string.CompareOrdinal(value, g.Spelling) < 0 ? value : g.Spelling, g.Count + count)
                : (value, count);
        }

        return [.. groups.Values.OrderByDescending(g => g.Count).ThenBy(g => g.Spelling, StringComparer.Ordinal).Take(size)
            .Select(g => new FacetValue(g.Spelling, null, g.Count, Scale(g.Count, scale)))];
    }

    /// <summary>Days, ISO weeks or months, newest first; not scaled, as each one listed holds every match of its period.</summary>
    private static List<FacetValue> Periods(List<FacetRow> rows, FacetKind kind, Func<FacetRow, long> time, long from)
    {
        // Whole seconds first, as SQLite's strftime(…, sort_at / 1000, 'unixepoch') did; then whole days, each formatted once.
        var days = rows.CountBy(r => (long)Math.Floor(time(r) / 1000 / 86_400.0));
        return [.. days.Where(d => (double)Start(d.Key, kind) * 86_400_000 >= from)
            .GroupBy(d => Period(d.Key, kind), d => d.Value, StringComparer.Ordinal)
            .OrderByDescending(g => g.Key, StringComparer.Ordinal).Take(MaxPeriods)
            .Select(g => new FacetValue(g.Key, null, g.Sum(), g.Sum()))];
    }

    /// <summary>The first day of the day's period.</summary>
    private static long Start(long day, FacetKind kind)
    {
        var time = DateTime.UnixEpoch.AddDays(day);
        return kind switch
        {
            FacetKind.Day => day,
            FacetKind.Week => day - (((int)time.DayOfWeek + 6) % 7),
            _ => day - (time.Day - 1),
        };
    }

    private static string Period(long day, FacetKind kind)
    {
        var time = DateTime.UnixEpoch.AddDays(day);
        return kind switch
        {
            FacetKind.Day => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            FacetKind.Week => string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(time):D4}-W{ISOWeek.GetWeekOfYear(time):D2}"),
            _ => time.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>An item's categories as <c>ItemWrites.IndexAsync</c> lists them in <c>item_categories</c>.</summary>
    private static HashSet<string> Categories(string json)
    {
        var seen = new HashSet<string>(AsciiNoCase.Instance);
        foreach (var value in Strings(json))
        {
            if (value.Trim(' ') is { Length: >= 1 and <= 500 } category)
            {
                seen.Add(category);
            }
        }

        return seen;
    }

    /// <summary>
    /// The strings of a JSON array. The stored lists are flat arrays of strings; without escapes each
    /// string is simply what lies between two quotes, which is far cheaper than a JSON parser per row.
    /// </summary>
    private static List<string> Strings(string json)
    {
        if (json.Contains('\\', StringComparison.Ordinal) || json.IndexOfAny(['[', '{'], 1) >= 0)
        {
            using var document = JsonDocument.Parse(json);
            return [.. document.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
        }

        var strings = new List<string>();
        for (var start = json.IndexOf('"', StringComparison.Ordinal); start >= 0; start = json.IndexOf('"', start + 1))
        {
            var end = json.IndexOf('"', start + 1);
            strings.Add(json[(start + 1)..end]);
            start = end;
        }

        return strings;
    }
}

/// <summary>SQLite's NOCASE: equal when equal after folding ASCII letters only.</summary>
internal sealed class AsciiNoCase : IEqualityComparer<string>
{
    public static readonly AsciiNoCase Instance = new();

    public bool Equals(string? x, string? y)
    {
        if (x is null || y is null || x.Length != y.Length)
        {
            return ReferenceEquals(x, y);
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (Fold(x[i]) != Fold(y[i]))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(string obj)
    {
        var hash = default(HashCode);
        foreach (var c in obj)
        {
            hash.Add(Fold(c));
        }

        return hash.ToHashCode();
    }

    private static char Fold(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
}
