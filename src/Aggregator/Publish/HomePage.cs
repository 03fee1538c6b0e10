using System.Text;
using Aggregator.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using static System.Net.WebUtility;

namespace Aggregator.Publish;

/// <summary>
/// The page at <c>/</c>: the river of news (newest stories across sources, once each) with every
/// channel linked and announced in <c>&lt;link rel="alternate"&gt;</c> tags so readers can subscribe from it.
/// Everything from feeds is HTML-encoded plain text here: no markup from outside reaches this page.
/// </summary>
internal static class HomePage
{
    private const int RiverSize = 30;

    private static readonly (string Extension, string Type, string Label)[] Formats =
        [("rss", "application/rss+xml", "RSS"), ("atom", "application/atom+xml", "Atom"), ("json", "application/feed+json", "JSON Feed")];

    public static IEndpointRouteBuilder MapHome(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", RenderAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<ContentHttpResult> RenderAsync(ChannelCatalog catalog, ChannelListing listing, CancellationToken ct)
    {
        var query = new QueryCollection(new Dictionary<string, StringValues> { ["limit"] = RiverSize.ToString() });
        var (page, _) = await listing.ListAsync(catalog.Channels[0], query, contentText: true, ct);
        var html = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Aggregator</title>\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        foreach (var channel in catalog.Channels)
        {
            foreach (var (extension, type, label) in Formats)
            {
                html.Append($"<link rel=\"alternate\" type=\"{type}\" title=\"{HtmlEncode($"{channel.Title} ({label})")}\" href=\"/feeds/{channel.Name}.{extension}\">\n");
            }
        }

        html.Append("</head><body><h1>Aggregator</h1>\n");
        AppendChannels(html, catalog.Channels);
        AppendRiver(html, page);
        html.Append($"<footer><p><a href=\"/feeds/sources.opml\">Sources (OPML)</a> · <a href=\"/operators\">Operators</a> · <a href=\"/docs\">API</a> · Aggregator {HtmlEncode(ThisAssembly.Version)}</p></footer>\n</body></html>\n");
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static void AppendChannels(StringBuilder html, IReadOnlyList<Channel> channels)
    {
        html.Append("<nav><h2>Channels</h2><ul>\n");
        foreach (var channel in channels)
        {
            html.Append($"<li class=\"channel\"><strong>{HtmlEncode(channel.Title)}</strong>: ");
            html.AppendJoin(", ", Formats.Select(f => $"<a href=\"/feeds/{channel.Name}.{f.Extension}\" type=\"{f.Type}\">{f.Label}</a>"));
            html.Append("</li>\n");
        }

        html.Append("</ul></nav>\n");
    }

    private static void AppendRiver(StringBuilder html, ChannelPage? page)
    {
        html.Append("<main><h2>Latest</h2>\n");
        foreach (var item in page?.Items ?? [])
        {
            var title = HtmlEncode(item.Title ?? "(untitled)");
            html.Append("<article class=\"item\"><h3>");
            html.Append(FeedDocument.SafeUrl(item.Url) is { } url ? $"<a href=\"{HtmlEncode(url)}\">{title}</a>" : title);
            html.Append($"</h3><p class=\"meta\">{HtmlEncode(Sources(page!, item))} · <time datetime=\"{item.SortAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\">{item.SortAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC</time></p>\n");
            html.Append($"<p>{HtmlEncode(Excerpt(item.ContentText ?? item.Summary))}</p></article>\n");
        }

        html.Append("</main>\n");
    }

    private static string Sources(ChannelPage page, Item item) =>
        page.Copies.TryGetValue(item.Id, out var copies) && copies.Count > 1
            ? string.Join(", ", copies.Select(c => c.SourceTitle ?? c.SourceUrl))
            : item.SourceTitle ?? item.SourceUrl ?? "";

    /// <summary>The first ~300 characters of the plain text, cut at a word.</summary>
    private static string Excerpt(string? text)
    {
        var flat = string.Join(' ', (text ?? "").Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        if (flat.Length <= 300)
        {
            return flat;
        }

        var cut = flat.LastIndexOf(' ', 300);
        return string.Concat(flat.AsSpan(0, cut > 200 ? cut : 300), "…");
    }
}
