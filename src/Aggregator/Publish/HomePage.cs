using System.Net;
using System.Text;

namespace Aggregator.Publish;

/// <summary>A minimal page at <c>/</c> that lets feed readers discover the merged feeds.</summary>
internal static class HomePage
{
    public static IEndpointRouteBuilder MapHome(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Render).ExcludeFromDescription();
        return app;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Render()
    {
        var html = new StringBuilder("""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Aggregator</title>
            <link rel="alternate" type="application/rss+xml" title="All sources (RSS)" href="/feeds/all.rss">
            <link rel="alternate" type="application/atom+xml" title="All sources (Atom)" href="/feeds/all.atom">
            <link rel="alternate" type="application/feed+json" title="All sources (JSON Feed)" href="/feeds/all.json">
            </head><body><h1>Aggregator</h1>
            <p>Merged feed of all sources: <a href="/feeds/all.rss">RSS</a>, <a href="/feeds/all.atom">Atom</a>, <a href="/feeds/all.json">JSON Feed</a>.</p>
            <p>API: <a href="/docs">documentation</a>, <a href="/openapi/v1.json">OpenAPI</a>, <a href="/api/sources">sources</a>, <a href="/api/items">items</a>.</p>
            """);
        html.Append(CultureSafe($"<p><small>Aggregator {WebUtility.HtmlEncode(ThisAssembly.Version)}</small></p></body></html>"));
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static string CultureSafe(FormattableString text) => FormattableString.Invariant(text);
}
