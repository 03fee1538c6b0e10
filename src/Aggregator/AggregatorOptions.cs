using System.ComponentModel.DataAnnotations;

namespace Aggregator;

/// <summary>Every setting of the service, bound from the <c>Aggregator</c> configuration section.</summary>
internal sealed class AggregatorOptions
{
    public const string Section = "Aggregator";

    /// <summary>Path of the SQLite file; created with its schema if missing.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Database { get; set; } = "data/aggregator.db";

    /// <summary>The key operators send as <c>X-Api-Key</c> to change anything. No key: writes are refused.</summary>
    public string? AdminApiKey { get; set; }

    /// <summary>When set, reading items, facets, exports and statistics needs this key (or the admin or analyst key) as <c>X-Api-Key</c>; unset, reading is open.</summary>
    public string? ReadApiKey { get; set; }

    /// <summary>The key for <c>/api/sql</c>; with none configured the SQL endpoint is disabled.</summary>
    public string? AnalystApiKey { get; set; }

    /// <summary>How long one analyst SQL query may run before it is interrupted.</summary>
    [Range(10, 60000)]
    public int SqlTimeLimitMs { get; set; } = 1000;

    /// <summary>Most rows one analyst SQL query returns.</summary>
    [Range(1, 100000)]
    public int SqlMaxRows { get; set; } = 1000;

