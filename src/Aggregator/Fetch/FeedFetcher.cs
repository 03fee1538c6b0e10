using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Aggregator.Fetch;

/// <summary>
/// Our only way out to the web, for feeds and article pages alike: conditional GET, a total
/// timeout, a body limit enforced while streaming, redirects followed by hand (so that loops are
/// caught and permanent moves recorded), politeness through <see cref="HostGate"/>, and the
/// address guard in the handler, which sees every hop.
/// </summary>
internal sealed class FeedFetcher(IHttpClientFactory clients, HostGate gate, IOptions<AggregatorOptions> options, TimeProvider clock)
{
    public const string ClientName = "fetch";

    public async Task<FetchResult> FetchAsync(Uri url, FetchValidators validators, CancellationToken ct)
    {
        if (url.Scheme is not ("http" or "https"))
        {
            return new FetchResult.Failed($"only http and https URLs can be fetched, not {url.Scheme}:");
        }

        var settings = options.Value;
        var started = clock.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.FetchTimeoutSeconds));
        FetchResult result;
        try
        {
            result = await FollowAsync(url, validators, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            result = new FetchResult.Failed($"timed out after {settings.FetchTimeoutSeconds} s");
        }
        catch (HttpRequestException e)
        {
            result = new FetchResult.Failed(FetchErrors.Describe(e));
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // A connection cut mid-body, or compressed data that does not decompress.
            result = new FetchResult.Failed($"the body could not be read: {e.Message}");
        }

        return result with { Trace = result.Trace with { Duration = clock.GetElapsedTime(started) } };
    }

    /// <summary>Sends the request and follows redirects one hop at a time, each hop through the host gate.</summary>
    private async Task<FetchResult> FollowAsync(Uri url, FetchValidators validators, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { url.AbsoluteUri };
        var (current, movedTo, permanentSoFar) = (url, (Uri?)null, true);
        for (var hops = 0; ; hops++)
        {
            var turn = await gate.EnterAsync(current, ct);
            if (turn is HostGate.Turn.Deferred deferred)
            {
                return new FetchResult.Deferred(deferred.Until, deferred.Reason);
            }

            using var granted = (HostGate.Turn.Granted)turn;
            using var request = CreateRequest(current, validators);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!ResponseHints.IsRedirect(response.StatusCode))
            {
                var result = await ReadAsync(response, current, ct);
                var bytes = result is FetchResult.Fetched f ? f.Body.Length : 0;
                return result with { Trace = new((int)response.StatusCode, bytes, TimeSpan.Zero, movedTo, ResponseHints.FreshFor(response, clock.GetUtcNow())) };
            }

            var next = ResponseHints.Location(response, current);
            if (WhyNotFollow(response, current, next, hops, seen) is { } refusal)
            {
                return new FetchResult.Failed(refusal, (int)response.StatusCode);
            }

            permanentSoFar &= ResponseHints.IsPermanent(response.StatusCode);
            movedTo = permanentSoFar ? next : movedTo;
            current = next!;
        }
    }

    /// <summary>Why a redirect ends the fetch (no Location, too many hops, a loop, a non-web scheme), or null to follow it.</summary>
    private string? WhyNotFollow(HttpResponseMessage response, Uri current, Uri? next, int hops, HashSet<string> seen) =>
        next is null ? $"HTTP {(int)response.StatusCode} without a Location"
        : hops >= options.Value.MaxRedirects ? $"more than {options.Value.MaxRedirects} redirects"
        : !seen.Add(next.AbsoluteUri) ? $"redirect loop: {current} sends back to {next}"
        : next.Scheme is not ("http" or "https") ? $"redirect to a {next.Scheme}: URL"
        : null;

    private static HttpRequestMessage CreateRequest(Uri url, FetchValidators validators)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (validators.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }

        if (validators.LastModified is { } lastModified)
        {
            request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
        }

        return request;
    }

    private async Task<FetchResult> ReadAsync(HttpResponseMessage response, Uri url, CancellationToken ct)
    {
        var maxBytes = options.Value.MaxBodyBytes;
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return new FetchResult.NotModified(response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R"));
        }

        if (!response.IsSuccessStatusCode)
        {
            return Failure(response, url);
        }

        if (response.Content.Headers.ContentLength > maxBytes)
        {
            return FetchErrors.TooLarge(maxBytes);
        }

        var body = await FetchErrors.ReadLimitedAsync(response.Content, maxBytes, ct);
        return body is null
            ? FetchErrors.TooLarge(maxBytes)
            : new FetchResult.Fetched(
                body,
                response.Content.Headers.ContentType?.ToString(),
                response.Headers.ETag?.ToString(),
                response.Content.Headers.LastModified?.ToString("R"),
                url);
    }

    /// <summary>A non-2xx answer; a 429/503 with a wait pauses the whole host.</summary>
    private FetchResult.Failed Failure(HttpResponseMessage response, Uri url)
    {
        var code = (int)response.StatusCode;
        var reason = $"HTTP {code} {response.ReasonPhrase}".TrimEnd();
        var now = clock.GetUtcNow();
        var wait = ResponseHints.RetryAfter(response, now, TimeSpan.FromMinutes(options.Value.MaxRetryAfterMinutes));
        if (wait is { } w)
        {
            gate.Pause(url, now + w, reason);
            reason += $"; retry after {w.TotalSeconds:0} s";
        }

        return new FetchResult.Failed(reason, code) { RetryAfter = wait };
    }
}
