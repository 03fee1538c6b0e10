using System.Net;
using System.Net.Sockets;

namespace Aggregator.Fetch;

/// <summary>Builds the socket handler behind <see cref="FeedFetcher"/>'s client.</summary>
internal static class FetchHandler
{
    public static SocketsHttpHandler Create(AggregatorOptions options) => new()
    {
        AutomaticDecompression = DecompressionMethods.All,
        // FeedFetcher follows redirects itself, to catch loops and record permanent moves.
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        // Politeness is HostGate's job; this only stops one host from hoarding sockets.
        MaxConnectionsPerServer = Math.Max(options.MaxRequestsPerHost, 1),
        UseCookies = false,
        // A proxy would be the address the guard sees, not the feed's: connect directly, always.
        UseProxy = false,
        ConnectCallback = (context, ct) => ConnectAsync(context, options.AllowPrivateNetworks, ct),
    };

    /// <summary>Resolves the host ourselves and dials only addresses the guard allows.</summary>
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken ct)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        string? refusal = null;
        Exception? lastError = null;
        foreach (var address in addresses)
        {
            if (!allowPrivate && AddressGuard.WhyRefused(address) is { } why)
            {
                refusal = $"refused to connect to {endpoint.Host} ({address}): it is {why}; set Aggregator:AllowPrivateNetworks to allow it";
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                lastError = e;
            }
        }

        if (lastError is not null)
        {
            throw lastError;
        }

        throw new AddressRefusedException(refusal ?? $"{endpoint.Host} has no address");
    }
}
