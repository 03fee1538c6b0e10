namespace Aggregator.Store;

internal static class Probe
{
    private static readonly long[] Ticks = new long[16];
    private static readonly long[] Counts = new long[16];
    public static readonly string[] Names = ["turnWait", "upsertTurn", "recordTurn", "preLock", "removed+existing", "candRead", "near", "textCmp", "insert", "index", "commit", "maxid", "", "", "", ""];
    public static long Now() => System.Diagnostics.Stopwatch.GetTimestamp();
    public static void Add(int slot, long start) { Interlocked.Add(ref Ticks[slot], System.Diagnostics.Stopwatch.GetTimestamp() - start); Interlocked.Increment(ref Counts[slot]); }
    public static string Report() => string.Join("\n", Names.Select((n, i) => (n, i)).Where(x => Counts[x.i] > 0).Select(x => $"{x.n,-18} n={Counts[x.i],8} total={Ticks[x.i] * 1000.0 / System.Diagnostics.Stopwatch.Frequency,10:F0} ms avg={Ticks[x.i] * 1000.0 / System.Diagnostics.Stopwatch.Frequency / Counts[x.i],8:F3} ms"));
}
