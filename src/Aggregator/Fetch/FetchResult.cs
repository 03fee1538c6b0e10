namespace Aggregator.Fetch;

/// <summary>What a fetch ended in. Expected failures are values, not exceptions.</summary>
internal abstract record FetchResult
{
    private FetchResult()
    {
    }

    /// <summary>A 2xx with its body (decompressed, within the size limit).</summary>
    public sealed record Fetched(byte[] Body, string? ContentType, string? ETag, string? LastModified, Uri FinalUrl) : FetchResult;

    /// <summary>A 304: what we have is current.</summary>
    public sealed record NotModified : FetchResult;

    /// <summary>Anything else, with a reason fit for an operator's eyes.</summary>
    public sealed record Failed(string Reason, int? StatusCode = null) : FetchResult;
}

/// <summary>Validators from the last good fetch, for a conditional GET.</summary>
internal sealed record FetchValidators(string? ETag, string? LastModified)
{
    public static readonly FetchValidators None = new(null, null);
}
