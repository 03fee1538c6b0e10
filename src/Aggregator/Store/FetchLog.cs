namespace Aggregator.Store;

/// <summary>One attempt to fetch a source, as the fetch log keeps it.</summary>
/// <param name="Status"><c>ok</c>, <c>notModified</c>, <c>error</c> or <c>deferred</c> (not sent: the host asked us to wait or was busy).</param>
internal sealed record FetchLogEntry(
    DateTimeOffset At,
    string Status,
    int? HttpStatus,
    long DurationMs,
    long Bytes,
    int Added,
    int Updated,
    string Url,
    string? Error)
{
    public static readonly FetchLogEntry Empty = new(DateTimeOffset.UnixEpoch, "error", null, 0, 0, 0, 0, "", null);

    /// <summary>Entries the source's keep/block rules dropped.</summary>
    public int Filtered { get; init; }
}
