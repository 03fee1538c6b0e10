using Aggregator.Fetch;
using Aggregator.Parse;

namespace Aggregator.Sources;

/// <summary>
/// The feeds a web page leads to: those its <c>&lt;link rel="alternate"&gt;</c> tags name, best first;
/// when it names none, the usual feed addresses of its site (<c>/feed</c>, <c>/rss.xml</c>, …) that
/// answer with a feed. Every probe goes through the guarded, polite fetcher.
/// </summary>
internal sealed class FeedFinder(FeedFetcher fetcher, FeedParser parser)
{
    /// <summary>Where sites keep their feeds when their pages do not say: WordPress, Blogger, Hugo, Jekyll, Ghost and most others.</summary>
    public static readonly string[] CommonPaths = ["/feed", "/rss", "/feed.xml", "/rss.xml", "/atom.xml", "/index.xml", "/feed/atom", "/feeds/posts/default", "/?feed=rss2"];

    /// <summary>A feed found for a page; <see cref="Via"/> is <c>link</c> (named by the page, not yet fetched) or <c>path</c> (probed and parsed).</summary>
    public sealed record Found(Uri Url, string Type, string? Title, string Via);

    /// <param name="firstOnly">Stop probing at the first usual address that answers with a feed (subscribing needs one).</param>
    public async Task<IReadOnlyList<Found>> FindAsync(FetchResult.Fetched page, CancellationToken ct, bool firstOnly = false)
    {
        if (!BodyText.IsHtml(page.ContentType, page.Body))
        {
            return [];
        }

        var links = FeedDiscovery.FindLinks(BodyText.Decode(page.Body, page.ContentType), page.FinalUrl);
        if (links.Count > 0)
        {
            return [.. links.Select(l => new Found(l.Url, l.Type, l.Title, "link"))];
        }

        var found = new List<Found>();
        foreach (var path in CommonPaths)
        {
            var url = new Uri(page.FinalUrl, path);
            if (found.Exists(f => f.Url == url) || url == page.FinalUrl)
            {
                continue;
            }

            if (await fetcher.FetchAsync(url, FetchValidators.None, ct) is FetchResult.Fetched probe && Parse(probe) is { } feed
                && !found.Exists(f => f.Url == probe.FinalUrl))
            {
                found.Add(new Found(probe.FinalUrl, feed.Format, feed.Title, "path"));
                if (firstOnly)
                {
                    break;
                }
            }
        }

        return found;
    }

    /// <summary>The feed in a response, or null when it holds none.</summary>
    public ParsedFeed? Parse(FetchResult.Fetched fetched)
    {
        try
        {
            return parser.Parse(fetched.Body, fetched.FinalUrl, fetched.ContentType);
        }
        catch (FeedParseException)
        {
            return null;
        }
    }
}
