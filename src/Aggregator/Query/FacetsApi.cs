using Aggregator.Http;
using Aggregator.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;

namespace Aggregator.Query;

/// <summary><c>/api/items/facets</c>: counts for the current query, to show beside its results.</summary>
internal static class FacetsApi
{
    private static readonly FacetKind[] Default = [FacetKind.Source, FacetKind.Category, FacetKind.Author, FacetKind.Language, FacetKind.Day];

    public static async Task<Results<Ok<FacetsResponse>, ProblemHttpResult>> CountAsync(HttpRequest request, ItemFacets facets, CancellationToken ct)
    {
        var filter = ItemQuery.Parse(request.Query, 50, out var error);
        var chosen = ItemQuery.Single(request.Query, "facets", ref error, list: true);
        var kinds = Kinds(chosen, ref error);
        var size = ItemQuery.Limit(request.Query, 10, 100, ref error, "size");
        if (filter is null || error is not null)
        {
            return Problems.BadRequest(error!);
        }

        try
        {
            var counts = await facets.CountAsync(filter, kinds, size, ct);
            return TypedResults.Ok(new FacetsResponse(
                counts.Total, counts.TotalExact, counts.Sampled, counts.Sampled || !counts.TotalExact, counts.SampleSize, counts.PeriodsFrom,
                counts.Facets.ToDictionary(f => f.Key.ToString().ToLowerInvariant(), f => f.Value)));
        }
        catch (SqliteException e) when (FtsErrors.IsFtsError(e))
        {
            return Problems.BadRequest(FtsErrors.Detail(e));
        }
    }

    private static List<FacetKind> Kinds(string? text, ref string? error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [.. Default];
        }

        var kinds = new List<FacetKind>();
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Enum.TryParse<FacetKind>(name, ignoreCase: true, out var kind) && name.All(char.IsAsciiLetter))
            {
                kinds.Add(kind);
                continue;
            }

            error ??= $"facets: '{ItemQuery.Clip(name)}' is not one of source, category, author, language, day, week, month.";
        }

        return [.. kinds.Distinct()];
    }
}

/// <summary>
/// Facet counts; <c>total</c> is exact when <c>totalExact</c>, else estimated from a sample of <c>sampleSize</c>
/// recent matches, over which the facets were then counted (<c>sampled</c>). <c>approximate</c> is true
/// when any number is not exact. Each value has <c>count</c> (in the matches read) and <c>estimate</c>
/// (scaled to every match; equal to <c>count</c> when exact and for periods). A sample lists only the
/// periods starting at or after <c>periodsFrom</c> (null when not sampled), each counted whole.
/// </summary>
internal sealed record FacetsResponse(
    long Total, bool TotalExact, bool Sampled, bool Approximate, int SampleSize, DateTimeOffset? PeriodsFrom,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets);
