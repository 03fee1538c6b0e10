using System.Globalization;

namespace Aggregator.Bench.Fetch;

/// <summary>
/// Samples the process's resident memory by kind every 100 ms (Linux): anonymous memory (heap, SQLite's
/// page caches) apart from file pages (the memory-mapped database, the runtime's own files), whose sum
/// is the peak RSS.
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private long _anon;
    private long _file;
    private long _shmem;

    public MemorySampler() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));

    public override string ToString() => $"peaks sampled: RssAnon {_anon / 1024} MB, RssFile {_file / 1024} MB, RssShmem {_shmem / 1024} MB";

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        if (!File.Exists("/proc/self/status"))
        {
            return;
        }

        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            var parts = line.Split(':', 2);
            if (parts.Length == 2 && parts[0] is "RssAnon" or "RssFile" or "RssShmem")
            {
                var kb = long.Parse(parts[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                switch (parts[0])
                {
                    case "RssAnon": _anon = Math.Max(_anon, kb); break;
                    case "RssFile": _file = Math.Max(_file, kb); break;
                    default: _shmem = Math.Max(_shmem, kb); break;
                }
            }
        }
    }
}
