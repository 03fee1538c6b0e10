using System.Text.Json;
using System.Text.Json.Serialization;
using Aggregator.Clean;
using Aggregator.Fetch;
using Aggregator.Parse;
using Aggregator.Schedule;
using Aggregator.Store;
using Microsoft.Extensions.Options;

namespace Aggregator;

/// <summary>The services both the web host and the CLI need: settings, store, and the fetch → parse → clean stages.</summary>
internal static class Pipeline
{
    public static IServiceCollection AddPipeline(this IServiceCollection services)
    {
        services.AddOptions<AggregatorOptions>()
            .BindConfiguration(AggregatorOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<AggregatorOptions>, ResolvePaths>();
        services.AddSingleton<IValidateOptions<AggregatorOptions>, ValidateBounds>();
        services.AddSingleton<IValidateOptions<AggregatorOptions>, Sources.ValidateRulesFile>();
        services.AddSingleton<IValidateOptions<AggregatorOptions>, Sources.ValidateGlobalFilters>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<Database>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<DatabaseBackup>();
        services.AddSingleton<SourceStore>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AggregatorOptions>>().Value;
            return QueryLimits.Default with { FacetSample = options.FacetSampleSize, RelevanceCandidates = options.RelevanceCandidates };
        });
        services.AddSingleton<ItemStore>();
        services.AddSingleton<FetchLogStore>();
        services.AddSingleton<ItemFacets>();
        services.AddSingleton<ItemStats>();
        services.AddSingleton<ReadOnlySql>();
        services.AddSingleton<StoreChanges>();
        services.AddSingleton<ItemContentStore>();
        services.AddSingleton<RetentionStore>();
        services.AddSingleton<SearchIndexMerge>();

        services.AddHttpClient(FeedFetcher.ClientName, (sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<AggregatorOptions>>().Value;
                client.Timeout = Timeout.InfiniteTimeSpan; // FeedFetcher enforces the total timeout itself.
                client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
                client.DefaultRequestHeaders.TryAddWithoutValidation("Accept",
                    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5");
            })
            .ConfigurePrimaryHttpMessageHandler(sp => FetchHandler.Create(sp.GetRequiredService<IOptions<AggregatorOptions>>().Value));
        services.AddSingleton<HostGate>(); // one per process: politeness and Retry-After pauses are shared by every fetch
        services.AddSingleton<FeedFetcher>();
        services.AddSingleton<FeedParser>();
        services.AddSingleton<Sources.FeedFinder>();
        services.AddSingleton<ArticleSanitizer>();
        services.AddSingleton(sp => Sources.RulesFile.Load(sp.GetRequiredService<IOptions<AggregatorOptions>>().Value.RulesFile));
        services.AddSingleton<ArticleExtractor>();
        services.AddSingleton<ItemProcessor>();
        services.AddSingleton<SourceFilters>();
        services.AddSingleton<ItemReprocessor>();
        services.AddSingleton<FetchPlanner>();
        services.AddSingleton<Http.ServiceMetrics>();
        services.AddSingleton<FetchOutcomes>();
        return services;
    }

    private static void TryAddSingleton<T>(this IServiceCollection services, T instance)
        where T : class
    {
        if (!services.Any(d => d.ServiceType == typeof(T)))
        {
            services.AddSingleton(instance);
        }
    }

    /// <summary>Relative paths in settings are relative to the content root (the repository root under <c>dotnet run</c>).</summary>
    private sealed class ResolvePaths(IHostEnvironment environment) : IPostConfigureOptions<AggregatorOptions>
    {
        public void PostConfigure(string? name, AggregatorOptions options)
        {
            options.Database = Path.GetFullPath(options.Database, environment.ContentRootPath);
            options.SourcesFile = Path.GetFullPath(options.SourcesFile, environment.ContentRootPath);
            options.RulesFile = Path.GetFullPath(options.RulesFile, environment.ContentRootPath);
        }
    }

    /// <summary>Checks that data annotations cannot express, naming the setting at fault.</summary>
    private sealed class ValidateBounds : IValidateOptions<AggregatorOptions>
    {
        public ValidateOptionsResult Validate(string? name, AggregatorOptions options)
        {
            if (options.MinIntervalMinutes > options.MaxIntervalMinutes)
            {
                return ValidateOptionsResult.Fail("Aggregator:MinIntervalMinutes is greater than Aggregator:MaxIntervalMinutes.");
            }

            if (options.PublicUrl is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                return ValidateOptionsResult.Fail($"Aggregator:PublicUrl '{url}' is not an absolute URL.");
            }

            return ValidateOptionsResult.Success;
        }
    }
}

/// <summary>JSON as the contract says: camelCase, times ISO 8601 in UTC with a Z.</summary>
internal static class ContractJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new UtcInstantConverter());
    }

    public static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = indented };
        Configure(options);
        return options;
    }

    private sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"));
    }
}
