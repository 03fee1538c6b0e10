using System.IO.Compression;
using Aggregator.Store;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace Aggregator.Publish;

/// <summary>Wires the merged feeds: channels, listing, rendering and its cache, compression, WebSub.</summary>
internal static class PublishServices
{
    public static IServiceCollection AddPublishing(this IServiceCollection services)
    {
        services.AddSingleton<ChannelCatalog>();
        services.AddHostedService(sp => sp.GetRequiredService<ChannelCatalog>());
        services.AddSingleton<StoryStore>();
        services.AddSingleton<ChannelListing>();
        services.AddSingleton<FeedRenderer>();
        services.AddSingleton<FeedCache>();
        services.AddHostedService<WebSubPinger>();
        services.AddSingleton<IValidateOptions<AggregatorOptions>, ValidateWebSub>();
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true; // Feeds carry no secrets, so BREACH does not apply.
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(
                ["application/rss+xml", "application/atom+xml", "application/feed+json", "text/x-opml", "application/problem+json"]);
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>A hub fetches the topics it is pinged about, so they must be public addresses.</summary>
    private sealed class ValidateWebSub : IValidateOptions<AggregatorOptions>
    {
        public ValidateOptionsResult Validate(string? name, AggregatorOptions options) =>
            options.WebSubHub is not null && options.PublicUrl is null
                ? ValidateOptionsResult.Fail("Aggregator:WebSubHub needs Aggregator:PublicUrl: the hub fetches the channels at their public address.")
                : ValidateOptionsResult.Success;
    }
}
