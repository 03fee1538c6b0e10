using System.CommandLine;
using System.Xml;
using Aggregator.Sources;
using Aggregator.Store;

namespace Aggregator.Cli;

/// <summary>
/// <c>import-opml &lt;file&gt; [--dry-run]</c> and <c>export-opml [--output &lt;file&gt;]</c>: the same import
/// and export as <c>POST /api/sources/import</c> and <c>GET /api/sources.opml</c>. The import's progress
/// goes to stderr as plain lines, one per batch of 500 outlines, whenever the file has more than one
/// batch, so a terminal and a log both show it and stdout keeps only the report.
/// </summary>
internal static class OpmlCommands
{
    private const int ShownInvalid = 20;

    public static Command CreateImport(IServiceProvider services)
    {
        var file = new Argument<string>("file") { Description = "An OPML 2.0 file; outlines nest at any depth" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Count what would be added, and add nothing" };
        var command = new Command("import-opml", "Add the feeds of an OPML file as sources") { file, dryRun };
        command.SetAction(async (result, ct) =>
        {
            var path = result.GetValue(file)!;
            IReadOnlyList<Opml.Outline> outlines;
            try
            {
                await using var stream = File.OpenRead(path);
                outlines = Opml.Read(stream);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or XmlException)
            {
                var reason = e switch
                {
                    FileNotFoundException or DirectoryNotFoundException => "no such file",
                    XmlException => $"not an OPML document: {e.Message}",
                    _ => e.Message,
                };
                return await CliSources.FailAsync("import-opml", $"{path}: {reason}");
            }

            await CliSources.MigrateAsync(services, ct);
            var dry = result.GetValue(dryRun);
            Action<int, int>? progress = outlines.Count > OpmlImport.BatchSize
                ? (done, total) => Console.Error.WriteLine($"import-opml: {done}/{total} outlines")
                : null;
            var report = await services.GetRequiredService<OpmlImport>().ImportAsync(outlines, dry, progress, ct);
            await Console.Out.WriteLineAsync(
                $"{(dry ? "would add" : "added")} {report.Added}, duplicates {report.Skipped}, invalid {report.Invalid.Count}");
            foreach (var invalid in report.Invalid.Take(ShownInvalid))
            {
                var title = invalid.Title is null ? "" : $" ({CliSources.Cell(invalid.Title, 60)})";
                await Console.Out.WriteLineAsync($"invalid{title}: {CliSources.OneLine(invalid.Reason)}");
            }

            if (report.Invalid.Count > ShownInvalid)
            {
                await Console.Out.WriteLineAsync($"… and {report.Invalid.Count - ShownInvalid} more invalid");
            }

            return 0;
        });
        return command;
    }

    public static Command CreateExport(IServiceProvider services)
    {
        var output = new Option<string?>("--output") { Description = "Write to this file instead of stdout" };
        var command = new Command("export-opml", "Print every source as OPML 2.0") { output };
        command.SetAction(async (result, ct) =>
        {
            await CliSources.MigrateAsync(services, ct);
            var sources = await services.GetRequiredService<SourceStore>().ListAsync(ct);
            var document = Opml.Write(sources, services.GetRequiredService<TimeProvider>().GetUtcNow());
            if (result.GetValue(output) is not { } path)
            {
                await using var stdout = Console.OpenStandardOutput();
                await Opml.SaveAsync(document, stdout, ct);
                await stdout.WriteAsync("\n"u8.ToArray(), ct);
                return 0;
            }

            try
            {
                await using var stream = File.Create(path);
                await Opml.SaveAsync(document, stream, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return await CliSources.FailAsync("export-opml", $"{path}: {e.Message}");
            }

            await Console.Out.WriteLineAsync($"exported {sources.Count} sources to {Path.GetFullPath(path)}");
            return 0;
        });
        return command;
    }
}
