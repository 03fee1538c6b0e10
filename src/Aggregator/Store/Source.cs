namespace Aggregator.Store;

/// <summary>A feed we poll, with its fetch state. <see cref="Origin"/> is <c>config</c> or <c>api</c>.</summary>
internal sealed record Source(
    long Id,
    string Url,
    string? Title,
    string Origin,
    bool Enabled,
    int IntervalMinutes,
    string? SiteUrl,
    string? ETag,
    string? LastModified,
    DateTimeOffset? LastFetchedAt,
    DateTimeOffset? LastSuccessAt,
    string? LastStatus,
    string? LastError,
    int ConsecutiveFailures,
    DateTimeOffset? NextFetchAt,
    DateTimeOffset CreatedAt,
    long ItemCount,
    FullPageMode FullPage = FullPageMode.Auto);

/// <summary>A source as an operator declares it, in the config file or through the API.</summary>
internal sealed record SourceDefinition(string Url, string? Title, int IntervalMinutes, bool Enabled, FullPageMode FullPage = FullPageMode.Auto);

/// <summary>What one fetch of a source ended in, to be recorded on it.</summary>
/// <param name="Status"><c>ok</c>, <c>notModified</c> or <c>error</c>.</param>
internal sealed record FetchOutcome(
    string Status,
    DateTimeOffset At,
    DateTimeOffset NextFetchAt,
    string? Error = null,
    string? ETag = null,
    string? LastModified = null,
    string? SiteUrl = null,
    string? Title = null);

internal static class UnixTime
{
    public static long ToUnixMs(this DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? ToUnixMs(this DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    public static DateTimeOffset? FromUnixMs(long? ms) =>
        ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
