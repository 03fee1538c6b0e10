using Aggregator.Http;
using Aggregator.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregator.Query;

/// <summary><c>/api/stats/…</c>: volume per source and day, top categories, fetch health per source.</summary>
internal static class StatsApi
{
    private const int MaxWindowDays = 3660;

    public static IEndpointRouteBuilder MapStats(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/stats").WithTags("Statistics").RequireReadKey();
        group.MapGet("/daily", DailyAsync).WithName("ItemsPerSourcePerDay")
            .WithSummary("Items per source per day (UTC, by published time) in [since, until); default the last 30 days")
            .WithDescription("since, until: ISO 8601 (window at most 10 years). source: ids, comma-separated. Example: /api/stats/daily?since=2024-06-01&source=1,2");
        group.MapGet("/categories", CategoriesAsync).WithName("TopCategories")
            .WithSummary("The most used categories in [since, until); default the last 30 days")
            .WithDescription("limit: 1–500, default 20. Example: /api/stats/categories?since=2024-06-01&limit=10");
        group.MapGet("/sources", HealthAsync).WithName("SourceHealth")
            .WithSummary("Fetch health per source: status, failures, last success, items in the last day and week")
            .WithDescription("health is pending (never fetched), ok, failing (last fetch failed), or stale (no success for 3 intervals).");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<DailyCount>>, ProblemHttpResult>> DailyAsync(
        HttpRequest request, ItemStats stats, TimeProvider clock, CancellationToken ct)
    {
        var window = Window(request.Query, clock, out var error);
        error ??= Unsupported(request.Query, "/api/stats/daily", "since", "until", "source");
        var sources = ItemQuery.SourceIds(request.Query, ref error);
        return window is null || error is not null
            ? Problems.BadRequest(error!)
            : TypedResults.Ok(await stats.DailyAsync(window.Value.Since, window.Value.Until, sources, ct));
    }

    private static async Task<Results<Ok<IReadOnlyList<CategoryCount>>, ProblemHttpResult>> CategoriesAsync(
        HttpRequest request, ItemStats stats, TimeProvider clock, CancellationToken ct)
    {
        var window = Window(request.Query, clock, out var error);
        error ??= Unsupported(request.Query, "/api/stats/categories", "since", "until", "limit");
        var limit = ItemQuery.Limit(request.Query, 20, 500, ref error);
        return window is null || error is not null
            ? Problems.BadRequest(error!)
            : TypedResults.Ok(await stats.TopCategoriesAsync(window.Value.Since, window.Value.Until, limit, ct));
    }

    private static async Task<Results<Ok<SourceHealthResponse[]>, ProblemHttpResult>> HealthAsync(
        HttpRequest request, ItemStats stats, TimeProvider clock, CancellationToken ct) =>
        Unsupported(request.Query, "/api/stats/sources") is { } error
            ? Problems.BadRequest(error)
            : TypedResults.Ok((await stats.HealthAsync(ct)).Select(h => SourceHealthResponse.From(h, clock.GetUtcNow())).ToArray());

    /// <summary>
    /// A parameter the statistic does not apply, named: <c>/api/stats/daily?q=election</c> answered the daily
    /// counts of every item as though they were the search's. The counts of a search or a filter are facets.
    /// </summary>
    private static string? Unsupported(IQueryCollection query, string endpoint, params string[] allowed) =>
        query.Keys.FirstOrDefault(name => !allowed.Contains(name, StringComparer.OrdinalIgnoreCase)) is { } name
            ? $"{ItemQuery.Clip(name)}: {endpoint} does not take it ({(allowed.Length == 0 ? "it takes no parameters" : $"it takes {string.Join(", ", allowed)}")}); the counts of a search or filter are at /api/items/facets, e.g. facets=day,source&q=…"
            : null;

    private static (DateTimeOffset Since, DateTimeOffset Until)? Window(IQueryCollection query, TimeProvider clock, out string? error)
    {
        error = ItemQuery.CheckControlCharacters(query);
        var until = ItemQuery.Instant(query, "until", ref error) ?? clock.GetUtcNow();
        var since = ItemQuery.Instant(query, "since", ref error) ?? until.AddDays(-30);
        if (error is null && (until <= since || (until - since).TotalDays > MaxWindowDays))
        {
            error = $"since and until: the window must be positive and at most {MaxWindowDays} days.";
        }

        return error is null ? (since, until) : null;
    }
}

/// <summary>
/// A source's fetch health: <c>health</c> is pending before the first fetch, else the source's grade
/// (healthy, failing, dead, see docs/fetching.md), or stale when it is healthy but has not succeeded
/// for three intervals.
/// </summary>
internal sealed record SourceHealthResponse(string Health, SourceActivity Source)
{
    public static SourceHealthResponse From(SourceActivity s, DateTimeOffset now) => new(
        s.LastFetchedAt is null ? "pending"
            : s.Health != SourceHealth.Healthy ? s.Health
            : s.LastSuccessAt is { } ok && now - ok > TimeSpan.FromMinutes(3.0 * s.IntervalMinutes) ? "stale"
            : s.Health,
        s);
}
