using Aggregator.Sources;
using Aggregator.Store;

namespace Aggregator.Cli;

/// <summary>
/// What the commands that work on the service's database share: bringing its schema up to date,
/// finding a source by id or URL, and the one-line error with exit code 1.
/// </summary>
internal static class CliSources
{
    /// <summary>The file may be older than this build, or new: its schema is brought up to date first.</summary>
    public static Task MigrateAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<Migrator>().MigrateAsync(ct);

    /// <summary>The source a command names by id (as <c>sources list</c> shows it) or by URL; null with a reason if none.</summary>
    public static async Task<(Source? Source, string? Error)> FindAsync(SourceStore sources, string idOrUrl, CancellationToken ct)
    {
        if (long.TryParse(idOrUrl, out var id))
        {
            return await sources.GetAsync(id, ct) is { } byId ? (byId, null) : (null, $"there is no source {id}");
        }

        if (SourceUrl.Normalize(idOrUrl, out var error) is not { } url)
        {
            return (null, $"{error}, nor a source id");
        }

        return await sources.FindByUrlAsync(url.AbsoluteUri, ct) is { } byUrl ? (byUrl, null) : (null, $"there is no source with the URL {url}");
    }

    /// <summary>Writes <c>aggregator &lt;command&gt;: &lt;message&gt;</c> on one line of stderr and returns <paramref name="exitCode"/>.</summary>
    public static async Task<int> FailAsync(string command, string message, int exitCode = 1)
    {
        await Console.Error.WriteLineAsync($"aggregator {command}: {OneLine(message)}");
        return exitCode;
    }

    public static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>Shortens text for a table cell, marking the cut with an ellipsis.</summary>
    public static string Cell(string? text, int width)
    {
        var value = OneLine(text ?? "-");
        return value.Length <= width ? value : string.Concat(value.AsSpan(0, width - 1), "…");
    }
}
