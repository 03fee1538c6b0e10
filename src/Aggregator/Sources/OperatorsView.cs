using Aggregator.Store;

namespace Aggregator.Sources;

/// <summary>One source on the operators' page: its row, what it produced last week, its last failed fetches.</summary>
internal sealed record OperatorRow(Source Source, long ItemsLastWeek, IReadOnlyList<FetchLogEntry> LastErrors)
{
    public string DisplayTitle => string.IsNullOrWhiteSpace(Source.Title) ? Source.Url : Source.Title;

    public double ItemsPerDay => ItemsLastWeek / 7.0;
}

/// <summary>
/// How the operators' page is sorted and filtered, from <c>?sort=…&amp;dir=asc|desc&amp;health=…</c>.
/// The default, health ascending, puts the worst first: dead, then failing, then healthy.
/// </summary>
internal sealed record OperatorsView(string Sort, bool Descending, string? Health)
{
    public static readonly string[] Sorts = ["health", "title", "lastSuccess", "items", "failures", "nextFetch"];

    public static readonly string[] Grades = [SourceHealth.Dead, SourceHealth.Failing, SourceHealth.Healthy];

    public static readonly OperatorsView Default = new("health", false, null);

    /// <summary>Reads the query; null with an error naming the parameter when a value is not one we know.</summary>
    public static OperatorsView? Parse(IQueryCollection query, out string? error)
    {
        error = null;
        var sort = Pick(query, "sort", Sorts, Default.Sort, ref error);
        var dir = Pick(query, "dir", ["asc", "desc"], "asc", ref error);
        var health = Pick(query, "health", Grades, null, ref error);
        return error is null ? new OperatorsView(sort!, dir == "desc", health) : null;
    }

    /// <summary>The rows kept by the filter, in this view's order; ties go by title, then id.</summary>
    public IReadOnlyList<OperatorRow> Apply(IEnumerable<OperatorRow> rows)
    {
        var kept = rows.Where(r => Health is null || r.Source.Health == Health).ToList();
        var primary = Comparison();
        kept.Sort((a, b) =>
        {
            var order = primary(a, b) * (Descending ? -1 : 1);
            return order != 0 ? order
                : StringComparer.OrdinalIgnoreCase.Compare(a.DisplayTitle, b.DisplayTitle) is var t and not 0 ? t
                : a.Source.Id.CompareTo(b.Source.Id);
        });
        return kept;
    }

    /// <summary>The query string for this view with <paramref name="sort"/>: the current column flips its direction.</summary>
    public string SortQuery(string sort)
    {
        var dir = sort == Sort && !Descending ? "desc" : "asc";
        return $"?sort={sort}&dir={dir}{(Health is null ? "" : $"&health={Health}")}";
    }

    /// <summary>The query string for this view's order with another filter (null: every source).</summary>
    public string FilterQuery(string? health) =>
        $"?sort={Sort}&dir={(Descending ? "desc" : "asc")}{(health is null ? "" : $"&health={health}")}";

    private Comparison<OperatorRow> Comparison() => Sort switch
    {
        // Worst first; among sources of one grade, the longer failure streak first.
        "health" => (a, b) => Rank(a).CompareTo(Rank(b)) is var r and not 0 ? r
            : b.Source.ConsecutiveFailures.CompareTo(a.Source.ConsecutiveFailures),
        "title" => (a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.DisplayTitle, b.DisplayTitle),
        // Never succeeded sorts as the oldest success.
        "lastSuccess" => (a, b) => Nullable.Compare(a.Source.LastSuccessAt, b.Source.LastSuccessAt),
        "items" => (a, b) => a.Source.ItemCount.CompareTo(b.Source.ItemCount),
        "failures" => (a, b) => a.Source.ConsecutiveFailures.CompareTo(b.Source.ConsecutiveFailures),
        // A source with no next fetch (disabled) sorts last.
        _ => (a, b) => (a.Source.NextFetchAt ?? DateTimeOffset.MaxValue).CompareTo(b.Source.NextFetchAt ?? DateTimeOffset.MaxValue),
    };

    private static int Rank(OperatorRow row) => Array.IndexOf(Grades, row.Source.Health) is var i and >= 0 ? i : Grades.Length;

    private static string? Pick(IQueryCollection query, string name, string[] allowed, string? fallback, ref string? error)
    {
        var value = query[name].ToString();
        if (value.Length == 0)
        {
            return fallback;
        }

        var match = Array.Find(allowed, a => a.Equals(value, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            error ??= $"{name}: '{value}' is not one of {string.Join(", ", allowed)}.";
        }

        return match;
    }
}
