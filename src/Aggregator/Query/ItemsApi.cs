using System.Net;
using Aggregator.Http;
using Aggregator.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;

namespace Aggregator.Query;

/// <summary>The readers' and analysts' item listing: search, filter, page, facet.</summary>
internal static class ItemsApi
{
    public const string FilterHelp = """
        q: words (all must match), "a phrase", OR, NOT or -word, prefix*, parentheses, NEAR(a b, 5), title: and text: before a word, prefix, phrase or group
        (e.g. taliban "peace talks", title:elect*, title:(doha OR kabul), (nato OR un) -russia). Operators are upper case; AND and NOT bind before OR, left to right.
        source: source ids, comma-separated or repeated (source=1,2). category: a category, repeat for any of several (category=Politics&category=World), case-insensitive.
        author: an author name, repeatable, case-insensitive. language: language tags, comma-separated; en also matches en-gb (language=en,fr).
        sourceCategory: items of sources filed under a category or a folder inside it (sourceCategory=News holds News/World), repeatable.
        sourceTag: items of sources with a tag, repeatable. hasEnclosure: true or false. starred: true (only starred items) or false. since (inclusive) and until (exclusive): ISO 8601 dates or instants (since=2024-06-01&until=2024-07-01T00:00:00Z),
        on the published time (the fetch time for undated items), or on the fetch time with dateField=fetched.
        All filters combine (AND); values within one filter are alternatives (OR).
        """;

    public static IEndpointRouteBuilder MapItems(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/items").WithTags("Items").RequireReadKey();
        group.MapGet("/", ListAsync).WithName("ListItems")
            .WithSummary("Items, newest first; full-text search with q, filters, keyset paging")
            .WithDescription($"""
                {FilterHelp}
                limit: 1–500, default 50. sort: newest (default), oldest, or relevance (with q: bm25, titles weigh 10× text, blended with recency;
                ranked exactly up to Aggregator:RelevanceCandidates matches, default {QueryLimits.Default.RelevanceCandidates}; beyond, the most recently stored matches are ranked in blocks of that many, newest block first).
                cursor: nextCursor of the previous page. With q each item carries a snippet: HTML-escaped text with matches in <mark>.
                Example: /api/items?q=election%20NOT%20poll&category=Politics&language=en&since=2024-06-01&sort=relevance
                """);
        group.MapGet("/{id:long}", GetAsync).WithName("GetItem").WithSummary("One item");
        group.MapGet("/facets", FacetsApi.CountAsync).WithName("ItemFacets")
            .WithSummary("Counts by source, category, author, language and day/week/month for a query")
            .WithDescription($"""
                Takes every filter of /api/items. facets: a comma-separated choice of source, category, author, language, day, week, month
                (default source,category,author,language,day). size: values per facet, 1–100, default 10 (periods list up to 1000, newest first).
                Exact up to a bound (Aggregator:FacetSampleSize, default {QueryLimits.Default.FacetSample}) of matches; beyond, counted over a sample of recent
                matches up to the bound (sampled: true, approximate: true, sampleSize), each value's estimate scaled to every match, total counted or
                estimated (totalExact), and only the periods from periodsFrom on listed, each whole. Periods count by the date field (dateField).
                {FilterHelp}
                Example: /api/items/facets?q=election&facets=source,category,week
                """);
        return app;
    }

    private static async Task<Results<Ok<ItemPage>, ProblemHttpResult>> ListAsync(HttpRequest request, ItemStore items, CancellationToken ct)
    {
        var filter = ItemQuery.Parse(request.Query, 50, out var error);
        if (filter is null)
        {
            return Problems.BadRequest(error!);
        }

        try
        {
            var (shown, next) = await ListPageAsync(items, filter, ct);
            return TypedResults.Ok(new ItemPage([.. shown.Select(ItemResponse.From)], next));
        }
        catch (SqliteException e) when (FtsErrors.IsFtsError(e))
        {
            return Problems.BadRequest(FtsErrors.Detail(e));
        }
    }

    /// <summary>One page and the cursor of the next.</summary>
    public static async Task<(IReadOnlyList<Item> Items, string? NextCursor)> ListPageAsync(ItemStore items, ItemFilter filter, CancellationToken ct)
    {
        var rows = await items.ListAsync(filter, ct);
        var more = rows.Count > filter.Limit;
        var shown = more ? rows.Take(filter.Limit).ToList() : rows;
        var next = more ? Cursor.For(filter.Order, shown[^1], filter.Offset + filter.Limit) : null;
        return (shown, next);
    }

    private static async Task<Results<Ok<ItemResponse>, ProblemHttpResult>> GetAsync(long id, ItemStore items, CancellationToken ct) =>
        await items.GetAsync(id, ct) is { } item
            ? TypedResults.Ok(ItemResponse.From(item))
            : Problems.NotFound($"There is no item {id}.");

    /// <summary>Snippet text, HTML-escaped, with the store's match markers turned into <c>&lt;mark&gt;</c>.</summary>
    public static string? SnippetHtml(string? snippet) => snippet is null ? null : WebUtility.HtmlEncode(snippet)
        .Replace(ItemStore.MarkStart.ToString(), "<mark>", StringComparison.Ordinal)
        .Replace(ItemStore.MarkEnd.ToString(), "</mark>", StringComparison.Ordinal);
}

/// <summary>A page of items; <see cref="NextCursor"/> is null on the last page.</summary>
internal sealed record ItemPage(IReadOnlyList<ItemResponse> Items, string? NextCursor);

/// <summary>
/// An item as the API shows it. <c>contentHtml</c> is sanitized; <c>contentText</c> has blank lines between paragraphs;
/// <c>snippet</c> (with q) is HTML-escaped text with the matches in <c>&lt;mark&gt;</c>.
/// </summary>
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
    IReadOnlyList<StoredEnclosure> Enclosures,
    string? Language,
    string? Snippet,
    bool Starred)
{
    public static ItemResponse From(Item i) => new(
        i.Id, i.SourceId, i.SourceTitle, i.Title, i.Url, i.Author, i.Published, i.Updated, i.FetchedAt,
        i.Summary, i.ContentHtml, i.ContentText, i.Categories, i.Enclosures, i.Language, ItemsApi.SnippetHtml(i.Snippet), i.Starred);
}
