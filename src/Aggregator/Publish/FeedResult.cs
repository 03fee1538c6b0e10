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
        response.Headers.LastModified = feed.Headers.LastModified;
        response.Headers.CacheControl = "public, max-age=300";
        response.Headers.Link = feed.Headers.Link;
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
        if (request.Headers.AcceptEncoding.Count == 0)
        {
            return null;
        }

        var (br, gzip) = (false, false);
        foreach (var coding in request.GetTypedHeaders().AcceptEncoding)
        {
            if (coding.Quality is not 0)
            {
                br |= coding.Value.Equals("br", StringComparison.OrdinalIgnoreCase);
                gzip |= coding.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase);
            }
        }

        return br ? "br" : gzip ? "gzip" : null;
    }

    /// <summary>If-None-Match wins when present (RFC 9110 13.2.2); weak comparison, lists and <c>*</c> allowed.</summary>
    private bool IsNotModified(HttpRequest request)
    {
        var typed = request.GetTypedHeaders();
        if (typed.IfNoneMatch is { Count: > 0 } tags)
        {
            return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(feed.Headers.ETag, useStrongComparison: false));
        }

        // HTTP dates have whole seconds.
        return typed.IfModifiedSince is { } since && feed.LastModified.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();
    }
}
