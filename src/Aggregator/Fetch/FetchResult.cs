namespace Aggregator.Fetch;

/// <summary>What a fetch ended in. Expected failures are values, not exceptions.</summary>
internal abstract record FetchResult
{
    private FetchResult()
    {
    }

    /// <summary>How the attempt went on the wire, for the fetch log and the planner.</summary>
    public FetchTrace Trace { get; init; } = FetchTrace.None;

    /// <summary>A 2xx with its body (decompressed, within the size limit).</summary>
    public sealed record Fetched(byte[] Body, string? ContentType, string? ETag, string? LastModified, Uri FinalUrl) : FetchResult;

    /// <summary>A 304: what we have is current. A 304 may carry fresher validators (RFC 9111 §4.3.4).</summary>
    public sealed record NotModified(string? ETag = null, string? LastModified = null) : FetchResult;

    /// <summary>Anything else, with a reason fit for an operator's eyes.</summary>
    public sealed record Failed(string Reason, int? StatusCode = null) : FetchResult
    {
        /// <summary>The host's Retry-After on a 429/503, clamped; the host is paused that long.</summary>
        public TimeSpan? RetryAfter { get; init; }
    }

    /// <summary>Not sent: the host asked every client to wait (Retry-After) or is busy; try at <paramref name="Until"/>.</summary>
    public sealed record Deferred(DateTimeOffset Until, string Reason) : FetchResult;
}

/// <summary>The wire facts of one fetch.</summary>
/// <param name="Bytes">Body bytes after decompression.</param>
/// <param name="MovedTo">Where an unbroken chain of 301/308 from the requested URL led, if anywhere.</param>
/// <param name="FreshFor">Cache-Control max-age or Expires of the final response.</param>
internal sealed record FetchTrace(int? StatusCode, long Bytes, TimeSpan Duration, Uri? MovedTo, TimeSpan? FreshFor)
{
    public static readonly FetchTrace None = new(null, 0, TimeSpan.Zero, null, null);
}

/// <summary>Validators from the last good fetch, for a conditional GET.</summary>
internal sealed record FetchValidators(string? ETag, string? LastModified)
{
    public static readonly FetchValidators None = new(null, null);
}
