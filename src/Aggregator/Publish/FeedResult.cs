using Microsoft.Net.Http.Headers;

namespace Aggregator.Publish;

/// <summary>
/// A feed as readers expect it over HTTP: validators, 304 on a matching If-None-Match (else
/// If-Modified-Since), Cache-Control, self and hub Link headers, and no body for HEAD.
/// Compression is the response compression middleware's.
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

        response.ContentType = feed.ContentType;
        response.ContentLength = feed.Body.Length;
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Body.WriteAsync(feed.Body, httpContext.RequestAborted);
        }
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
