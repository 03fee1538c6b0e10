using Aggregator.Fetch;
using Aggregator.Store;
using Microsoft.Extensions.Options;

namespace Aggregator.Publish;

/// <summary>
/// Tells the configured WebSub hub that the channels changed (<c>hub.mode=publish</c>) whenever
/// new items land. Ingest only drops a signal in <see cref="StoreChanges"/>; the POSTs happen here,
/// through the guarded fetch client, so a slow or failing hub never holds up a refresh.
/// </summary>
internal sealed partial class WebSubPinger(
    StoreChanges changes,
    ChannelCatalog catalog,
    IHttpClientFactory clients,
    IOptions<AggregatorOptions> options,
    ILogger<WebSubPinger> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.WebSubHub is not { } hub || settings.PublicUrl is not { } publicUrl)
        {
            return;
        }

        await foreach (var _ in changes.Arrivals.ReadAllAsync(stoppingToken))
        {
            foreach (var topic in Topics(new Uri(publicUrl)))
            {
                await PingAsync(new Uri(hub), topic, settings.FetchTimeoutSeconds, stoppingToken);
            }
        }
    }

    /// <summary>Every channel in every format, without a query: the URLs readers subscribe to.</summary>
    private IEnumerable<Uri> Topics(Uri home) =>
        catalog.Channels.SelectMany(c => FeedRenderer.Formats.Keys.Select(f => new Uri(home, $"feeds/{c.Name}.{f}")));

    private async Task PingAsync(Uri hub, Uri topic, int timeoutSeconds, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            using var client = clients.CreateClient(FeedFetcher.ClientName);
            using var body = new FormUrlEncodedContent([new("hub.mode", "publish"), new("hub.url", topic.AbsoluteUri)]);
            using var response = await client.PostAsync(hub, body, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                LogRefused(logger, hub, topic, (int)response.StatusCode);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, hub, topic, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSub hub {Hub} answered {Status} to the ping for {Topic}")]
    private static partial void LogRefused(ILogger logger, Uri hub, Uri topic, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSub hub {Hub} could not be pinged for {Topic}: {Reason}")]
    private static partial void LogFailed(ILogger logger, Uri hub, Uri topic, string reason);
}
