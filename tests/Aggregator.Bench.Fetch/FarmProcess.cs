using System.Diagnostics;
using System.Globalization;

namespace Aggregator.Bench.Fetch;

/// <summary>The farm as a child process: started with this same program, stopped by closing its stdin.</summary>
internal sealed class FarmProcess : IDisposable
{
    private readonly Process _process;
    private readonly HttpClient _client = new();
    private readonly int _port;

    private FarmProcess(Process process, int port) => (_process, _port) = (process, port);

    public static FarmProcess Start(int feeds, int items, int hosts, int port)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(FarmProcess).Assembly.Location);
        }

        start.ArgumentList.Add("farm");
        foreach (var number in (int[])[feeds, items, hosts, port])
        {
            start.ArgumentList.Add(number.ToString(CultureInfo.InvariantCulture));
        }

        var process = Process.Start(start)!;
        if (process.StandardOutput.ReadLine() != "ready")
        {
            throw new InvalidOperationException("the feed farm did not start");
        }

        return new FarmProcess(process, port);
    }

    /// <summary>Requests the farm has answered: "full / 304".</summary>
    public async Task<string> StatsAsync()
    {
        var parts = (await _client.GetStringAsync(new Uri($"http://127.0.0.2:{_port}/stats"))).Split(' ');
        return $"{parts[0]} × 200, {parts[1]} × 304";
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(5000))
        {
            _process.Kill();
        }

        _process.Dispose();
        _client.Dispose();
    }
}
