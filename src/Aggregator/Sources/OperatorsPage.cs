using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Aggregator.Store;
using static System.Net.WebUtility;

namespace Aggregator.Sources;

/// <summary>
/// The operators' page: every source with its health, fetch record and last errors, in a table
/// sorted by links, no script. Everything from feeds and the database is HTML-encoded text here, and
/// the Content-Security-Policy allows nothing but this page's own style block.
/// </summary>
internal static class OperatorsPage
{
    private const string Style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%}
        th,td{border-bottom:1px solid #ddd;padding:.4em;text-align:left;vertical-align:top}
        .dead .grade{color:#a00;font-weight:bold}.failing .grade{color:#b60;font-weight:bold}.healthy .grade{color:#070}
        .meta,.reason,ol{color:#555;font-size:90%}ol{margin:0;padding-left:1.2em}.num{text-align:right}time{white-space:nowrap}
        """;

    /// <summary>The Content-Security-Policy for this page and its key form.</summary>
    public static readonly string Policy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static readonly (string Sort, string Label)[] Columns =
    [
        ("health", "Health"), ("title", "Source"), ("lastSuccess", "Last success"), ("", "Last fetch"), ("failures", "Failures"),
        ("items", "Items"), ("", "Items/day (7 d)"), ("nextFetch", "Next fetch"), ("", "Last errors"),
    ];

    public static string Render(OperatorsView view, IReadOnlyList<OperatorRow> all, DateTimeOffset now)
    {
        var html = Start("Sources");
        html.Append("<h1>Sources</h1>\n");
        AppendSummary(html, view, all);
        var rows = view.Apply(all);
        html.Append("<table><thead><tr>");
        foreach (var (sort, label) in Columns)
        {
            html.Append(sort.Length == 0 ? $"<th>{label}</th>"
                : sort == view.Sort ? $"<th aria-sort=\"{(view.Descending ? "descending" : "ascending")}\"><a href=\"{HtmlEncode(view.SortQuery(sort))}\">{label} {(view.Descending ? "▼" : "▲")}</a></th>"
                : $"<th><a href=\"{HtmlEncode(view.SortQuery(sort))}\">{label}</a></th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            AppendRow(html, row);
        }

        html.Append("</tbody></table>\n");
        html.Append(rows.Count == 0 ? "<p class=\"empty\">No source to show.</p>\n" : "");
        html.Append($"<footer><p class=\"meta\">Rendered {Time(now)} · <a href=\"/\">River</a> · <a href=\"/docs\">API</a></p></footer>\n</body></html>\n");
        return html.ToString();
    }

    /// <summary>The page asking for a key, when one is needed to read.</summary>
    public static string RenderKeyForm(string action, string? message)
    {
        var html = Start("Sources: key needed");
        html.Append("<h1>Sources</h1>\n<p>This page needs the read key (the admin and analyst keys also work).</p>\n");
        html.Append(message is null ? "" : $"<p class=\"reason\" role=\"alert\">{HtmlEncode(message)}</p>\n");
        html.Append($"<form method=\"post\" action=\"{HtmlEncode(action)}\"><label>Key <input type=\"password\" name=\"key\" autocomplete=\"current-password\" required></label> ");
        html.Append("<button type=\"submit\">Open</button></form>\n</body></html>\n");
        return html.ToString();
    }

    private static StringBuilder Start(string title) => new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .Append($"<title>{title} · Aggregator</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .Append("<meta name=\"robots\" content=\"noindex\">\n<style>").Append(Style).Append("</style></head><body>\n");

    private static void AppendSummary(StringBuilder html, OperatorsView view, IReadOnlyList<OperatorRow> all)
    {
        var counts = OperatorsView.Grades.Select(g => $"{all.Count(r => r.Source.Health == g)} {g}");
        var disabled = all.Count(r => !r.Source.Enabled);
        html.Append($"<p class=\"summary\">{all.Count} sources: {string.Join(", ", counts)}; {disabled} disabled.</p>\n");
        html.Append("<p class=\"filter\">Show: ");
        html.AppendJoin(" · ", new string?[] { null }.Concat(OperatorsView.Grades).Select(g =>
            g == view.Health ? $"<strong>{g ?? "all"}</strong>" : $"<a href=\"{HtmlEncode(view.FilterQuery(g))}\">{g ?? "all"}</a>"));
        html.Append("</p>\n");
    }

    private static void AppendRow(StringBuilder html, OperatorRow row)
    {
        var s = row.Source;
        html.Append($"<tr class=\"source {HtmlEncode(s.Health)}\" id=\"source-{s.Id}\">");
        html.Append($"<td><span class=\"grade\">{HtmlEncode(s.Health)}</span>");
        html.Append(s.HealthReason is null ? "" : $"<div class=\"reason\">{HtmlEncode(s.HealthReason)}</div>");
        html.Append(s.HealthSince is null ? "" : $"<div class=\"meta\">since {Time(s.HealthSince)}</div>");
        var link = FeedUrl(s.Url) is { } url ? $"<a class=\"title\" href=\"{HtmlEncode(url)}\">{HtmlEncode(row.DisplayTitle)}</a>" : $"<span class=\"title\">{HtmlEncode(row.DisplayTitle)}</span>";
        var state = s.Enabled ? "enabled" : s.DisabledReason is null ? "disabled" : $"disabled: {s.DisabledReason}";
        html.Append($"</td><td>{link}<div class=\"meta\">#{s.Id} · {HtmlEncode(s.Origin)} · <span class=\"state\">{HtmlEncode(state)}</span></div></td>");
        html.Append($"<td>{(s.LastSuccessAt is null ? "never" : Time(s.LastSuccessAt))}</td>");
        html.Append($"<td>{(s.LastFetchedAt is null ? "never" : $"{HtmlEncode(s.LastStatus ?? "")}<div class=\"meta\">{Time(s.LastFetchedAt)}</div>")}</td>");
        html.Append(CultureInfo.InvariantCulture, $"<td class=\"num failures\">{s.ConsecutiveFailures}</td><td class=\"num items\">{s.ItemCount}</td>");
        html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{row.ItemsPerDay:0.#}</td>");
        html.Append($"<td>{(s.NextFetchAt is null ? "none" : Time(s.NextFetchAt))}</td><td>");
        AppendErrors(html, row.LastErrors);
        html.Append("</td></tr>\n");
    }

    private static void AppendErrors(StringBuilder html, IReadOnlyList<FetchLogEntry> errors)
    {
        if (errors.Count == 0)
        {
            html.Append("none");
            return;
        }

        html.Append("<ol class=\"errors\">");
        foreach (var error in errors)
        {
            var text = error.Error ?? (error.HttpStatus is { } code ? $"HTTP {code}" : "error");
            html.Append($"<li>{Time(error.At)} <span class=\"error\">{HtmlEncode(text)}</span></li>");
        }

        html.Append("</ol>");
    }

    private static string Time(DateTimeOffset? at) => at is { } t
        ? string.Create(CultureInfo.InvariantCulture, $"<time datetime=\"{t.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\">{t.UtcDateTime:yyyy-MM-dd HH:mm} UTC</time>")
        : "";

    private static string? FeedUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.AbsoluteUri : null;
}
