using Aggregator.Fetch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aggregator.Tests.Support;

/// <summary>The real fetch stage (client, handler, guard, host gate) without the web host, with settings of the test's choosing.</summary>
internal sealed class FetchRig : IDisposable
{
    private readonly IHost _host;

    public FetchRig(IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aggregator:AllowPrivateNetworks"] = "true",
            ["Aggregator:HostSpacingMilliseconds"] = "0",
            ["Aggregator:FetchTimeoutSeconds"] = "5",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddPipeline();
        _host = builder.Build();
    }

    public FeedFetcher Fetcher => _host.Services.GetRequiredService<FeedFetcher>();

    public T Get<T>()
        where T : notnull => _host.Services.GetRequiredService<T>();

    public Task<FetchResult> FetchAsync(Uri url, FetchValidators? validators = null) =>
        Fetcher.FetchAsync(url, validators ?? FetchValidators.None, CancellationToken.None);

    public void Dispose() => _host.Dispose();
}
