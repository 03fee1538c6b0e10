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
    FullPageMode FullPage = FullPageMode.Auto)
{
    /// <summary><c>healthy</c>, <c>failing</c> or <c>dead</c>.</summary>
    public string Health { get; init; } = SourceHealth.Healthy;

    public string? HealthReason { get; init; }

    public DateTimeOffset? HealthSince { get; init; }

    /// <summary>Why the service disabled the source itself (410 Gone); null when the operator decides.</summary>
    public string? DisabledReason { get; init; }

    public string? BodyHash { get; init; }

    /// <summary>The interval chosen at the last full fetch, reused after a 304.</summary>
    public int? PollMinutes { get; init; }

    /// <summary>Where a chain of 301/308 led on the last good fetch.</summary>
    public string? MovedTo { get; init; }

    /// <summary>Category, tags, interval bounds and keep/block rules.</summary>
    public SourceSettings Settings { get; init; } = SourceSettings.None;

    /// <summary>This source's own retention limits; each null one follows the global setting.</summary>
    public RetentionLimits Retention { get; init; } = RetentionLimits.Global;

    /// <summary>Items published (else fetched) in the last 7 days.</summary>
    public long ItemsLastWeek { get; init; }
}

/// <summary>A source as an operator declares it, in the config file or through the API.</summary>
internal sealed record SourceDefinition(string Url, string? Title, int IntervalMinutes, bool Enabled, FullPageMode FullPage = FullPageMode.Auto)
{
    public SourceSettings Settings { get; init; } = SourceSettings.None;

    public RetentionLimits Retention { get; init; } = RetentionLimits.Global;
}

/// <summary>A source's retention overrides: null follows the global setting, 0 means no limit.</summary>
internal sealed record RetentionLimits(int? MaxAgeDays, int? MaxItems)
{
    public const int MaxAgeDaysLimit = 36500;
    public const int MaxItemsLimit = 10_000_000;

    public static RetentionLimits Global { get; } = new(null, null);

    /// <summary>Why the values cannot be used, naming the field; null when they can.</summary>
    public string? Check() =>
        MaxAgeDays is < 0 or > MaxAgeDaysLimit ? $"retentionMaxAgeDays: {MaxAgeDays} is outside 0–{MaxAgeDaysLimit} (0: no limit)"
        : MaxItems is < 0 or > MaxItemsLimit ? $"retentionMaxItems: {MaxItems} is outside 0–{MaxItemsLimit} (0: no limit)"
        : null;
}

/// <summary>What one fetch of a source ended in, to be recorded on it and in its fetch log.</summary>
/// <param name="Status"><c>ok</c>, <c>notModified</c> or <c>error</c>.</param>
/// <param name="NextFetchAt">null when the source is disabled by this outcome.</param>
internal sealed record FetchOutcome(
    string Status,
    DateTimeOffset At,
    DateTimeOffset? NextFetchAt,
    string? Error = null,
    string? ETag = null,
    string? LastModified = null,
    string? SiteUrl = null,
    string? Title = null)
{
    public string Health { get; init; } = SourceHealth.Healthy;

    /// <summary>Set on 410 Gone: the source is disabled with this reason.</summary>
    public string? DisableReason { get; init; }

    public string? BodyHash { get; init; }

    public int? PollMinutes { get; init; }

    public string? MovedTo { get; init; }

    public FetchLogEntry Log { get; init; } = FetchLogEntry.Empty;
}

/// <summary>The health grades of a source.</summary>
internal static class SourceHealth
{
    public const string Healthy = "healthy";
    public const string Failing = "failing";
    public const string Dead = "dead";
}

internal static class UnixTime
{
    public static long ToUnixMs(this DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? ToUnixMs(this DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    public static DateTimeOffset? FromUnixMs(long? ms) =>
        ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
