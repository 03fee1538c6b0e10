namespace Aggregator.Fetch;

/// <summary>Reading a body within the limit, and the words for what went wrong.</summary>
internal static class FetchErrors
{
    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> of the body as it streams in, after decompression;
    /// null past that. Memory stays near the limit whatever the server sends (endless body, bomb).
    /// </summary>
    public static async Task<byte[]?> ReadLimitedAsync(HttpContent content, long maxBytes, CancellationToken ct)
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

    public static FetchResult.Failed TooLarge(long maxBytes) =>
        new($"the body is larger than the limit of {maxBytes} bytes");

    public static string Describe(HttpRequestException e)
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
