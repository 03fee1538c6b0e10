using System.Diagnostics;

/// <summary>Times one extractor over every page on this thread and scores what it wrote.</summary>
internal static class Runner
{
    // Tiered JIT and dynamic PGO take a few passes over 72 pages to settle: the first timed
    // passes ran at a third of the steady speed before these warm-up passes were added.
    private const int WarmupPasses = 4;

    /// <summary>What one extractor achieved: speed on one core and memory per page.</summary>
    public sealed record Result(string Name, int Pages, double PagesPerCpuSecond, double PagesPerWallSecond, double AllocatedMbPerPage, IReadOnlyList<double> PassRates);

    public static Result Run(string name, List<Page> pages, string output, int passes, Func<Page, (string Text, string Html)> extract)
    {
        foreach (var page in pages)
        {
            var (text, html) = extract(page);
            File.WriteAllText(Path.Combine(output, page.Id + ".txt"), text);
            File.WriteAllText(Path.Combine(output, page.Id + ".html"), html);
        }

        for (var pass = 1; pass < WarmupPasses; pass++)
        {
            pages.ForEach(page => extract(page));
        }

        // Each pass is timed on its own: on a busy machine the best pass is the least disturbed.
        var rates = new List<double>();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var cpuBefore = ThreadClock.Now();
        var clock = Stopwatch.StartNew();
        for (var pass = 0; pass < passes; pass++)
        {
            var passStart = ThreadClock.Now();
            foreach (var page in pages)
            {
                extract(page);
            }

            rates.Add(pages.Count / (ThreadClock.Now() - passStart).TotalSeconds);
        }

        var cpu = ThreadClock.Now() - cpuBefore;
        var runs = pages.Count * passes;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return new Result(name, pages.Count, runs / cpu.TotalSeconds, runs / clock.Elapsed.TotalSeconds, allocated / (double)runs / (1024 * 1024), rates);
    }

    public static void Report(Result result, string? score)
    {
        var median = result.PassRates.Order().ElementAt(result.PassRates.Count / 2);
        Console.WriteLine($"{result.Name}: {result.Pages} pages x {result.PassRates.Count} timed passes on one thread, after {WarmupPasses} warm-up passes");
        Console.WriteLine($"  {result.PagesPerCpuSecond:F1} pages per CPU-second of the thread, median pass {median:F1} (passes: {string.Join(", ", result.PassRates.Select(r => r.ToString("F1")))}), "
            + $"{result.PagesPerWallSecond:F1} pages/s wall, {result.AllocatedMbPerPage:F2} MB allocated per page");
        if (score is not null)
        {
            Console.WriteLine(score);
        }
    }

    /// <summary>Runs the benchmark's own scorer (score.py beside the pages), if python3 is there.</summary>
    public static string? Score(string benchmark, string output)
    {
        var script = Path.Combine(benchmark, "score.py");
        if (!File.Exists(script))
        {
            return null;
        }

        try
        {
            var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { script, "--gt", Path.Combine(benchmark, "ground-truth"), output })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return text.TrimEnd();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "  (python3 not found: score with score.py by hand)";
        }
    }
}
