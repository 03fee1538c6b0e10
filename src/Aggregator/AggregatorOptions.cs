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

    /// <summary>How many sources are fetched at once (Quartz thread pool size).</summary>
    [Range(1, 256)]
    public int MaxConcurrentFetches { get; set; } = 8;

    /// <summary>Whole-request limit for one fetch: connect, headers and body.</summary>
    [Range(1, 600)]
    public int FetchTimeoutSeconds { get; set; } = 30;

    [Range(1, 120)]
    public int ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>Largest feed or page body accepted, after decompression.</summary>
    [Range(1024, 1L << 30)]
    public long MaxBodyBytes { get; set; } = 15L * 1024 * 1024;

    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Where the service's home page is; named in the User-Agent and used for absolute self links.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Fetch the linked article page when a feed carries only a summary.</summary>
    public bool FetchFullArticles { get; set; } = true;

    /// <summary>How many items a merged feed lists by default.</summary>
    [Range(1, 500)]
    public int FeedSize { get; set; } = 50;

    public string UserAgent =>
        $"Aggregator/{ThisAssembly.Version} (+{PublicUrl ?? ThisAssembly.HomePage})";
}

/// <summary>Facts about this build that go into the User-Agent and generator tags.</summary>
internal static class ThisAssembly
{
    public const string HomePage = "https://github.com/aggregator-rss/aggregator";

    public static string Version { get; } =
        typeof(ThisAssembly).Assembly.GetName().Version?.ToString(3) ?? "0.1.0";
}
