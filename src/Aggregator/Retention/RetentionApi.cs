using Aggregator.Http;
using Aggregator.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregator.Retention;

/// <summary><c>POST /api/retention/run</c>, and starring items so retention keeps them.</summary>
internal static class RetentionApi
{
    public static IEndpointRouteBuilder MapRetention(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/retention/run", RunAsync).RequireAdminKey().WithTags("Retention").WithName("RunRetention")
            .WithSummary("Run retention now: remove items beyond the age and count limits (starred ones stay); answers what was removed");
        var items = app.MapGroup("/api/items/{id:long}/star").WithTags("Items").RequireAdminKey();
        items.MapPut("/", (long id, RetentionStore store, CancellationToken ct) => SetAsync(id, true, store, ct))
            .WithName("StarItem").WithSummary("Star an item: retention never removes it");
        items.MapDelete("/", (long id, RetentionStore store, CancellationToken ct) => SetAsync(id, false, store, ct))
            .WithName("UnstarItem").WithSummary("Unstar an item: retention treats it like any other");
        return app;
    }

    private static async Task<Ok<RetentionRunResponse>> RunAsync(RetentionSweeper sweeper, CancellationToken ct) =>
        TypedResults.Ok(RetentionRunResponse.From(await sweeper.SweepAsync(ct)));

    private static async Task<Results<NoContent, ProblemHttpResult>> SetAsync(long id, bool starred, RetentionStore store, CancellationToken ct) =>
        await store.SetStarredAsync(id, starred, ct) ? TypedResults.NoContent() : Problems.NotFound($"There is no item {id}.");
}

/// <summary>What a retention run removed.</summary>
/// <param name="Removed">Items removed in all.</param>
/// <param name="Sources">Per source that lost items: its id and how many.</param>
/// <param name="TombstonesExpired">Tombstones of long-removed items deleted: their entries may be stored again.</param>
/// <param name="SearchSegmentsMerged">How many fewer segments the full-text index has after this run's merge (0: not due, or one already; <c>SearchIndexMergeHours</c>).</param>
internal sealed record RetentionRunResponse(int Removed, IReadOnlyList<SourceRemoval> Sources, int TombstonesExpired, long SearchSegmentsMerged)
{
    public static RetentionRunResponse From(RetentionReport report) => new(
        report.Removed,
        [.. report.RemovedBySource.OrderBy(p => p.Key).Select(p => new SourceRemoval(p.Key, p.Value))],
        report.TombstonesExpired,
        report.SearchSegmentsMerged);
}

/// <summary>How many items retention removed from one source.</summary>
internal sealed record SourceRemoval(long SourceId, int Removed);
