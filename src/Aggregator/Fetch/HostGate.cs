using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Aggregator.Fetch;

/// <summary>
/// Politeness for every outbound request: a global limit, a per-host limit, a minimum spacing between
/// request starts to one host, and a host-wide pause after a 429/503 Retry-After. A host is its name
/// and port. A request that would wait long for its host is deferred instead, so a slow host never
/// ties up the threads that other hosts' sources need.
/// </summary>
internal sealed class HostGate(IOptions<AggregatorOptions> options, TimeProvider clock) : IDisposable
{
    /// <summary>How long a request may queue for its host's slot before it is deferred.</summary>
    private static readonly TimeSpan QueueLimit = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, Host> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _global = new(options.Value.MaxConcurrentFetches);

    /// <summary>Waits for a turn at <paramref name="url"/>'s host; a deferral when the host is paused or busy.</summary>
    public async Task<Turn> EnterAsync(Uri url, CancellationToken ct)
    {
        var host = _hosts.GetOrAdd(url.Authority, _ => new Host(options.Value.MaxRequestsPerHost));
        if (host.PauseAt(clock.GetUtcNow()) is { } pause)
        {
            return new Turn.Deferred(pause.Until, $"{url.Authority} asked us to wait until {pause.Until:u} ({pause.Reason})");
        }

        if (!await host.Slots.WaitAsync(QueueLimit, ct))
        {
            return new Turn.Deferred(clock.GetUtcNow() + QueueLimit + QueueLimit, $"{url.Authority} is busy with other requests");
        }

        try
        {
            await _global.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            host.Slots.Release();
            throw;
        }

        var granted = new Turn.Granted(host.Slots, _global);
        try
        {
            await WaitForSpacingAsync(host, ct);
        }
        catch (OperationCanceledException)
        {
            granted.Dispose();
            throw;
        }

        return granted;
    }

    /// <summary>Holds the turn until the host's spacing since the previous request start has passed.</summary>
    private async Task WaitForSpacingAsync(Host host, CancellationToken ct)
    {
        var wait = host.Reserve(clock.GetUtcNow(), TimeSpan.FromMilliseconds(options.Value.HostSpacingMilliseconds));
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, ct);
        }
    }

    /// <summary>Pauses every request to the host of <paramref name="url"/> until <paramref name="until"/>.</summary>
    public void Pause(Uri url, DateTimeOffset until, string reason)
    {
        var host = _hosts.GetOrAdd(url.Authority, _ => new Host(options.Value.MaxRequestsPerHost));
        host.Pause(until, reason);
    }

    public void Dispose() => _global.Dispose();

    /// <summary>The outcome of asking for a turn.</summary>
    internal abstract record Turn
    {
        private Turn()
        {
        }

        /// <summary>Go ahead; dispose when the response body has been read.</summary>
        public sealed record Granted(SemaphoreSlim HostSlots, SemaphoreSlim Global) : Turn, IDisposable
        {
            public void Dispose()
            {
                Global.Release();
                HostSlots.Release();
            }
        }

        /// <summary>Not now: try again at <paramref name="Until"/>.</summary>
        public sealed record Deferred(DateTimeOffset Until, string Reason) : Turn;
    }

    private sealed class Host(int slots)
    {
        private readonly Lock _lock = new();
        private DateTimeOffset _nextStart = DateTimeOffset.MinValue;

        public SemaphoreSlim Slots { get; } = new(slots);

        private (DateTimeOffset Until, string Reason)? _pause;

        /// <summary>Books the next start time; returns how long to wait for it.</summary>
        public TimeSpan Reserve(DateTimeOffset now, TimeSpan spacing)
        {
            lock (_lock)
            {
                var start = _nextStart > now ? _nextStart : now;
                _nextStart = start + spacing;
                return start - now;
            }
        }

        public (DateTimeOffset Until, string Reason)? PauseAt(DateTimeOffset now)
        {
            lock (_lock)
            {
                return _pause is { } p && p.Until > now ? p : null;
            }
        }

        public void Pause(DateTimeOffset until, string reason)
        {
            lock (_lock)
            {
                if (_pause is not { } p || until > p.Until)
                {
                    _pause = (until, reason);
                }
            }
        }
    }
}
