using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Aggregator.Fetch;

/// <summary>
/// Our only way out to the web, for feeds and article pages alike: conditional GET, a total
/// timeout, a body limit enforced while streaming, and the address guard in the handler.
/// </summary>
internal sealed class FeedFetcher(IHttpClientFactory clients, IOptions<AggregatorOptions> options)
{
    public const string ClientName = "fetch";

    public async Task<FetchResult> FetchAsync(Uri url, FetchValidators validators, CancellationToken ct)
    {
        if (url.Scheme is not ("http" or "https"))
        {
            return new FetchResult.Failed($"only http and https URLs can be fetched, not {url.Scheme}:");
        }

        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.FetchTimeoutSeconds));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (validators.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }

        if (validators.LastModified is { } lastModified)
        {
            request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
        }

        try
        {
            using var response = await clients.CreateClient(ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return await ReadAsync(response, url, settings.MaxBodyBytes, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new FetchResult.Failed($"timed out after {settings.FetchTimeoutSeconds} s");
        }
        catch (HttpRequestException e)
        {
            return new FetchResult.Failed(Describe(e));
        }
    }

    private static async Task<FetchResult> ReadAsync(HttpResponseMessage response, Uri url, long maxBytes, CancellationToken ct)
    {
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return new FetchResult.NotModified();
        }

        if (!response.IsSuccessStatusCode)
        {
            var code = (int)response.StatusCode;
            return new FetchResult.Failed($"HTTP {code} {response.ReasonPhrase}".TrimEnd(), code);
        }

        if (response.Content.Headers.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        var body = await ReadLimitedAsync(response.Content, maxBytes, ct);
        if (body is null)
        {
            return TooLarge(maxBytes);
        }

        return new FetchResult.Fetched(
            body,
            response.Content.Headers.ContentType?.ToString(),
            response.Headers.ETag?.ToString(),
            response.Content.Headers.LastModified?.ToString("R"),
            response.RequestMessage?.RequestUri ?? url);
    }

    /// <summary>Reads at most <paramref name="maxBytes"/> of the decompressed body; null past that.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, long maxBytes, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static FetchResult.Failed TooLarge(long maxBytes) =>
        new($"the body is larger than the limit of {maxBytes} bytes");

    private static string Describe(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is AddressRefusedException refused)
            {
                return refused.Message;
            }
        }

        return e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => $"the host name could not be resolved ({e.Message})",
            HttpRequestError.ConnectionError => $"could not connect ({e.InnerException?.Message ?? e.Message})",
            HttpRequestError.SecureConnectionError => $"TLS failed ({e.InnerException?.Message ?? e.Message})",
            _ => e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message,
        };
    }
}
