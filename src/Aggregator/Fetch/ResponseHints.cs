using System.Net;
using System.Net.Http.Headers;

namespace Aggregator.Fetch;

/// <summary>What a response's headers say about when to come back.</summary>
internal static class ResponseHints
{
    /// <summary>A 429 without Retry-After still pauses its host this long.</summary>
    private static readonly TimeSpan DefaultTooManyRequests = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The wait a 429 or 503 asks for (Retry-After in seconds or as an HTTP date), clamped to
    /// 1 s .. <paramref name="max"/>; null for other statuses or a 503 that names no wait.
    /// </summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now, TimeSpan max)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
        {
            return null;
        }

        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - now : null);
        if (wait is null && response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            wait = DefaultTooManyRequests;
        }

        return wait is { } w ? Clamp(w, TimeSpan.FromSeconds(1), max) : null;
    }

    /// <summary>How long the response stays fresh: Cache-Control max-age (s-maxage first), else Expires − Date.</summary>
    public static TimeSpan? FreshFor(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.CacheControl is { } cache)
        {
            if (cache.NoCache || cache.NoStore)
            {
                return null;
            }

            if ((cache.SharedMaxAge ?? cache.MaxAge) is { } maxAge)
            {
                return maxAge;
            }
        }

        if (response.Content.Headers.Expires is { } expires)
        {
            var fresh = expires - (response.Headers.Date ?? now);
            return fresh > TimeSpan.Zero ? fresh : null;
        }

        return null;
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) =>
        value < min ? min : value > max ? max : value;

    /// <summary>True for the statuses that carry a Location to follow.</summary>
    public static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently
        or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    public static bool IsPermanent(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.PermanentRedirect;

    /// <summary>Parses a Location header value against the URL that sent it.</summary>
    public static Uri? Location(HttpResponseMessage response, Uri current) =>
        response.Headers.Location is { } location ? (location.IsAbsoluteUri ? location : new Uri(current, location)) : null;
}
