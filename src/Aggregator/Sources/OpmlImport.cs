using Aggregator.Schedule;
using Aggregator.Store;
using Microsoft.Extensions.Options;

namespace Aggregator.Sources;

/// <summary>
/// Adds the feeds of an OPML document, for the API and the CLI alike: each outline's URL is
/// normalized as a source's is, then written in batches of short transactions, so thousands of
/// outlines import in seconds while the service goes on fetching. The scheduler is absent in the
/// CLI: the running service's schedule follows the database (see <see cref="SourcesFileWatcher"/>).
/// </summary>
internal sealed class OpmlImport(SourceStore sources, IOptions<AggregatorOptions> options, TimeProvider clock, FetchScheduler? scheduler = null)
{
    public const int BatchSize = 500;

    /// <summary>Imports (or, on a dry run, only counts) the outlines; <paramref name="progress"/> hears (done, total) after each batch.</summary>
    public async Task<OpmlImportReport> ImportAsync(
        IReadOnlyList<Opml.Outline> outlines, bool dryRun, Action<int, int>? progress, CancellationToken ct)
    {
        var invalid = new List<InvalidOutline>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var candidates = new List<SourceDefinition>();
        var skipped = 0;
        foreach (var outline in outlines)
        {
            if (SourceUrl.Normalize(outline.Url, out var error) is not { } url)
            {
                invalid.Add(new InvalidOutline(outline.Url, outline.Title, error!));
            }
            else if (!seen.Add(url.AbsoluteUri))
            {
                skipped++; // listed twice in the document
            }
            else
            {
                // A category or tag we cannot use is left out; the feed itself is still worth adding.
                var settings = SourceSettingsParser.Parse(new SourceSettingsInput(outline.Category, outline.Tags, null, null, null), out _)
                    ?? SourceSettingsParser.Parse(new SourceSettingsInput(outline.Category, null, null, null, null), out _)
                    ?? SourceSettings.None;
                candidates.Add(new SourceDefinition(url.AbsoluteUri, outline.Title, options.Value.DefaultIntervalMinutes, Enabled: true) { Settings = settings });
            }
        }

        var added = 0;
        var done = outlines.Count - candidates.Count;
        foreach (var batch in candidates.Chunk(BatchSize))
        {
            var count = dryRun
                ? batch.Length - (await sources.ExistingUrlsAsync([.. batch.Select(s => s.Url)], ct)).Count
                : await AddAsync(batch, ct);
            added += count;
            skipped += batch.Length - count;
            done += batch.Length;
            progress?.Invoke(done, outlines.Count);
        }

        return new OpmlImportReport(added, skipped, invalid);
    }

    private async Task<int> AddAsync(SourceDefinition[] batch, CancellationToken ct)
    {
        var ids = await sources.AddManyAsync(batch, ct);
        if (scheduler is not null)
        {
            foreach (var id in ids)
            {
                await scheduler.ScheduleAsync(id, clock.GetUtcNow(), ct);
            }
        }

        return ids.Count;
    }
}

/// <summary>What an import did: outlines added, already present (in the database or earlier in the document), and unusable.</summary>
internal sealed record OpmlImportReport(int Added, int Skipped, IReadOnlyList<InvalidOutline> Invalid);

/// <summary>An outline whose <c>xmlUrl</c> cannot be a source, and why.</summary>
internal sealed record InvalidOutline(string Url, string? Title, string Reason);
