using Microsoft.Extensions.Options;

namespace Aggregator.Publish;

/// <summary>The channels this service publishes, read once at start (see <see cref="ChannelsFile"/>).</summary>
internal sealed class ChannelCatalog(IOptions<AggregatorOptions> options, IHostEnvironment environment) : IHostedService
{
    private IReadOnlyList<Channel>? _channels;

    /// <summary>Every channel, <c>all</c> first.</summary>
    public IReadOnlyList<Channel> Channels => _channels ??= Load();

    public Channel? Find(string name) => Channels.FirstOrDefault(c => c.Name == name);

    /// <summary>Reads the file at start, so a bad one stops the service before it serves.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _channels = Load();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private List<Channel> Load()
    {
        var settings = options.Value;
        return [.. ChannelsFile.Load(Path.GetFullPath(settings.ChannelsFile, environment.ContentRootPath), settings.FeedSize)];
    }
}
