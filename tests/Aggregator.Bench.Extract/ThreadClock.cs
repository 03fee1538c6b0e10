using System.Runtime.InteropServices;

/// <summary>
/// CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID). On a shared machine wall time
/// and even process time (GC and JIT threads) vary with the neighbours' load; this does much less.
/// </summary>
internal static partial class ThreadClock
{
    private const int ThreadCpuTime = 3;

    public static TimeSpan Now()
    {
        if (!OperatingSystem.IsLinux() || ClockGetTime(ThreadCpuTime, out var time) != 0)
        {
            // Elsewhere the process's processor time is the nearest honest figure.
            return System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        }

        return TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100));
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
