using Aggregator.Http;
using Aggregator.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;

namespace Aggregator.Query;

/// <summary>The readers' and analysts' item listing: search, filter, page.</summary>
internal static class ItemsApi
{
    public static IEndpointRouteBuilder MapItems(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/items").WithTags("Items");
        group.MapGet("/", ListAsync).WithName("ListItems")
            .WithSummary("Items, newest first; full-text search with q, filters, keyset paging")
            .WithDescription("""
                q: words (all must match), "a phrase", OR, NOT, prefix*, parentheses, title:word, text:word.
                source: one or more source ids, comma-separated or repeated. since (inclusive) and until (exclusive):
                ISO 8601 instants on the published time (the fetch time for undated items). limit: 1–500, default 50.
                sort: newest (default), oldest, or relevance (with q). cursor: nextCursor of the previous page.
                """);
        group.MapGet("/{id:long}", GetAsync).WithName("GetItem").WithSummary("One item");
        return app;
    }

    private static async Task<Results<Ok<ItemPage>, ProblemHttpResult>> ListAsync(HttpRequest request, ItemStore items, CancellationToken ct)
    {
        var filter = ItemQuery.Parse(request.Query, 50, out var error);
        if (filter is null)
        {
            return Problems.BadRequest(error!);
        }

        var page = await ListPageAsync(items, filter, ct);
        return page is null
            ? Problems.BadRequest("q: the search expression is not valid.")
            : TypedResults.Ok(new ItemPage([.. page.Value.Items.Select(ItemResponse.From)], page.Value.NextCursor));
    }

    /// <summary>One page and the cursor of the next; null when FTS5 still rejects the expression.</summary>
    public static async Task<(IReadOnlyList<Item> Items, string? NextCursor)?> ListPageAsync(ItemStore items, ItemFilter filter, CancellationToken ct)
    {
        IReadOnlyList<Item> rows;
        try
        {
            rows = await items.ListAsync(filter, ct);
        }
        catch (SqliteException e) when (e.Message.Contains("fts5", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var more = rows.Count > filter.Limit;
        var shown = more ? rows.Take(filter.Limit).ToList() : rows;
        var next = more ? Cursor.For(filter.Order, shown[^1], filter.Offset + filter.Limit) : null;
        return (shown, next);
    }

    private static async Task<Results<Ok<ItemResponse>, ProblemHttpResult>> GetAsync(long id, ItemStore items, CancellationToken ct) =>
        await items.GetAsync(id, ct) is { } item
            ? TypedResults.Ok(ItemResponse.From(item))
            : Problems.NotFound($"There is no item {id}.");
}

/// <summary>A page of items; <see cref="NextCursor"/> is null on the last page.</summary>
internal sealed record ItemPage(IReadOnlyList<ItemResponse> Items, string? NextCursor);

/// <summary>An item as the API shows it. <c>contentHtml</c> is sanitized; <c>contentText</c> has blank lines between paragraphs.</summary>
internal sealed record ItemResponse(
    long Id,
    long SourceId,
    string? SourceTitle,
    string? Title,
    string? Url,
    string? Author,
    DateTimeOffset? Published,
    DateTimeOffset? Updated,
    DateTimeOffset FetchedAt,
    string? Summary,
    string? ContentHtml,
    string? ContentText,
    IReadOnlyList<string> Categories,
    IReadOnlyList<StoredEnclosure> Enclosures)
{
    public static ItemResponse From(Item i) => new(
        i.Id, i.SourceId, i.SourceTitle, i.Title, i.Url, i.Author, i.Published, i.Updated, i.FetchedAt,
        i.Summary, i.ContentHtml, i.ContentText, i.Categories, i.Enclosures);
}
