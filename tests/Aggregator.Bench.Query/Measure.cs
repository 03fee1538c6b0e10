using System.Diagnostics;
using Aggregator.Query;
using Aggregator.Store;

namespace Aggregator.Bench.Query;

/// <summary>Latency percentiles over repeated calls, and export throughput.</summary>
internal static class Measure
{
    private const int Rounds = 15;

    public static async Task<List<double>> TimeAsync<T, TResult>(IReadOnlyList<T> inputs, Func<T, Task<TResult>> call)
    {
        foreach (var input in inputs)
        {
            await call(input); // warm: JIT and page cache
        }

        var times = new List<double>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var input in inputs)
            {
                var clock = Stopwatch.StartNew();
                await call(input);
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        // The machine is shared: wall times include waiting for a core; CPU per call is what the work itself costs.
        CpuPerCall = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / times.Count;
        return times;
    }

    public static double CpuPerCall { get; private set; }

    /// <summary>Each input alone: median wall time and CPU per call over a few calls, to find the slow ones.</summary>
    public static async Task DetailAsync<T, TResult>(string what, IReadOnlyList<T> inputs, Func<T, Task<TResult>> call, Func<T, string> name)
    {
        foreach (var input in inputs)
        {
            await call(input);
            var times = new List<double>();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < 5; i++)
            {
                var clock = Stopwatch.StartNew();
                await call(input);
                times.Add(clock.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine($"  {what,-10} {name(input),-40} wall p50 {times[2],8:F2} ms  cpu/call {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / 5,8:F2} ms");
        }
    }

    public static void Report(string what, List<double> times)
    {
        times.Sort();
        double At(double p) => times[Math.Min(times.Count - 1, (int)(p * times.Count))];
        Console.WriteLine($"{what,-24} n={times.Count,4}  p50 {At(0.50),7:F2} ms  p95 {At(0.95),7:F2} ms  p99 {At(0.99),7:F2} ms  max {times[^1],7:F2} ms  cpu/call {CpuPerCall,7:F2} ms");
    }

    public static async Task ExportAsync(ItemStore items, int rows)
    {
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var count = 0;
        async IAsyncEnumerable<ExportRow> Counted()
        {
            await foreach (var row in items.ExportAsync(new ItemFilter(), rows))
            {
                count++;
                yield return row;
            }
        }

        // Through the endpoint's own writer (every column), into a stream that keeps nothing.
        var read = Counted().GetAsyncEnumerator();
        await ExportApi.WriteCsvAsync(Stream.Null, read, await read.MoveNextAsync(), [.. ExportColumns.All.Keys]);
        Console.WriteLine($"export (CSV, all columns) {count:N0} rows in {clock.Elapsed.TotalSeconds:F2} s = {count / clock.Elapsed.TotalSeconds:N0} rows/s wall, {count / (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:N0} rows per CPU-second, working set {Environment.WorkingSet / 1e6:F0} MB");
    }
}
