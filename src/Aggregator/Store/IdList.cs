namespace Aggregator.Store;

/// <summary>
/// A list of ids as one parameter: a JSON array read with <c>json_each</c>. Dapper's <c>IN @ids</c>
/// makes a parameter per id, and SQLite finds each by name in a linear list, so binding a page of a
/// hundred ids cost more than the query that used them.
/// </summary>
internal static class IdList
{
    public static string Json(IEnumerable<long> ids) => $"[{string.Join(',', ids)}]";

    /// <summary>The subquery to put after <c>IN</c>, reading the array bound to <paramref name="parameter"/>.</summary>
    public static string Sql(string parameter) => $"(SELECT value FROM json_each({parameter}))";
}
