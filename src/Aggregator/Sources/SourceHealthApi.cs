using Aggregator.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregator.Sources;

/// <summary>
/// <c>GET /api/sources/health</c>: how many sources are in each grade, and the sick ones with what an
/// operator needs to act. Built on the same per-source activity as <c>/api/stats/sources</c>.
/// </summary>
internal static class SourceHealthApi
{
    public const string Grades = "healthy, failing or dead";

    public static bool IsGrade(string value) => value is SourceHealth.Healthy or SourceHealth.Failing or SourceHealth.Dead;

    /// <summary>A 7-day count as a daily average, to two decimals.</summary>
    public static double PerDay(long lastWeek) => Math.Round(lastWeek / 7.0, 2);

    public static async Task<Ok<HealthSummary>> SummaryAsync(ItemStats stats, CancellationToken ct)
    {
        var all = await stats.HealthAsync(ct);
        int Count(string grade) => all.Count(s => s.Health == grade);
        var sick = all.Where(s => s.Health != SourceHealth.Healthy)
            .OrderBy(s => s.Health == SourceHealth.Dead ? 0 : 1)
            .ThenBy(s => s.HealthSince)
            .Select(SickSource.From);
        return TypedResults.Ok(new HealthSummary(
            new GradeCounts(Count(SourceHealth.Healthy), Count(SourceHealth.Failing), Count(SourceHealth.Dead)), [.. sick]));
    }
}

/// <summary>Sources by grade, and the failing and dead ones (dead first, the longest sick first).</summary>
internal sealed record HealthSummary(GradeCounts Counts, IReadOnlyList<SickSource> Sources);

/// <summary>How many sources, enabled or not, are in each grade.</summary>
internal sealed record GradeCounts(int Healthy, int Failing, int Dead);

/// <summary>A failing or dead source.</summary>
/// <param name="Reason">The error behind the grade (a 410 Gone says so).</param>
/// <param name="Since">When the source entered this grade.</param>
/// <param name="ItemsPerDay">Items published (else fetched) per day over the last 7 days.</param>
internal sealed record SickSource(
    long Id, string? Title, string Url, bool Enabled, string Health, string? Reason, DateTimeOffset? Since,
    DateTimeOffset? LastSuccessAt, DateTimeOffset? LastFetchedAt, int ConsecutiveFailures, string? LastError, double ItemsPerDay)
{
    public static SickSource From(SourceActivity s) => new(
        s.SourceId, s.Title, s.Url, s.Enabled, s.Health, s.HealthReason, s.HealthSince,
        s.LastSuccessAt, s.LastFetchedAt, s.ConsecutiveFailures, s.LastError, SourceHealthApi.PerDay(s.ItemsLastWeek));
}
