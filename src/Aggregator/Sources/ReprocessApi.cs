using Aggregator.Http;
using Aggregator.Schedule;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregator.Sources;

/// <summary><c>POST /api/sources/{id}/reprocess</c>: clean a source's stored items again after its rules changed.</summary>
internal static class ReprocessApi
{
    /// <summary>
    /// Runs to the end before answering, so the answer says what changed; pages are fetched
    /// again only for sources whose full-page mode asks for them.
    /// </summary>
    public static async Task<Results<Ok<ItemReprocessor.Result>, ProblemHttpResult>> ReprocessAsync(
        long id, ItemReprocessor reprocessor, CancellationToken ct) =>
        await reprocessor.ReprocessAsync(id, ct) is { } result
            ? TypedResults.Ok(result)
            : Problems.NotFound($"There is no source {id}.");
}
