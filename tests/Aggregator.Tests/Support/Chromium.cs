using System.Diagnostics;

namespace Aggregator.Tests.Support;

/// <summary>
/// Debian's Chromium in its own headless mode, run as a process: the DOM as the browser built it
/// (<c>--dump-dom</c>) or a screenshot. <c>.ci/run</c> installs it; no test tool downloads a browser.
/// The flags keep it off the network beyond the page (background updates, sync, QUIC).
/// </summary>
public static class Chromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary><c>AGGREGATOR_CHROMIUM</c>, else <c>/usr/bin/chromium</c>; null when there is no such file.</summary>
    public static string? Executable =>
        Environment.GetEnvironmentVariable("AGGREGATOR_CHROMIUM") is { Length: > 0 } path ? (File.Exists(path) ? path : null)
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;

    /// <summary>In CI (<c>CI</c> set, as <c>.ci/run</c> does) a missing browser is a failure, not a skip.</summary>
    public static bool Required =>
        Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && ci != "0" && !ci.Equals("false", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips the test when Chromium is missing on a developer's machine; fails it in CI.</summary>
    public static string Require()
    {
        if (Executable is { } path)
        {
            return path;
        }

        Assert.False(Required, "Chromium is missing (install Debian's chromium or set AGGREGATOR_CHROMIUM); CI needs it for the browser tests.");
        Skip.If(true, "Chromium is not installed (Debian package chromium, or AGGREGATOR_CHROMIUM): browser test skipped.");
        return "";
    }

    /// <summary>The page's DOM serialized after the browser loaded it.</summary>
    public static async Task<string> DumpDomAsync(Uri url)
    {
        var (stdout, _) = await RunAsync("--dump-dom", url.AbsoluteUri);
        return stdout;
    }

    /// <summary>A PNG screenshot of the page at 1280×900.</summary>
    public static async Task<byte[]> ScreenshotAsync(Uri url)
    {
        using var folder = new TempFolder();
        var file = folder.File("page.png");
        var (_, stderr) = await RunAsync($"--screenshot={file}", "--window-size=1280,900", url.AbsoluteUri);
        Assert.True(File.Exists(file), $"Chromium wrote no screenshot: {stderr}");
        return await File.ReadAllBytesAsync(file);
    }

    private static async Task<(string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var profile = new TempFolder();
        var start = new ProcessStartInfo(Require())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] flags =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage", "--no-default-browser-check",
            $"--user-data-dir={profile.Path}",
        ];
        foreach (var arg in flags.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"Chromium did not exit within {Timeout.TotalSeconds} s: {string.Join(' ', args)}");
        }

        Assert.True(process.ExitCode == 0, $"Chromium exited with {process.ExitCode}: {await stderr}");
        return (await stdout, await stderr);
    }
}
