using System.Text;

namespace Aggregator.Store;

/// <summary>
/// The address two copies of one article share: scheme and host case, <c>www.</c>/<c>m.</c>/<c>amp.</c>
/// hosts, AMP paths, tracking parameters, fragments, default ports and trailing slashes all normalised.
/// </summary>
internal static class CanonicalUrl
{
    private static readonly string[] HostPrefixes = ["www.", "m.", "mobile.", "amp."];

    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "_ga", "_gl",
        "ref", "ref_src", "ref_url", "cmpid", "ncid", "ocid", "amp", "outputtype", "output", "s_cid", "__twitter_impression",
    };

    /// <summary>The canonical form of an http(s) address, or null for anything else.</summary>
    public static string? Of(string? url)
    {
        if (url is null || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var text = new StringBuilder("https://").Append(Host(uri.IdnHost));
        if (!uri.IsDefaultPort)
        {
            text.Append(':').Append(uri.Port);
        }

        text.Append(Path(uri.AbsolutePath));
        var query = Query(uri.Query);
        return (query.Length > 0 ? text.Append('?').Append(query) : text).ToString();
    }

    private static string Host(string host)
    {
        host = host.ToLowerInvariant().TrimEnd('.');
        foreach (var prefix in HostPrefixes)
        {
            if (host.StartsWith(prefix, StringComparison.Ordinal) && host.Count(c => c == '.') > 1)
            {
                return host[prefix.Length..];
            }
        }

        return host;
    }

    /// <summary>Drops AMP markers (<c>/amp/</c> segments, <c>.amp</c> before an extension) and the trailing slash.</summary>
    private static string Path(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => !s.Equals("amp", StringComparison.OrdinalIgnoreCase))
            .Select(s => s.Replace(".amp.", ".", StringComparison.OrdinalIgnoreCase))
            .Select(s => s.EndsWith(".amp", StringComparison.OrdinalIgnoreCase) ? s[..^4] : s);
        return "/" + string.Join('/', segments);
    }

    /// <summary>Parameters that only track the reader are removed; the rest are sorted so their order does not matter.</summary>
    private static string Query(string query)
    {
        var kept = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !IsTracking(p.Split('=', 2)[0]))
            .Order(StringComparer.Ordinal);
        return string.Join('&', kept);
    }

    private static bool IsTracking(string name) =>
        name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || TrackingParameters.Contains(name);
}