    /// <summary>
    /// Longest string or blob one analyst SQL query may make (SQLite's SQLITE_LIMIT_LENGTH on its connection).
    /// The time limit is checked between steps of SQLite's VM, and one function call is one step: this bounds the
    /// longest call (hex(randomblob(n)) making 16 MB takes about 0.1 s). Rows being sorted must fit in it whole,
    /// so it stays above the largest stored item (feeds are read up to MaxBodyBytes, 15 MB).
    /// </summary>
    [Range(1000, 1_000_000_000)]
    public int SqlMaxValueBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Most bytes of values one analyst SQL query answers with (text as UTF-8, blobs as they are, 8 bytes a value
    /// besides); the answer is held whole before it is sent, so this bounds the memory one query takes. Like the
    /// row cap, it cuts the answer short and says so (<c>truncatedBy: "bytes"</c>).
    /// </summary>
    [Range(1000, 1_000_000_000)]
    public int SqlMaxResultBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Facets count at most this many matches, the most recently stored; beyond, they are a sample and say so (<c>approximate</c>).</summary>
    [Range(1, 1_000_000)]
    public int FacetSampleSize { get; set; } = Store.QueryLimits.Default.FacetSample;

    /// <summary>Relevance ranks matches in blocks of this many, the most recently stored block first; exact when a search has fewer matches.</summary>
    [Range(1, 1_000_000)]
    public int RelevanceCandidates { get; set; } = Store.QueryLimits.Default.RelevanceCandidates;

    /// <summary>Lets sources and pages live on loopback, private or link-local addresses.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>The operators' source list.</summary>
    [Required(AllowEmptyStrings = false)]
    public string SourcesFile { get; set; } = "config/sources.json";

    /// <summary>The operators' site rules (CSS selectors per host); a missing file means no rules.</summary>
    [Required(AllowEmptyStrings = false)]
    public string RulesFile { get; set; } = "config/rules.json";

    /// <summary>Polling interval of a source that names none.</summary>
    [Range(1, 10080)]
    public int DefaultIntervalMinutes { get; set; } = 60;

    /// <summary>No source is polled more often than this, whatever it asks for.</summary>
    [Range(1, 10080)]
    public int MinIntervalMinutes { get; set; } = 5;

    /// <summary>Longest wait between fetches, including backoff after failures.</summary>
    [Range(1, 10080)]
    public int MaxIntervalMinutes { get; set; } = 1440;

    /// <summary>How many sources are fetched at once (Quartz thread pool size), and the global limit of requests in flight.</summary>
    [Range(1, 256)]
    public int MaxConcurrentFetches { get; set; } = 8;

    /// <summary>Whole-request limit for one fetch: connect, headers, redirects and body.</summary>
    [Range(1, 600)]
    public int FetchTimeoutSeconds { get; set; } = 30;

    /// <summary>Limit for opening a TCP connection, within the total timeout.</summary>
    [Range(1, 120)]
    public int ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>Largest feed or page body accepted, after decompression.</summary>
    [Range(1024, 1L << 30)]
    public long MaxBodyBytes { get; set; } = 15L * 1024 * 1024;

    /// <summary>Redirects followed per fetch; one more, or a loop, is an error.</summary>
    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>
    /// Good fetches in a row that must reach the same 301/308 target before an API source's URL
    /// becomes that target (1: at once). Config-file sources never move; their redirect is shown instead.
    /// </summary>
    [Range(1, 100)]
    public int RedirectStableFetches { get; set; } = 3;

    /// <summary>Requests in flight to one host (name and port) at a time.</summary>
    [Range(1, 64)]
    public int MaxRequestsPerHost { get; set; } = 2;

    /// <summary>Least time between the starts of two requests to one host.</summary>
    [Range(0, 60_000)]
    public int HostSpacingMilliseconds { get; set; } = 1000;

    /// <summary>Upper clamp of a 429/503 Retry-After; the wait applies to every source on that host.</summary>
    [Range(1, 10080)]
    public int MaxRetryAfterMinutes { get; set; } = 1440;

    /// <summary>Failures in a row after which a source is graded dead (still polled, at the longest interval).</summary>
    [Range(2, 1000)]
    public int DeadAfterFailures { get; set; } = 10;

    /// <summary>Attempts kept per source in the fetch log.</summary>
    [Range(1, 1000)]
    public int FetchLogSize { get; set; } = 50;

    /// <summary>Where the service's home page is; named in the User-Agent and used for absolute self links.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Fetch the linked article page when a feed carries only a summary.</summary>
    public bool FetchFullArticles { get; set; } = true;

    /// <summary>How many items a merged feed lists by default.</summary>
    [Range(1, 500)]
    public int FeedSize { get; set; } = 50;

    /// <summary>The operators' merged-feed channels; a missing file means only <c>all</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ChannelsFile { get; set; } = "config/channels.json";

    /// <summary>A WebSub hub: channels advertise it and it is pinged when new items land.</summary>
    [Url]
    public string? WebSubHub { get; set; }

    /// <summary>Keep/block rules applied to the items of every source, together with the source's own (same shape as a source's <c>filters</c>).</summary>
    public List<FilterRuleOptions> Filters { get; set; } = [];

    /// <summary>Retention: items published (else fetched) longer ago than this many days are removed; 0 keeps them forever. A source may override it.</summary>
    [Range(0, 36500)]
    public int RetentionMaxAgeDays { get; set; }

    /// <summary>Retention: only the newest this many items of each source are kept; 0 keeps all. A source may override it.</summary>
    [Range(0, 10_000_000)]
    public int RetentionMaxItemsPerSource { get; set; }

    /// <summary>Minutes between two retention runs (fractions allowed).</summary>
    [Range(0.01, 10080)]
    public double RetentionIntervalMinutes { get; set; } = 60;

    /// <summary>Seconds after start before the first retention run, so a start is not slowed by it.</summary>
    [Range(0, 86400)]
    public int RetentionStartDelaySeconds { get; set; } = 120;

    /// <summary>
    /// Hours between two merges of the full-text index's segments, done by the retention run when due (the
    /// first run after start merges); 0 never merges. A merge rewrites the index in short write turns:
    /// searches are fastest right after it and slow as fetches add segments.
    /// </summary>
    [Range(0, 8760)]
    public double SearchIndexMergeHours { get; set; } = 24;

    /// <summary>
    /// The retention run also merges, before <see cref="SearchIndexMergeHours"/> have passed, once the
    /// full-text index holds this many segments: a bulk ingest or a busy day of fetches adds dozens (36
    /// after a 1M-item ingest), and every search seeks each of its terms in each one. Such a merge is light:
    /// the newer segments merge among themselves, not into the whole index. 0: only by time;
    /// <see cref="SearchIndexMergeHours"/> 0 turns this off too.
    /// </summary>
    [Range(0, 10_000)]
    public int SearchIndexMergeSegments { get; set; } = 8;

    /// <summary>Items removed per transaction, so the one SQLite writer is never held for long.</summary>
    [Range(1, 10_000)]
    public int RetentionBatchSize { get; set; } = 500;

    public string UserAgent =>
        $"Aggregator/{ThisAssembly.Version} (+{PublicUrl ?? ThisAssembly.HomePage})";
}

/// <summary>One global keep/block rule as configuration binds it; checked at start like a source's rules.</summary>
internal sealed class FilterRuleOptions
{
    public string? Action { get; set; }

    public string? Field { get; set; }

    public List<string>? Words { get; set; }

    public string? Regex { get; set; }
}

/// <summary>Facts about this build that go into the User-Agent and generator tags.</summary>
internal static class ThisAssembly
{
    public const string HomePage = "https://github.com/aggregator-rss/aggregator";

    public static string Version { get; } =
        typeof(ThisAssembly).Assembly.GetName().Version?.ToString(3) ?? "0.1.0";
}
