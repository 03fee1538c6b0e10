using Microsoft.Net.Http.Headers;

namespace Aggregator.Publish;

/// <summary>
/// A feed as readers expect it over HTTP: validators, 304 on a matching If-None-Match (else
/// If-Modified-Since), Cache-Control, self and hub Link headers, no body for HEAD, and the
/// body gzip- or brotli-compressed once per rendering (the compression middleware then leaves it alone).
/// </summary>
internal sealed class FeedResult(RenderedFeed feed) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        var response = httpContext.Response;
        response.Headers.ETag = feed.ETag;
        response.Headers.LastModified = feed.LastModified.ToString("R");
        response.Headers.CacheControl = "public, max-age=300";
        response.Headers.Link = feed.HubUrl is null
            ? $"<{feed.SelfUrl.AbsoluteUri}>; rel=\"self\""
            : $"<{feed.HubUrl.AbsoluteUri}>; rel=\"hub\", <{feed.SelfUrl.AbsoluteUri}>; rel=\"self\"";
        if (IsNotModified(request))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var encoding = Encoding(request);
        var body = feed.Encoded(encoding);
        response.ContentType = feed.ContentType;
        response.ContentLength = body.Length;
        response.Headers.Vary = "Accept-Encoding";
        if (encoding is not null)
        {
            response.Headers.ContentEncoding = encoding;
        }

        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Body.WriteAsync(body, httpContext.RequestAborted);
        }
    }

    /// <summary>Brotli if the client takes it, else gzip, else none; a zero quality refuses a coding.</summary>
    private static string? Encoding(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().AcceptEncoding
            .Where(e => e.Quality is not 0)
            .Select(e => e.Value.Value)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return accepted.Contains("br") ? "br" : accepted.Contains("gzip") ? "gzip" : null;
    }

    /// <summary>If-None-Match wins when present (RFC 9110 13.2.2); weak comparison, lists and <c>*</c> allowed.</summary>
    private bool IsNotModified(HttpRequest request)
    {
        var typed = request.GetTypedHeaders();
        if (typed.IfNoneMatch is { Count: > 0 } tags)
        {
            var ours = EntityTagHeaderValue.Parse(feed.ETag);
            return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(ours, useStrongComparison: false));
        }

        // HTTP dates have whole seconds.
        return typed.IfModifiedSince is { } since && feed.LastModified.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();
    }
}
