using AngleSharp.Dom;

namespace Aggregator.Clean;

/// <summary>
/// Makes links and images work outside their page: lazy-loaded images get their real source,
/// URLs become absolute, tracking parameters and tracking pixels go.
/// </summary>
internal static class LinkRewriter
{
    private static readonly string[] LazySources = ["data-src", "data-lazy-src", "data-original", "data-lazy", "data-url"];

    private static readonly string[] TrackingParameters =
        ["fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "yclid", "igshid", "_hsenc", "_hsmi"];

    private static readonly string[] TrackerHosts =
    [
        "feeds.feedburner.com", "feedproxy.google.com", "pixel.wp.com", "stats.wordpress.com",
        "doubleclick.net", "google-analytics.com", "googleadservices.com", "googlesyndication.com",
        "pi.feedsportal.com", "feedsportal.com", "scorecardresearch.com", "quantserve.com",
        "facebook.com/tr", "analytics.", "pixel.", "tracking.", "tracker.",
    ];

    /// <summary>Rewrites the links and images under <paramref name="root"/>, in place.</summary>
    public static void Rewrite(IElement root, Uri? baseUrl)
    {
        foreach (var image in root.QuerySelectorAll("img").ToList())
        {
            ResolveLazySource(image);
            var source = Absolute(image.GetAttribute("src"), baseUrl);
            if (source is null || IsTrackingPixel(image, source))
            {
                image.Remove();
                continue;
            }

            image.SetAttribute("src", source);
        }

        foreach (var link in root.QuerySelectorAll("a[href]"))
        {
            var href = Absolute(link.GetAttribute("href"), baseUrl);
            link.SetAttribute("href", href is null ? string.Empty : WithoutTracking(href));
        }
    }

    /// <summary>Returns <paramref name="url"/> without utm_* and click-id parameters.</summary>
    public static string WithoutTracking(string url)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return url;
        }

        var fragment = url.IndexOf('#', query);
        var end = fragment < 0 ? url.Length : fragment;
        var kept = url[(query + 1)..end]
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !IsTrackingParameter(pair.Split('=')[0]))
            .ToList();
        var rebuilt = url[..query] + (kept.Count > 0 ? "?" + string.Join('&', kept) : string.Empty);
        return fragment < 0 ? rebuilt : rebuilt + url[fragment..];
    }

    private static bool IsTrackingParameter(string name) =>
        name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase)
        || TrackingParameters.Contains(name, StringComparer.OrdinalIgnoreCase);

    // Lazy loaders keep the real address in a data- attribute and a placeholder (or nothing) in src.
    private static void ResolveLazySource(IElement image)
    {
        var lazy = LazySources.Select(image.GetAttribute).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        var source = image.GetAttribute("src");
        if (lazy is not null && (string.IsNullOrWhiteSpace(source) || IsPlaceholder(source)))
        {
            image.SetAttribute("src", lazy);
        }
    }

    private static bool IsPlaceholder(string source) =>
        source.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
        || source.Contains("placeholder", StringComparison.OrdinalIgnoreCase)
        || source.Contains("blank.gif", StringComparison.OrdinalIgnoreCase)
        || source.Contains("lazy", StringComparison.OrdinalIgnoreCase)
        || source.Contains("spacer", StringComparison.OrdinalIgnoreCase);

    private static bool IsTrackingPixel(IElement image, string source)
    {
        var tiny = IsTiny(image.GetAttribute("width")) && IsTiny(image.GetAttribute("height"));
        var host = source.Split("://", 2)[^1];
        return tiny || TrackerHosts.Any(t => host.StartsWith(t, StringComparison.OrdinalIgnoreCase)
            || host.Contains("." + t, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsTiny(string? size) =>
        int.TryParse(size?.Replace("px", string.Empty, StringComparison.Ordinal), out var pixels) && pixels <= 2;

    private static string? Absolute(string? url, Uri? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        url = url.Trim();
        // On Unix "/path" parses as an absolute file: URI; on a web page it is relative.
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && !absolute.IsFile)
        {
            return absolute.OriginalString;
        }

        return baseUrl is not null && Uri.TryCreate(baseUrl, url, out var resolved) ? resolved.AbsoluteUri : url;
    }
}
